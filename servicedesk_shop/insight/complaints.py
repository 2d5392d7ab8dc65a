"""Size and quality complaints beside returns, per item template and size, on a site: the returns
report's own lines (returned and delivered) joined with the requests about the items, and the
documents behind each figure."""

import frappe
from frappe.utils import add_days, getdate, nowdate

from servicedesk_shop.insight.figures import QUALITY_CATEGORY, SIZE_CATEGORY, complaints_and_returns
from servicedesk_shop.insight.items import sizes_of, templates_of

RETURNS_REPORT = (
	"servicedesk_shop.returns.report.returns_by_item,_size_and_reason.returns_by_item,_size_and_reason"
)
LINKED_LIMIT = 200  # documents linked behind a figure


def period(filters) -> frappe._dict:
	filters = frappe._dict(filters or {})
	filters.from_date = getdate(filters.from_date or add_days(nowdate(), -90))
	filters.to_date = getdate(filters.to_date or nowdate())
	return filters


def complaint_lines(filters) -> list[tuple]:
	"""(item, category, issue) per item a size or quality request of the period names: its order lines,
	else the item it was sent about."""
	issue = frappe.qb.DocType("Issue")
	line = frappe.qb.DocType("Issue Order Line")
	requests = (
		frappe.qb.from_(issue)
		.select(issue.name, issue.issue_type, issue.item_code)
		.where(issue.issue_type.isin([SIZE_CATEGORY, QUALITY_CATEGORY]))
		.where(issue.opening_date[filters.from_date : filters.to_date])
	).run(as_dict=True)
	if not requests:
		return []
	lines: dict[str, list[str]] = {}
	names = [r.name for r in requests]
	for start in range(0, len(names), 5000):
		for parent, item_code in (
			frappe.qb.from_(line)
			.select(line.parent, line.item_code)
			.where(line.parenttype == "Issue")
			.where(line.parent.isin(names[start : start + 5000]))
		).run():
			lines.setdefault(parent, []).append(item_code)
	found = []
	for request in requests:
		for item_code in lines.get(request.name) or ([request.item_code] if request.item_code else []):
			found.append((item_code, request.issue_type, request.name))
	return found


def get_rows(filters):
	"""The report's rows (insight.figures.ItemSizeRow), each with the requests and returns behind it."""
	filters = period(filters)
	returned = frappe.get_attr(f"{RETURNS_REPORT}.returned_lines")(filters)
	delivered = frappe.get_attr(f"{RETURNS_REPORT}.delivered_lines")(filters)
	complaints = complaint_lines(filters)
	codes = {c for c, *_ in returned} | {c for c, _ in delivered} | {c for c, *_ in complaints}
	templates, sizes = templates_of(codes), sizes_of(codes)

	def key(code):
		return templates.get(code, code), sizes.get(code, "")

	rows = complaints_and_returns(
		[(*key(code), category) for code, category, _issue in complaints],
		[(*key(code), reason, qty) for code, reason, qty, _value, *_doc in returned],
		[(*key(code), qty) for code, qty in delivered],
	)
	if filters.item:
		rows = [row for row in rows if row.template == templates.get(filters.item, filters.item)]
	behind: dict[tuple, dict] = {}
	for code, category, issue in complaints:
		kind = "size_issues" if category == SIZE_CATEGORY else "quality_issues"
		behind.setdefault(key(code), {}).setdefault(kind, []).append(issue)
	for code, _reason, _qty, _value, doctype, name in returned:
		behind.setdefault(key(code), {}).setdefault(doctype, []).append(name)
	for row in rows:
		documents = behind.get((row.template, row.size), {})
		row.size_issues = list(dict.fromkeys(documents.get("size_issues", [])))[:LINKED_LIMIT]
		row.quality_issues = list(dict.fromkeys(documents.get("quality_issues", [])))[:LINKED_LIMIT]
		row.return_notes = list(dict.fromkeys(documents.get("Delivery Note", [])))[:LINKED_LIMIT]
		row.credit_notes = list(dict.fromkeys(documents.get("Sales Invoice", [])))[:LINKED_LIMIT]
	return rows
