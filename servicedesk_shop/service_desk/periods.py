"""The period a query report covers, read from its filters the same way by every report of the app."""

import frappe
from frappe.utils import add_days, getdate, nowdate


def period(filters, days: int) -> frappe._dict:
	"""The report's filters with `from_date` and `to_date` as dates: unless given, the last `days` days up
	to today."""
	filters = frappe._dict(filters or {})
	filters.from_date = getdate(filters.from_date or add_days(nowdate(), -days))
	filters.to_date = getdate(filters.to_date or nowdate())
	return filters
