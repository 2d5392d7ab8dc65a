"""The Service Desk workspace's impact cards: the last 30 days' saved orders, saved revenue and requests
per 100 orders, and the return rate change of the items with fit advice. Each is one or two indexed
queries over the 30 days (a calendar month's card would read nought on the first of the month) and
opens the Service Desk Impact report."""

import frappe
from frappe.query_builder.functions import Count, Sum
from frappe.utils import add_days, getdate, nowdate

from servicedesk_shop.impact.figures import per_hundred
from servicedesk_shop.impact.months import DOCTYPE, company_currency, order_totals
from servicedesk_shop.impact.returns_avoided import fit_advice_change
from servicedesk_shop.service_desk.guards import endpoint

REPORT = "Service Desk Impact"
DAYS = 30


def last_days() -> tuple:
	today = getdate(nowdate())
	return add_days(today, 1 - DAYS), today


def card(value, fieldtype: str, view: str = "By Month", **extra) -> dict:
	"""A card's answer, opening the report on the months of the last 30 days (`view`)."""
	first, last = last_days()
	return {
		"value": value,
		"fieldtype": fieldtype,
		"route": ["query-report", REPORT],
		"route_options": {"from_date": str(first), "to_date": str(last), "view": view},
		**extra,
	}


def readable():
	frappe.has_permission(DOCTYPE, "read", throw=True)


def saved() -> tuple[int, float]:
	"""The orders saved in the last 30 days (by their date) and their value in the company's currency."""
	first, last = last_days()
	table = frappe.qb.DocType("Service Desk Conversion")
	count, value = (
		frappe.qb.from_(table).select(Count("*"), Sum(table.base_value)).where(table.order_date[first:last])
	).run()[0]
	return int(count or 0), float(value or 0)


@endpoint("GET", "POST")
def saved_orders_card(filters=None) -> dict:
	"""The orders the desk saved in the last 30 days."""
	readable()
	return card(saved()[0], "Int")


@endpoint("GET", "POST")
def saved_revenue_card(filters=None) -> dict:
	"""Their value, in the company's currency."""
	readable()
	return card(saved()[1], "Currency", options=company_currency())


@endpoint("GET", "POST")
def return_rate_change_card(filters=None) -> dict:
	"""The return rate change of the items with fit advice, before and after it was first shown (points;
	0 while there is not enough data)."""
	readable()
	return card(fit_advice_change() or 0, "Float", view="Returns Avoided", precision=1)


@endpoint("GET", "POST")
def requests_per_100_orders_card(filters=None) -> dict:
	"""The last 30 days' requests per 100 orders."""
	readable()
	first, last = last_days()
	issue = frappe.qb.DocType("Issue")
	requests = (frappe.qb.from_(issue).select(Count("*")).where(issue.opening_date[first:last])).run()[0][0]
	return card(per_hundred(int(requests or 0), order_totals(first, last)[0]) or 0, "Float", precision=1)
