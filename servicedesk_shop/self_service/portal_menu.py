"""The portal's sidebar for a shop's customer: the shop's own pages (hooks.py `portal_menu_items`: My
Requests, Contact Support, Help, Track an Order, Return or Exchange) beside ERPNext's Orders, without
ERPNext's items a web shop's customer has no use for.

Those are switched off in Portal Settings once each: the routes already handled are remembered (a
default), so a shop that switches one back on keeps it, and an item ERPNext adds later is switched off
on the next migrate. Nothing is ever switched on here.
"""

import json

import frappe

HIDDEN_ROUTES = {
	"/project": "Projects",
	"/quotations": "Quotations",
	"/invoices": "Invoices",
	"/shipments": "Shipments",  # the shop's Track an Order shows what was shipped
	"/issues": "Issues",  # ERPNext's list of requests: My Requests is the shop's
	"/addresses": "Addresses",  # a web shop takes the address at checkout
	"/timesheets": "Timesheets",
	"/newsletters": "Newsletter",
	"/material-requests": "Material Request",
}
"""ERPNext's portal items (route: title) that are not for a web shop's customer."""
HANDLED_KEY = "servicedesk_portal_menu_handled"


def handled_routes() -> set[str]:
	try:
		return set(json.loads(frappe.db.get_default(HANDLED_KEY) or "[]"))
	except ValueError:
		return set()


def set_portal_menu() -> list[str]:
	"""Switch off HIDDEN_ROUTES' items in Portal Settings that were never handled before; answers the
	titles switched off."""
	handled = handled_routes()
	settings = frappe.get_single("Portal Settings")
	switched_off = []
	for row in settings.menu:
		if row.route not in HIDDEN_ROUTES or row.route in handled:
			continue
		handled.add(row.route)
		if row.enabled:
			row.enabled = 0
			switched_off.append(row.title)
	if switched_off:
		settings.save(ignore_permissions=True)
	frappe.db.set_default(HANDLED_KEY, json.dumps(sorted(handled)))
	return switched_off
