# Returns and exchanges on a real site: ERPNext's own return documents, limits, portal, report.

import base64

import frappe
from frappe.desk.notifications import get_open_count
from frappe.tests.utils import FrappeTestCase
from frappe.utils import flt, nowdate

from servicedesk_shop import api
from servicedesk_shop.intake import service as intake
from servicedesk_shop.intake.service import IntakePermissionError, IntakeValidationError
from servicedesk_shop.returns import service as returns
from servicedesk_shop.testing import (
	SIZE_ATTRIBUTE,
	ShopTestCase,
	default_warehouse,
	ensure_company,
	ensure_shop_setup,
	make_customer,
	make_sales_order,
	make_sized_item,
)

VERA = "vera.returns@example.com"
GLEB = "gleb.returns@example.com"
# a real 1x1 PNG: photos are checked by what their bytes are
PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def linked_count(doctype, name, linked_doctype) -> int:
	"""How many `linked_doctype` documents the Connections tab of `doctype` `name` counts."""
	found = get_open_count(doctype, name)["count"]["external_links_found"]
	return next((entry["count"] for entry in found if entry["doctype"] == linked_doctype), 0)


class TestReturns(ShopTestCase):
	@classmethod
	def make_fixtures(cls):
		cls.dress_m = cls.items[("DEMO-WRAP-DRESS", "M")]
		cls.bra_s = cls.items[("DEMO-LACE-BRA", "S")]
		cls.vera = make_customer(VERA, "Vera Returns", with_user=True)
		cls.gleb = make_customer(GLEB, "Gleb Returns", with_user=True)

	def setUp(self):
		frappe.set_user("Administrator")
		self.delivered = make_sales_order(
			self.vera,
			self.dress_m,
			qty=2,
			rate=4990,
			deliver=True,
			invoice=True,
			po_no="WEB-" + frappe.generate_hash(length=6),  # the exchange order must not copy it
		)
		self.invoiced = make_sales_order(self.vera, self.bra_s, qty=1, rate=2490, invoice=True)

	def issue_for(self, order, **values):
		issue = frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": "Возврат",
				"raised_by": VERA,
				"customer": self.vera,
				"sales_order": order.sales_order,
				**values,
			}
		).insert()
		lines = api.get_order_lines(issue.name)
		api.add_order_lines(issue.name, [line["row"] for line in lines])
		return frappe.get_doc("Issue", issue.name)

	def test_the_intake_fills_the_line_the_customer_named(self):
		frappe.set_user("Guest")
		answer = intake.submit(
			{
				"source": "Product Page",
				"email": VERA,
				"message": f"Платье из {self.delivered.sales_order} маломерит",
				"item_code": self.dress_m,
			}
		)
		frappe.set_user("Administrator")
		(line,) = frappe.get_doc("Issue", answer["issue"]).order_lines
		self.assertEqual((line.item_code, line.variant, line.qty), (self.dress_m, "M", 1))
		self.assertEqual(line.delivery_note, self.delivered.delivery_note)
		self.assertTrue(line.dn_detail and line.so_detail)

	def test_order_lines_say_what_can_come_back(self):
		lines = api.get_order_lines(self.issue_for(self.delivered).name)
		(line,) = lines
		self.assertEqual(
			(line["doctype"], line["parent"], line["qty"], line["returnable"]),
			("Delivery Note", self.delivered.delivery_note, 2, 2),
		)
		(invoiced,) = api.get_order_lines(self.issue_for(self.invoiced).name)
		self.assertEqual(
			(invoiced["doctype"], invoiced["parent"]), ("Sales Invoice", self.invoiced.sales_invoice)
		)

	def test_partial_and_repeated_returns_up_to_the_delivered_qty(self):
		issue = self.issue_for(self.delivered)
		line = issue.order_lines[0].name
		(first,) = api.make_return(issue.name, [{"line": line, "qty": 1, "reason": "Size too small"}])
		doc = frappe.get_doc("Delivery Note", first)
		self.assertEqual(
			(doc.is_return, doc.docstatus, doc.return_against, doc.issue),
			(1, 0, self.delivered.delivery_note, issue.name),
		)
		self.assertEqual(
			[(i.item_code, i.qty, i.return_reason) for i in doc.items], [(self.dress_m, -1, "Size too small")]
		)
		doc.submit()
		self.assertIn(
			"submitted",
			frappe.get_all(
				"Comment", filters={"reference_name": issue.name}, pluck="content", order_by="creation desc"
			)[0],
		)

		api.make_return(issue.name, [{"line": line, "qty": 1}])  # the second one, a draft
		with self.assertRaises(frappe.ValidationError) as raised:
			api.make_return(issue.name, [{"line": line, "qty": 1}])
		self.assertIn("At most 0", str(raised.exception))

	def test_more_than_delivered_is_refused(self):
		issue = self.issue_for(self.delivered)
		with self.assertRaises(frappe.ValidationError) as raised:
			api.make_return(issue.name, [{"line": issue.order_lines[0].name, "qty": 3}])
		self.assertIn("At most 2", str(raised.exception))
		self.assertFalse(frappe.db.exists("Delivery Note", {"issue": issue.name}))

	def test_invoiced_only_goods_come_back_on_a_credit_note(self):
		issue = self.issue_for(self.invoiced)
		(note,) = api.make_return(
			issue.name, [{"line": issue.order_lines[0].name, "qty": 1, "reason": "Changed mind"}]
		)
		doc = frappe.get_doc("Sales Invoice", note)
		self.assertEqual(
			(doc.is_return, doc.return_against, doc.issue), (1, self.invoiced.sales_invoice, issue.name)
		)
		self.assertEqual([(i.item_code, i.qty) for i in doc.items], [(self.bra_s, -1)])

	def test_exchange_for_another_size_in_stock(self):
		issue = self.issue_for(self.delivered)
		result = api.make_exchange(issue.name, issue.order_lines[0].name, SIZE_ATTRIBUTE, "L", 1)
		self.assertTrue(result["available"])
		order = frappe.get_doc("Sales Order", result["sales_order"])
		self.assertEqual(
			([i.item_code for i in order.items], order.customer, order.issue, order.docstatus),
			([self.items[("DEMO-WRAP-DRESS", "L")]], self.vera, issue.name, 0),
		)
		self.assertEqual(flt(order.items[0].rate), 4990)
		(ret,) = result["returns"]
		self.assertEqual(frappe.db.get_value("Delivery Note", ret, "issue"), issue.name)

	def test_exchange_without_stock_makes_nothing_and_says_so(self):
		xs = self.items[("DEMO-WRAP-DRESS", "XS")]
		warehouse = default_warehouse(ensure_company())
		projected = flt(
			frappe.db.get_value("Bin", {"item_code": xs, "warehouse": warehouse}, "projected_qty")
		)
		make_sales_order(self.gleb, xs, qty=projected + 1)  # reserves all of it
		issue = self.issue_for(self.delivered)
		result = api.make_exchange(issue.name, issue.order_lines[0].name, SIZE_ATTRIBUTE, "XS", 1)
		self.assertFalse(result["available"])
		self.assertIn("not available", result["message"])
		self.assertFalse(frappe.db.exists("Sales Order", {"issue": issue.name}))
		self.assertFalse(frappe.db.exists("Delivery Note", {"issue": issue.name}))

	def test_customer_asks_for_a_return_of_their_own_lines_only(self):
		foreign = make_sales_order(self.gleb, self.dress_m, qty=1, deliver=True)
		own_row = next(l["row"] for l in returns.order_lines(self.delivered.sales_order))
		foreign_row = next(l["row"] for l in returns.order_lines(foreign.sales_order))

		frappe.set_user(VERA)
		with self.assertRaises(IntakePermissionError):
			api.request_return([{"row": foreign_row, "qty": 1}], "Size too small", "")
		with self.assertRaises(IntakeValidationError):
			api.request_return([{"row": own_row, "qty": 5}], "Size too small", "")
		with self.assertRaises(IntakeValidationError):
			api.request_return([{"row": own_row, "qty": 1}], "No such reason", "")
		with self.assertRaises(IntakeValidationError):
			api.request_return(
				[{"row": own_row, "qty": 1}],
				"Size too small",
				"",
				{"name": "x.exe", "data": "data:application/x-msdownload;base64,AAAA"},
			)
		# bytes that only start like a PNG, or an SVG (script) sent as a PNG: not an image
		for forged in (
			b"\x89PNG\r\n\x1a\n" + b"0" * 64,
			b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
		):
			with self.assertRaises(IntakeValidationError):
				api.request_return(
					[{"row": own_row, "qty": 1}],
					"Size too small",
					"",
					{"name": "p.png", "data": "data:image/png;base64," + base64.b64encode(forged).decode()},
				)
		answer = api.request_return(
			[{"row": own_row, "qty": 1}],
			"Size too small",
			"Маломерит на размер",
			{"name": "photo.png", "data": PNG},
		)
		frappe.set_user("Administrator")

		issue = frappe.get_doc("Issue", answer["issue"])
		self.assertEqual(
			(issue.feedback_source, issue.issue_type, issue.customer, issue.sales_order),
			("Returns", "Size and Fit", self.vera, self.delivered.sales_order),
		)
		(line,) = issue.order_lines
		self.assertEqual((line.dn_detail, line.qty, line.return_reason), (own_row, 1, "Size too small"))
		self.assertTrue(
			frappe.db.exists(
				"File", {"attached_to_doctype": "Issue", "attached_to_name": issue.name, "is_private": 1}
			)
		)
		# staff approve it into the return
		(ret,) = api.make_return(issue.name, [{"line": line.name, "qty": 1}])
		self.assertEqual(
			frappe.db.get_value("Delivery Note Item", {"parent": ret}, "return_reason"), "Size too small"
		)

		frappe.set_user("Guest")
		with self.assertRaises(IntakePermissionError):
			api.request_return([{"row": own_row, "qty": 1}], "Size too small", "")

	def test_documents_show_their_issues_and_issue_its_returns(self):
		issue = self.issue_for(
			self.delivered,
			delivery_note=self.delivered.delivery_note,
			sales_invoice=self.delivered.sales_invoice,
		)
		api.make_return(issue.name, [{"line": issue.order_lines[0].name, "qty": 1}])
		for doctype, name in (
			("Sales Order", self.delivered.sales_order),
			("Delivery Note", self.delivered.delivery_note),
			("Sales Invoice", self.delivered.sales_invoice),
		):
			self.assertGreaterEqual(linked_count(doctype, name, "Issue"), 1, doctype)
		self.assertEqual(linked_count("Issue", issue.name, "Delivery Note"), 1)


REPORT = "Returns by Item, Size and Reason"
# where Frappe looks for it: the report's name, scrubbed (the comma stays)
REPORT_MODULE = (
	"servicedesk_shop.returns.report.returns_by_item,_size_and_reason.returns_by_item,_size_and_reason"
)


class TestReturnsReport(FrappeTestCase):
	def test_figures_match_hand_counted_data(self):
		execute = frappe.get_attr(REPORT_MODULE + ".execute")

		frappe.set_user("Administrator")
		ensure_shop_setup()
		group = frappe.get_doc(
			{
				"doctype": "Item Group",
				"item_group_name": "Report Tees " + frappe.generate_hash(length=4),
				"parent_item_group": "All Item Groups",
			}
		).insert()
		template = "RTEE-" + frappe.generate_hash(length=5)
		variants = make_sized_item(template, "Report Tee", sizes=("M", "L"), item_group=group.name)
		customer = make_customer("report.returns@example.com", "Report Returns")
		m = make_sales_order(customer, variants["M"], qty=4, rate=1000, deliver=True)
		l_order = make_sales_order(customer, variants["L"], qty=2, rate=1000, deliver=True)
		for order, qty, reason in (
			(m, 1, "Size too small"),
			(m, 1, "Size too small"),
			(l_order, 1, "Quality or defect"),
		):
			issue = frappe.get_doc(
				{
					"doctype": "Issue",
					"subject": "r",
					"raised_by": "report.returns@example.com",
					"customer": customer,
					"sales_order": order.sales_order,
					"item_code": variants["M"],
				}
			).insert()
			api.add_order_lines(issue.name, [returns.order_lines(order.sales_order)[0]["row"]])
			issue.reload()
			(ret,) = api.make_return(
				issue.name, [{"line": issue.order_lines[0].name, "qty": qty, "reason": reason}]
			)
			frappe.get_doc("Delivery Note", ret).submit()

		columns, data, _message, chart = execute(
			{"from_date": nowdate(), "to_date": nowdate(), "item_group": group.name}
		)
		got = {(r["template"], r["size"], r["reason"]): r for r in data}
		small = got[(template, "M", "Size too small")]
		self.assertEqual(
			(
				small["returned_qty"],
				small["returned_value"],
				small["delivered_qty"],
				small["share_returned"],
				small["issues"],
			),
			(2, 2000, 4, 50.0, 3),
		)
		quality = got[(template, "L", "Quality or defect")]
		self.assertEqual(
			(quality["returned_qty"], quality["delivered_qty"], quality["share_returned"]), (1, 2, 50.0)
		)
		self.assertEqual(len(data), 2)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [2, 1])
		self.assertEqual([c["fieldname"] for c in columns][:3], ["template", "size", "reason"])
		frappe.db.rollback()
