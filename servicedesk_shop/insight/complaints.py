"""Size and quality complaints beside returns, per item template and size, on a site: the returns
report's own lines (returned and delivered) joined with the requests about the items, and the
documents behind each figure."""

import frappe
from frappe.utils import add_days, getdate, nowdate

from servicedesk_shop.insight.figures import QUALITY_CATEGORY, SIZE_CATEGORY, complaints_and_returns
from servicedesk_shop.insight.items import sizes_of, templates_of
from servicedesk_shop.service_desk.periods import period

RETURNS_REPORT = (
	"servicedesk_shop.returns.report.returns_by_item,_size_and_reason.returns_by_item,_size_and_reason"
)
LINKED_LIMIT = 200  # documents linked behind a figure


def complaint_lines(filters) -> list[tuple]:
	"""(item, category, count, issues) of the size and quality requests of the period, counted in SQL
	per item they name: their order lines, else the item they were sent about; `issues` the latest
	requests behind the figure (at most LINKED_LIMIT)."""
	# the item group filter of the returns report, on the item each complaint names
	join, values = frappe.get_attr(f"{RETURNS_REPORT}.item_group_sql")(filters)
	values.update(
		from_date=filters.from_date,
		to_date=filters.to_date,
		categories=(SIZE_CATEGORY, QUALITY_CATEGORY),
	)
	names = f"group_concat(distinct issue.name order by issue.opening_date desc limit {LINKED_LIMIT})"
	by_lines = frappe.db.sql(
		f"""
		select child.item_code, issue.issue_type, count(distinct issue.name), {names}
		from `tabIssue` issue
		join `tabIssue Order Line` child on child.parent = issue.name and child.parenttype = 'Issue'{join}
		where issue.issue_type in %(categories)s and issue.opening_date between %(from_date)s and %(to_date)s
		group by 1, 2
		""",
		values,
	)
	by_item = frappe.db.sql(
		f"""
		select issue.item_code, issue.issue_type, count(*), {names}
		from `tabIssue` issue{join.replace("child.item_code", "issue.item_code")}
		where issue.issue_type in %(categories)s and issue.opening_date between %(from_date)s and %(to_date)s
			and issue.item_code is not null and issue.item_code != ''
			and not exists (select 1 from `tabIssue Order Line` line where line.parent = issue.name
				and line.parenttype = 'Issue')
		group by 1, 2
		""",
		values,
	)
	return [
		(code, category, count, (issues or "").split(","))
		for code, category, count, issues in (*by_lines, *by_item)
	]


def get_rows(filters):
	"""The report's rows (insight.figures.ItemSizeRow), each with the requests and returns behind it."""
	filters = period(filters, days=90)
	returned = frappe.get_attr(f"{RETURNS_REPORT}.returned_lines")(filters)
	delivered = frappe.get_attr(f"{RETURNS_REPORT}.delivered_lines")(filters)
	complaints = complaint_lines(filters)
	codes = {c for c, *_ in returned} | {c for c, _ in delivered} | {c for c, *_ in complaints}
	templates, sizes = templates_of(codes), sizes_of(codes)

	def key(code):
		return templates.get(code, code), sizes.get(code, "")

	rows = complaints_and_returns(
		[(*key(code), category, count) for code, category, count, _issues in complaints],
		[(*key(code), reason, qty) for code, reason, qty, _value, _doctype, _names in returned],
		[(*key(code), qty) for code, qty in delivered],
	)
	if filters.item:
		rows = [row for row in rows if row.template == templates.get(filters.item, filters.item)]
	behind: dict[tuple, dict] = {}
	for code, category, _count, issues in complaints:
		kind = "size_issues" if category == SIZE_CATEGORY else "quality_issues"
		behind.setdefault(key(code), {}).setdefault(kind, []).extend(issues)
	for code, _reason, _qty, _value, doctype, names in returned:
		behind.setdefault(key(code), {}).setdefault(doctype, []).extend(names)
	for row in rows:
		documents = behind.get((row.template, row.size), {})
		row.size_issues = list(dict.fromkeys(documents.get("size_issues", [])))[:LINKED_LIMIT]
		row.quality_issues = list(dict.fromkeys(documents.get("quality_issues", [])))[:LINKED_LIMIT]
		row.return_notes = list(dict.fromkeys(documents.get("Delivery Note", [])))[:LINKED_LIMIT]
		row.credit_notes = list(dict.fromkeys(documents.get("Sales Invoice", [])))[:LINKED_LIMIT]
	return rows
