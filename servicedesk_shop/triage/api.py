"""Triage's endpoint: the likely category as the customer types.

Served under their old names too (servicedesk_shop.api), which the storefront, the widget and the
desk call."""

import frappe
from frappe import _

from servicedesk_shop.intake import service
from servicedesk_shop.intake.sources import form_categories, get_source
from servicedesk_shop.intake.validation import LIMITS
from servicedesk_shop.service_desk.guards import endpoint, refuse_argument
from servicedesk_shop.service_desk.ratelimit import suggest_limit
from servicedesk_shop.triage.service import suggest_category as suggest


@endpoint("GET", "POST", guest=True, limit=suggest_limit)
def suggest_category(text: str | None = None, source: str | None = None) -> dict:
	"""The likely category of what a customer is typing, for the form and the widget to pre-select:
	{"category", "label", "confidence"} when triage is sure enough and the source's form offers it,
	else {"category": null}. Read on this server by the site's own model; the text is not stored."""
	if text is not None and not isinstance(text, str):
		refuse_argument(_("{0} must be text.").format(_("Message")), service.IntakeValidationError)
	if text and len(text) > LIMITS["message"]:
		refuse_argument(
			_("{0} is too long: at most {1} characters.").format(_("Message"), LIMITS["message"]),
			service.IntakeValidationError,
		)
	settings = None
	if source:
		settings = get_source(source)
		if not settings or not settings["enabled"]:
			frappe.throw(
				_("Unknown feedback source {0}.").format(frappe.utils.escape_html(source or "")),
				service.IntakeValidationError,
			)
	if sum(1 for char in text or "" if char.isalpha()) < 8:
		return {"category": None}  # too little to read yet
	return suggest(
		text, settings["name"] if settings else None, form_categories(settings) if settings else None
	)
