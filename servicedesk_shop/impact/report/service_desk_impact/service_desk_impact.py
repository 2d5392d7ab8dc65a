# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""What the service desk earned and cost, by month: the orders it saved and their revenue, the orders and
requests, first-contact resolution, reopen rate, answer and resolution times, agent hours, the fit advice
shown and the return rate of the advised items (the months the job keeps, impact.months); the return rates
before and after each change (Returns Avoided, impact.returns_avoided); and the saved orders by team,
agent, source, category, exit reason or kind of contact (the conversions, impact.conversions). Every
figure links to the documents behind it (`_links`: the list and its filters, which the report's script
turns into a link)."""

import frappe
from frappe import _
from frappe.query_builder.functions import Avg, Count, Sum
from frappe.utils import add_months, escape_html, get_first_day, get_last_day, getdate, nowdate

from servicedesk_shop.impact.figures import month_bounds, month_key, months_between, per_hundred
from servicedesk_shop.impact.months import DOCTYPE as MONTH
from servicedesk_shop.impact.months import company_currency, count_month, enqueue_update
from servicedesk_shop.impact.returns_avoided import change_rows, fit_advice_change
from servicedesk_shop.impact.windows import MIN_DELIVERED, MIN_WINDOW_DAYS
from servicedesk_shop.insight.figures import percent
from servicedesk_shop.service_desk.reports import chart, column

VIEWS = ["By Month", "Returns Avoided", "By Team", "By Agent", "By Source", "By Category", "By Exit Reason"]
DIMENSIONS = {
	"By Team": ("team", "Team"),
	"By Agent": ("agent", "Agent"),
	"By Source": ("source", "Source"),
	"By Category": ("category", "Category"),
	"By Exit Reason": ("exit_reason", "Exit Reason"),
}
COMPLAINTS_REPORT = "Complaints and Returns by Item, Size and Reason"
RESOLVED = ["in", ["Resolved", "Closed"]]


def execute(filters=None):
	filters = months_of(filters)
	view = filters.view if filters.view in VIEWS else VIEWS[0]
	if view == "Returns Avoided":
		return returns_avoided_view()
	if view in DIMENSIONS:
		return dimension_view(filters, *DIMENSIONS[view])
	return month_view(filters)


MAX_MONTHS = 60


def months_of(filters) -> frappe._dict:
	"""The filters with whole months: from the first day of From Date's month to the last of To Date's
	(the last twelve months unless given)."""
	filters = frappe._dict(filters or {})
	today = getdate(nowdate())
	try:
		from_date = getdate(filters.from_date or add_months(today, -11))
		to_date = getdate(filters.to_date or today)
	except (TypeError, ValueError):
		frappe.throw(_("From Date and To Date must be dates."), frappe.ValidationError)
	# at most five years, and nothing after this month: each month is a row (and a future one has nothing)
	filters.to_date = get_last_day(min(to_date, today))
	filters.from_date = max(
		get_first_day(from_date), get_first_day(add_months(filters.to_date, -(MAX_MONTHS - 1)))
	)
	if filters.from_date > filters.to_date:
		# a From Date after the To Date, or after this month: no month to show (and none to total)
		frappe.throw(_("From Date must not be after To Date or this month."), frappe.ValidationError)
	return filters


def between(first, last) -> list:
	return ["between", [str(first), str(last)]]


# --- by month -----------------------------------------------------------------------------------------


def month_rows(filters) -> list[frappe._dict]:
	"""The months of the period as the job counted them. The current month, when the job has not counted
	it yet, is counted now; an earlier one shows empty, marked `missing`, and the job is asked to count it
	(a month of a large shop takes a second or so)."""
	keys = months_between(filters.from_date, filters.to_date)
	stored = {
		row.month: row
		for row in frappe.get_all(MONTH, filters={"month": ["in", keys]}, fields=["*"], limit_page_length=0)
	}
	current = month_key(getdate(nowdate()))
	rows = []
	for key in keys:
		if key in stored:
			rows.append(stored[key])
		elif key == current:
			rows.append(frappe._dict(count_month(key)))
		else:
			rows.append(frappe._dict(month=key, missing=1))
	if any(row.get("missing") for row in rows):
		enqueue_update()
	return rows


def month_view(filters):
	rows = month_rows(filters)
	currency = company_currency()
	data = [month_line(row, currency) for row in rows]
	data.append(total_line(rows, currency))
	return (
		month_columns(),
		data,
		stale_note(rows),
		chart(
			[row.month for row in rows],
			{_("Saved Revenue"): [row.saved_revenue or 0 for row in rows]},
			kind="bar",
			colors=["#2f9e44"],
		),
		summary(rows, currency),
	)


def month_links(first, last) -> dict:
	"""{column: (doctype or report, filters)}: the documents behind each figure of a month."""
	conversions = ("Service Desk Conversion", {"order_date": between(first, last)})
	opened = {"opening_date": between(first, last)}
	return {
		"saved_orders": conversions,
		"saved_revenue": conversions,
		"saved_by_requests": (conversions[0], {**conversions[1], "contact_doctype": "Issue"}),
		"saved_by_exit_feedback": (conversions[0], {**conversions[1], "contact_doctype": "Exit Feedback"}),
		"saved_by_self_service": (
			conversions[0],
			{**conversions[1], "contact_doctype": "Self Service Resolution"},
		),
		"orders": ("Sales Order", {"docstatus": 1, "transaction_date": between(first, last)}),
		"order_value": ("Sales Order", {"docstatus": 1, "transaction_date": between(first, last)}),
		"requests": ("Issue", opened),
		"requests_per_100_orders": ("Issue", opened),
		"share_orders_with_request": ("Issue", {**opened, "sales_order": ["is", "set"]}),
		"first_contact_resolution": ("Issue", {**opened, "status": RESOLVED, "reopen_count": 0}),
		"reopen_rate": ("Issue", {**opened, "reopen_count": [">", 0]}),
		"median_first_answer_hours": ("Issue", {**opened, "first_responded_on": ["is", "set"]}),
		"median_resolution_hours": ("Issue", {**opened, "status": RESOLVED}),
		"agent_hours": ("Issue", {**opened, "status": RESOLVED, "_assign": ["is", "set"]}),
		"fit_advice_shown": ("Fit Advice Tally", {"date": between(first, last)}),
		"advised_return_rate": (
			f"query-report/{COMPLAINTS_REPORT}",
			{"from_date": str(first), "to_date": str(last)},
		),
	}


def month_line(row, currency) -> dict:
	first, last = month_bounds(row.month)
	return {
		"month": row.month,
		"saved_orders": row.saved_orders,
		"saved_revenue": row.saved_revenue,
		"saved_by_requests": row.saved_by_requests,
		"saved_by_exit_feedback": row.saved_by_exit_feedback,
		"saved_by_self_service": row.saved_by_self_service,
		"orders": row.orders,
		"order_value": row.order_value,
		"requests": row.requests,
		"requests_per_100_orders": row.requests_per_100_orders if row.orders else None,
		"share_orders_with_request": row.share_orders_with_request if row.orders else None,
		"first_contact_resolution": row.first_contact_resolution if row.resolved else None,
		"reopen_rate": row.reopen_rate if (row.resolved or row.reopened) else None,
		"median_first_answer_hours": row.median_first_answer_hours or None,
		"median_resolution_hours": row.median_resolution_hours or None,
		"agent_hours": row.agent_hours,
		"fit_advice_shown": row.fit_advice_shown,
		"advised_return_rate": row.advised_return_rate if row.advised_delivered_qty else None,
		"currency": currency,
		"_links": month_links(first, last),
	}


def total_line(rows, currency) -> dict:
	"""The period: sums, and the rates pooled over its months (medians are not pooled: left empty)."""

	def total(field):
		return sum(row.get(field) or 0 for row in rows)

	orders, requests, resolved = total("orders"), total("requests"), total("resolved")
	delivered = total("advised_delivered_qty")
	first, last = month_bounds(rows[0].month)[0], month_bounds(rows[-1].month)[1]
	return {
		"month": _("Total"),
		"saved_orders": total("saved_orders"),
		"saved_revenue": total("saved_revenue"),
		"saved_by_requests": total("saved_by_requests"),
		"saved_by_exit_feedback": total("saved_by_exit_feedback"),
		"saved_by_self_service": total("saved_by_self_service"),
		"orders": orders,
		"order_value": total("order_value"),
		"requests": requests,
		"requests_per_100_orders": per_hundred(requests, orders),
		"share_orders_with_request": percent(total("orders_with_request"), orders),
		"first_contact_resolution": percent(total("first_contact_resolved"), resolved),
		"reopen_rate": percent(total("reopened"), total("ever_resolved")),
		"agent_hours": round(total("agent_hours"), 1),
		"fit_advice_shown": total("fit_advice_shown"),
		"advised_return_rate": percent(total("advised_returned_qty"), delivered),
		"currency": currency,
		"is_total_row": 1,
		"_links": {
			key: value for key, value in month_links(first, last).items() if not key.startswith("median")
		},
	}


def month_columns() -> list[dict]:
	# the currency a plain text column: Frappe asks the reader's access to every linked doctype
	return [
		column("month", _("Month"), "Data", 90),
		column("saved_orders", _("Saved Orders"), "Int", 110),
		column("saved_revenue", _("Saved Revenue"), "Currency", 130, "currency"),
		column("saved_by_requests", _("After a Request"), "Int", 110),
		column("saved_by_exit_feedback", _("After Exit Feedback"), "Int", 120),
		column("saved_by_self_service", _("After Self-Service"), "Int", 120),
		column("orders", _("Orders"), "Int", 90),
		column("order_value", _("Order Value"), "Currency", 130, "currency"),
		column("requests", _("Requests"), "Int", 90),
		column("requests_per_100_orders", _("Requests per 100 Orders"), "Float", 130, precision=1),
		column("share_orders_with_request", _("Orders with a Request %"), "Percent", 130),
		column("first_contact_resolution", _("First-Contact Resolution %"), "Percent", 140),
		column("reopen_rate", _("Reopen Rate %"), "Percent", 110),
		column("median_first_answer_hours", _("Median First Answer (Hours)"), "Float", 140, precision=1),
		column("median_resolution_hours", _("Median Resolution (Hours)"), "Float", 140, precision=1),
		column("agent_hours", _("Agent Hours"), "Float", 100, precision=1),
		column("fit_advice_shown", _("Fit Advice Shown"), "Int", 110),
		column("advised_return_rate", _("Return Rate of Advised Items %"), "Percent", 150),
		column("currency", _("Currency"), "Data", 80, hidden=1),
	]


def stale_note(rows) -> str | None:
	notes = []
	missing = [row.month for row in rows if row.get("missing")]
	if missing:
		notes.append(
			_("Not counted yet, being counted now (open the report again in a few minutes): {0}").format(
				", ".join(missing)
			)
		)
	waiting = [row.month for row in rows if row.get("stale")]
	if waiting:
		notes.append(
			_("Being counted again by the hourly job (documents of these months changed): {0}").format(
				", ".join(waiting)
			)
		)
	return escape_html(" ".join(notes)) if notes else None


def summary(rows, currency) -> list[dict]:
	orders = sum(row.orders or 0 for row in rows)
	requests = sum(row.requests or 0 for row in rows)
	change = fit_advice_change()
	return [
		{
			"value": sum(row.saved_orders or 0 for row in rows),
			"label": _("Saved Orders"),
			"datatype": "Int",
			"indicator": "Green",
		},
		{
			"value": sum(row.saved_revenue or 0 for row in rows),
			"label": _("Saved Revenue"),
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Green",
		},
		{
			"value": per_hundred(requests, orders) or 0,
			"label": _("Requests per 100 Orders"),
			"datatype": "Float",
			"indicator": "Blue",
		},
		{
			"value": change if change is not None else _("Not enough data"),
			"label": _("Return Rate Change (Points)"),
			"datatype": "Float" if change is not None else "Data",
			"indicator": "Green" if change is not None and change < 0 else "Grey",
		},
	]


# --- returns avoided ----------------------------------------------------------------------------------


def returns_avoided_view():
	rows = change_rows()
	data = []
	for row in rows:
		# the links open the very windows counted (windows.equal_windows): the day before the change ends
		# the first; none while the windows are empty (a change of today)
		before_link = after_link = None
		if row.window_days:
			report = f"query-report/{COMPLAINTS_REPORT}"
			add_days = frappe.utils.add_days
			before_link = (
				report,
				{
					"item": row.item,
					"from_date": str(add_days(row.changed_on, -row.window_days)),
					"to_date": str(add_days(row.changed_on, -1)),
				},
			)
			after_link = (
				report,
				{
					"item": row.item,
					"from_date": str(row.changed_on),
					"to_date": str(add_days(row.changed_on, row.window_days - 1)),
				},
			)
		issues = [name for name in (row.issues or "").split("\n") if name]
		data.append(
			{
				"change_kind": _(row.change_kind),
				"item": row.item,
				"changed_on": row.changed_on,
				"window_days": row.window_days,
				"shown": row.shown if row.change_kind == "Fit Advice" else None,
				"issues": len(issues) or None,
				"delivered_before": row.delivered_before,
				"returned_before": row.returned_before,
				"rate_before": row.rate_before if row.delivered_before else None,
				"delivered_after": row.delivered_after,
				"returned_after": row.returned_after,
				"rate_after": row.rate_after if row.delivered_after else None,
				"change": row.change if row.enough_data else None,
				"returns_avoided": row.returns_avoided if row.enough_data else None,
				"quality_returned_after": row.quality_returned_after,
				"verdict": _("Enough data")
				if row.enough_data
				else escape_html(row.note or _("Not enough data")),
				"_links": {
					"item": ("Return Rate Change", {"name": row.name}),
					"shown": ("Fit Advice Tally", {"template": row.item}),
					"issues": ("Issue", {"name": ["in", issues]}),
					"delivered_before": before_link,
					"returned_before": before_link,
					"rate_before": before_link,
					"delivered_after": after_link,
					"returned_after": after_link,
					"rate_after": after_link,
					"quality_returned_after": after_link,
				},
			}
		)
	message = None
	if not data:
		message = escape_html(
			_(
				"No item's fit advice has been shown yet, and no quality complaint is marked Cause Fixed: "
				"nothing to compare."
			)
		)
	else:
		message = escape_html(
			_(
				"Equal windows before and after the change, at most 90 days each. Not enough data below {0} "
				"days on each side or {1} units delivered in either window."
			).format(MIN_WINDOW_DAYS, MIN_DELIVERED)
		)
	return change_columns(), data, message


def change_columns() -> list[dict]:
	return [
		column("change_kind", _("Change"), "Data", 110),
		column("item", _("Item"), "Link", 170, "Item"),
		column("changed_on", _("Changed On"), "Date", 100),
		column("window_days", _("Window (Days)"), "Int", 100),
		column("shown", _("Fit Advice Shown"), "Int", 110),
		column("issues", _("Requests Fixed"), "Int", 110),
		column("delivered_before", _("Delivered Before"), "Float", 120),
		column("returned_before", _("Returned Before"), "Float", 120),
		column("rate_before", _("Return Rate Before %"), "Percent", 130),
		column("delivered_after", _("Delivered After"), "Float", 120),
		column("returned_after", _("Returned After"), "Float", 120),
		column("rate_after", _("Return Rate After %"), "Percent", 130),
		column("change", _("Change (Points)"), "Float", 120, precision=1),
		column("returns_avoided", _("Returns Avoided"), "Float", 120, precision=1),
		column("quality_returned_after", _("Returned for Quality After"), "Float", 150),
		column("verdict", _("Enough Data?"), "Data", 320),
	]


# --- by team, agent, source, category, exit reason ----------------------------------------------------


def dimension_view(filters, field: str, label: str):
	table = frappe.qb.DocType("Service Desk Conversion")
	rows = (
		frappe.qb.from_(table)
		.select(
			table[field],
			Count("*"),
			Sum(table.base_value),
			Sum(table.value_kept_out),
			Avg(table.hours_to_order),
		)
		.where(table.order_date[filters.from_date : filters.to_date])
		.groupby(table[field])
	).run()
	total = sum(count for _key, count, *_rest in rows)
	currency = company_currency()
	period = between(filters.from_date, filters.to_date)
	data = []
	for key, count, revenue, kept_out, hours in sorted(rows, key=lambda r: (-(r[2] or 0), -r[1], r[0] or "")):
		behind = ("Service Desk Conversion", {"order_date": period, field: key or ["is", "not set"]})
		data.append(
			{
				"key": escape_html(key) if key else _("None"),
				"saved_orders": count,
				"share": percent(count, total),
				"saved_revenue": revenue or 0,
				"without_value": kept_out or 0,
				"hours_to_order": round(hours or 0, 1),
				"currency": currency,
				"_links": {"saved_orders": behind, "saved_revenue": behind, "key": behind},
			}
		)
	columns = [
		column("key", _(label), "Data", 200),
		column("saved_orders", _("Saved Orders"), "Int", 120),
		column("share", _("Share of Saved Orders %"), "Percent", 150),
		column("saved_revenue", _("Saved Revenue"), "Currency", 140, "currency"),
		column("without_value", _("Without an Exchange Rate"), "Int", 150),
		column("hours_to_order", _("Average Hours to Order"), "Float", 150, precision=1),
		column("currency", _("Currency"), "Data", 80, hidden=1),
	]
	return columns, data
