import frappe
from frappe import _

from servicedesk_shop.returns.service import customer_delivered_lines, customer_of_session

no_cache = 1


def get_context(context):
	"""/support/return: a logged-in customer picks delivered lines of their orders to send back."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/support/return"
		raise frappe.Redirect
	context.title = _("Return or Exchange")
	context.show_sidebar = True
	customer = customer_of_session()
	context.has_customer = bool(customer)
	context.lines = customer_delivered_lines(customer) if customer else []
	context.reasons = [
		{"value": r, "label": _(r)}
		for r in frappe.get_all("Return Reason", pluck="reason", order_by="creation")
	]
	return context
