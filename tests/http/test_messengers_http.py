"""Telegram and VK as a shopper and the messengers reach the desk: real webhook POSTs to the served site,
a background worker doing the jobs as on a shop's server, and the local stand-in of both APIs (started
here) recording what the desk sends back. An agent answers through the desk's own reply call over HTTP.

- A Telegram shopper writes "Где мой заказ?", gets the promise, shares their phone: the request links to
  their customer and order. The agent's answer arrives in the chat; the shopper's answer lands in the same
  request; the resolution brings the stars, and a tap on 5 rates it.
- VK: the confirmation string as plain text, a message opening a request, the agent's answer in the chat.
- The same update posted ten times at once makes one message; a forged secret is a 403 and stores
  nothing; a malformed body is a 400.
(bin/test serves the site; run alone, these skip.)"""

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from standin import standin
from support import BENCH, SITE, URL, agent_answers, at_once, bench_json, needs_server

pytestmark = needs_server

BOT, VK = "HTTP Test Bot", "HTTP Test VK"
EMAIL = "messenger-http-anna@example.com"
PHONE = "+7 (916) 555-77-31"
AGENT = "messenger-http-agent@example.com"
PASSWORD = "Messenger-Http-2026"
WEBHOOK = "/api/method/servicedesk_shop.api.messenger_webhook"


@pytest.fixture(scope="module")
def worker():
	"""A background worker for the site, as a shop runs one: the webhook only stores an update, its job
	does the rest (bin/test serves the site without one)."""
	# the short queue only (the messengers' jobs): other tests' queued work stays as they expect it, and
	# the whole process group goes at the end (RQ forks a work horse per job)
	process = subprocess.Popen(
		[
			f"{BENCH}/env/bin/python",
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			SITE,
			"worker",
			"--queue",
			"short",
		],
		cwd=f"{BENCH}/sites",
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		env={**os.environ, "PYTHONUNBUFFERED": "1"},
		start_new_session=True,
	)
	yield process
	os.killpg(process.pid, signal.SIGTERM)
	try:
		process.wait(20)
	except subprocess.TimeoutExpired:
		os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def shop(stand_in, worker):
	"""Both channels on the stand-in, Anna with her phone on her contact and an order, and an agent with an
	API key; {"secret", "vk_secret", "order", "customer", "agent"}."""
	return bench_json(
		"from frappe.core.doctype.user.user import generate_keys\n"
		"from servicedesk_shop.testing import ensure_shop_setup, make_customer, make_sales_order, make_user\n"
		"from servicedesk_shop.testing import save_messenger_channel\n"
		f"save_messenger_channel({BOT!r}, 'Telegram', {stand_in.telegram_url!r}, {standin.TELEGRAM_TOKEN!r})\n"
		f"save_messenger_channel({VK!r}, 'VK', {stand_in.vk_url!r}, {standin.VK_TOKEN!r})\n"
		"items = ensure_shop_setup()\n"
		f"customer = make_customer({EMAIL!r}, 'Анна Смирнова')\n"
		f"contact = frappe.get_doc('Contact', frappe.db.get_value('Contact Email', {{'email_id': {EMAIL!r}}}, 'parent'))\n"
		f"if not any(row.phone == {PHONE!r} for row in contact.phone_nos):\n"
		f"    contact.add_phone({PHONE!r}, is_primary_mobile_no=1)\n"
		"contact.save(ignore_permissions=True)\n"  # her numbers keyed, whatever an earlier run left
		"order = frappe.db.get_value('Sales Order', {'customer': customer, 'docstatus': 1}) "
		"or make_sales_order(customer, items[next(iter(items))]).sales_order\n"
		f"make_user({AGENT!r}, 'Messenger Agent', ['Support Team'], {PASSWORD!r})\n"
		f"keys = generate_keys({AGENT!r})\n"
		"frappe.db.commit()\n"
		"result = {'secret': frappe.get_doc('Messenger Channel', "
		f"{BOT!r}).get_password('secret'), 'vk_secret': frappe.get_doc('Messenger Channel', {VK!r})"
		".get_password('secret'), 'order': order, 'customer': customer, "
		"'agent': 'token ' + keys['api_key'] + ':' + keys['api_secret']}",
		"result",
	)


def post(channel: str, body, secret: str | None = None, raw: bytes | None = None) -> tuple[int, str, str]:
	"""(status, body, content type) of a webhook POST, as the messenger sends it."""
	headers = {"Content-Type": "application/json"}
	if secret is not None:
		headers["X-Telegram-Bot-Api-Secret-Token"] = secret
	request = urllib.request.Request(
		f"{URL}{WEBHOOK}?channel={urllib.parse.quote(channel)}",
		data=raw if raw is not None else json.dumps(body).encode(),
		headers=headers,
		method="POST",
	)
	try:
		with urllib.request.urlopen(request, timeout=30) as response:
			return response.status, response.read().decode(), response.headers.get("Content-Type", "")
	except urllib.error.HTTPError as error:
		return error.code, error.read().decode(), error.headers.get("Content-Type", "")


def as_agent(shop: dict, path: str, data: dict, method: str = "POST") -> dict:
	request = urllib.request.Request(
		URL + path,
		data=json.dumps(data).encode(),
		headers={
			"Accept": "application/json",
			"Content-Type": "application/json",
			"Authorization": shop["agent"],
		},
		method=method,
	)
	with urllib.request.urlopen(request, timeout=60) as response:
		return json.loads(response.read())


def answer(shop: dict, issue: str, content: str, recipients: str) -> str:
	return agent_answers(shop["agent"], issue, content, recipients)


def eventually(read, done, timeout: float = 60):
	"""`read()` once `done(value)` holds (the worker does the jobs), or the last value read."""
	deadline = time.monotonic() + timeout
	while True:
		value = read()
		if done(value) or time.monotonic() > deadline:
			return value
		time.sleep(0.3)


def chat_state(channel: str, chat_id) -> dict:
	return bench_json(
		"chat = frappe.db.get_value('Messenger Chat', "
		f"{{'channel': {channel!r}, 'chat_id': {str(chat_id)!r}}}, ['name', 'address', 'customer', 'last_issue'], "
		"as_dict=True) or {}\n"
		"issue = frappe.db.get_value('Issue', chat.get('last_issue'), ['name', 'raised_by', 'customer', "
		"'sales_order', 'status', 'csat_rating', 'messenger_chat'], as_dict=True) if chat else None\n"
		"received = frappe.get_all('Communication', filters={'reference_doctype': 'Issue', 'reference_name': "
		"chat.get('last_issue'), 'sent_or_received': 'Received'}, pluck='content', order_by='creation') "
		"if chat else []",
		"{'chat': chat, 'issue': issue or {}, 'received': received}",
	)


def new_chat_id() -> int:
	return 700_000_000 + uuid.uuid4().int % 99_000_000


def test_a_telegram_shopper_is_answered_linked_and_rates_in_the_chat(stand_in, shop):
	chat_id = new_chat_id()

	# "Где мой заказ?": the webhook answers at once; the worker opens the request and sends the promise
	status, body, _ = post(BOT, standin.telegram_message(chat_id, "Где мой заказ?"), shop["secret"])
	assert (status, body) == (200, "ok") or status == 200, (status, body)
	texts = eventually(lambda: stand_in.sent_texts(str(chat_id)), bool)
	assert texts, "no promise in the chat"
	state = chat_state(BOT, chat_id)
	issue = state["issue"]["name"]
	assert issue in texts[0], texts
	assert state["issue"]["raised_by"] == state["chat"]["address"]
	assert state["issue"]["messenger_chat"] == state["chat"]["name"]
	assert not state["issue"]["customer"], "nobody is linked before proving who they are"

	# the shopper shares their own phone: the chat and the request are Anna's, and so is her order
	status, _, _ = post(BOT, standin.telegram_contact(chat_id, "79165557731"), shop["secret"])
	assert status == 200
	state = eventually(lambda: chat_state(BOT, chat_id), lambda s: s["issue"].get("customer"))
	assert state["chat"]["customer"] == shop["customer"]
	assert state["issue"]["customer"] == shop["customer"]
	assert state["issue"]["sales_order"] == shop["order"], state["issue"]

	# the agent answers from the desk's reply box: the answer arrives in the chat, not by e-mail
	before = len(stand_in.sent_texts(str(chat_id)))
	answer(shop, issue, "<p>Ваш заказ передан в доставку, трек придёт сегодня.</p>", state["chat"]["address"])
	texts = eventually(lambda: stand_in.sent_texts(str(chat_id)), lambda t: len(t) > before)
	assert "Ваш заказ передан в доставку, трек придёт сегодня." in texts[-1], texts
	assert "<p>" not in texts[-1]
	queued = bench_json(
		f"n = frappe.db.count('Email Queue Recipient', {{'recipient': {state['chat']['address']!r}}})", "n"
	)
	assert queued == 0, "a chat's address is never e-mailed"

	# the shopper answers in the chat: it lands in the same request
	post(BOT, standin.telegram_message(chat_id, "Спасибо, жду трек"), shop["secret"])
	state = eventually(
		lambda: chat_state(BOT, chat_id), lambda s: any("жду трек" in (c or "") for c in s["received"])
	)
	assert state["issue"]["name"] == issue
	assert any("жду трек" in (c or "") for c in state["received"]), state["received"]

	# resolved: the stars come to the chat; a tap on 5 rates the request
	as_agent(shop, f"/api/resource/Issue/{issue}", {"status": "Resolved"}, method="PUT")
	buttons = eventually(
		lambda: [button for rows in stand_in.buttons(str(chat_id)) for button in rows],
		lambda found: any(data.startswith("rate:") for _, data in found),
	)
	five = [data for label, data in buttons if data.endswith(f"{issue}:5")]
	assert five, buttons
	post(BOT, standin.telegram_callback(chat_id, five[0]), shop["secret"])
	state = eventually(lambda: chat_state(BOT, chat_id), lambda s: s["issue"].get("csat_rating"))
	assert state["issue"]["csat_rating"] == 1, state["issue"]


def test_vk_confirms_and_converses(stand_in, shop):
	status, body, kind = post(VK, standin.vk_confirmation(secret=shop["vk_secret"]))
	assert (status, body) == (200, standin.CONFIRMATION)
	assert kind.startswith("text/plain"), kind

	peer = new_chat_id() % 100_000_000
	stand_in.users[str(peer)] = ("Вера", "Соколова")
	status, body, _ = post(VK, standin.vk_message(peer, "Пришло платье с браком", secret=shop["vk_secret"]))
	assert (status, body) == (200, "ok")
	texts = eventually(lambda: stand_in.sent_texts(str(peer)), bool)
	state = chat_state(VK, peer)
	assert state["issue"]["name"] in texts[0]

	answer(shop, state["issue"]["name"], "<p>Пришлите, пожалуйста, фото шва.</p>", state["chat"]["address"])
	texts = eventually(lambda: stand_in.sent_texts(str(peer)), lambda t: len(t) > 1)
	assert "Пришлите, пожалуйста, фото шва." in texts[-1], texts


def test_retried_forged_and_malformed_updates(stand_in, shop):
	chat_id = new_chat_id()
	update = standin.telegram_message(chat_id, "Размер M мне мал, хочу обменять")

	# Telegram retries until it gets a 2xx: ten copies at once make one message on one request
	statuses = at_once(lambda _: post(BOT, update, shop["secret"])[0], times=10)
	assert statuses == [200] * 10, statuses
	eventually(lambda: stand_in.sent_texts(str(chat_id)), bool)
	counted = bench_json(
		f"updates = frappe.db.count('Messenger Update', {{'channel': {BOT!r}, 'update_key': {str(update['update_id'])!r}}})\n"
		f"chat = frappe.db.get_value('Messenger Chat', {{'channel': {BOT!r}, 'chat_id': {str(chat_id)!r}}}, 'name')\n"
		"issues = frappe.db.count('Issue', {'messenger_chat': chat})",
		"[updates, issues]",
	)
	assert counted == [1, 1], counted
	time.sleep(1)
	assert len(stand_in.sent_texts(str(chat_id))) == 1, "one promise"

	# a forged or missing secret: 403, and nothing is stored
	forged = standin.telegram_message(chat_id, "Forged")
	for secret in ("not-the-secret", None):
		status, body, _ = post(BOT, forged, secret)
		assert status == 403, (status, body)
		assert "Traceback" not in body
	stored = bench_json(
		f"n = frappe.db.count('Messenger Update', {{'channel': {BOT!r}, 'update_key': {str(forged['update_id'])!r}}})",
		"n",
	)
	assert stored == 0

	# bodies of the wrong shape: 400 with a message, never a 500
	for wrong in ([1, 2], {"update_id": "x", "message": 5}, {"message": {"text": "no update id"}}):
		status, body, _ = post(BOT, wrong, shop["secret"])
		assert status == 400, (wrong, status, body)
		assert "Traceback" not in body
	# a body that is not JSON at all is refused by Frappe itself before any code of the app runs (its
	# request parsing, on every endpoint of a site: docs/security.md); nothing is stored
	status, _, _ = post(BOT, None, shop["secret"], raw=b"{not json")
	assert status >= 400
	# an unknown channel: 404
	assert post("No Such Channel", update, shop["secret"])[0] == 404
