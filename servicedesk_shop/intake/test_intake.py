# Integration tests of the intake on a real site: `bench --site SITE run-tests --app servicedesk_shop`.

import difflib
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from servicedesk_shop.api import reply_to_request
from servicedesk_shop.intake import service
from servicedesk_shop.intake.email_intake import link_email_issue
from servicedesk_shop.intake.service import IntakePermissionError, IntakeValidationError
from servicedesk_shop.routing import service as routing
from servicedesk_shop.service_desk.ratelimit import clear_limits
from servicedesk_shop.testing import (
	ShopTestCase,
	ensure_outgoing_email_account,
	make_agent,
	make_customer,
	make_rule,
	make_sales_order,
	make_team,
	tracking_link_sent_to,
)

ANNA = "anna.intake@example.com"
BORIS = "boris.intake@example.com"


class IntakeTestCase(ShopTestCase):
	"""Customers Anna (portal user) and Boris, each with a delivered and invoiced order; committed, so that
	requests made over HTTP by the test client see them too."""

	@classmethod
	def make_fixtures(cls):
		cls.dress = cls.items[("DEMO-WRAP-DRESS", "M")]
		cls.anna = make_customer(ANNA, "Anna Intake", with_user=True)
		cls.boris = make_customer(BORIS, "Boris Intake")
		cls.po_no = "EXT-" + frappe.generate_hash(length=8).upper()
		cls.anna_order = make_sales_order(cls.anna, cls.dress, deliver=True, invoice=True, po_no=cls.po_no)
		cls.anna_draft = make_sales_order(cls.anna, cls.dress, submit=False)
		cls.boris_order = make_sales_order(cls.boris, cls.dress, deliver=True, invoice=True)
		ensure_outgoing_email_account()

	def setUp(self):
		clear_limits()  # the limits are per minute and hour, across test runs too
		frappe.set_user("Guest")

	def tearDown(self):
		# no rollback: a test that works in a savepoint rolls back to it in its cleanup, after tearDown
		frappe.set_user("Administrator")

	def submit(self, **data):
		data.setdefault("source", "Order Tracking")
		data.setdefault("email", ANNA)
		data.setdefault("message", "Где мой заказ? Его должны были доставить вчера.")
		return service.submit(data)

	def issue(self, name):
		return frappe.get_doc("Issue", name)


class TestIntake(IntakeTestCase):
	def test_guest_feedback_becomes_an_issue_of_the_customer(self):
		answer = self.submit(
			source="Cart", category="Payment", message="Промокод SPRING не работает.\nПомогите"
		)
		self.assertEqual(set(answer), {"issue", "status", "track_url", "answer_by", "promise"})
		self.assertEqual(answer["status"], "Open")

		issue = self.issue(answer["issue"])
		self.assertEqual(issue.feedback_source, "Cart")
		self.assertEqual(issue.issue_type, "Payment")
		self.assertEqual(issue.raised_by, ANNA)
		self.assertEqual(issue.customer, self.anna)
		self.assertTrue(issue.contact)
		self.assertEqual(issue.subject, "Промокод SPRING не работает.")
		self.assertEqual(issue.via_customer_portal, 1)
		self.assertIsNone(issue.sales_order)
		# a guest only typed the address: the link goes there by e-mail, never on screen
		self.assertIsNone(answer["track_url"])
		link = tracking_link_sent_to(ANNA, issue.name)
		self.assertEqual(service.issue_from_token(link.split("token=")[1]), issue.name)
		self.assertTrue(
			frappe.db.exists(
				"Communication",
				{"reference_doctype": "Issue", "reference_name": issue.name, "sent_or_received": "Received"},
			)
		)

	def test_work_per_request_does_not_grow_with_open_issues_or_rules(self):
		"""The same request costs the same queries with 300 more open Issues and 100 more rules."""

		def queries_of_one_request() -> list[str]:
			queries = []
			run = frappe.db.sql

			def counted(query, *args, **kwargs):
				queries.append(str(query))
				return run(query, *args, **kwargs)

			message = f"Где мой заказ {self.anna_order.sales_order}? Платье не подошло."
			frappe.db.sql = counted
			try:
				self.submit(source="Cart", message=message, client_token=frappe.generate_hash(length=12))
			finally:
				frappe.db.sql = run
			return queries

		# background jobs are not the request's work (in tests they would run inline, and commit)
		self.enterContext(patch("frappe.enqueue"))
		frappe.set_user("Administrator")
		frappe.db.savepoint("growth")
		self.addCleanup(routing.invalidate_routing)
		self.addCleanup(frappe.db.rollback, save_point="growth")
		team = make_team("Intake Growth Team", make_agent("growth.manager@example.com"), [])
		make_rule("Intake Growth Catch-all", team, priority=10_000)
		frappe.set_user("Guest")
		queries_of_one_request()  # the first fills the caches: sources, rule index, metadata
		before = queries_of_one_request()

		frappe.set_user("Administrator")
		for n in range(100):
			make_rule(f"Intake Growth {n:03d}", team, priority=n, categories=["Praise"], keywords=f"слово{n}")
		frappe.db.bulk_insert(
			"Issue",
			["name", "subject", "status", "raised_by", "customer", "opening_date"],
			[
				(f"GROWTH-{n:04d}", f"Open request {n}", "Open", ANNA, self.anna, frappe.utils.nowdate())
				for n in range(300)
			],
		)
		routing.invalidate_routing()
		frappe.set_user("Guest")
		queries_of_one_request()  # the rule index is rebuilt once after a change
		after = queries_of_one_request()

		self.assertEqual(len(after), len(before), "\n".join(difflib.unified_diff(before, after, lineterm="")))

	def test_timeline_message_is_recorded_once(self):
		name = self.submit(source="Cart")["issue"]
		service.record_intake_message(name)  # a job run twice
		filters = {"reference_doctype": "Issue", "reference_name": name, "sent_or_received": "Received"}
		self.assertEqual(frappe.db.count("Communication", filters), 1)
		self.assertEqual(frappe.db.get_value("Issue", name, "via_customer_portal"), 1)

	def test_pending_timeline_messages_are_recorded_by_the_job(self):
		frappe.set_user("Administrator")
		names = [self.submit(source="Cart", message=f"Сообщение {n}")["issue"] for n in range(3)]
		for name in names:  # as the request leaves them outside tests: message not yet in the timeline
			frappe.db.delete("Communication", {"reference_doctype": "Issue", "reference_name": name})
			frappe.db.set_value("Issue", name, {"intake_pending": 1, "via_customer_portal": 0})
		service.record_pending_messages(batch=2)
		for name in names:
			self.assertEqual(
				frappe.db.get_value("Issue", name, ["intake_pending", "via_customer_portal"]), (0, 1)
			)
			self.assertEqual(
				frappe.db.count("Communication", {"reference_doctype": "Issue", "reference_name": name}), 1
			)

	def test_a_new_category_is_usable_at_once(self):
		frappe.set_user("Administrator")
		category = "Gift Wrapping " + frappe.generate_hash(length=5)
		frappe.get_doc({"doctype": "Issue Type", "name": category}).insert()
		frappe.set_user("Guest")
		issue = self.issue(self.submit(source="Widget", category=category)["issue"])
		self.assertEqual(issue.issue_type, category)

	def test_source_defaults_fill_category_and_priority(self):
		issue = self.issue(self.submit(source="Checkout", message="Оплата не проходит")["issue"])
		self.assertEqual(issue.issue_type, "Payment")
		self.assertEqual(issue.priority, "High")

	def test_unknown_sender_keeps_name_without_customer(self):
		issue = self.issue(
			self.submit(source="Widget", email="new.visitor@example.net", full_name="Вера")["issue"]
		)
		self.assertIsNone(issue.customer)
		self.assertEqual(issue.customer_name, "Вера")
		self.assertEqual(issue.raised_by, "new.visitor@example.net")

	def test_order_number_in_message_links_order_delivery_and_invoice(self):
		order = self.anna_order
		issue = self.issue(self.submit(message=f"Где заказ {order.sales_order.lower()}? Жду неделю")["issue"])
		self.assertEqual(issue.sales_order, order.sales_order)
		self.assertEqual(issue.delivery_note, order.delivery_note)
		self.assertEqual(issue.sales_invoice, order.sales_invoice)

	def test_order_given_by_external_number_links_order(self):
		issue = self.issue(self.submit(order=self.po_no, message="Посылка не пришла")["issue"])
		self.assertEqual(issue.sales_order, self.anna_order.sales_order)

	def test_foreign_order_is_never_linked_and_answer_reveals_nothing(self):
		own = self.submit(message=f"Заказ {self.anna_order.sales_order} не пришёл")
		foreign = self.submit(message=f"Заказ {self.boris_order.sales_order} не пришёл")
		unknown = self.submit(message="Заказ SAL-ORD-1999-99999 не пришёл")
		for answer in (own, foreign, unknown):
			self.assertEqual(set(answer), {"issue", "status", "track_url", "answer_by", "promise"})
			self.assertEqual(answer["status"], "Open")
		for answer in (foreign, unknown):
			issue = self.issue(answer["issue"])
			self.assertIsNone(issue.sales_order)
			self.assertIsNone(issue.delivery_note)
			self.assertIsNone(issue.sales_invoice)
		# the message still says what the customer wrote
		self.assertIn(self.boris_order.sales_order, self.issue(foreign["issue"]).description)

	def test_foreign_order_given_explicitly_is_not_linked(self):
		issue = self.issue(self.submit(order=self.boris_order.sales_order)["issue"])
		self.assertIsNone(issue.sales_order)

	def test_draft_order_is_not_linked(self):
		issue = self.issue(self.submit(order=self.anna_draft.sales_order)["issue"])
		self.assertIsNone(issue.sales_order)

	def test_same_client_token_returns_the_same_issue(self):
		token = "tok-" + frappe.generate_hash(length=12)
		first = self.submit(source="Cart", client_token=token)
		second = self.submit(source="Cart", client_token=token, message="Повторная отправка того же")
		self.assertEqual(first["issue"], second["issue"])
		key = frappe.db.get_value("Issue", first["issue"], "intake_key")
		self.assertEqual(frappe.db.count("Issue", {"intake_key": key}), 1)
		# the same token from someone else is not their request
		other = self.submit(source="Cart", client_token=token, email="someone.else@example.net")
		self.assertNotEqual(other["issue"], first["issue"])

	def test_item_is_linked_when_known_and_kept_as_text_when_not(self):
		known = self.issue(self.submit(source="Product Page", item_code=self.dress)["issue"])
		self.assertEqual(known.item_code, self.dress)
		unknown = self.issue(self.submit(source="Product Page", item_code="NO-SUCH-ITEM-<b>")["issue"])
		self.assertIsNone(unknown.item_code)
		self.assertIn("NO-SUCH-ITEM-&lt;b&gt;", unknown.description)

	def test_html_is_never_rendered(self):
		issue = self.issue(
			self.submit(
				message="<script>alert('x')</script><img src=x onerror=alert(1)> help",
				full_name="<b>Eve</b>",
				email="eve.html@example.net",
				source="Widget",
			)["issue"]
		)
		self.assertNotIn("<script>", issue.description)
		self.assertNotIn("<img", issue.description)
		self.assertIn("&lt;script&gt;", issue.description)
		self.assertNotIn("<", issue.subject)
		self.assertEqual(issue.customer_name, "Eve")

	def test_page_url_is_stored(self):
		issue = self.issue(self.submit(source="Cart", page_url="https://shop.example/cart?step=2")["issue"])
		self.assertEqual(issue.page_url, "https://shop.example/cart?step=2")

	def test_guest_cannot_use_a_source_that_needs_login(self):
		with self.assertRaises(IntakePermissionError):
			self.submit(source="Returns", order=self.anna_order.sales_order)

	def test_logged_in_customer_writes_as_themselves(self):
		frappe.set_user(ANNA)
		answer = self.submit(
			source="Returns", email="impostor@example.net", order=self.anna_order.sales_order
		)
		frappe.set_user("Administrator")
		issue = self.issue(answer["issue"])
		self.assertEqual(issue.raised_by, ANNA)
		self.assertEqual(issue.customer, self.anna)
		self.assertEqual(issue.sales_order, self.anna_order.sales_order)

	def test_bad_input_is_refused_with_a_clear_message(self):
		if not frappe.db.exists("Feedback Source", "Retired Page"):
			frappe.get_doc(
				{"doctype": "Feedback Source", "title": "Retired Page", "enabled": 0, "allow_guest": 1}
			).insert(ignore_permissions=True)
		cases = {
			"unknown source": ({"source": "Nowhere"}, "Unknown feedback source"),
			"disabled source": ({"source": "Retired Page"}, "does not accept requests"),
			"missing message": ({"message": ""}, "write your message"),
			"oversized message": ({"message": "x" * 5001}, "too long"),
			"malformed e-mail": ({"email": "anna@"}, "valid e-mail"),
			"category not allowed": ({"source": "Cart", "category": "Praise"}, "cannot be chosen"),
			"unknown category": ({"source": "Widget", "category": "No Such Type"}, "Unknown category"),
			"order required": ({"message": "Нет номера заказа здесь"}, "order number"),
			"bad page url": ({"source": "Cart", "page_url": "javascript:alert(1)"}, "http"),
			"list instead of text": ({"message": ["a", "b"]}, "must be text"),
		}
		count = frappe.db.count("Issue")
		for case, (data, message) in cases.items():
			with self.subTest(case):
				with self.assertRaises(IntakeValidationError) as raised:
					self.submit(**data)
				self.assertIn(message, str(raised.exception))
		self.assertEqual(frappe.db.count("Issue"), count)

	def test_customer_reply_from_tracking_page_reopens_the_request(self):
		answer = self.submit(source="Cart")
		frappe.set_user("Administrator")
		frappe.db.set_value("Issue", answer["issue"], "status", "Replied")
		frappe.set_user("Guest")
		token = tracking_link_sent_to(ANNA, answer["issue"]).split("token=")[1]

		reply_to_request(token=token, message="Спасибо, но вопрос остался")
		self.assertEqual(frappe.db.get_value("Issue", answer["issue"], "status"), "Open")
		with self.assertRaises(IntakeValidationError):
			reply_to_request(token=token + "x", message="Подделка")


class TestEmailIntake(IntakeTestCase):
	def test_issue_from_email_gets_email_source_and_own_order(self):
		frappe.set_user("Administrator")
		issue = frappe.get_doc({"doctype": "Issue", "subject": "Заказ", "raised_by": ANNA}).insert()
		communication = frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Received",
				"sender": ANNA,
				"subject": "Заказ",
				"content": f"<p>Где мой заказ {self.anna_order.sales_order} и {self.boris_order.sales_order}?</p>",
				"reference_doctype": "Issue",
				"reference_name": issue.name,
				"email_account": "Support Inbox (test)",
			}
		)
		communication.flags.ignore_links = True
		communication.insert(ignore_permissions=True)
		issue.reload()
		self.assertEqual(issue.feedback_source, "E-mail")
		self.assertEqual(issue.sales_order, self.anna_order.sales_order)
		self.assertEqual(issue.delivery_note, self.anna_order.delivery_note)

	def test_communication_without_email_account_changes_nothing(self):
		frappe.set_user("Administrator")
		issue = frappe.get_doc({"doctype": "Issue", "subject": "Desk", "raised_by": ANNA}).insert()
		communication = frappe._dict(
			reference_doctype="Issue",
			reference_name=issue.name,
			communication_medium="Email",
			sent_or_received="Received",
			email_account=None,
			subject="x",
			content=self.anna_order.sales_order,
		)
		link_email_issue(communication)
		self.assertIsNone(frappe.db.get_value("Issue", issue.name, "feedback_source"))
