"""The month's figures for the managers: in the first daily digest of each month (the app's hook
servicedesk_digest_sections), the month before, for a team manager who is a Support Manager or a System
Manager; and the same as an e-mail of its own, the same day, for the Support Managers and System Managers
who manage no team (the digest goes to team managers only). Each manager gets a month once (a mark per
user), with a link to the report and to the printable one-page summary."""

import frappe
from frappe import _
from frappe.utils import escape_html, fmt_money, get_url, getdate
from frappe.utils.user import get_users_with_role

from servicedesk_shop.impact.figures import month_key, previous_month
from servicedesk_shop.impact.months import DOCTYPE, count_month, save_month
from servicedesk_shop.service_desk.mail import has_outgoing_account, note_no_account, send

ROLES = ("Support Manager", "System Manager")
SENT = "servicedesk_impact_digest_month"
"""A user's default: the last month whose figures they were sent."""
PRINT_FORMAT = "Service Desk Impact Summary"


def reported_month(today=None) -> str:
	return previous_month(month_key(getdate(today)))


def is_manager(user: str) -> bool:
	return bool(set(frappe.get_roles(user)) & set(ROLES)) and user not in ("Administrator", "Guest")


def month_figures(key: str) -> frappe._dict | None:
	"""The month's row, counted now when the job has not counted it yet (or it changed since)."""
	row = frappe.db.get_value(DOCTYPE, key, "*", as_dict=True)
	if not row or row.stale:
		save_month(count_month(key))
		row = frappe.db.get_value(DOCTYPE, key, "*", as_dict=True)
	return row


def already_sent(user: str, key: str) -> bool:
	return frappe.db.get_value("DefaultValue", {"parent": user, "defkey": SENT}, "defvalue") == key


def mark_sent(user: str, key: str) -> None:
	frappe.db.set_default(SENT, key, parent=user)


def digest_section(manager: str, teams: list[str], today=None) -> str:
	"""Hook servicedesk_digest_sections: the month before's figures, in the month's first digest of a
	manager with a managing role."""
	key = reported_month(today)
	if not is_manager(manager) or already_sent(manager, key):
		return ""
	row = month_figures(key)
	if not row or not (row.orders or row.requests or row.saved_orders):
		return ""
	mark_sent(manager, key)
	return summary_html(row)


def money(value, currency) -> str:
	return fmt_money(value or 0, precision=0, currency=currency)


def summary_html(row) -> str:
	"""The month's figures as the e-mail shows them (every value a number or a translated word)."""
	report = get_url("/app/query-report/Service Desk Impact") + f"?from_date={row.month_start}"
	printable = get_url(
		f"/printview?doctype={DOCTYPE}&name={row.month}&format={PRINT_FORMAT}&no_letterhead=0"
	).replace(" ", "%20")
	lines = [
		(_("Saved orders"), f"{row.saved_orders}"),
		(_("Saved revenue"), money(row.saved_revenue, row.currency)),
		(_("Orders"), f"{row.orders} ({money(row.order_value, row.currency)})"),
		(_("Requests per 100 orders"), f"{row.requests_per_100_orders:g}"),
		(_("Orders with a request"), f"{row.share_orders_with_request:g}%"),
		(_("First-contact resolution"), f"{row.first_contact_resolution:g}%"),
		(_("Reopen rate"), f"{row.reopen_rate:g}%"),
		(_("Median first answer"), _("{0} h").format(f"{row.median_first_answer_hours:g}")),
		(_("Median resolution"), _("{0} h").format(f"{row.median_resolution_hours:g}")),
		(_("Agent hours"), f"{row.agent_hours:g}"),
		(_("Return rate of items with fit advice"), f"{row.advised_return_rate:g}%"),
	]
	cells = "".join(
		f"<tr><td>{escape_html(label)}</td><td>{escape_html(value)}</td></tr>" for label, value in lines
	)
	return (
		f"<h4>{escape_html(_('What the service desk gave the shop in {0}').format(row.month))}</h4>"
		f"<table border='1' cellpadding='4'>{cells}</table>"
		f"<p><a href='{escape_html(report)}'>{escape_html(_('Service Desk Impact report'))}</a> · "
		f"<a href='{escape_html(printable)}'>{escape_html(_('One-page summary to print or forward'))}</a></p>"
	)


def send_monthly_summary(today=None) -> int:
	"""Daily: the month before's figures to each Support Manager and System Manager who manages no team
	and was not sent them yet (a team manager gets them in the digest). Returns how many were sent."""
	if not frappe.db.get_single_value("Service Desk Settings", "send_daily_digest"):
		return 0
	if not has_outgoing_account():
		note_no_account("the monthly impact summary")
		return 0
	key = reported_month(today)
	managers = set(frappe.get_all("Service Desk Team", pluck="manager"))
	users = sorted({u for role in ROLES for u in get_users_with_role(role)} - managers)
	sent = 0
	row = None
	for user in users:
		if not is_manager(user) or already_sent(user, key):
			continue
		row = row or month_figures(key)
		if not row or not (row.orders or row.requests or row.saved_orders):
			return sent
		email = frappe.db.get_value("User", {"name": user, "enabled": 1}, "email")
		if email and send(
			"the monthly impact summary",
			recipients=[email],
			subject=_("Service desk in {0}: what it earned and cost").format(key),
			message=summary_html(row),
		):
			mark_sent(user, key)
			sent += 1
	return sent
