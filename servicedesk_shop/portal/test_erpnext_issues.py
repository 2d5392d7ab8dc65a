# ERPNext's /issues on a real site, from the customer's side: a request is filed and edited under the
# customer's own Customer whatever the form posts, the list filters only by what the customer sees, and a
# print of a request is refused to them by whatever route it is asked. HTTP tests: tests/http.

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.website.doctype.web_form.web_form import accept
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from servicedesk_shop.portal import erpnext_issues
from servicedesk_shop.testing import TwoCustomersTestCase, make_agent

ANNA = "anna.webform@example.com"
BORIS = "boris.webform@example.com"
SHOP = "shop.webform@example.com"


class TestErpnextIssues(TwoCustomersTestCase):
	anna_email, boris_email = ANNA, BORIS

	@classmethod
	def make_fixtures(cls):
		super().make_fixtures()
		make_agent(SHOP, roles=("Service Desk Integration",))

	def tearDown(self):
		frappe.local.form_dict = frappe._dict()
		super().tearDown()

	def file(self, **data):
		return accept("issues", json.dumps({"subject": "Webform", "description": "Hello", **data}))

	def test_a_request_is_filed_under_the_customers_own_customer(self):
		frappe.set_user(ANNA)
		doc = self.file(customer=self.boris_customer)
		frappe.set_user("Administrator")
		stored = frappe.db.get_value("Issue", doc.name, ["customer", "contact", "raised_by"], as_dict=True)
		self.assertEqual(stored.customer, self.anna_customer)
		self.assertEqual(stored.raised_by, ANNA)
		self.assertEqual(
			frappe.db.get_value(
				"Dynamic Link", {"parent": stored.contact, "link_doctype": "Customer"}, "link_name"
			),
			self.anna_customer,
		)

	def test_an_edit_keeps_the_requests_customer(self):
		frappe.set_user(ANNA)
		doc = self.file()
		self.file(name=doc.name, subject="Edited", customer=self.boris_customer)
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Issue", doc.name, ["customer", "subject"]), (self.anna_customer, "Edited")
		)

	def test_desk_users_and_the_shops_integration_name_the_customer(self):
		for user in ("Administrator", SHOP):
			frappe.set_user(user)
			doc = frappe.get_doc(
				{
					"doctype": "Issue",
					"subject": "For Boris",
					"raised_by": BORIS,
					"customer": self.boris_customer,
				}
			).insert(ignore_permissions=True)
			self.assertEqual(doc.customer, self.boris_customer)

	def test_the_list_filters_only_by_what_the_customer_sees(self):
		frappe.set_user(ANNA)
		erpnext_issues.check_customer_filters("Issue", None, {"status": "Open", "web_form_name": "issues"})
		for filters in ({"customer_mood": "Angry"}, {"_assign": ["like", "%"]}, {"pathname": "issues"}):
			with self.assertRaises(frappe.PermissionError):
				erpnext_issues.check_customer_filters("Issue", None, filters)
		with self.assertRaises(frappe.PermissionError):
			erpnext_issues.get_list_data("issue", web_form_name="issues", routing_reason='["like", "%"]')
		frappe.set_user("Administrator")
		erpnext_issues.check_customer_filters("Issue", None, {"customer_mood": "Angry"})

	def test_a_print_is_named_by_what_it_asks(self):
		self.assertTrue(erpnext_issues.names_issue("Issue"))
		self.assertTrue(erpnext_issues.names_issue("issue"))
		self.assertFalse(erpnext_issues.names_issue("Issue Type"))
		self.assertFalse(erpnext_issues.names_issue(["Issue"]))
		self.assertTrue(erpnext_issues.runs_print("frappe.utils.print_format.download_pdf"))
		self.assertTrue(
			erpnext_issues.runs_print(
				"erpnext.buying.doctype.request_for_quotation.request_for_quotation.download_pdf"
			)
		)
		self.assertFalse(erpnext_issues.runs_print("frappe.client.get_list"))
		self.assertFalse(erpnext_issues.runs_print("no.such.module"))
		self.assertEqual(erpnext_issues.named_doctypes('{"Issue": ["ISS-1"]}'), ["Issue"])
		self.assertEqual(erpnext_issues.named_doctypes({"doctype": "Issue", "name": "x"}), ["Issue"])

		def ask(path, **form):
			frappe.local.form_dict = frappe._dict(form)
			return erpnext_issues.requested_method(Request(EnvironBuilder(path=path).get_environ()))

		self.assertEqual(
			ask("/api/v1/method/frappe.utils.print_format.download_pdf"),
			"frappe.utils.print_format.download_pdf",
		)
		self.assertEqual(
			ask("/api/v2/method/Request for Quotation/download_pdf"),
			"erpnext.buying.doctype.request_for_quotation.request_for_quotation.download_pdf",
		)
		self.assertEqual(
			ask("/me", cmd="frappe.www.printview.get_html_and_style"),
			"frappe.www.printview.get_html_and_style",
		)
		self.assertIsNone(ask("/api/resource/Issue"))
