# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""Per item template and size: the size and quality complaints beside the returns, the return rate
(returned over delivered quantity) and the fit advice; each figure links to the requests and returns
behind it (insight.complaints)."""

import frappe
from frappe import _

from servicedesk_shop.insight.complaints import get_rows
from servicedesk_shop.service_desk.reports import chart, column


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
		column("template", _("Item"), "Link", 190, "Item"),
		column("size", _("Size / Variant"), "Data", 110),
		column("size_complaints", _("Size Complaints"), "Int", 130),
		column("quality_complaints", _("Quality Complaints"), "Int", 140),
		column("returned_qty", _("Returned Qty"), "Float", 110),
		column("returned_for_size", _("Returned for Size"), "Float", 130),
		column("returned_for_quality", _("Returned for Quality"), "Float", 150),
		column("delivered_qty", _("Delivered Qty"), "Float", 110),
		column("return_rate", _("Return Rate %"), "Percent", 120),
		column("main_reason", _("Main Return Reason"), "Link", 160, "Return Reason"),
		column("fit", _("Fit"), "Data", 120),
	]


def get_chart(data):
	top = data[:10]
	return chart(
		[f"{row['template']} {row['size']}".strip() for row in top],
		{
			_("Size Complaints"): [row["size_complaints"] for row in top],
			_("Quality Complaints"): [row["quality_complaints"] for row in top],
			_("Returned Qty"): [row["returned_qty"] for row in top],
		},
		["#ffa00a", "#7575ff", "#e24c4c"],
		stacked=True,
	)
