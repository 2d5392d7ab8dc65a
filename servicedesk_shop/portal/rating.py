"""Context of /support/rate: the one-click rating from the resolution e-mail (a signed link per star)."""

import frappe
from frappe import _

from servicedesk_shop.customer.csat import from_star_token, rate
from servicedesk_shop.customer.rating import STARS


def rate_context(context):
	context.no_cache = 1
	context.title = _("Rate our answer")
	token = frappe.form_dict.get("token")
	found = from_star_token(token)
	context.stars = list(reversed(STARS))
	if not found:
		context.error = _("This rating link is not valid.")
		context.http_status_code = 404
		return context
	issue, stars = found
	try:
		context.rating = rate(issue, stars)
	except frappe.ValidationError as error:
		frappe.clear_last_message()
		context.error = str(error)
		context.http_status_code = 400
		return context
	context.issue = issue
	context.token = token
	return context
