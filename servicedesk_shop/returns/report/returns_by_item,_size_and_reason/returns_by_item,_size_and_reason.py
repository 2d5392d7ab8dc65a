# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""What comes back, by item template, size and reason: returned qty and value in the period, the share
of the deliveries of that template and size, and the requests about the template."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import add_days, getdate, nowdate

from servicedesk_shop.returns.rules import returns_report, variant_label
from servicedesk_shop.returns.service import variant_attributes
from servicedesk_shop.service_desk.periods import period
from servicedesk_shop.service_desk.reports import chart, column


def execute(filters=None):
	filters = period(filters, days=90)
	rows = get_rows(filters)
	return get_columns(), [row_dict(row) for row in rows], None, get_chart(rows)


def get_columns():
	return [
		column("template", _("Item"), "Link", 200, "Item"),
		column("size", _("Size / Variant"), "Data", 120),
		column("reason", _("Return Reason"), "Link", 170, "Return Reason"),
		column("returned_qty", _("Returned Qty"), "Float", 110),
		column("returned_value", _("Returned Value"), "Currency", 130),
		column("delivered_qty", _("Delivered Qty"), "Float", 110),
		column("share_returned", _("Returned %"), "Percent", 100),
		column("issues", _("Requests about the Item"), "Int", 150),
	]


def row_dict(row):
	return {
		"template": row.template,
		"size": row.size,
		"reason": row.reason,
		"returned_qty": row.returned_qty,
		"returned_value": row.returned_value,
		"delivered_qty": row.delivered_qty,
		"share_returned": row.share_returned,
		"issues": row.issues,
	}


DOCUMENTS_BEHIND = 200  # the returns named behind a figure (the insight report links to them)


def item_group_sql(filters) -> tuple[str, dict]:
	"""The item group filter as SQL on `item` (joined only when it is set)."""
	if not filters.item_group:
		return "", {}
	lft, rgt = frappe.db.get_value("Item Group", filters.item_group, ["lft", "rgt"]) or (0, 0)
	return (
		" join `tabItem` item on item.name = child.item_code and item.item_group in "
		"(select name from `tabItem Group` where lft >= %(lft)s and rgt <= %(rgt)s)",
		{"lft": lft, "rgt": rgt},
	)


# A Credit Note line is a return of its own when the goods did not move through Delivery Notes: a credit
# note that takes the stock back itself (update_stock, as a shop that invoices with stock makes), or one
# for goods never delivered. A line made from a Delivery Note, or for goods a Delivery Note delivered (an
# invoice made from the Sales Order beside the Delivery Note, or a Delivery Note made from the invoice),
# is the money of a Delivery Note return, which counts the goods: counting it too would count them twice.
CREDIT_NOTE_LINE_OF_ITS_OWN = """
	ifnull(child.dn_detail, '') = '' and ifnull(child.delivery_note, '') = ''
	and (parent.update_stock = 1 or (
		(ifnull(child.so_detail, '') = '' or not exists (
			select 1 from `tabDelivery Note Item` delivered
			where delivered.so_detail = child.so_detail and delivered.docstatus = 1))
		and (ifnull(child.sales_invoice_item, '') = '' or not exists (
			select 1 from `tabDelivery Note Item` delivered
			where delivered.si_detail = child.sales_invoice_item and delivered.docstatus = 1))))"""


def returned_lines(filters):
	"""(item, reason, qty, value, doctype, names) of submitted returns in the period, summed in SQL per
	item and reason: Delivery Note returns, and Credit Note lines that are returns of their own
	(CREDIT_NOTE_LINE_OF_ITS_OWN). `names`: the latest returns behind the figure, at most
	DOCUMENTS_BEHIND."""
	join, values = item_group_sql(filters)
	values.update(from_date=filters.from_date, to_date=filters.to_date)
	result = []
	for doctype in ("Delivery Note", "Sales Invoice"):
		only_undelivered = f" and {CREDIT_NOTE_LINE_OF_ITS_OWN}" if doctype == "Sales Invoice" else ""
		rows = frappe.db.sql(
			f"""
			select child.item_code, coalesce(nullif(child.return_reason, ''), nullif(parent.return_reason, ''), ''),
				sum(-child.qty), sum(-child.base_net_amount),
				group_concat(distinct parent.name order by parent.posting_date desc limit {DOCUMENTS_BEHIND})
			from `tab{doctype} Item` child
			join `tab{doctype}` parent on parent.name = child.parent{join}
			where parent.docstatus = 1 and parent.is_return = 1
				and parent.posting_date between %(from_date)s and %(to_date)s{only_undelivered}
			group by 1, 2
			""",
			values,
		)
		for item_code, reason, qty, value, names in rows:
			if filters.reason and reason != filters.reason:
				continue
			result.append((item_code, reason, qty or 0, value or 0, doctype, (names or "").split(",")))
	return result


def delivered_lines(filters):
	"""(item, qty) delivered in the period, summed in SQL: by Delivery Notes, and by Sales Invoices that
	deliver the stock themselves (update_stock)."""
	join, values = item_group_sql(filters)
	values.update(from_date=filters.from_date, to_date=filters.to_date)
	return frappe.db.sql(
		f"""
		select item_code, sum(qty) from (
			select child.item_code, child.qty
			from `tabDelivery Note Item` child
			join `tabDelivery Note` parent on parent.name = child.parent{join}
			where parent.docstatus = 1 and parent.is_return = 0
				and parent.posting_date between %(from_date)s and %(to_date)s
			union all
			select child.item_code, child.qty
			from `tabSales Invoice Item` child
			join `tabSales Invoice` parent on parent.name = child.parent{join}
			where parent.docstatus = 1 and parent.is_return = 0 and parent.update_stock = 1
				and parent.posting_date between %(from_date)s and %(to_date)s
		) delivered
		group by 1
		""",
		values,
	)


def get_rows(filters):
	returned = returned_lines(filters)
	delivered = delivered_lines(filters)
	codes = {code for code, *_rest in returned} | {code for code, _qty in delivered}
	templates = dict(
		frappe.get_all(
			"Item", filters={"name": ("in", list(codes) or [""])}, fields=["name", "variant_of"], as_list=True
		)
	)
	attributes = variant_attributes(codes)

	def template(code):
		return templates.get(code) or code

	def size(code):
		return variant_label(attributes.get(code, {}))

	issue = frappe.qb.DocType("Issue")
	issue_counts = {}
	for code, count in (
		frappe.qb.from_(issue)
		.select(issue.item_code, Count("*"))
		.where(issue.item_code.isnotnull())
		.where(issue.opening_date[filters.from_date : filters.to_date])
		.groupby(issue.item_code)
	).run():
		issue_counts[template(code)] = issue_counts.get(template(code), 0) + count
	missing = {code for code in issue_counts if code not in templates}
	if missing:
		templates.update(
			dict(
				frappe.get_all(
					"Item",
					filters={"name": ("in", list(missing))},
					fields=["name", "variant_of"],
					as_list=True,
				)
			)
		)

	return returns_report(
		[(template(code), size(code), reason, qty, value) for code, reason, qty, value, *_doc in returned],
		[(template(code), size(code), qty) for code, qty in delivered],
		issue_counts,
	)


def get_chart(rows):
	top = rows[:10]
	return chart(
		[f"{row.template} {row.size} · {row.reason or '-'}" for row in top],
		{_("Returned Qty"): [row.returned_qty for row in top]},
		["#e24c4c"],
	)
