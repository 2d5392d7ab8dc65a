# The customer panel of the Issue form on a real site: orders, earlier requests, returns, the total spent;
# each part one query, and none for a role that may not read it.

import frappe
from frappe.tests.utils import FrappeTestCase

from servicedesk_shop import api
from servicedesk_shop.returns.service import draft_return
from servicedesk_shop.testing import ShopTestCase, make_agent, make_customer, make_sales_order

CUSTOMER = "panel.customer@example.com"
AGENT = "agent.panel@example.com"


class TestCustomerPanel(ShopTestCase):
	@classmethod
	def make_fixtures(cls):
		cls.customer = make_customer(CUSTOMER, "Panel Customer")
		make_agent(AGENT)  # Support Team only: no Sales Order, Delivery Note or Sales Invoice access

	def test_the_panel_shows_orders_requests_returns_and_the_total(self):
		item = self.items[("DEMO-WRAP-DRESS", "M")]
		first = make_sales_order(self.customer, item, qty=2, rate=5000, deliver=True, invoice=True)
		make_sales_order(self.customer, item, qty=1, rate=3000)
		row = frappe.get_all("Delivery Note Item", filters={"parent": first.delivery_note}, pluck="name")[0]
		draft_return(
			"Delivery Note", first.delivery_note, {row: 1}, {row: "Size too small"}, None, "Size too small"
		).submit()
		earlier = frappe.get_doc(
			{"doctype": "Issue", "subject": "Раньше", "raised_by": CUSTOMER, "customer": self.customer}
		).insert()
		frappe.db.set_value("Issue", earlier.name, {"status": "Resolved", "csat_rating": 0.8})
		issue = frappe.get_doc(
			{"doctype": "Issue", "subject": "Сейчас", "raised_by": CUSTOMER, "customer": self.customer}
		).insert()

		with self.assertQueryCount(8):
			panel = api.get_customer_panel(issue.name)
		self.assertEqual(panel["customer"], self.customer)
		self.assertEqual(len(panel["orders"]), 2)
		self.assertEqual(
			{o.status for o in panel["orders"]} & {"To Deliver and Bill"}, {"To Deliver and Bill"}
		)
		self.assertEqual([r.name for r in panel["requests"]], [earlier.name])  # not the request itself
		self.assertEqual(panel["requests"][0].stars, 4)
		self.assertEqual(len(panel["returns"]), 1)
		self.assertEqual(panel["returns"][0].return_reason, "Size too small")
		self.assertEqual(
			panel["total_spent"],
			frappe.db.get_value("Sales Invoice", first.sales_invoice, "base_grand_total"),
		)

	def test_an_agent_sees_only_what_they_may_read(self):
		issue = frappe.get_doc(
			{"doctype": "Issue", "subject": "Вопрос", "raised_by": CUSTOMER, "customer": self.customer}
		).insert()
		frappe.set_user(AGENT)
		panel = api.get_customer_panel(issue.name)
		self.assertIn("requests", panel)
		for part in ("orders", "returns", "total_spent"):
			self.assertNotIn(part, panel)

	def test_no_customer_no_panel(self):
		issue = frappe.get_doc(
			{"doctype": "Issue", "subject": "Гость", "raised_by": "guest.panel@example.net"}
		).insert()
		self.assertEqual(api.get_customer_panel(issue.name), {})
