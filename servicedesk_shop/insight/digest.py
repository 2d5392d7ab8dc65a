"""The insight's part of the managers' daily digest (the app's hook servicedesk_digest_sections): the
week's items with the most complaints and returns, and why shoppers left the cart against the week before.
The figures are in figures.py."""

from collections import Counter

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import add_days, escape_html, get_datetime, getdate

from servicedesk_shop.insight.complaints import get_rows
from servicedesk_shop.insight.figures import reason_changes, top_items


def digest_section(manager: str, teams: list[str]) -> str:
	"""The week's top five items by complaints and returns, and the main exit reasons against the week
	before (the same for every manager: the shop's items and its cart)."""
	today = getdate()
	week = frappe._dict(from_date=add_days(today, -6), to_date=today)
	items = top_items(get_rows(week), 5)
	table = frappe.qb.DocType("Exit Feedback")

	def reasons(start, end):
		return Counter(
			dict(
				(
					frappe.qb.from_(table)
					.select(table.exit_reason, Count("*"))
					.where(table.creation >= start)
					.where(table.creation < end)
					.groupby(table.exit_reason)
				).run()
			)
		)

	this_week = reasons(get_datetime(add_days(today, -6)), get_datetime(add_days(today, 1)))
	last_week = reasons(get_datetime(add_days(today, -13)), get_datetime(add_days(today, -6)))
	changes = reason_changes(this_week, last_week)
	if not items and not changes:
		return ""
	html = ""
	if items:
		html += f"<h4>{escape_html(_('Items with the most complaints and returns this week'))}</h4><ul>"
		for item in items:
			rate = (
				f", {item['return_rate']}% {escape_html(_('returned'))}"
				if item["return_rate"] is not None
				else ""
			)
			sizes = f" ({escape_html(', '.join(item['sizes']))})" if item["sizes"] else ""
			html += (
				f"<li>{escape_html(item['template'])}{sizes}: {item['complaints']} "
				f"{escape_html(_('complaints'))}, {item['returned']:g} {escape_html(_('returned'))}{rate}</li>"
			)
		html += "</ul>"
	if changes:
		html += f"<h4>{escape_html(_('Why shoppers left the cart this week'))}</h4><ul>"
		for change in changes:
			sign = "+" if change["change"] > 0 else ""
			html += (
				f"<li>{escape_html(_(change['reason']))}: {change['count']} "
				f"({sign}{change['change']} {escape_html(_('against the week before'))})</li>"
			)
		html += "</ul>"
	return html
