"""What the browser and HTTP tests share: the served site, a Chromium, log-in and waits, and reading the
site through the bench (not through the pages under test). bin/test starts `bench --site SITE serve` and
sets SERVICEDESK_URL; run alone, the tests skip."""

import contextlib
import http.server
import json
import os
import struct
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib
from pathlib import Path

import pytest

URL = os.environ.get("SERVICEDESK_URL")
BENCH = os.environ.get("SERVICEDESK_BENCH", os.path.expanduser("~/frappe-bench"))
SITE = os.environ.get("SERVICEDESK_TEST_SITE", "test_site")

needs_server = pytest.mark.skipif(
	not URL, reason="SERVICEDESK_URL is not set: no bench server to test against"
)


def chromium():
	webdriver = pytest.importorskip("selenium.webdriver")
	options = webdriver.ChromeOptions()
	options.binary_location = "/usr/bin/chromium"
	for flag in (
		"--headless=new",
		"--no-sandbox",
		"--disable-gpu",
		"--disable-dev-shm-usage",
		"--disable-quic",
		"--no-first-run",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--window-size=1280,900",
	):
		options.add_argument(flag)
	service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
	driver = webdriver.Chrome(options=options, service=service)
	driver.implicitly_wait(2)
	return driver


def wait_for(driver, condition, timeout=20):
	from selenium.webdriver.support.ui import WebDriverWait

	return WebDriverWait(driver, timeout).until(condition)


def log_in(driver, user: str, password: str):
	"""Log in through Frappe's login page, as a person does."""
	from selenium.common.exceptions import TimeoutException
	from selenium.webdriver.common.by import By

	driver.delete_all_cookies()
	# a page of the last test may still hold the dev server busy (its desk keeps polling): ask again,
	# up to three times, before calling the login page broken
	for attempt in range(3):
		driver.get(f"{URL}/login")
		try:
			field = wait_for(driver, lambda d: d.find_element(By.ID, "login_email"), timeout=30)
			break
		except TimeoutException as error:
			if attempt == 2:
				# what the browser shows, so that a failure here says whether the server or the page hung
				shown = (driver.title, driver.current_url, driver.page_source[:300])
				raise TimeoutException(
					f"no login form after three tries; the browser shows {shown!r}"
				) from error
			driver.get("about:blank")  # drop the last page and whatever it still asks of the server
	field.send_keys(user)
	driver.find_element(By.ID, "login_password").send_keys(password)
	driver.find_element(By.CSS_SELECTOR, ".form-login .btn-login").click()
	wait_for(driver, lambda d: "/login" not in d.current_url)


def wait_for_dialog(driver):
	"""A desk dialog is open and done opening (Bootstrap ignores a hide() while a modal fades in)."""
	wait_for(
		driver,
		lambda d: d.execute_script(
			"const m = $('.modal.show').last().data('bs.modal'); return !!m && !m._isTransitioning"
		),
	)


def open_report(driver, report: str) -> list:
	"""Open `report` from the workspace on the page, as a person does, and wait for its rows (returned)."""
	link = wait_for(
		driver,
		lambda d: d.find_element(
			"xpath", f'//a[contains(@class, "link-item") and normalize-space(.)="{report}"]'
		),
		timeout=40,
	)
	driver.execute_script("arguments[0].click()", link)
	wait_for(driver, lambda d: "/app/query-report/" in d.current_url)
	return wait_for(driver, lambda d: d.find_elements("css selector", ".dt-scrollable .dt-row"), timeout=40)


def issue_in_database(name: str) -> dict:
	"""The Issue as stored, read through the bench (not through the pages under test)."""
	code = (
		"import frappe, json; "
		f"print(json.dumps(frappe.db.get_value('Issue', {name!r}, "
		"['name','feedback_source','issue_type','raised_by','page_url','item_code','description'], as_dict=True)))"
	)
	result = subprocess.run(
		[
			f"{BENCH}/env/bin/python",
			"-c",
			f"import frappe; frappe.init(site={SITE!r}, sites_path='.'); frappe.connect(); {code}",
		],
		cwd=f"{BENCH}/sites",
		capture_output=True,
		text=True,
		check=True,
	)
	return json.loads(result.stdout.strip().splitlines()[-1])


def bench_python(code: str) -> str:
	"""Run `code` with Frappe connected to the test site (committed); returns its last printed line."""
	result = subprocess.run(
		[
			f"{BENCH}/env/bin/python",
			"-c",
			f"import frappe; frappe.init(site={SITE!r}, sites_path='.'); frappe.connect(); frappe.set_user('Administrator')\n"
			f"{code}\nfrappe.db.commit()",
		],
		cwd=f"{BENCH}/sites",
		capture_output=True,
		text=True,
		check=True,
	)
	return result.stdout.strip().splitlines()[-1]


def bench_json(code: str, answer: str):
	"""Run `code` as bench_python does and return the value of the expression `answer` after it, through
	JSON (dates as text)."""
	return json.loads(bench_python(f"import json\n{code}\nprint(json.dumps({answer}, default=str))"))


def tracking_link_by_email(recipient: str, issue: str) -> str:
	"""The tracking link of `issue` as the acknowledgement e-mail to `recipient` holds it, read from the
	Email Queue (the served site has no worker in the tests: the job's work is done here)."""
	return bench_python(
		"from servicedesk_shop.intake.service import record_pending_messages\n"
		"from servicedesk_shop.testing import ensure_outgoing_email_account, tracking_link_sent_to\n"
		"ensure_outgoing_email_account()\n"
		"record_pending_messages()\n"
		f"print(tracking_link_sent_to({recipient!r}, {issue!r}))"
	)


def png(width=30, height=20, colour=b"\xff\x00\x00") -> bytes:
	"""A real PNG, written by hand (the browser tests need no Pillow)."""
	raw = b"".join(b"\x00" + colour * width for _ in range(height))

	def chunk(kind, data):
		return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

	header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
	return (
		b"\x89PNG\r\n\x1a\n"
		+ chunk(b"IHDR", header)
		+ chunk(b"IDAT", zlib.compress(raw))
		+ chunk(b"IEND", b"")
	)


def fresh_ip() -> str:
	"""An address of the test's own, sent as X-Forwarded-For: the rate limits count a guest per IP."""
	return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"


def at_once(send, times: int = 10) -> list:
	"""What `send(number)` answers, called `times` times at once: the threads start together (a barrier),
	as a double click or a mail scanner's requests do."""
	start = threading.Barrier(times, timeout=30)
	results = []

	def run(number):
		start.wait()
		results.append(send(number))

	threads = [threading.Thread(target=run, args=(number,)) for number in range(times)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(90)
	return results


def api_call(path: str, data: dict, ip: str, method: str = "POST") -> tuple[int, dict]:
	"""(status, JSON body) of a request to the served site from the address `ip` (X-Forwarded-For: the
	rate limits count a guest per IP, so a test gets an address of its own)."""
	body = urllib.parse.urlencode(data)
	request = urllib.request.Request(
		URL + path + ("?" + body if method == "GET" else ""),
		data=body.encode() if method == "POST" else None,
		headers={"Accept": "application/json", "X-Forwarded-For": ip},
		method=method,
	)
	try:
		with urllib.request.urlopen(request, timeout=60) as response:
			return response.status, json.loads(response.read())
	except urllib.error.HTTPError as error:
		return error.code, json.loads(error.read() or b"{}")


@contextlib.contextmanager
def storefront_page(widget_attributes: str = "", heading: str = "Платье"):
	"""A shop's page on another origin (another port of this machine) carrying the widget; yields that
	origin. `widget_attributes`: more attributes of the widget's script tag (data-open="1")."""
	folder = Path(tempfile.mkdtemp())
	(folder / "index.html").write_text(
		"<!doctype html><html><head><meta charset='utf-8'><title>Shop</title></head><body>"
		f"<h1>{heading}</h1>"
		f'<script src="{URL}/assets/servicedesk_shop/js/feedback_widget.js" data-source="Cart" '
		f'data-base="{URL}" {widget_attributes} defer></script></body></html>'
	)

	class Quiet(http.server.SimpleHTTPRequestHandler):
		def __init__(self, *args, **kwargs):
			super().__init__(*args, directory=str(folder), **kwargs)

		def log_message(self, *args):
			pass

	server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
	threading.Thread(target=server.serve_forever, daemon=True).start()
	try:
		yield f"http://127.0.0.1:{server.server_address[1]}"
	finally:
		server.shutdown()


def set_storefront_origins(text: str):
	"""Service Desk Settings' storefront origins (the widget's pages allowed to call the site)."""
	bench_python(
		"settings = frappe.get_single('Service Desk Settings')\n"
		f"settings.storefront_origins = {text!r}\n"
		"settings.save()\n"
		"print('ok')"
	)


def agent_answers(authorization: str, issue: str, content: str, recipients: str) -> str:
	"""An agent's answer as the desk's reply box sends it (frappe.core.doctype.communication.email.make),
	over HTTP with the agent's API key ("token key:secret"); the Communication's name."""
	body = urllib.parse.urlencode(
		{
			"doctype": "Issue",
			"name": issue,
			"subject": f"Re: {issue}",
			"content": content,
			"recipients": recipients,
			"send_email": 1,
			"communication_medium": "Email",
			"sent_or_received": "Sent",
		}
	).encode()
	request = urllib.request.Request(
		f"{URL}/api/method/frappe.core.doctype.communication.email.make",
		data=body,
		headers={"Accept": "application/json", "Authorization": authorization},
	)
	with urllib.request.urlopen(request, timeout=60) as response:
		return json.loads(response.read())["message"]["name"]
