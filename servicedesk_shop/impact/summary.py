"""The one-page monthly summary an owner can print or forward (the Print Format "Service Desk Impact
Summary" on Service Desk Impact Month): the month's figures beside the month before's, the saved orders by
kind of contact, and the items whose return rate changed, as text ready for the page (every value
escaped here: the print format shows it as it is)."""

import frappe
from frappe import _
from frappe.utils import escape_html, fmt_money

from servicedesk_shop.impact.figures import previous_month
from servicedesk_shop.impact.months import DOCTYPE
from servicedesk_shop.impact.returns_avoided import change_rows, fit_advice_change

CHANGES_SHOWN = 8


def number(value, suffix: str = "") -> str:
	return f"{value or 0:g}{suffix}"


def impact_summary(month: str) -> dict:
	"""Jinja method: {"title", "company", "lines": [{"label", "value", "before"}], "changes": [...],
	"verdict"} of the month `month` (YYYY-MM) for the print format."""
	frappe.has_permission(DOCTYPE, "read", doc=month, throw=True)
	row = frappe.db.get_value(DOCTYPE, month, "*", as_dict=True)
	if not row:
		return {}
	before = frappe.db.get_value(DOCTYPE, previous_month(month), "*", as_dict=True) or frappe._dict()

	def money(value):
		return fmt_money(value or 0, precision=0, currency=row.currency)

	figures = [
		(_("Orders the desk saved"), lambda r: number(r.saved_orders)),
		(_("Revenue of the saved orders"), lambda r: money(r.saved_revenue)),
		(_("of them after a request's answer"), lambda r: number(r.saved_by_requests)),
		(_("of them after the exit question"), lambda r: number(r.saved_by_exit_feedback)),
		(_("of them after a self-service answer"), lambda r: number(r.saved_by_self_service)),
		(_("Orders"), lambda r: number(r.orders)),
		(_("Order value"), lambda r: money(r.order_value)),
		(_("Requests"), lambda r: number(r.requests)),
		(_("Requests per 100 orders"), lambda r: number(r.requests_per_100_orders)),
		(_("Orders with a request"), lambda r: number(r.share_orders_with_request, "%")),
		(_("First-contact resolution"), lambda r: number(r.first_contact_resolution, "%")),
		(_("Reopen rate"), lambda r: number(r.reopen_rate, "%")),
		(_("Median first answer, hours"), lambda r: number(r.median_first_answer_hours)),
		(_("Median resolution, hours"), lambda r: number(r.median_resolution_hours)),
		(_("Agent hours (assignment to resolution)"), lambda r: number(r.agent_hours)),
		(_("Fit advice shown"), lambda r: number(r.fit_advice_shown)),
		(_("Return rate of items with fit advice"), lambda r: number(r.advised_return_rate, "%")),
	]
	lines = [
		{
			"label": escape_html(label),
			"value": escape_html(value(row)),
			"before": escape_html(value(before)) if before else "",
		}
		for label, value in figures
	]
	changes = [
		{
			"kind": escape_html(_(change.change_kind)),
			"item": escape_html(change.item),
			"changed_on": escape_html(frappe.format(change.changed_on, {"fieldtype": "Date"})),
			"before": escape_html(number(change.rate_before, "%")),
			"after": escape_html(number(change.rate_after, "%")),
			"change": escape_html(number(change.change))
			if change.enough_data
			else escape_html(_("Not enough data")),
		}
		for change in change_rows()[:CHANGES_SHOWN]
	]
	pooled = fit_advice_change()
	return {
		"title": escape_html(_("Service desk in {0}: what it earned and what it cost").format(month)),
		"company": escape_html(frappe.defaults.get_global_default("company") or ""),
		"previous": escape_html(previous_month(month)),
		"lines": lines,
		"changes": changes,
		"verdict": escape_html(
			_("Return rate of the items with fit advice: {0} points since it was first shown.").format(
				f"{pooled:+g}"
			)
			if pooled is not None
			else _("Return rate of the items with fit advice: not enough data yet.")
		),
		"labels": {
			"figure": escape_html(_("Figure")),
			"month": escape_html(month),
			"item": escape_html(_("Item")),
			"change": escape_html(_("Change")),
			"changed_on": escape_html(_("Since")),
			"before": escape_html(_("Return rate before")),
			"after": escape_html(_("after")),
			"points": escape_html(_("Points")),
			"returns": escape_html(_("Returns before and after a change")),
			"counted": escape_html(
				_("Counted on {0}").format(frappe.format(row.updated_on, {"fieldtype": "Datetime"}))
			),
		},
	}
