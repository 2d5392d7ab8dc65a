"""The intake's endpoints: a request from the portal form, the widget or an external shop, and what a form
shows for its source.

Served under their old names too (servicedesk_shop.api), which the storefront, the widget and the
desk call."""

import frappe
from frappe import _

from servicedesk_shop.intake import service
from servicedesk_shop.intake.sources import form_categories, get_source
from servicedesk_shop.service_desk.guards import endpoint
from servicedesk_shop.service_desk.ratelimit import lookup_limit


@endpoint("POST", guest=True)
def submit_feedback(
	source: str | None = None,
	message: str | None = None,
	email: str | None = None,
	full_name: str | None = None,
	subject: str | None = None,
	category: str | None = None,
	order: str | None = None,
	item_code: str | None = None,
	page_url: str | None = None,
	client_token: str | None = None,
	call_me: str | int | bool | None = None,
	phone: str | None = None,
	answers_shown: str | list | None = None,
	session: str | None = None,
) -> dict:
	"""Create a customer request (an Issue) from a point of the shop.

	Answers `{"issue": name, "status": status, "track_url": url or None}`: the tracking link only to a
	logged-in customer (and the shop's integration); a guest's goes to the address by e-mail (unless
	`call_me` asks for an answer by phone at `phone`: then no e-mail goes to them about it). The same
	`client_token` from the same e-mail answers the same Issue again. A user with the Service Desk
	Integration role (an external shop's server) writes for the customer named by `email`; anyone else
	logged in writes as themselves. Bad input is answered with HTTP 400 (403 for a guest where the source
	needs a login, 429 past the rate limit) and a translated message. `answers_shown` (a JSON list of
	help articles) and `session` (the page's session key): the answers the writer was shown while typing,
	which the request records (hook servicedesk_intake_fields)."""
	data = {
		"source": source,
		"message": message,
		"email": email,
		"full_name": full_name,
		"subject": subject,
		"category": category,
		"order": order,
		"item_code": item_code,
		"page_url": page_url,
		"client_token": client_token,
		"call_me": call_me,
		"phone": phone,
		"answers_shown": answers_shown,
		"session": session,
	}
	return service.submit(data)


@endpoint("GET", "POST", guest=True, limit=lookup_limit)
def get_feedback_source(source: str | None = None) -> dict:
	"""What a form or widget shows for `source`: its prompt and categories, translated."""
	settings = get_source(source)
	if not settings or not settings["enabled"]:
		frappe.throw(
			_("Unknown feedback source {0}.").format(frappe.utils.escape_html(source or "")),
			service.IntakeValidationError,
		)
	return {
		"source": settings["name"],
		"prompt": _(settings["prompt"] or ""),
		"allow_guest": bool(settings["allow_guest"]),
		"order_required": bool(settings["order_required"]),
		"default_category": settings["default_category"],
		"categories": [{"value": c, "label": _(c)} for c in form_categories(settings)],
		"logged_in": frappe.session.user != "Guest",
		"labels": {
			"button": _("Feedback"),
			"title": _("Tell us"),
			"category": _("Category"),
			"suggested": _("Chosen for you from your words: {0}. Change it if it is wrong."),
			"email": _("E-mail"),
			"name": _("Your Name"),
			"order": _("Order Number"),
			"message": _("Message"),
			"send": _("Send"),
			"close": _("Close"),
			"thanks": _("Thank you! Your request number is"),
			"track": _("Follow your request"),
			"track_sent": _("We have sent a link to follow your request to your e-mail address."),
			"error": _("Something went wrong. Please try again."),
			# the help centre's answers under the text box (servicedesk_shop.api.suggest_answers)
			"answers": _("These answers may help"),
			"answer_question": _("Did this answer your question?"),
			"yes": _("Yes"),
			"no": _("No"),
			"answer_thanks": _("Glad it helped! You need not send a request."),
		},
	}
