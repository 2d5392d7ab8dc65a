"""The second hardening's holes in the customer loop, as an attacker sends them to the served site (bin/test
serves it and sets SERVICEDESK_URL; run alone, these skip):
- a forged first X-Forwarded-For entry does not give each request a rate-limit bucket of its own;
- the acknowledgement to a typed address carries none of the sender's words, and its limit counts
  mailboxes, not spellings;
- a guest's request naming a customer's address stays out of their My Requests until proven;
- the tracking link keeps its token out of URLs that third parties see, expires and can be revoked."""

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

from support import URL, api_call, bench_python, fresh_ip, needs_server

pytestmark = needs_server

SUBMIT = "/api/method/servicedesk_shop.api.submit_feedback"
OPEN_LINK = "/api/method/servicedesk_shop.api.open_tracking_link"


class NoRedirect(urllib.request.HTTPRedirectHandler):
	def redirect_request(self, *args, **kwargs):
		return None


class Browser:
	"""A client that keeps its cookies, as a browser does, from its own address."""

	def __init__(self, ip: str | None = None):
		self.ip = ip or fresh_ip()
		self.jar = http.cookiejar.CookieJar()
		self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

	def send(self, path: str, data: dict | None = None, accept: str = "application/json"):
		"""(status, headers, body text)."""
		request = urllib.request.Request(
			URL + path,
			data=urllib.parse.urlencode(data).encode() if data is not None else None,
			headers={"Accept": accept, "X-Forwarded-For": self.ip},
			method="POST" if data is not None else "GET",
		)
		try:
			with self.opener.open(request, timeout=60) as response:
				return response.status, response.headers, response.read().decode()
		except urllib.error.HTTPError as error:
			return error.code, error.headers, error.read().decode()

	def page(self, path: str):
		return self.send(path, accept="text/html")

	def log_in(self, user: str, password: str):
		status, _headers, body = self.send("/api/method/login", {"usr": user, "pwd": password})
		assert status == 200, body


def submit_as_guest(email: str, subject: str, message: str, ip: str | None = None) -> str:
	status, answer = api_call(
		SUBMIT,
		{
			"source": "Cart",
			"email": email,
			"subject": subject,
			"message": message,
			"client_token": "ack-" + uuid.uuid4().hex,
		},
		ip or fresh_ip(),
	)
	assert status == 200, answer
	return answer["message"]["issue"]


def mails_to(address: str, issue: str) -> list[dict]:
	"""The e-mails about `issue` to `address`, after the job that records the intake's messages ran (the
	served site runs no worker), read from the Email Queue."""
	return json.loads(
		bench_python(
			"import json\n"
			"from servicedesk_shop.intake.service import record_pending_messages\n"
			"from servicedesk_shop.testing import emails_about, ensure_outgoing_email_account\n"
			"ensure_outgoing_email_account()\n"
			"record_pending_messages()\n"
			f"print(json.dumps([dict(m) for m in emails_about({issue!r}, {address!r})]))"
		)
	)


def tracking_token(address: str, issue: str) -> str:
	for mail in mails_to(address, issue):
		if match := re.search(r"/support/track#token=([A-Za-z0-9_.=-]+)", mail["body"]):
			return match.group(1)
	raise AssertionError(f"no tracking link to {address} about {issue}")


# --- 6. rate limits behind a proxy ------------------------------------------------------------------


def test_a_forged_first_forwarded_address_counts_for_nothing():
	"""The client writes any first entry; the proxy on this host (the test's own loopback connection)
	appends the real one. Eleven requests with eleven forged first entries are one client."""
	real = fresh_ip()
	statuses = []
	for number in range(11):
		status, _body = api_call(SUBMIT, {"source": "Cart"}, f"203.0.113.{number + 1}, {real}")
		statuses.append(status)
	assert statuses[:10] == [400] * 10, statuses  # the limit counts before the input is judged
	assert statuses[10] == 429, statuses


def test_behind_the_local_proxy_each_client_keeps_its_own_bucket():
	for _ in range(3):
		status, _body = api_call(SUBMIT, {"source": "Cart"}, fresh_ip())
		assert status == 400


# --- 2. the acknowledgement to a typed address ------------------------------------------------------


def test_the_acknowledgement_to_a_typed_address_says_nothing_the_sender_chose():
	victim = f"victim.{uuid.uuid4().hex[:8]}@example.net"
	issue = submit_as_guest(
		victim,
		"Account locked, verify at https://evil.example/login",
		"Your account is locked. Verify at https://evil.example/login within 24 hours.",
	)
	mails = mails_to(victim, issue)
	assert len(mails) == 1, mails
	text = mails[0]["subject"] + mails[0]["body"]
	assert issue in text
	assert "evil" not in text and "Account locked" not in text and "Verify" not in text, text
	links = re.findall(r"https?://[^\s\"'<>]+", text)
	assert any("/support/track#token=" in link for link in links), links  # the shop's own link


def test_the_acknowledgement_limit_counts_mailboxes_not_spellings():
	mailbox = f"victim{uuid.uuid4().hex[:8]}"
	issues = [
		submit_as_guest(
			f"{mailbox}+{number}@gmail.com" if number % 2 else f"{'.'.join(mailbox)}@Gmail.com",
			"Hello",
			"Hello there",
		)
		for number in range(7)
	]
	counts = json.loads(
		bench_python(
			"import json\n"
			"from servicedesk_shop.intake.service import record_pending_messages\n"
			"from servicedesk_shop.testing import ensure_outgoing_email_account\n"
			"ensure_outgoing_email_account()\n"
			"record_pending_messages()\n"
			f"print(json.dumps([frappe.db.count('Email Queue', {{'reference_doctype': 'Issue', 'reference_name': i}}) for i in {issues!r}]))"
		)
	)
	assert sum(counts) == 5, counts  # Service Desk's 5 an hour for one mailbox, however it is spelled


# --- 2. My Requests until the address is proven ------------------------------------------------------


def make_customer_user() -> tuple[str, str]:
	email = f"owner.{uuid.uuid4().hex[:8]}@example.net"
	password = "Owner-" + uuid.uuid4().hex[:10] + "!"
	bench_python(
		"from frappe.utils.password import update_password\n"
		"from servicedesk_shop.testing import make_customer\n"
		f"make_customer({email!r}, 'Owner Of Address', with_user=True)\n"
		f"update_password({email!r}, {password!r})\n"
		"print('ok')"
	)
	return email, password


def test_a_strangers_request_with_my_address_is_not_shown_as_mine_until_proven():
	owner, password = make_customer_user()
	issue = submit_as_guest(owner, "Срочно: подтвердите аккаунт", "Я не писал этого, это чужие слова")
	browser = Browser()
	browser.log_in(owner, password)

	status, _headers, html = browser.page("/support/requests")
	assert status == 200
	assert issue not in html and "Срочно" not in html
	assert "sd-unproven" in html  # says that one exists and how to open it, nothing of what it says
	status, _headers, html = browser.page(f"/support/request?name={issue}")
	assert status == 404 and "чужие слова" not in html
	status, _headers, body = browser.send(
		"/api/method/servicedesk_shop.api.reply_to_request", {"request": issue, "message": "Это я"}
	)
	assert status >= 400 and status < 500, body
	# nor in ERPNext's own /issues: its list, its data, its form
	status, _headers, body = browser.send("/api/method/frappe.www.list.get_list_data?doctype=Issue&limit=100")
	assert status == 200 and issue not in body, body[:300]
	status, _headers, body = browser.send(
		f"/api/method/frappe.www.list.get?doctype=Issue&limit=100&name={issue}"
	)
	assert status == 200 and "чужие слова" not in body and "Срочно" not in body, body[:300]
	status, _headers, body = browser.send(
		f"/api/method/frappe.website.doctype.web_form.web_form.get_form_data?doctype=Issue&docname={issue}&web_form_name=issues"
	)
	assert status == 403 and "чужие слова" not in body, (status, body[:300])
	status, _headers, html = browser.page(f"/issues/{issue}")
	assert status in (403, 404) and "чужие слова" not in html, status
	# the address's owner opens the link from the e-mail: proven
	token = tracking_token(owner, issue)
	status, _headers, body = browser.send(OPEN_LINK, {"token": token})
	assert status == 200, body
	status, _headers, html = browser.page("/support/requests")
	assert issue in html and "sd-unproven" not in html


def test_an_agent_confirms_the_address():
	owner, password = make_customer_user()
	issue = submit_as_guest(owner, "Вопрос по доставке", "Когда привезут?")
	bench_python(
		"from servicedesk_shop.testing import make_agent\n"
		"agent = make_agent('confirming.agent@example.com')\n"
		"from frappe.utils.password import update_password\n"
		"update_password(agent, 'Agent-2026-confirm!')\n"
		"print(agent)"
	)
	customer = Browser()
	customer.log_in(owner, password)
	# the customer cannot confirm it themselves through the desk's endpoint
	status, _headers, _body = customer.send(
		"/api/method/servicedesk_shop.api.confirm_sender_address", {"issue": issue}
	)
	assert status == 403
	agent = Browser()
	agent.log_in("confirming.agent@example.com", "Agent-2026-confirm!")
	status, _headers, body = agent.send(
		"/api/method/servicedesk_shop.api.confirm_sender_address", {"issue": issue}
	)
	assert status == 200, body
	status, _headers, html = customer.page("/support/requests")
	assert issue in html


# --- 4. the tracking link ------------------------------------------------------------------------------


def test_the_token_never_sits_in_a_url_a_third_party_sees():
	email = f"track.{uuid.uuid4().hex[:8]}@example.net"
	issue = submit_as_guest(email, "Где посылка", "Жду уже неделю")
	token = tracking_token(email, issue)
	browser = Browser()

	# a link sent before this change (token in the query) is sent on to the fragment before any page loads
	status, headers, body = browser.page(f"/support/track?token={token}")
	assert status == 302, status
	assert headers["Location"].endswith("/support/track#token=" + token), headers["Location"]
	assert "Жду" not in body

	# the page at /support/track holds no key; its script exchanges the fragment's token for a cookie
	status, _headers, html = browser.page("/support/track")
	assert status == 200 and token not in html and "Жду" not in html
	status, headers, body = browser.send(OPEN_LINK, {"token": token})
	assert status == 200, body
	cookie = headers.get("Set-Cookie", "")
	assert "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
	url = json.loads(body)["message"]["url"]
	assert url == f"/support/track?request={issue}"

	status, _headers, html = browser.page(url)
	assert status == 200 and "Жду уже неделю" in html
	assert token not in html and "token=" not in html  # photo links and forms name the request only
	# the clean address without this browser's cookie opens nothing
	status, _headers, html = Browser().page(url)
	assert status == 404 and "Жду уже неделю" not in html
	# the reply goes by the cookie
	status, _headers, body = browser.send(
		"/api/method/servicedesk_shop.api.reply_to_request", {"request": issue, "message": "Спасибо"}
	)
	assert status == 200, body
	status, _headers, body = Browser().send(
		"/api/method/servicedesk_shop.api.reply_to_request", {"request": issue, "message": "Чужой ответ"}
	)
	assert status == 400, body


def test_a_revoked_link_and_its_cookie_stop_working_and_the_next_reply_carries_a_new_one():
	email = f"revoke.{uuid.uuid4().hex[:8]}@example.net"
	issue = submit_as_guest(email, "Ссылка утекла", "Я переслал письмо не тому")
	token = tracking_token(email, issue)
	browser = Browser()
	assert browser.send(OPEN_LINK, {"token": token})[0] == 200

	# a guest, or a customer, cannot revoke (or learn anything by trying)
	assert (
		Browser().send("/api/method/servicedesk_shop.api.revoke_tracking_links", {"issue": issue})[0] == 403
	)
	bench_python(
		"from servicedesk_shop.testing import make_agent\n"
		"from frappe.utils.password import update_password\n"
		"agent = make_agent('revoking.agent@example.com')\n"
		"update_password(agent, 'Agent-2026-revoke!')\n"
		"print('ok')"
	)
	agent = Browser()
	agent.log_in("revoking.agent@example.com", "Agent-2026-revoke!")
	status, _headers, body = agent.send(
		"/api/method/servicedesk_shop.api.revoke_tracking_links", {"issue": issue}
	)
	assert status == 200, body

	status, _headers, body = Browser().send(OPEN_LINK, {"token": token})
	assert status == 404, body
	status, _headers, html = browser.page(f"/support/track?request={issue}")
	assert status == 404 and "не тому" not in html
	# the agent's next reply carries a link that works
	new_token = bench_python(
		"from frappe.core.doctype.communication.email import make\n"
		"from servicedesk_shop.testing import ensure_outgoing_email_account, emails_about\n"
		"import re\n"
		"ensure_outgoing_email_account()\n"
		f"make(doctype='Issue', name={issue!r}, content='<p>Новая ссылка ниже</p>', subject='Re', "
		f"recipients={email!r}, send_email=True)\n"
		f"body = emails_about({issue!r}, {email!r})[-1].body\n"
		"print(re.search(r'/support/track#token=([A-Za-z0-9_.=-]+)', body).group(1))"
	)
	assert new_token != token
	assert Browser().send(OPEN_LINK, {"token": new_token})[0] == 200


def test_a_link_expires_after_the_days_since_the_resolution():
	email = f"expire.{uuid.uuid4().hex[:8]}@example.net"
	issue = submit_as_guest(email, "Старый вопрос", "Давно решено")
	token = tracking_token(email, issue)
	assert Browser().send(OPEN_LINK, {"token": token})[0] == 200  # open: the link lives
	bench_python(
		"from frappe.utils import add_days, now_datetime\n"
		f"frappe.db.set_value('Issue', {issue!r}, {{'status': 'Resolved', 'resolved_on': add_days(now_datetime(), -91)}})\n"
		"print('ok')"
	)
	status, _headers, body = Browser().send(OPEN_LINK, {"token": token})
	assert status == 410, body
	assert "expired" in body and "Traceback" not in body
	bench_python(
		f"frappe.db.set_value('Issue', {issue!r}, 'resolved_on', frappe.utils.add_days(frappe.utils.now_datetime(), -89))\n"
		"print('ok')"
	)
	assert Browser().send(OPEN_LINK, {"token": token})[0] == 200  # 90 days by default
