"""The customer panel in the Issue form: who is writing, at a glance. Each part is one query on an index of
ERPNext's (`customer` on Sales Order, Delivery Note, Sales Invoice and Issue), limited, so the panel costs
the same with 100,000 Issues as with 100 (benchmarks/customer_panel_benchmark.py).

A part is shown only to those who may read its doctype (an agent without Sales Order access sees no
orders)."""

import frappe
from frappe.query_builder import Order
from frappe.query_builder.functions import Count, Min, Sum

from servicedesk_shop.customer.rating import stars_from_fraction

ORDERS = 5
REQUESTS = 10
RETURNS = 5


def customer_panel(issue) -> dict:
	customer = issue.get("customer")
	if not customer:
		return {}
	name, since = frappe.get_cached_value("Customer", customer, ["customer_name", "creation"]) or (
		customer,
		None,
	)
	panel = {"customer": customer, "customer_name": name, "customer_since": since}
	if frappe.has_permission("Sales Order", "read"):
		panel["orders"] = last_orders(customer)
	if frappe.has_permission("Issue", "read"):
		panel["requests"] = earlier_requests(customer, issue.get("name"))
	if frappe.has_permission("Delivery Note", "read"):
		panel["returns"] = returns(customer)
	if frappe.has_permission("Sales Invoice", "read"):
		panel.update(spent(customer))
	return panel


def newest_submitted(doctype: str, customer: str, date_field: str, fields: list[str], limit: int, **where):
	"""The customer's newest submitted documents of `doctype` by `date_field`, with `where`'s values."""
	doc = frappe.qb.DocType(doctype)
	query = (
		frappe.qb.from_(doc)
		.select(doc.name, doc[date_field], *(doc[field] for field in fields))
		.where(doc.customer == customer)
		.where(doc.docstatus == 1)
	)
	for field, value in where.items():
		query = query.where(doc[field] == value)
	return (
		query.orderby(doc[date_field], order=Order.desc).orderby(doc.name, order=Order.desc).limit(limit)
	).run(as_dict=True)


def last_orders(customer: str) -> list[dict]:
	return newest_submitted(
		"Sales Order",
		customer,
		"transaction_date",
		["status", "grand_total", "currency", "per_delivered", "per_billed"],
		ORDERS,
	)


def earlier_requests(customer: str, current: str | None) -> list[dict]:
	issue = frappe.qb.DocType("Issue")
	query = (
		frappe.qb.from_(issue)
		.select(
			issue.name, issue.subject, issue.issue_type, issue.status, issue.opening_date, issue.csat_rating
		)
		.where(issue.customer == customer)
		.orderby(issue.creation, order=Order.desc)
		.limit(REQUESTS)
	)
	if current:
		query = query.where(issue.name != current)
	rows = query.run(as_dict=True)
	for row in rows:
		row.stars = stars_from_fraction(row.pop("csat_rating"))
	return rows


def returns(customer: str) -> list[dict]:
	return newest_submitted(
		"Delivery Note",
		customer,
		"posting_date",
		["return_against", "grand_total", "currency", "return_reason"],
		RETURNS,
		is_return=1,
	)


def spent(customer: str) -> dict:
	"""The net of the customer's submitted invoices (credit notes count negative), their number and the
	first one's date, in company currency."""
	invoice = frappe.qb.DocType("Sales Invoice")
	total, count, first = (
		frappe.qb.from_(invoice)
		.select(Sum(invoice.base_grand_total), Count("*"), Min(invoice.posting_date))
		.where(invoice.customer == customer)
		.where(invoice.docstatus == 1)
	).run()[0]
	return {"total_spent": total or 0, "invoices": count, "first_invoice": first}
