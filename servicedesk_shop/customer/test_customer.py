# The answer-by promise on a real site: in the intake's answer, the acknowledgement e-mail (read from the
# Email Queue), the tracking page, in English and Russian; the SLA's deadline or the source's typical time.

from datetime import datetime, timedelta
from unittest.mock import patch

import frappe
from frappe.core.doctype.communication.email import make as make_communication
from frappe.email.doctype.email_template.email_template import get_email_template
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, get_datetime, now_datetime

from servicedesk_shop.customer import service as customer
from servicedesk_shop.customer.canned import CANNED, make_canned_answers
from servicedesk_shop.intake import acknowledgement
from servicedesk_shop.intake import service as intake
from servicedesk_shop.intake.sources import clear_source_cache
from servicedesk_shop.testing import (
	ShopTestCase,
	agent_reply,
	as_guest,
	emails_about,
	ensure_outgoing_email_account,
	make_sla,
	tracking_page,
)


def naive(answer_by: str) -> datetime:
	"""`answer_by` of an answer (ISO with the shop's offset) as Frappe's naive system-time datetime."""
	value = datetime.fromisoformat(answer_by)
	assert value.utcoffset() is not None, answer_by  # the offset is there for the API's clients
	return value.replace(tzinfo=None)


class TestAnswerByPromise(ShopTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		frappe.db.set_value("Feedback Source", "Cart", "typical_answer_hours", 3)
		clear_source_cache()
		# the source's typical time where the site has no default SLA (TestGuestPromiseOnTheDefaultSLA)
		no_default_sla = patch.object(customer, "default_sla_deadline", return_value=None)
		no_default_sla.start()
		self.addCleanup(no_default_sla.stop)

	def tearDown(self):
		frappe.local.lang = "en"
		super().tearDown()
		clear_source_cache()

	def submit(self, **data):
		data = {"source": "Cart", "email": "promise@example.net", "message": "Не проходит оплата", **data}
		return as_guest(intake.submit, data)

	def test_the_sla_deadline_is_the_promise(self):
		deadline = add_to_date(now_datetime(), days=2).replace(hour=14, minute=28, second=0, microsecond=0)
		issue = frappe._dict(
			response_by=deadline, creation=deadline, feedback_source="Cart", customer_language="en"
		)
		self.assertEqual(customer.answer_by(issue), deadline)
		self.assertEqual(naive(customer.promise_for(issue)["answer_by"]), deadline)
		self.assertTrue(customer.promise_for(issue)["promise"].startswith("We will answer by 2:30 pm"))
		self.assertTrue(customer.promise_text(issue, "ru").startswith("Мы ответим до 14:30"))

	def test_without_an_sla_the_sources_typical_time(self):
		created = now_datetime()
		issue = frappe._dict(response_by=None, creation=created, feedback_source="Cart")
		self.assertEqual(customer.answer_by(issue), add_to_date(created, hours=3))
		frappe.db.set_value("Feedback Source", "Cart", "typical_answer_hours", 0)
		clear_source_cache()
		self.assertEqual(
			customer.answer_by(issue), add_to_date(created, hours=customer.DEFAULT_TYPICAL_HOURS)
		)

	def test_a_guest_screen_never_shows_the_sla_that_the_customer_may_have(self):
		created = now_datetime().replace(microsecond=0)
		deadline = add_to_date(created, hours=1)
		issue = frappe._dict(response_by=deadline, creation=created, feedback_source="Cart")
		self.assertEqual(customer.answer_by(issue, typed_address=True), add_to_date(created, hours=3))
		self.assertEqual(customer.answer_by(issue), deadline)  # the e-mail to the address, the tracking page

	def test_once_answered_it_says_when(self):
		answered = now_datetime()
		issue = frappe._dict(response_by=add_to_date(answered, hours=2), first_responded_on=answered)
		self.assertIsNone(customer.answer_by(issue))
		self.assertTrue(customer.promise_text(issue, "en").startswith("Answered today at"))
		self.assertTrue(customer.promise_text(issue, "ru").startswith("Ответили сегодня в"))

	def test_the_intakes_answer_holds_the_promise_for_a_guest_too(self):
		result = self.submit(client_token="promise-answer-0001")
		issue = frappe.get_doc("Issue", result["issue"])
		# a guest's screen: the source's typical time (3 hours here), whoever's address it is
		self.assertEqual(naive(result["answer_by"]), customer.answer_by(issue, typed_address=True))
		self.assertEqual(naive(result["answer_by"]) - get_datetime(issue.creation), timedelta(hours=3))
		self.assertTrue(result["promise"].startswith("We will answer by"), result)
		self.assertIsNone(result["track_url"])  # still a guest
		again = self.submit(client_token="promise-answer-0001")  # the same request: the same promise
		self.assertEqual(again["issue"], result["issue"])
		self.assertEqual(again["answer_by"], result["answer_by"])

	def test_the_acknowledgement_e_mail_holds_it_in_the_customers_language(self):
		ensure_outgoing_email_account()
		frappe.local.lang = "ru"
		result = self.submit(client_token="promise-mail-0001", email="promise.ru@example.net")
		mails = emails_about(result["issue"], "promise.ru@example.net")
		self.assertTrue(mails)
		self.assertIn("Мы ответим до", mails[-1].body)

	def test_the_tracking_page_shows_it_until_the_request_is_done(self):
		result = self.submit(client_token="promise-track-0001")
		token = intake.track_token(result["issue"])
		frappe.set_user("Guest")
		context = tracking_page(token)
		self.assertTrue(context.issue, context)
		self.assertTrue((context.promise or "").startswith("We will answer by"), context)
		frappe.set_user("Administrator")
		frappe.db.set_value("Issue", result["issue"], "status", "Resolved")
		frappe.set_user("Guest")
		self.assertIsNone(tracking_page(token).promise)

	def test_the_patch_adds_the_line_to_templates_as_shipped_only(self):
		english, russian = acknowledgement.ENGLISH, acknowledgement.RUSSIAN
		old = {
			t["name"]: t["response"].replace(acknowledgement.PROMISE_LINE, "")
			for t in acknowledgement.TEMPLATES
		}
		frappe.db.set_value("Email Template", english, {"response": old[english], "use_html": 0})
		frappe.db.set_value(
			"Email Template", russian, {"response": "<p>Наш собственный текст</p>", "use_html": 0}
		)
		acknowledgement.add_promise_to_templates()
		self.assertIn("promise", frappe.db.get_value("Email Template", english, "response"))
		self.assertEqual(
			frappe.db.get_value("Email Template", russian, "response"), "<p>Наш собственный текст</p>"
		)


class TestGuestPromiseOnTheDefaultSLA(FrappeTestCase):
	"""A guest's screen promises the default SLA's deadline by ERPNext's own clock, the same for any
	address: a request on Friday evening is promised for Monday morning, not for the night."""

	def tearDown(self):
		frappe.db.rollback()
		clear_source_cache()

	def test_friday_evening_is_promised_for_monday_morning(self):
		weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
		sla = make_sla("Promise Test SLA", days=weekdays, start="09:00:00", end="18:00:00")  # Medium: 1 h
		friday_evening = datetime(2026, 12, 4, 17, 30)
		for customers_own_deadline in (None, datetime(2026, 12, 4, 18, 0)):  # a VIP's SLA, say
			issue = frappe._dict(
				creation=friday_evening, response_by=customers_own_deadline, feedback_source="Cart"
			)
			# 30 minutes on Friday, 30 more from 9 am on Monday
			self.assertEqual(customer.answer_by(issue, typed_address=True), datetime(2026, 12, 7, 9, 30))
		self.assertEqual(customer.answer_by(issue), datetime(2026, 12, 4, 18, 0))  # the e-mail's
		# a source's own priority is the same for every address: Checkout's High answers in 30 minutes
		frappe.db.set_value("Feedback Source", "Checkout", "default_priority", "High")
		clear_source_cache()
		checkout = frappe._dict(creation=friday_evening, response_by=None, feedback_source="Checkout")
		self.assertEqual(customer.answer_by(checkout, typed_address=True), datetime(2026, 12, 4, 18, 0))
		self.assertEqual(
			naive(customer.promise_for(issue, typed_address=True)["answer_by"]), datetime(2026, 12, 7, 9, 30)
		)
		frappe.db.set_value("Service Level Agreement", sla.name, "enabled", 0)
		self.assertEqual(
			customer.answer_by(issue, typed_address=True),
			friday_evening + timedelta(hours=customer.typical_hours("Cart")),
		)


class TestReplyEmails(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		ensure_outgoing_email_account()

	def tearDown(self):
		frappe.db.rollback()

	def test_an_agents_reply_to_the_customer_carries_the_tracking_link(self):
		issue = frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": "Где посылка",
				"raised_by": "reply.ru@example.net",
				"customer_language": "ru",
			}
		).insert()
		agent_reply(issue.name, "<p>Посылка в пути, будет завтра.</p>", "reply.ru@example.net")
		mails = emails_about(issue.name, "reply.ru@example.net")
		self.assertTrue(mails)
		self.assertIn("Посылка в пути", mails[-1].body)
		self.assertIn("/support/track#token=" + intake.track_token(issue.name), mails[-1].body)
		self.assertIn("Следить за обращением", mails[-1].body)  # in the customer's language
		# an e-mail about the request to someone else has no link to the customer's conversation
		agent_reply(issue.name, "<p>Заберите посылку со склада</p>", "courier@example.net")
		courier = emails_about(issue.name, "courier@example.net")
		self.assertTrue(courier)
		self.assertNotIn("/support/track#token=", courier[-1].body)
		# nor one to the customer that also goes to a courier: the link would open the conversation to him
		quoted = (
			f'<blockquote><a href="{intake.track_url(issue.name)}">ссылка</a></blockquote>'  # the last e-mail
		)
		agent_reply(
			issue.name, f"<p>Курьер позвонит вам</p>{quoted}", "reply.ru@example.net, courier@example.net"
		)
		both = emails_about(issue.name, "courier@example.net")
		self.assertIn("Курьер позвонит вам", both[-1].body)
		self.assertNotIn("token=", both[-1].body)


class TestCannedAnswers(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_the_composer_renders_them_with_the_issue(self):
		make_canned_answers()
		self.assertEqual(len(CANNED), 10)  # five cases, in Russian and English
		issue = {
			"name": "ISS-2026-00042",
			"customer_name": "Анна",
			"sales_order": "SAL-ORD-NOT-MADE-7",
			"delivery_note": "MAT-DN-NOT-MADE-3",
			"response_by": "2026-12-02 14:30:00",
		}
		ru = get_email_template("Canned: Delivery Delay (Russian)", frappe.as_json(issue))
		self.assertIn("Здравствуйте, Анна!", ru["message"])
		self.assertIn("SAL-ORD-NOT-MADE-7", ru["message"])
		self.assertIn("14:30, 02.12", ru["message"])
		en = get_email_template("Canned: Where Is My Order", frappe.as_json(issue))
		self.assertIn("Hello Анна", en["message"])
		self.assertIn("MAT-DN-NOT-MADE-3", en["message"])
		self.assertIn("SAL-ORD-NOT-MADE-7", en["subject"])
		bare = get_email_template("Canned: Refund Timing", frappe.as_json({"name": "ISS-1"}))
		self.assertIn("Hello,", bare["message"])  # no name, no order: still reads well
