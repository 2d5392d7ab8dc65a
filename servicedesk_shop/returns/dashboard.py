"""The Issues about a Sales Order, Delivery Note or Sales Invoice, on its Connections tab."""

from frappe import _


def with_issues(data, fieldname: str):
	data.setdefault("non_standard_fieldnames", {})["Issue"] = fieldname
	data.setdefault("transactions", []).append({"label": _("Support"), "items": ["Issue"]})
	return data


def sales_order_dashboard(data):
	return with_issues(data, "sales_order")


def delivery_note_dashboard(data):
	return with_issues(data, "delivery_note")


def sales_invoice_dashboard(data):
	return with_issues(data, "sales_invoice")
