# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""Per item template and size: the size and quality complaints beside the returns, the return rate
(returned over delivered quantity) and the fit advice; each figure links to the requests and returns
behind it (insight.complaints)."""

import frappe
from frappe import _

from servicedesk_shop.insight.complaints import get_rows


def execute(filters=None):
	rows = get_rows(filters)
	advice = dict(
		frappe.get_all(
			"Fit Advice",
			filters={"item": ("in", list({row.template for row in rows}) or [""]), "fit": ("!=", "")},
			fields=["item", "fit"],
			as_list=True,
		)
	)
	data = [
		{
			"template": row.template,
			"size": row.size,
			"size_complaints": row.size_complaints,
			"quality_complaints": row.quality_complaints,
			"returned_qty": row.returned_qty,
			"returned_for_size": row.returned_for_size,
			"returned_for_quality": row.returned_for_quality,
			"delivered_qty": row.delivered_qty,
			"return_rate": row.return_rate,
			"main_reason": row.main_reason,
			"fit": _(advice[row.template]) if row.template in advice else "",
			# the documents behind the figures, for the links (insight/report's formatter)
			"size_issues": row.size_issues,
			"quality_issues": row.quality_issues,
			"return_notes": row.return_notes,
			"credit_notes": row.credit_notes,
		}
		for row in rows
	]
	return get_columns(), data, None, get_chart(data)


def get_columns():
	return [
		{"fieldname": "template", "label": _("Item"), "fieldtype": "Link", "options": "Item", "width": 190},
		{"fieldname": "size", "label": _("Size / Variant"), "fieldtype": "Data", "width": 110},
		{"fieldname": "size_complaints", "label": _("Size Complaints"), "fieldtype": "Int", "width": 130},
		{
			"fieldname": "quality_complaints",
			"label": _("Quality Complaints"),
			"fieldtype": "Int",
			"width": 140,
		},
		{"fieldname": "returned_qty", "label": _("Returned Qty"), "fieldtype": "Float", "width": 110},
		{
			"fieldname": "returned_for_size",
			"label": _("Returned for Size"),
			"fieldtype": "Float",
			"width": 130,
		},
		{
			"fieldname": "returned_for_quality",
			"label": _("Returned for Quality"),
			"fieldtype": "Float",
			"width": 150,
		},
		{"fieldname": "delivered_qty", "label": _("Delivered Qty"), "fieldtype": "Float", "width": 110},
		{"fieldname": "return_rate", "label": _("Return Rate %"), "fieldtype": "Percent", "width": 120},
		{
			"fieldname": "main_reason",
			"label": _("Main Return Reason"),
			"fieldtype": "Link",
			"options": "Return Reason",
			"width": 160,
		},
		{"fieldname": "fit", "label": _("Fit"), "fieldtype": "Data", "width": 120},
	]


def get_chart(data):
	top = data[:10]
	if not top:
		return None
	return {
		"data": {
			"labels": [f"{row['template']} {row['size']}".strip() for row in top],
			"datasets": [
				{"name": _("Size Complaints"), "values": [row["size_complaints"] for row in top]},
				{"name": _("Quality Complaints"), "values": [row["quality_complaints"] for row in top]},
				{"name": _("Returned Qty"), "values": [row["returned_qty"] for row in top]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#ffa00a", "#7575ff", "#e24c4c"],
	}
