"""A shipped order, as order tracking shows it: a submitted Delivery Note with its transporter (an
ERPNext Supplier marked as transporter) and tracking number. The demo and the tests build it here."""

import frappe
from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note
from frappe.utils import getdate, nowdate


def ensure_transporter(name: str) -> str:
	"""The Supplier called `name` that transports parcels (ERPNext's Delivery Note links it)."""
	supplier = frappe.db.get_value("Supplier", {"supplier_name": name})
	if supplier:
		if not frappe.db.get_value("Supplier", supplier, "is_transporter"):
			frappe.db.set_value("Supplier", supplier, "is_transporter", 1)
		return supplier
	group = frappe.db.get_value("Supplier Group", {"is_group": 0}, "name", order_by="lft asc")
	return (
		frappe.get_doc(
			{"doctype": "Supplier", "supplier_name": name, "supplier_group": group, "is_transporter": 1}
		)
		.insert(ignore_permissions=True)
		.name
	)


def ship_order(
	sales_order: str,
	transporter: str,
	tracking_number: str,
	shipped_on: str | None = None,
	items: dict[str, float] | None = None,
) -> str:
	"""A submitted Delivery Note of `sales_order`'s lines still to ship (or of `items`: {item_code: qty}),
	sent on `shipped_on` (today) by `transporter` (a name) under `tracking_number`. Idempotent: the
	order's submitted Delivery Note with that tracking number is returned when there is one. The stock
	must be there."""
	existing = frappe.db.get_value(
		"Delivery Note",
		{"lr_no": tracking_number, "docstatus": 1, "is_return": 0},
		"name",
	)
	if existing and frappe.db.exists(
		"Delivery Note Item", {"parent": existing, "against_sales_order": sales_order}
	):
		return existing
	note = make_delivery_note(sales_order)
	if items is not None:
		note.items = [row for row in note.items if row.item_code in items]
		for row in note.items:
			row.qty = min(row.qty, items[row.item_code])
	shipped_on = str(getdate(shipped_on or nowdate()))
	if shipped_on != nowdate():
		note.set_posting_time = 1
		note.posting_date = shipped_on
	note.transporter = ensure_transporter(transporter)
	note.lr_no = tracking_number
	note.lr_date = shipped_on
	note.insert(ignore_permissions=True)
	note.submit()
	return note.name
