"""Insight's endpoints: the exit question of the cart and checkout, and the fit advice of a product page.

Served under their old names too (servicedesk_shop.api), which the storefront, the widget and the
desk call."""

import frappe
from frappe import _

from servicedesk_shop.insight import exit_feedback, fit_advice
from servicedesk_shop.intake import service
from servicedesk_shop.service_desk.guards import (
	endpoint,
	parse_json_argument,
	refuse_argument,
	required,
	without_traceback,
)
from servicedesk_shop.service_desk.ratelimit import limited, lookup_limit


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@without_traceback
@limited(lookup_limit)
def get_exit_reasons() -> dict:
	"""What the widget's exit mode asks and offers, translated: the question and the enabled Exit
	Reasons in their order."""
	return {
		"question": _("What stopped you?"),
		"reasons": [
			{"value": r.name, "label": _(r.name), "asks_for_text": bool(r.asks_for_text)}
			for r in exit_feedback.exit_reasons()
		],
		"labels": {
			"thanks": _("Thank you, that helps us."),
			"comment": _("Anything else you want to tell us? (optional)"),
			"email": _("Your e-mail, if you want us to contact you (optional)"),
			"send": _("Send"),
			"close": _("Close"),
			"sent": _("Thank you! We will write to you."),
			"error": _("Something went wrong. Please try again."),
			"back_to_cart": _("Back to my cart"),
			"read_more": _("Read more"),
		},
	}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@without_traceback
@limited()
def record_exit_feedback(
	reason: str | None = None,
	session_key: str | None = None,
	page: str | None = None,
	source: str | None = None,
	trigger: str | None = None,
	item_codes=None,
	cart_value=None,
	currency: str | None = None,
	page_url: str | None = None,
	comment: str | None = None,
	email: str | None = None,
) -> dict:
	"""One tap in the cart or checkout's exit question: an Exit Feedback (anonymous; once per
	`session_key`, a repeat answers the same record). With `email` and `comment`, also a request through
	the normal intake, linked to it; they may follow the tap with the same `session_key`. Bad input is a
	400 with its message."""
	item_codes = (
		parse_json_argument(item_codes)
		if isinstance(item_codes, str) and item_codes.startswith("[")
		else item_codes
	)
	return exit_feedback.record_exit_feedback(
		{
			"reason": reason,
			"session_key": session_key,
			"page": page,
			"source": source,
			"trigger": trigger,
			"items": item_codes,
			"cart_value": cart_value,
			"currency": currency,
			"page_url": page_url,
			"comment": comment,
			"email": email,
		}
	)


@endpoint("POST", guest=True)
def exit_back_to_cart(feedback: str | None = None, session: str | None = None) -> dict:
	"""After the exit question's answer the shopper clicked "Back to my cart": marked on their Exit
	Feedback (`feedback`, as record_exit_feedback named it) and counted once as a self-service
	resolution. `session`: the session key that made the record; 404 for any other, 400 for bad input."""
	return exit_feedback.back_to_cart(feedback, session)


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@without_traceback
@limited(lookup_limit)
def get_fit_advice(item: str | None = None) -> dict:
	"""How an item fits, from what customers said (size complaints and size returns): `fit` Runs Small,
	True to Size or Runs Large (None below the evidence Service Desk Settings asks for), its `share`, the
	`observations`, the `sizes` concerned and the `advice` for the next buyer. `item`: a template or a
	variant. 404 for an unknown item."""
	if not item or not isinstance(item, str) or len(item) > 140:
		refuse_argument(_("Item is required."), service.IntakeValidationError)
	answer = fit_advice.fit_advice(item)
	if answer.get("fit"):
		# the product page shows it (the widget's fit mode shows only advice with a fit)
		fit_advice.count_shown(answer["template"], fit_advice.PRODUCT_PAGE)
	return answer
