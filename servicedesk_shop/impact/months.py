"""The months of the Service Desk Impact report, on a site: one Service Desk Impact Month per month,
counted by a job from that month's documents only (figures.py has the rules).

A month is counted again when something in it changed: a conversion made or dropped (conversions.py marks
it `stale`), a request opened in it saved since the last run, a return of it booked or cancelled, or it
is the current month (or the one before, in the first days of a month, for late answers and returns); a
month since the first order or request that was never counted is counted (a site's history, once).
Counting a month reads its orders (by transaction date), its requests (by opening date) with their agent
answers and first assignments, its conversions, its fit advice shown and the returns of the items with
fit advice: every query is bounded by the month, so the cost of a run grows with the months that changed,
never with the history."""

import frappe
from frappe.query_builder.functions import Count, Min, Sum
from frappe.utils import add_to_date, get_datetime, getdate, now_datetime

from servicedesk_shop.impact.figures import (
	RequestFacts,
	contribution,
	cost_figures,
	month_bounds,
	month_key,
	months_between,
	per_hundred,
	previous_month,
)
from servicedesk_shop.impact.returns_avoided import advice_changes, quantities
from servicedesk_shop.insight.figures import percent
from servicedesk_shop.service_desk.queries import columns
from servicedesk_shop.service_desk.watermarks import one_at_a_time, set_watermark, watermark

LATE_DAYS = 3
"""In its first days, a month counts the month before again too (answers and returns that came late)."""
WATERMARKS = {
	"Issue": "servicedesk_impact_months_issues_until",
	"Delivery Note": "servicedesk_impact_months_dn_until",
	"Sales Invoice": "servicedesk_impact_months_si_until",
}
DOCTYPE = "Service Desk Impact Month"


def mark_stale(months) -> None:
	"""The months (YYYY-MM) to be counted again by the next run: one upsert each."""
	table = frappe.qb.DocType(DOCTYPE)
	now = now_datetime()
	for key in sorted(m for m in months if m and m[:4].isdigit()):
		first, _last = month_bounds(key)
		(
			frappe.qb.into(table)
			.columns(
				table.name,
				table.creation,
				table.modified,
				table.owner,
				table.modified_by,
				table.month,
				table.month_start,
				table.stale,
			)
			.insert(key, now, now, "Administrator", "Administrator", key, first, 1)
			.on_duplicate_key_update(table.stale, 1)
		).run()


def update_months(day=None) -> list[str]:
	"""The job: every month to be counted again, counted. Returns the months counted."""
	with one_at_a_time("impact_months") as held:
		if not held:
			return []
		day = getdate(day or now_datetime())
		months = months_to_count(day)
		for key in sorted(months):
			save_month(count_month(key))
			if not frappe.flags.in_test:
				frappe.db.commit()  # nosemgrep: a background job, one transaction per month
		return sorted(months)


def months_to_count(day) -> set[str]:
	current = month_key(day)
	months = {current}
	if day.day <= LATE_DAYS:
		months.add(previous_month(current))
	table = frappe.qb.DocType(DOCTYPE)
	months |= set((frappe.qb.from_(table).select(table.name).where(table.stale == 1)).run(pluck=True))
	months |= missing_months(day)
	months |= changed_months("Issue", "opening_date", [])
	for doctype in ("Delivery Note", "Sales Invoice"):
		months |= changed_months(doctype, "posting_date", [("is_return", 1)])
	return {m for m in months if m <= current}


def first_month() -> str | None:
	"""The month of the first submitted order or request (two reads of an index's first entry)."""
	order = frappe.qb.DocType("Sales Order")
	issue = frappe.qb.DocType("Issue")
	firsts = [
		(frappe.qb.from_(order).select(Min(order.transaction_date)).where(order.docstatus == 1)).run()[0][0],
		(frappe.qb.from_(issue).select(Min(issue.opening_date))).run()[0][0],
	]
	firsts = [getdate(f) for f in firsts if f]
	return month_key(min(firsts)) if firsts else None


def missing_months(day) -> set[str]:
	"""The months since the first order or request that have no Service Desk Impact Month yet (a site's
	history, the first time the job runs)."""
	first = first_month()
	if not first:
		return set()
	expected = set(months_between(month_bounds(first)[0], day))
	table = frappe.qb.DocType(DOCTYPE)
	return expected - set((frappe.qb.from_(table).select(table.name)).run(pluck=True))


def enqueue_update():
	"""The months job, soon, once (the report asks for it when months are missing)."""
	frappe.enqueue(
		"servicedesk_shop.impact.months.update_months",
		queue="long",
		job_id="servicedesk-impact-months",
		deduplicate=True,
		enqueue_after_commit=True,
	)


def changed_months(doctype: str, date_field: str, conditions) -> set[str]:
	"""The months of the documents of `doctype` changed since the watermark; the watermark moved on."""
	key = WATERMARKS[doctype]
	stored = watermark(key)
	table = frappe.qb.DocType(doctype)
	query = frappe.qb.from_(table).select(table[date_field], table.modified)
	if stored:
		query = query.where(table.modified > get_datetime(stored))
	else:
		# never run: every month is counted once (count_all_months); from now on, what changes
		set_watermark(key, add_to_date(now_datetime(), minutes=-10))
		return set()
	for field, value in conditions:
		query = query.where(table[field] == value)
	months, latest = set(), None
	for day, modified in query.run():
		if day:
			months.add(month_key(getdate(day)))
		latest = max(latest, modified) if latest else modified
	if latest:
		set_watermark(key, add_to_date(latest, minutes=-10))
	return months


def count_all_months() -> list[str]:
	"""Every month from the first order or request to now, counted again (after a change of the rules)."""
	first = first_month()
	if not first:
		return []
	mark_stale(months_between(month_bounds(first)[0], getdate(now_datetime())))
	return update_months()


def save_month(values: dict) -> None:
	name = values["month"]
	if frappe.db.exists(DOCTYPE, name):
		frappe.db.set_value(DOCTYPE, name, values)
	else:
		doc = frappe.get_doc({"doctype": DOCTYPE, **values})
		doc.flags.ignore_links = True
		doc.insert(ignore_permissions=True)


# --- one month ----------------------------------------------------------------------------------------


def count_month(key: str) -> dict:
	"""A month's figures (the fields of Service Desk Impact Month)."""
	first, last = month_bounds(key)
	orders, order_value = order_totals(first, last)
	with_request = orders_with_request(first, last)
	requests = month_requests(first, last)
	costs = cost_figures(requests)
	saved = contribution(month_conversions(first, last))
	advised = advised_returns(first, last)
	return {
		"month": key,
		"month_start": first,
		"currency": company_currency(),
		"updated_on": now_datetime(),
		"stale": 0,
		**vars(saved),
		"orders": orders,
		"order_value": order_value,
		"requests": costs.requests,
		"orders_with_request": with_request,
		"requests_per_100_orders": per_hundred(costs.requests, orders) or 0,
		"share_orders_with_request": percent(with_request, orders) or 0,
		"resolved": costs.resolved,
		"first_contact_resolved": costs.first_contact_resolved,
		"first_contact_resolution": costs.first_contact_resolution or 0,
		"reopened": costs.reopened,
		"ever_resolved": costs.ever_resolved,
		"reopen_rate": costs.reopen_rate or 0,
		"median_first_answer_hours": costs.median_first_answer_hours or 0,
		"median_resolution_hours": costs.median_resolution_hours or 0,
		"agent_hours": costs.agent_hours,
		"agent_hours_requests": costs.agent_hours_requests,
		"fit_advice_shown": fit_advice_shown(first, last),
		**advised,
	}


def default_company() -> str | None:
	"""The site's default company, or its one company where none is set as the default."""
	return frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {}, "name")


def company_currency() -> str | None:
	company = default_company()
	return frappe.get_cached_value("Company", company, "default_currency") if company else None


def order_totals(first, last) -> tuple[int, float]:
	"""The month's submitted Sales Orders and their value in the company's currency."""
	order = frappe.qb.DocType("Sales Order")
	count, value = (
		frappe.qb.from_(order)
		.select(Count("*"), Sum(order.base_grand_total))
		.where(order.docstatus == 1)
		.where(order.transaction_date[first:last])
	).run()[0]
	return int(count or 0), float(value or 0)


def orders_with_request(first, last) -> int:
	"""The month's submitted orders that a request names (the request's order, or its order lines)."""
	return int(
		frappe.db.sql(
			"""
			select count(*) from `tabSales Order` so
			where so.docstatus = 1 and so.transaction_date between %(first)s and %(last)s
				and (exists (select 1 from `tabIssue` issue where issue.sales_order = so.name)
					or exists (select 1 from `tabIssue Order Line` line
						where line.sales_order = so.name and line.parenttype = 'Issue'))
			""",
			{"first": first, "last": last},
		)[0][0]
		or 0
	)


def month_requests(first, last) -> list[RequestFacts]:
	"""The requests opened in the month, with their agent answers and first assignment."""
	issue = frappe.qb.DocType("Issue")
	rows = (
		frappe.qb.from_(issue)
		.select(*columns(issue, "name creation status first_responded_on resolved_on reopen_count"))
		.where(issue.opening_date[first:last])
	).run(as_dict=True)
	if not rows:
		return []
	answers = dict(
		frappe.db.sql(
			"""
			select comm.reference_name, count(*) from `tabCommunication` comm
			join `tabIssue` issue on issue.name = comm.reference_name
			where comm.reference_doctype = 'Issue' and comm.communication_type = 'Communication'
				and comm.sent_or_received = 'Sent' and issue.opening_date between %(first)s and %(last)s
			group by comm.reference_name
			""",
			{"first": first, "last": last},
		)
	)
	assigned = dict(
		frappe.db.sql(
			"""
			select todo.reference_name, min(todo.creation) from `tabToDo` todo
			join `tabIssue` issue on issue.name = todo.reference_name
			where todo.reference_type = 'Issue' and todo.status != 'Cancelled'
				and issue.opening_date between %(first)s and %(last)s
			group by todo.reference_name
			""",
			{"first": first, "last": last},
		)
	)
	return [
		RequestFacts(
			opened_on=get_datetime(row.creation),
			status=row.status,
			first_answer_on=get_datetime(row.first_responded_on) if row.first_responded_on else None,
			resolved_on=get_datetime(row.resolved_on) if row.resolved_on else None,
			agent_answers=int(answers.get(row.name, 0)),
			reopen_count=int(row.reopen_count or 0),
			assigned_on=get_datetime(assigned[row.name]) if assigned.get(row.name) else None,
		)
		for row in rows
	]


def month_conversions(first, last) -> list[dict]:
	table = frappe.qb.DocType("Service Desk Conversion")
	return (
		frappe.qb.from_(table)
		.select(table.contact_doctype, table.base_value, table.value_kept_out, table.sales_order)
		.where(table.order_date[first:last])
	).run(as_dict=True)


def fit_advice_shown(first, last) -> int:
	tally = frappe.qb.DocType("Fit Advice Tally")
	return int(
		(frappe.qb.from_(tally).select(Sum(tally.shown)).where(tally.date[first:last])).run()[0][0] or 0
	)


def advised_returns(first, last) -> dict:
	"""The month's returns of the items whose fit advice had been shown by then (returned over delivered)."""
	templates = [t for t, (since, _shown) in advice_changes().items() if since <= last]
	found = quantities(templates, first, last)
	delivered = sum(q["delivered"] for q in found.values())
	returned = sum(q["returned"] for q in found.values())
	return {
		"advised_delivered_qty": delivered,
		"advised_returned_qty": returned,
		"advised_return_rate": percent(returned, delivered) or 0,
	}
