# The hardening of issue 13 on a real site: who learns what, claims, permissions, malformed input, sites
# without e-mail, CORS and the integration role. Each test fails on the code before that issue.

import json
import os
import time
from datetime import datetime, timedelta
from unittest.mock import patch

import frappe
from bs4 import BeautifulSoup
from frappe.tests.test_api import FrappeAPITestCase, get_test_client, make_request
from frappe.utils.password import update_password

from servicedesk_shop import api
from servicedesk_shop.escalation.service import send_daily_digest
from servicedesk_shop.intake import service
from servicedesk_shop.intake.email_intake import link_email_issue
from servicedesk_shop.intake.test_intake import ANNA, BORIS, IntakeTestCase
from servicedesk_shop.routing.service import assign
from servicedesk_shop.service_desk.jobs import claim
from servicedesk_shop.service_desk.ratelimit import clear_limits, count_attachment, setting
from servicedesk_shop.service_desk.sanitize import safe_html
from servicedesk_shop.testing import emails_about, make_agent, make_team, tracking_link_sent_to, tracking_page

HOSTILE = [
	'"<img src=x onerror=alert(1)>"',  # parses as JSON: Frappe's sanitize_html returned it untouched
	"<img src=x onerror=alert(1) ",  # no complete tag: the same
	"<svg/onload=alert(1)>",
	"<a href='javascript:alert(1)'>x</a>",
	"<script>alert(1)</script>",
]


def has_script(html: str) -> bool:
	"""Whether a browser would run anything in `html`: an on* attribute, a script, frame or object
	element, or a javascript: link (escaped text that only reads like a payload is inert)."""
	for element in BeautifulSoup(html or "", "html.parser").find_all(True):
		if element.name in ("script", "iframe", "object", "embed", "frame"):
			return True
		for name, value in element.attrs.items():
			value = " ".join(value) if isinstance(value, list) else str(value)
			if name.lower().startswith("on") or name.lower() == "srcdoc":
				return True
			if name.lower() in ("href", "src", "action") and value.strip().lower().startswith("javascript:"):
				return True
	return False


class TestInertText(IntakeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")

	def test_safe_html_makes_every_payload_inert(self):
		for payload in HOSTILE:
			with self.subTest(payload):
				self.assertTrue(has_script(payload) or payload.startswith("<img src=x onerror=alert(1) "))
				self.assertFalse(has_script(safe_html(payload)), safe_html(payload))
		self.assertEqual(safe_html("Платье <b>маломерит</b>"), "Платье <b>маломерит</b>")
		# text without a complete tag is shown as written
		self.assertEqual(safe_html("<img src=x onerror=alert(1) "), "&lt;img src=x onerror=alert(1) ")

	def test_issue_and_its_messages_are_stored_inert(self):
		for payload in HOSTILE:
			with self.subTest(payload):
				issue = frappe.get_doc(
					{
						"doctype": "Issue",
						"subject": f"Help {payload}",
						"raised_by": ANNA,
						"description": payload,
						"resolution_details": payload,
					}
				).insert(ignore_permissions=True)
				for field in ("description", "resolution_details"):
					self.assertFalse(has_script(issue.get(field)), (field, issue.get(field)))
				reply = frappe.get_doc(
					{
						"doctype": "Communication",
						"communication_type": "Communication",
						"communication_medium": "Email",
						"sent_or_received": "Sent",
						"subject": "Re",
						"content": payload,
						"reference_doctype": "Issue",
						"reference_name": issue.name,
					}
				).insert(ignore_permissions=True)
				self.assertFalse(has_script(reply.content), reply.content)

	def test_tracking_page_renders_stored_payloads_inert(self):
		issue = frappe.get_doc({"doctype": "Issue", "subject": "Old", "raised_by": ANNA}).insert(
			ignore_permissions=True
		)
		# as stored before this change, or written past the hooks
		frappe.db.set_value(
			"Issue", issue.name, {"resolution_details": HOSTILE[0], "description": HOSTILE[1]}
		)
		context = tracking_page(service.track_token(issue.name))
		self.assertFalse(has_script(context.resolution))
		for message in context.messages:
			self.assertFalse(has_script(message.content), message.content)


class TestWhoLearnsWhat(IntakeTestCase):
	@patch("servicedesk_shop.customer.service.default_sla_deadline", return_value=None)
	def test_guest_answer_is_the_same_for_a_customer_address_and_a_stranger(self, _no_default_sla):
		as_customer = self.submit(source="Cart", email=ANNA, message="Где мой заказ?")
		as_stranger = self.submit(source="Cart", email="nobody.here@example.net", message="Где мой заказ?")
		typical = timedelta(
			hours=frappe.db.get_value("Feedback Source", "Cart", "typical_answer_hours") or 24
		)
		for answer in (as_customer, as_stranger):
			self.assertEqual(set(answer), {"issue", "status", "track_url", "answer_by", "promise"})
			self.assertIsNone(answer["track_url"])
			self.assertEqual(answer["status"], "Open")
			# the promise on screen is the source's typical time, whoever's address it is (the SLA may
			# follow from who the customer is)
			created = frappe.db.get_value("Issue", answer["issue"], "creation")
			answer_by = datetime.fromisoformat(answer["answer_by"])
			self.assertIsNotNone(answer_by.utcoffset())  # with the shop's offset, for the API's clients
			self.assertEqual(answer_by.replace(tzinfo=None) - created, typical)
			self.assertTrue(answer["promise"])
		self.assertEqual(
			frappe.db.get_value("Issue", as_customer["issue"], "sender_identity"), service.TYPED_ADDRESS
		)

	def test_the_link_goes_to_the_address_through_the_email_queue(self):
		answer = self.submit(source="Cart", email=BORIS, message="Подскажите по доставке")
		mails = emails_about(answer["issue"], BORIS)
		self.assertEqual(len(mails), 1)
		link = tracking_link_sent_to(BORIS, answer["issue"])
		self.assertTrue(link)
		self.assertEqual(service.issue_from_token(link.split("token=")[1]), answer["issue"])
		self.assertIn(answer["issue"], mails[0].subject)
		# nobody else got it
		self.assertEqual(emails_about(answer["issue"], ANNA), [])

	def test_russian_sender_gets_the_russian_template(self):
		with patch.object(frappe.local, "lang", "ru"):
			answer = self.submit(source="Cart", email=BORIS, message="Подскажите по доставке")
		mail = emails_about(answer["issue"], BORIS)[0]
		self.assertIn("Ваше обращение", mail.subject)

	def test_hostile_subject_is_inert_in_the_acknowledgement(self):
		answer = self.submit(
			source="Cart", email=BORIS, subject='"><img src=x onerror=alert(1)>', message="x" * 5
		)
		mail = emails_about(answer["issue"], BORIS)[0]
		self.assertFalse(has_script(mail.body), mail.body)
		self.assertNotIn("<img src=x", mail.body)

	def test_logged_in_customer_sees_the_request_at_once(self):
		frappe.set_user(ANNA)
		answer = self.submit(source="Cart", email="someone.else@example.net", message="Хочу другой размер")
		self.assertEqual(service.issue_from_token(answer["track_url"].split("token=")[1]), answer["issue"])
		issue = self.issue(answer["issue"])
		self.assertEqual(issue.raised_by, ANNA)
		self.assertEqual(issue.sender_identity, service.LOGGED_IN)

	def test_first_message_reaches_the_timeline_before_an_early_reply(self):
		# the job has not run yet: the customer answers through the link first
		with patch.object(service, "record_intake_message", wraps=service.record_intake_message) as record:
			frappe.flags.in_test, in_test = False, frappe.flags.in_test
			try:
				with patch("servicedesk_shop.intake.service.enqueue_pending"):
					answer = self.submit(source="Cart", email=BORIS, message="Первое сообщение клиента")
			finally:
				frappe.flags.in_test = in_test
			record.assert_not_called()
		self.assertEqual(frappe.db.get_value("Issue", answer["issue"], "intake_pending"), 1)
		service.add_customer_reply(answer["issue"], "И ещё вопрос")
		service.record_pending_messages()  # the job, late
		received = frappe.get_all(
			"Communication",
			filters={
				"reference_doctype": "Issue",
				"reference_name": answer["issue"],
				"sent_or_received": "Received",
			},
			pluck="content",
			order_by="creation asc",
		)
		self.assertEqual(len(received), 2, received)
		self.assertIn("Первое сообщение клиента", received[0])
		self.assertIn("И ещё вопрос", received[1])

	def test_claim_is_taken_once(self):
		answer = self.submit(source="Cart", email=BORIS, message="Один раз")
		frappe.db.set_value("Issue", answer["issue"], "intake_pending", 1)

		self.assertTrue(claim(answer["issue"], "intake_pending"))
		self.assertFalse(claim(answer["issue"], "intake_pending"))
		self.assertFalse(service.record_intake_message(answer["issue"]))
		self.assertEqual(len(emails_about(answer["issue"], BORIS)), 1)


class TestIntegrationRole(IntakeTestCase):
	SHOP = "storefront.api@servicedesk-shop.example"

	def setUp(self):
		frappe.set_user("Administrator")
		make_agent(self.SHOP, roles=("Service Desk Integration",))
		make_agent("plain.api@servicedesk-shop.example", roles=())

	def test_integration_user_names_the_customer_and_their_order_is_linked(self):
		frappe.set_user(self.SHOP)
		answer = self.submit(
			source="External Shop", email=ANNA, message=f"Заказ {self.anna_order.sales_order} не пришёл"
		)
		issue = self.issue(answer["issue"])
		self.assertEqual(issue.raised_by, ANNA)
		self.assertEqual(issue.customer, self.anna)
		self.assertEqual(issue.sales_order, self.anna_order.sales_order)
		self.assertEqual(issue.sender_identity, service.EXTERNAL_SHOP)
		# the ownership check applies to the named customer
		foreign = self.issue(
			self.submit(source="External Shop", email=ANNA, message=f"Заказ {self.boris_order.sales_order}")[
				"issue"
			]
		)
		self.assertIsNone(foreign.sales_order)

	def test_anyone_else_writes_as_themselves(self):
		frappe.set_user("plain.api@servicedesk-shop.example")
		issue = self.issue(self.submit(source="External Shop", email=ANNA)["issue"])
		self.assertEqual(issue.raised_by, "plain.api@servicedesk-shop.example")
		self.assertIsNone(issue.customer)


class TestDeskPermissions(IntakeTestCase):
	AGENT = "no.orders.agent@servicedesk-shop.example"
	STOCK = "stock.reader.agent@servicedesk-shop.example"

	def setUp(self):
		frappe.set_user("Administrator")
		make_agent(self.AGENT, roles=("Support Team",))
		make_agent(self.STOCK, roles=("Support Team", "Sales User", "Stock User", "Accounts User"))
		self.issue_name = (
			frappe.get_doc(
				{
					"doctype": "Issue",
					"subject": "Чужой заказ",
					"raised_by": ANNA,
					"sales_order": self.anna_order.sales_order,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_agent_without_order_access_cannot_read_its_lines(self):
		frappe.set_user(self.AGENT)
		self.assertTrue(frappe.has_permission("Issue", "write", self.issue_name))
		for call in (
			lambda: api.get_order_lines(self.issue_name),
			lambda: api.add_order_lines(self.issue_name, "[]"),
		):
			with self.assertRaises(frappe.PermissionError):
				call()

	def test_agent_with_order_access_reads_them(self):
		frappe.set_user(self.STOCK)
		lines = api.get_order_lines(self.issue_name)
		self.assertTrue(lines)
		self.assertEqual(
			{line["parent"] for line in lines}
			- {self.anna_order.delivery_note, self.anna_order.sales_invoice},
			set(),
		)

	def test_return_needs_create_permission_on_the_return(self):
		frappe.set_user(self.STOCK)
		api.add_order_lines(
			self.issue_name, json.dumps([l["row"] for l in api.get_order_lines(self.issue_name)])
		)
		line = frappe.get_doc("Issue", self.issue_name).order_lines[0].name
		frappe.set_user("Administrator")
		make_agent("reader.only@servicedesk-shop.example", roles=("Support Team",))
		frappe.share.add("Sales Order", self.anna_order.sales_order, "reader.only@servicedesk-shop.example")
		frappe.share.add(
			"Delivery Note", self.anna_order.delivery_note, "reader.only@servicedesk-shop.example"
		)
		frappe.set_user("reader.only@servicedesk-shop.example")
		with self.assertRaises(frappe.PermissionError):
			api.make_return(self.issue_name, json.dumps([{"line": line, "qty": 1}]))

	def test_desk_endpoints_without_their_argument_are_a_clear_refusal(self):
		frappe.set_user(self.STOCK)
		for call in (
			api.get_order_lines,
			api.add_order_lines,
			api.make_return,
			api.make_exchange,
			api.get_track_url,
			api.route_issue,
		):
			with self.subTest(call.__name__), self.assertRaises(frappe.ValidationError) as raised:
				call()
			self.assertIn("required", str(raised.exception))


class TestWithoutEmailAccount(IntakeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		frappe.db.savepoint("no_email")
		frappe.db.set_value("Email Account", {"enable_outgoing": 1}, "enable_outgoing", 0)
		frappe.local.servicedesk_outgoing_email = None
		frappe.cache.delete(frappe.cache.make_key("servicedesk_shop:no_outgoing_email_noted"))

	def tearDown(self):
		frappe.db.rollback(save_point="no_email")
		frappe.local.servicedesk_outgoing_email = None

	def errors_since(self, since):
		return frappe.get_all("Error Log", filters={"creation": (">=", since)}, pluck="method")

	def test_intake_digest_and_assignment_work_and_log_no_failure(self):
		since = frappe.utils.now_datetime()
		queued = frappe.db.count("Email Queue")
		notes_before = self.notes_in_log()
		frappe.db.set_single_value("Service Desk Settings", "send_daily_digest", 1)
		send_daily_digest()
		send_daily_digest()
		answer = self.submit(source="Cart", email=BORIS, message="Без почты")
		agent = make_agent("mailless.agent@servicedesk-shop.example")
		team = make_team("Mailless Team", agent, [agent])
		issue = frappe.get_doc("Issue", answer["issue"])
		issue.support_team = team
		assign(issue)
		self.assertEqual(frappe.db.count("Email Queue"), queued)
		self.assertEqual(self.errors_since(since), [])
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": agent, "document_type": "Issue", "document_name": issue.name},
			)
		)
		self.assertTrue(frappe.db.exists("Communication", {"reference_name": issue.name}))
		# said once in the app's log, not as a failure each time
		self.assertEqual(self.notes_in_log() - notes_before, 1)

	def notes_in_log(self) -> int:
		path = frappe.get_site_path("logs", "servicedesk_shop.log")
		if not os.path.exists(path):
			return 0
		with open(path) as f:
			return sum("No outgoing Email Account" in line for line in f)


class TestHardeningInProcessHTTP(FrappeAPITestCase, IntakeTestCase):
	def setUp(self):
		clear_limits()

	def tearDown(self):
		clear_limits()
		super().tearDown()

	def call(self, path, client=None, **kwargs):
		kwargs.setdefault("headers", {"Accept": "application/json"})
		client = client or self.TEST_CLIENT
		verb = kwargs.pop("verb", "post")
		return make_request(target=getattr(client, verb), args=(path,), kwargs=kwargs)

	def assert_clear_4xx(self, response, status=None):
		self.assertGreaterEqual(response.status_code, 400, response.get_data(as_text=True)[:300])
		self.assertLess(response.status_code, 500, response.get_data(as_text=True)[:300])
		if status:
			self.assertEqual(response.status_code, status)
		self.assertNotIn("Traceback", response.get_data(as_text=True))

	def test_malformed_public_input_is_a_clear_4xx(self):
		method = "/api/method/servicedesk_shop.api."
		cases = [
			(
				"submit_feedback",
				{"source": "Cart", "email": ANNA, "message": "ok ok", "page_url": "http://[x"},
			),
			("reply_to_request", {"token": "заявка.подпись", "message": "ответ"}),
			("reply_to_request", {"token": "x." + "я" * 32, "message": "ответ"}),
		]
		for name, data in cases:
			with self.subTest(name, data=data):
				self.assert_clear_4xx(self.call(method + name, data=data))
		# a lone surrogate in a JSON body
		body = '{"source": "Cart", "email": "anna@example.com", "message": "Платье \\ud800 маломерит"}'
		response = self.call(
			method + "submit_feedback",
			data=body,
			headers={"Accept": "application/json", "Content-Type": "application/json"},
		)
		self.assert_clear_4xx(response, 400)

	def test_non_ascii_tracking_token_is_a_404(self):
		# the page sends a link's token on to the fragment; its script exchanges it here
		response = self.call(
			"/api/method/servicedesk_shop.api.open_tracking_link", data={"token": "x." + "я" * 32}
		)
		self.assert_clear_4xx(response, 404)

	def test_request_return_malformed_rows_and_photo(self):
		client = get_test_client()
		login = self.call(
			"/api/method/login", client=client, data={"usr": ANNA, "pwd": self.customer_password()}
		)
		self.assertEqual(login.status_code, 200)
		path = "/api/method/servicedesk_shop.api.request_return"
		for data, message in (
			({"rows": '[["a"]]', "reason": "Fit"}, "must name its row"),
			({"rows": '[{"row": ["a"]}]', "reason": "Fit"}, "must name its row"),
			({"rows": '{"row": "a"}', "reason": "Fit"}, "Choose at least one line"),
			({"rows": '[{"row": "x"}]', "reason": "Fit", "photo": '{"data": 5}'}, "JPEG, PNG or WebP"),
			({"rows": '[{"row": "x"}]', "reason": "Fit", "photo": "{not json"}, "JPEG, PNG or WebP"),
		):
			with self.subTest(data=data):
				response = self.call(path, client=client, data=data)
				self.assert_clear_4xx(response)
				self.assertIn(message, response.get_data(as_text=True))

	def customer_password(self):
		update_password(ANNA, "Hardening-2026!")
		frappe.db.commit()  # nosemgrep: the login request runs on its own connection
		return "Hardening-2026!"

	def test_customer_limit_is_per_user_and_v2_shares_the_bucket(self):
		client = get_test_client()
		login = self.call(
			"/api/method/login", client=client, data={"usr": ANNA, "pwd": self.customer_password()}
		)
		self.assertEqual(login.status_code, 200)

		limit = setting("servicedesk_customer_rate_limit")
		statuses = []
		for n in range(limit + 2):
			path = (
				"/api/v2/method/servicedesk_shop.api.request_return"
				if n % 2
				else "/api/method/servicedesk_shop.api.request_return"
			)
			statuses.append(self.call(path, client=client, data={"rows": "[]"}).status_code)
		self.assertNotIn(429, statuses[:limit], statuses)
		self.assertEqual(statuses[limit:], [429, 429], statuses)

	def test_cors_only_for_storefront_origins_on_public_endpoints(self):
		frappe.set_user("Administrator")
		settings = frappe.get_single("Service Desk Settings")
		previous = settings.storefront_origins
		settings.storefront_origins = "https://Shop.Example:443/\nhttp://127.0.0.1:8006"
		settings.save()
		frappe.db.commit()  # nosemgrep: the requests below run on their own connections
		try:
			self.assertEqual(
				frappe.db.get_single_value("Service Desk Settings", "storefront_origins"),
				"https://shop.example\nhttp://127.0.0.1:8006",
			)
			public = "/api/method/servicedesk_shop.api.get_feedback_source"
			allowed = {"Accept": "application/json", "Origin": "https://shop.example"}
			response = self.call(public, data={"source": "Cart"}, headers=allowed)
			self.assertEqual(response.headers.get("Access-Control-Allow-Origin"), "https://shop.example")
			self.assertIsNone(response.headers.get("Access-Control-Allow-Credentials"))
			v2 = self.call(
				"/api/v2/method/servicedesk_shop.api.get_feedback_source",
				data={"source": "Cart"},
				headers=allowed,
			)
			self.assertEqual(v2.headers.get("Access-Control-Allow-Origin"), "https://shop.example")
			preflight = self.call(
				"/api/method/servicedesk_shop.api.submit_feedback",
				verb="options",
				headers={
					"Origin": "https://shop.example",
					"Access-Control-Request-Method": "POST",
					"Access-Control-Request-Headers": "content-type, x-frappe-csrf-token",
				},
			)
			self.assertEqual(preflight.headers.get("Access-Control-Allow-Origin"), "https://shop.example")
			self.assertEqual(preflight.headers.get("Access-Control-Allow-Headers"), "content-type")
			# another origin, or another endpoint: no CORS at all
			other = self.call(
				public, data={"source": "Cart"}, headers={**allowed, "Origin": "https://evil.example"}
			)
			self.assertIsNone(other.headers.get("Access-Control-Allow-Origin"))
			desk = self.call("/api/method/frappe.auth.get_logged_user", verb="get", headers=allowed)
			self.assertIsNone(desk.headers.get("Access-Control-Allow-Origin"))
		finally:
			settings.reload()
			settings.storefront_origins = previous
			settings.save()
			frappe.db.commit()  # nosemgrep: undo the committed setting

	def test_bad_storefront_origin_is_refused_with_its_line(self):
		frappe.set_user("Administrator")
		settings = frappe.get_single("Service Desk Settings")
		settings.storefront_origins = "https://shop.example/path"
		with self.assertRaises(frappe.ValidationError) as raised:
			settings.save()
		self.assertIn("https://shop.example/path", str(raised.exception))
		frappe.db.rollback()


class TestEmailBodyCap(IntakeTestCase):
	def test_a_huge_email_body_is_capped_before_it_is_scanned(self):
		frappe.set_user("Administrator")
		issue = frappe.get_doc({"doctype": "Issue", "subject": "Заказ", "raised_by": ANNA}).insert()
		body = (
			f"<p>Где мой заказ {self.anna_order.sales_order}?</p>" + "<p>SAL-ORD-1" + " 1" * 200_000 + "</p>"
		)
		communication = frappe._dict(
			reference_doctype="Issue",
			reference_name=issue.name,
			communication_medium="Email",
			sent_or_received="Received",
			email_account="Support Inbox (test)",
			sender=ANNA,
			subject="Заказ",
			content=body,
		)
		start = time.perf_counter()
		link_email_issue(communication)
		self.assertLess(time.perf_counter() - start, 0.5)
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "sales_order"), self.anna_order.sales_order)


class TestAcknowledgementCap(IntakeTestCase):
	def test_typing_an_address_again_and_again_floods_no_mailbox(self):
		clear_limits()
		self.addCleanup(clear_limits)
		victim = f"victim.{frappe.generate_hash(length=6)}@example.net"
		cap = setting("servicedesk_acknowledgements_per_hour")
		issues = [
			self.submit(source="Cart", email=victim, message=f"Спам {n}")["issue"] for n in range(cap + 3)
		]
		mailed = [issue for issue in issues if emails_about(issue, victim)]
		self.assertEqual(mailed, issues[:cap])
		# every request is still recorded
		self.assertEqual(frappe.db.count("Issue", {"raised_by": victim}), cap + 3)


class TestAttachmentCap(IntakeTestCase):
	def test_photos_are_capped_per_customer_and_hour(self):
		clear_limits()
		self.addCleanup(clear_limits)
		frappe.set_user(ANNA)
		for _ in range(setting("servicedesk_attachments_per_hour")):
			count_attachment()
		with self.assertRaises(frappe.RateLimitExceededError):
			count_attachment()
		# a cleared cache does not reset it
		frappe.clear_cache()
		with self.assertRaises(frappe.RateLimitExceededError):
			count_attachment()
		# another customer has a bucket of their own
		frappe.set_user("Administrator")
		count_attachment()
