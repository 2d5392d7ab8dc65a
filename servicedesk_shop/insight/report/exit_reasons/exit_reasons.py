# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""Why shoppers left the cart or checkout, by reason, page and week: the taps, their share and the
cart value behind each reason. One grouped query over the Exit Feedback of the period (creation
index); the figures are insight.figures.exit_reasons."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Date, Sum
from frappe.utils import add_days, add_to_date, get_datetime, getdate, nowdate

from servicedesk_shop.insight.figures import exit_reasons, week_of
from servicedesk_shop.service_desk.periods import period
from servicedesk_shop.service_desk.reports import chart, column

GROUPS = {
	"Reason": ("reason",),
	"Page and Reason": ("page", "reason"),
	"Week and Reason": ("week", "reason"),
	"Week": ("week",),
}


def execute(filters=None):
	filters = period(filters, days=28)
	group_by = filters.group_by if filters.group_by in GROUPS else "Reason"
	dimensions = GROUPS[group_by]
	rows = exit_reasons(grouped(filters), dimensions)
	currency = filters.currency or default_currency()
	if "week" in dimensions:
		rows.sort(key=lambda row: tuple(str(k) for k in row.key))
	data = []
	for row in rows:
		values = dict(zip(dimensions, row.key, strict=True))
		data.append(
			{
				"week": values.get("week"),
				"page": _(values["page"]) if values.get("page") else None,
				"reason": values.get("reason"),
				"reason_label": _(values["reason"]) if values.get("reason") else None,
				"count": row.count,
				"share": row.share,
				"cart_value": row.cart_value,
				"average_cart": row.average_cart,
				"currency": currency,
			}
		)
	return get_columns(dimensions), data, None, get_chart(data, dimensions), get_summary(rows)


def grouped(filters) -> list[dict]:
	"""Exit Feedback counted by day, page and reason in SQL (a few hundred rows for 200,000 taps)."""
	table = frappe.qb.DocType("Exit Feedback")
	day = Date(table.creation)
	# every tap counts; the cart values of one currency only: the chosen one, the company's by default
	# (a tap without one counts in the default)
	currency = filters.currency or default_currency()
	in_currency = table.currency == currency
	if currency == default_currency():
		in_currency = in_currency | table.currency.isnull() | (table.currency == "")
	query = (
		frappe.qb.from_(table)
		.select(
			day.as_("day"),
			table.page,
			table.exit_reason,
			Count("*").as_("count"),
			Sum(Case().when(in_currency, 1).else_(0)).as_("priced"),
			Sum(Case().when(in_currency, table.cart_value).else_(0)).as_("cart_value"),
		)
		.where(table.creation >= get_datetime(filters.from_date))
		.where(table.creation < add_to_date(get_datetime(filters.to_date), days=1))
		.groupby(day, table.page, table.exit_reason)
	)
	if filters.page:
		query = query.where(table.page == filters.page)
	if filters.exit_reason:
		query = query.where(table.exit_reason == filters.exit_reason)
	return [
		{
			"week": str(week_of(getdate(row.day))),
			"page": row.page,
			"reason": row.exit_reason,
			"count": row.count,
			"priced": int(row.priced or 0),
			"cart_value": row.cart_value or 0,
		}
		for row in query.run(as_dict=True)
	]


def default_currency() -> str | None:
	return frappe.db.get_default("currency")


def get_columns(dimensions) -> list[dict]:
	columns = []
	if "week" in dimensions:
		columns.append(column("week", _("Week"), "Data", 110))
	if "page" in dimensions:
		columns.append(column("page", _("Page"), "Data", 110))
	if "reason" in dimensions:
		columns.append(column("reason_label", _("Reason"), "Data", 200))
	return [
		*columns,
		column("count", _("Shoppers"), "Int", 100),
		column("share", _("Share %"), "Percent", 100),
		# in the report's currency (each row names it), not the company's symbol on another's sums
		column("cart_value", _("Cart Value"), "Currency", 140, "currency"),
		column("average_cart", _("Average Cart"), "Currency", 130, "currency"),
	]


def get_chart(data, dimensions):
	if not data:
		return None
	if dimensions == ("week", "reason"):
		weeks = sorted({row["week"] for row in data})
		reasons = sorted({row["reason"] for row in data})
		counts = {(row["week"], row["reason"]): row["count"] for row in data}
		return chart(
			weeks,
			{_(reason): [counts.get((week, reason), 0) for week in weeks] for reason in reasons},
			stacked=True,
		)
	labels = [
		" · ".join(str(row[d if d != "reason" else "reason_label"] or "") for d in dimensions)
		for row in data[:12]
	]
	return chart(labels, {_("Shoppers"): [row["count"] for row in data[:12]]}, ["#ff5858"])


def get_summary(rows):
	count = sum(row.count for row in rows)
	value = sum(row.cart_value for row in rows)
	return [
		{"label": _("Shoppers Who Told Why"), "value": count, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Cart Value Left"), "value": value, "datatype": "Currency", "indicator": "Red"},
	]
