"""The Service Desk workspace's impact cards: this month's saved orders and saved revenue, the return rate
change of the items with fit advice, and this month's requests per 100 orders. Each reads the month the
job keeps (counted now when the job has not yet) and opens the Service Desk Impact report."""

import frappe
from frappe.utils import get_first_day, get_last_day, getdate, nowdate

from servicedesk_shop.impact.figures import month_key
from servicedesk_shop.impact.months import DOCTYPE, company_currency, count_month
from servicedesk_shop.impact.returns_avoided import fit_advice_change
from servicedesk_shop.service_desk.guards import endpoint

REPORT = "Service Desk Impact"


def this_month() -> frappe._dict:
	key = month_key(getdate(nowdate()))
	return frappe.db.get_value(DOCTYPE, key, "*", as_dict=True) or frappe._dict(count_month(key))


def card(value, fieldtype: str, view: str = "By Month", **extra) -> dict:
	"""A card's answer, opening the report on this month (`view`)."""
	today = getdate(nowdate())
	return {
		"value": value,
		"fieldtype": fieldtype,
		"route": ["query-report", REPORT],
		"route_options": {
			"from_date": str(get_first_day(today)),
			"to_date": str(get_last_day(today)),
			"view": view,
		},
		**extra,
	}


def readable():
	frappe.has_permission(DOCTYPE, "read", throw=True)


@endpoint("GET", "POST")
def saved_orders_card(filters=None) -> dict:
	"""This month's orders the desk saved."""
	readable()
	return card(this_month().saved_orders or 0, "Int")


@endpoint("GET", "POST")
def saved_revenue_card(filters=None) -> dict:
	"""This month's saved orders' value, in the company's currency."""
	readable()
	return card(this_month().saved_revenue or 0, "Currency", options=company_currency())


@endpoint("GET", "POST")
def return_rate_change_card(filters=None) -> dict:
	"""The return rate change of the items with fit advice, before and after it was first shown (points;
	0 while there is not enough data)."""
	readable()
	return card(fit_advice_change() or 0, "Float", view="Returns Avoided", precision=1)


@endpoint("GET", "POST")
def requests_per_100_orders_card(filters=None) -> dict:
	"""This month's requests per 100 orders."""
	readable()
	return card(this_month().requests_per_100_orders or 0, "Float", precision=1)
