"""Context of /support/rate: the one-click rating from the resolution e-mail (a signed link per star).

The page records the star with a POST that its script sends as it loads (`rate_request`), not on the GET
itself: mail scanners and link previews fetch every link of an e-mail, five stars to one, and a GET that
recorded would leave each rated one star and its manager told of an unhappy customer. Without script the
page shows the star chosen and records nothing."""

import frappe
from frappe import _

from servicedesk_shop.customer.csat import checked, comment_text, from_star_token
from servicedesk_shop.customer.rating import STARS
from servicedesk_shop.service_desk.ratelimit import WINDOW, caller_identity, count, intake_limit


def rate_context(context):
	context.no_cache = 1
	context.title = _("Rate our answer")
	token = frappe.form_dict.get("token")
	found = from_star_token(token)
	context.stars = list(reversed(STARS))
	if getattr(frappe.local, "request", None):
		# a page that records, so limited like the API that does the same (rate_request)
		identity, kind = caller_identity()
		if count(f"support_rate_page:{identity}", WINDOW) > intake_limit(kind):
			context.error = _(
				"You hit the rate limit because of too many requests. Please try after sometime."
			)
			context.http_status_code = 429
			return context
	if not found:
		context.error = _("This rating link is not valid.")
		context.http_status_code = 404
		return context
	issue, stars = found
	try:
		row, rating = checked(issue, stars)  # too late, not resolved: said now, before any script runs
		context.rating = frappe._dict(stars=rating.stars, comment=comment_text(row.csat_comment))
		context.record_on_load = True
	except frappe.ValidationError as error:
		frappe.clear_last_message()
		context.error = str(error)
		context.http_status_code = 400
		return context
	context.issue = issue
	context.token = token
	return context
