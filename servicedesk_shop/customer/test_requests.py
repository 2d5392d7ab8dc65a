# My Requests on a real site: a customer sees every request of theirs and of their Customer's contacts,
# never anyone else's, by any name; the conversation holds no internal comment and no e-mail to others.

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.website.utils import get_portal_sidebar_items

from servicedesk_shop.customer.requests import circle_of, may_see, my_requests
from servicedesk_shop.portal import erpnext_issues
from servicedesk_shop.portal.pages import request_context, requests_context
from servicedesk_shop.setup.issues_web_form import ISSUES_WEB_FORM_COLUMNS, set_issues_list_columns
from servicedesk_shop.testing import TwoCustomersTestCase

ANNA = "anna.requests@example.com"
ANNA_COLLEAGUE = "office.requests@example.com"
BORIS = "boris.requests@example.com"


class TestMyRequests(TwoCustomersTestCase):
	anna_email, boris_email = ANNA, BORIS

	@classmethod
	def make_fixtures(cls):
		super().make_fixtures()
		if not frappe.db.exists("Contact Email", {"email_id": ANNA_COLLEAGUE}):
			colleague = frappe.new_doc("Contact")
			colleague.first_name = "Office"
			colleague.add_email(ANNA_COLLEAGUE, is_primary=1)
			colleague.append("links", {"link_doctype": "Customer", "link_name": cls.anna_customer})
			colleague.insert(ignore_permissions=True)

	def setUp(self):
		frappe.set_user("Administrator")
		self.anna = self.issue("Платье маломерит", ANNA)
		self.colleague = self.issue("Счёт для бухгалтерии", ANNA_COLLEAGUE)
		self.for_customer = self.issue(
			"Звонок в магазин", "shop.phone@example.net", customer=self.anna_customer
		)
		self.boris = self.issue("Секрет Бориса", BORIS)

	def issue(self, subject, raised_by, **values):
		return frappe.get_doc(
			{"doctype": "Issue", "subject": subject, "raised_by": raised_by, "description": subject, **values}
		).insert(ignore_permissions=True)

	def test_every_request_of_the_customer_and_nothing_else(self):
		addresses, customers = circle_of(ANNA)
		self.assertEqual(addresses, {ANNA, ANNA_COLLEAGUE})
		self.assertEqual(customers, {self.anna_customer})
		names = [row.name for row in my_requests(ANNA)]
		self.assertIn(self.anna.name, names)
		self.assertIn(self.colleague.name, names)  # another contact of the same Customer
		self.assertIn(self.for_customer.name, names)  # linked to the Customer
		self.assertNotIn(self.boris.name, names)
		self.assertEqual(names.index(self.boris.name) if self.boris.name in names else -1, -1)
		created = [row.creation for row in my_requests(ANNA)]
		self.assertEqual(created, sorted(created, reverse=True))  # newest first
		self.assertEqual([row.name for row in my_requests(BORIS)][:1], [self.boris.name])
		self.assertTrue(all(row.promise for row in my_requests(ANNA) if row.status == "Open"))

	def test_anyone_elses_request_is_not_found_by_its_name(self):
		self.assertTrue(may_see(ANNA, self.anna.name))
		self.assertFalse(may_see(ANNA, self.boris.name))
		self.assertFalse(may_see(ANNA, "ISS-NO-SUCH"))
		self.assertFalse(may_see("Guest", self.anna.name))
		for name in (self.boris.name, "ISS-NO-SUCH", f"{self.boris.name}' or '1'='1"):
			frappe.set_user(ANNA)
			frappe.form_dict.name = name
			context = request_context(frappe._dict())
			self.assertEqual(context.http_status_code, 404)
			self.assertIsNone(context.issue)
			self.assertNotIn("Секрет", json.dumps(context, ensure_ascii=False, default=str))

	def test_the_own_request_page_shows_the_conversation_the_customer_may_see(self):
		for direction, content, recipients, sender in (
			("Sent", "Мы отправили новое платье", ANNA, None),
			("Sent", "Курьерской службе: заберите посылку", "courier@example.net", None),
			("Received", "Спасибо, жду платье", None, ANNA.upper()),  # the customer's own e-mail
			# Frappe files any e-mail whose subject names the request into it: a stranger's too
			("Received", "Ваш заказ задержан, оплатите доставку по ссылке", None, "phisher@example.org"),
		):
			frappe.get_doc(
				{
					"doctype": "Communication",
					"communication_type": "Communication",
					"communication_medium": "Email",
					"sent_or_received": direction,
					"subject": "Re",
					"content": content,
					"recipients": recipients,
					"sender": sender,
					"reference_doctype": "Issue",
					"reference_name": self.anna.name,
				}
			).insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Comment",
				"reference_doctype": "Issue",
				"reference_name": self.anna.name,
				"content": "Внутренняя заметка: клиентка сердится",
			}
		).insert(ignore_permissions=True)
		frappe.set_user(ANNA)
		frappe.form_dict.name = self.anna.name
		context = request_context(frappe._dict())
		self.assertEqual(context.issue.name, self.anna.name)
		shown = " ".join(message.content for message in context.messages)
		self.assertIn("Мы отправили новое платье", shown)
		self.assertNotIn("Курьерской службе", shown)  # an e-mail to someone else
		self.assertIn("Спасибо, жду платье", shown)
		self.assertNotIn("оплатите доставку", shown)  # an e-mail from someone else
		self.assertNotIn("Внутренняя заметка", shown)  # an internal comment
		self.assertEqual(
			context.request_name, self.anna.name
		)  # the reply box names it; the session is the key
		self.assertNotIn("token", context)  # no key on the page for its scripts

	def test_a_guest_is_sent_to_log_in(self):
		frappe.set_user("Guest")
		with self.assertRaises(frappe.Redirect):
			requests_context(frappe._dict())
		self.assertIn("/login", frappe.local.flags.redirect_location)

	def test_erpnexts_issues_list_shows_customers_no_internal_field(self):
		set_issues_list_columns()
		columns = frappe.get_all(
			"Web Form List Column", filters={"parent": "issues"}, pluck="fieldname", order_by="idx asc"
		)
		self.assertEqual(columns, [c[0] for c in ISSUES_WEB_FORM_COLUMNS])
		for internal in ("support_team", "escalation_level", "customer_mood", "routing_reason"):
			self.assertNotIn(internal, columns)

	def test_erpnexts_issues_data_and_page_carry_no_internal_field(self):
		frappe.db.set_value("Issue", self.anna.name, "routing_reason", "SD-INTERNAL-ROUTING")
		frappe.set_user(ANNA)
		rows = erpnext_issues.get_list_data("Issue", web_form_name="issues")
		mine = next(row for row in rows if row.name == self.anna.name)
		self.assertEqual(mine.subject, self.anna.subject)
		self.assertNotIn("SD-INTERNAL", json.dumps(rows, default=str))
		context = frappe._dict(
			reference_doctype="Issue", reference_doc=frappe.get_doc("Issue", self.anna.name).as_dict()
		)
		erpnext_issues.strip_reference_doc(context)
		self.assertEqual(context.reference_doc.subject, self.anna.subject)
		self.assertNotIn("SD-INTERNAL", json.dumps(context.reference_doc, default=str))
		self.assertTrue(set(context.reference_doc) <= erpnext_issues.FIELDS_FOR_CUSTOMERS)

	def test_the_portal_menu_shows_the_customers_pages(self):
		frappe.set_user(ANNA)
		frappe.cache.hdel("portal_menu_items", ANNA)
		routes = [item["route"] for item in get_portal_sidebar_items()]
		for route in ("/support/requests", "/support/new", "/support/return"):
			self.assertIn(route, routes)
