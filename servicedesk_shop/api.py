"""Public API of servicedesk_shop.

`submit_feedback` is the one intake of the shop's feedback, used by the portal form, the storefront
widget and external shops. Guests may call it where the source allows. Every endpoint here is rate
limited per caller (servicedesk_shop.service_desk.ratelimit), answers bad input with a 4xx and its message only, and
checks the permissions of every document it reads.
"""

import frappe
from frappe import _

from servicedesk_shop.intake import service
from servicedesk_shop.intake.sources import form_categories, get_source
from servicedesk_shop.service_desk.errors import refuse as refuse_with
from servicedesk_shop.service_desk.guards import parse_json_argument, required, without_traceback
from servicedesk_shop.service_desk.permissions import managers_only
from servicedesk_shop.service_desk.ratelimit import limited, lookup_limit, suggest_limit


def refuse(message: str, exc=frappe.ValidationError):
	"""A missing or malformed argument: 417 for the desk's endpoints, as Frappe answers a ValidationError;
	the public ones name a 400 (ServiceDeskError) or 403."""
	refuse_with(message, exc)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@without_traceback
@limited()
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
) -> dict:
	"""Create a customer request (an Issue) from a point of the shop.

	Answers `{"issue": name, "status": status, "track_url": url or None}`: the tracking link only to a
	logged-in customer (and the shop's integration); a guest's goes to the address by e-mail (unless
	`call_me` asks for an answer by phone at `phone`: then no e-mail goes to them about it). The same
	`client_token` from the same e-mail answers the same Issue again. A user with the Service Desk
	Integration role (an external shop's server) writes for the customer named by `email`; anyone else
	logged in writes as themselves. Bad input is answered with HTTP 400 (403 for a guest where the source
	needs a login, 429 past the rate limit) and a translated message."""
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
	}
	return service.submit(data)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@without_traceback
@limited(lookup_limit)
def open_tracking_link(token: str | None = None) -> dict:
	"""The tracking link's token (from the link's fragment, read by the page's script) exchanged for this
	request's cookie in this browser: answers {"request", "url"}, the page's clean address. 404 for a link
	that is not valid or was revoked, 410 for one that has expired."""
	from servicedesk_shop.service_desk.tracking import open_link, page_url

	name = open_link(token)
	return {"request": name, "url": page_url(name)}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@without_traceback
@limited()
def reply_to_request(
	token: str | None = None, message: str | None = None, photos=None, request: str | None = None
) -> dict:
	"""The customer's answer to a request, from its tracking page or My Requests: `request` whose link this
	browser opened (its cookie) or that the user owns, or a tracking `token`; with up to 3 photos (a JSON
	list of {"name", "data": a data: URL}; images only, checked by their bytes). It reopens a resolved
	request within Service Desk Settings' "Reopen Within Days"."""
	from servicedesk_shop.customer.replies import add_reply

	return add_reply(token, message, photos, request)


@frappe.whitelist(allow_guest=True, methods=["GET"])
@without_traceback
@limited(lookup_limit)
def get_request_photo(token: str | None = None, photo: str | None = None, request: str | None = None):
	"""A photo of the customer's own messages on `request` (opened in this browser, or the user's own) or
	the request of a tracking `token`, for its page; 404 for any other file."""
	from servicedesk_shop.customer.replies import photo_content

	filename, content, content_type = photo_content(token, photo, request)
	frappe.response.type = "download"
	frappe.response.filename = filename
	frappe.response.filecontent = content
	frappe.response.content_type = content_type
	frappe.response.display_content_as = "inline"


@frappe.whitelist(allow_guest=True, methods=["POST"])
@without_traceback
@limited()
def rate_request(
	token: str | None = None,
	rating: str | int | None = None,
	comment: str | None = None,
	request: str | None = None,
) -> dict:
	"""The customer's rating of a resolved request, 1-5 stars and an optional comment, changeable for 7
	days: `token` is a star's link from the resolution e-mail or a tracking token; `request` one whose
	link this browser opened or that the user owns (the tracking page, My Requests). 400 with a message
	for a bad token, rating or comment, or too late."""
	from servicedesk_shop.customer.access import request_for
	from servicedesk_shop.customer.csat import from_star_token, rate

	issue = None
	found = from_star_token(token)
	if found:
		issue, star = found
		rating = star if rating in (None, "") else rating
	else:
		issue = request_for(token, request)
	if not issue:
		refuse(_("This rating link is not valid."), service.IntakeValidationError)
	return rate(issue, rating, comment)


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@without_traceback
@limited(lookup_limit)
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
		},
	}


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@without_traceback
@limited(suggest_limit)
def suggest_category(text: str | None = None, source: str | None = None) -> dict:
	"""The likely category of what a customer is typing, for the form and the widget to pre-select:
	{"category", "label", "confidence"} when triage is sure enough and the source's form offers it,
	else {"category": null}. Read on this server by the site's own model; the text is not stored."""
	from servicedesk_shop.intake.validation import LIMITS
	from servicedesk_shop.triage.service import suggest_category as suggest

	if text is not None and not isinstance(text, str):
		refuse(_("{0} must be text.").format(_("Message")), service.IntakeValidationError)
	if text and len(text) > LIMITS["message"]:
		refuse(
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


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@without_traceback
@limited(lookup_limit)
def get_exit_reasons() -> dict:
	"""What the widget's exit mode asks and offers, translated: the question and the enabled Exit
	Reasons in their order."""
	from servicedesk_shop.insight.service import exit_reasons

	return {
		"question": _("What stopped you?"),
		"reasons": [
			{"value": r.name, "label": _(r.name), "asks_for_text": bool(r.asks_for_text)}
			for r in exit_reasons()
		],
		"labels": {
			"thanks": _("Thank you, that helps us."),
			"comment": _("Anything else you want to tell us? (optional)"),
			"email": _("Your e-mail, if you want us to contact you (optional)"),
			"send": _("Send"),
			"close": _("Close"),
			"sent": _("Thank you! We will write to you."),
			"error": _("Something went wrong. Please try again."),
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
	from servicedesk_shop.insight.service import record_exit_feedback as record

	item_codes = (
		parse_json_argument(item_codes)
		if isinstance(item_codes, str) and item_codes.startswith("[")
		else item_codes
	)
	return record(
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


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@without_traceback
@limited(lookup_limit)
def get_fit_advice(item: str | None = None) -> dict:
	"""How an item fits, from what customers said (size complaints and size returns): `fit` Runs Small,
	True to Size or Runs Large (None below the evidence Service Desk Settings asks for), its `share`, the
	`observations`, the `sizes` concerned and the `advice` for the next buyer. `item`: a template or a
	variant. 404 for an unknown item."""
	from servicedesk_shop.insight.service import fit_advice

	if not item or not isinstance(item, str) or len(item) > 140:
		refuse(_("Item is required."), service.IntakeValidationError)
	return fit_advice(item)


@frappe.whitelist(methods=["GET", "POST"])
@without_traceback
def get_customer_panel(issue: str | None = None) -> dict:
	"""The Issue form's customer panel: the last orders, earlier requests, returns, the total spent and
	the customer since when; each part for those who may read it."""
	from servicedesk_shop.customer.panel import customer_panel

	return customer_panel(_issue_for(issue))


@frappe.whitelist(methods=["GET", "POST"])
@without_traceback
def get_track_url(issue: str | None = None) -> str:
	"""The customer's tracking link of `issue`, for staff who may read it (to send it on)."""
	return service.track_url(_issue_for(issue).name)


@frappe.whitelist(methods=["POST"])
@without_traceback
def revoke_tracking_links(issue: str | None = None) -> int:
	"""Every tracking link of `issue` sent so far stops working ("Revoke Tracking Links" on the Issue
	form, for an agent who may change the request); the next reply carries a new one."""
	from servicedesk_shop.service_desk.tracking import revoke_links

	doc = _issue_for(issue, "write")
	revision = revoke_links(doc.name)
	doc.add_comment("Info", _("Tracking links revoked."))
	return revision


@frappe.whitelist(methods=["POST"])
@without_traceback
def confirm_sender_address(issue: str | None = None):
	"""An agent vouches for a guest's typed address (they called the customer, say): the request shows
	in that customer's My Requests."""
	from servicedesk_shop.service_desk.tracking import confirm_address

	doc = _issue_for(issue, "write")
	confirm_address(doc.name)
	doc.add_comment("Info", _("The sender's address was confirmed by an agent."))


@frappe.whitelist(methods=["POST"])
@without_traceback
def route_issue(issue: str | None = None) -> dict:
	"""Route `issue` again ("Route Again" on the Issue form): team, rule, reason, priority and assignee."""
	from servicedesk_shop.routing.service import route_again

	return route_again(_issue_for(issue, "write").name)


@frappe.whitelist(methods=["POST"])
@without_traceback
@managers_only
def test_routing(
	source: str | None = None,
	category: str | None = None,
	item_code: str | None = None,
	customer: str | None = None,
	order_total: float | None = None,
	text: str | None = None,
	mood: str | None = None,
	urgency: str | None = None,
) -> dict:
	"""The rule a sample request would get, with every rule tried before it and why it did not match
	(the "Test" action of Routing Rule). For System Managers and Support Managers."""
	from servicedesk_shop.routing.rules import Request
	from servicedesk_shop.routing.service import get_state, request_for

	sample = frappe._dict(
		feedback_source=source,
		issue_type=category,
		item_code=item_code if item_code and frappe.db.exists("Item", item_code) else None,
		customer=customer if customer and frappe.db.exists("Customer", customer) else None,
		subject=text or "",
		customer_mood=mood or None,
		triage_urgency=urgency or None,
	)
	request: Request = request_for(sample)
	request.order_total = order_total
	state = get_state()
	decision = state.index.explain(request)
	return {
		"rule": decision.rule.name if decision.rule else None,
		"team": decision.team or state.default_team,
		"reasons": [reason.translated(_) for reason in decision.reasons],
		"tried": [{"rule": name, "why_not": why.translated(_)} for name, why in decision.tried],
		"request": request.__dict__,
	}


# --- returns and exchanges (desk) -------------------------------------------------------------------


def _list_argument(value, label: str) -> list:
	"""A list given as JSON text or as a list; anything else is refused with a clear message (400)."""
	value = parse_json_argument(value)
	if not isinstance(value, list):
		refuse(_("{0} must be a list.").format(label))
	return value


def _issue_for(issue, ptype: str = "read"):
	doc = frappe.get_doc("Issue", required(issue, _("Issue")))
	doc.check_permission(ptype)
	return doc


@frappe.whitelist(methods=["GET", "POST"])
@without_traceback
def get_order_lines(issue: str | None = None) -> list[dict]:
	"""The lines of the Issue's linked order, with what each can still return (for "Get Order Lines"):
	only for a user who may read the order, and only lines of deliveries and invoices they may read."""
	from servicedesk_shop.returns.service import readable_order_lines

	return readable_order_lines(_issue_for(issue))


@frappe.whitelist(methods=["POST"])
@without_traceback
def add_order_lines(issue: str | None = None, rows: str | list | None = None) -> int:
	"""Add lines of the linked order (`rows`: their Delivery Note / Sales Invoice row names) to the Issue."""
	from servicedesk_shop.returns.service import issue_line_values, readable_order_lines

	doc = _issue_for(issue, "write")
	wanted = {row for row in _list_argument(rows, _("Rows")) if isinstance(row, str)}
	present = {r.dn_detail or r.si_detail for r in doc.get("order_lines", [])}
	added = 0
	for line in readable_order_lines(doc):
		if line["row"] in wanted and line["row"] not in present:
			doc.append("order_lines", issue_line_values(line, doc.sales_order))
			added += 1
	doc.save()
	return added


@frappe.whitelist(methods=["POST"])
@without_traceback
def make_return(
	issue: str | None = None, lines: str | list | None = None, reason: str | None = None
) -> list[str]:
	"""Draft ERPNext returns for lines of the Issue: `lines` = [{"line": row, "qty": n, "reason": r}]."""
	from servicedesk_shop.returns.service import make_return as draft_returns

	doc = _issue_for(issue, "write")
	return draft_returns(doc.name, _list_argument(lines, _("Lines")), reason)


@frappe.whitelist(methods=["POST"])
@without_traceback
def make_exchange(
	issue: str | None = None,
	line: str | None = None,
	attribute: str | None = None,
	value: str | None = None,
	qty: float | None = None,
) -> dict:
	"""Return a line and order the same item in another size (`attribute` = `value`), when in stock."""
	from servicedesk_shop.returns.service import make_exchange as exchange

	doc = _issue_for(issue, "write")
	return exchange(
		doc.name,
		required(line, _("Line")),
		required(attribute, _("Attribute")),
		required(value, _("Value")),
		qty,
	)


@frappe.whitelist(methods=["POST"])
@without_traceback
@limited()
def request_return(
	rows: str | list | None = None,
	reason: str | None = None,
	comment: str | None = None,
	photo: str | dict | None = None,
) -> dict:
	"""A logged-in customer asks to return delivered lines of their own orders (portal /support/return):
	`rows` = [{"row": Delivery Note Item, "qty": n}], a Return Reason, a comment and an optional photo
	({"name", "data": data URL}). Answers like submit_feedback. Rate limited per customer, and photos
	per customer and hour."""
	from servicedesk_shop.returns.service import request_return as ask

	rows = parse_json_argument(rows)
	if not isinstance(rows, list) or not rows:
		refuse(_("Choose at least one line to return."), service.IntakeValidationError)
	if not all(isinstance(entry, dict) and isinstance(entry.get("row"), str) for entry in rows):
		refuse(_("Each line to return must name its row."), service.IntakeValidationError)
	if photo:
		photo = parse_json_argument(photo)
		if not isinstance(photo, dict) or not isinstance(photo.get("data"), str):
			refuse(_("The photo must be a JPEG, PNG or WebP image."), service.IntakeValidationError)
	if comment is not None and (not isinstance(comment, str) or len(comment) > 5000):
		refuse(
			_("{0} is too long: at most {1} characters.").format(_("Comment"), 5000),
			service.IntakeValidationError,
		)
	if reason is not None and not isinstance(reason, str):
		refuse(_("Please choose a reason."), service.IntakeValidationError)
	return ask(rows, reason, comment or "", photo or None)
