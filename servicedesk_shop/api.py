"""Public API of servicedesk_shop.

`submit_feedback` is the one intake of the shop's feedback, used by the portal form, the storefront
widget and external shops. Guests may call it where the source allows; it is rate limited per IP.
"""

import functools

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from servicedesk_shop.intake import service
from servicedesk_shop.intake.sources import form_categories, get_source
from servicedesk_shop.permissions import managers_only

RATE_LIMIT_WINDOW = 60  # seconds


def intake_rate_limit() -> int:
	"""Submissions allowed per IP and minute: `servicedesk_guest_rate_limit` (default 10) for guests,
	`servicedesk_user_rate_limit` (default 600) for logged-in users and API keys (external shops)."""
	if frappe.session.user == "Guest":
		return int(frappe.conf.get("servicedesk_guest_rate_limit") or 10)
	return int(frappe.conf.get("servicedesk_user_rate_limit") or 600)


def lookup_rate_limit() -> int:
	return int(frappe.conf.get("servicedesk_lookup_rate_limit") or 120)


def without_traceback(fn):
	"""Every endpoint here: a refusal (400, 403, 404, and the rate limit's 429, which Frappe raises
	before our code runs) answers with its message only, never a traceback. An unexpected error still
	goes to the Error Log."""

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		frappe.flags.disable_traceback = True
		return fn(*args, **kwargs)

	return wrapper


@frappe.whitelist(allow_guest=True, methods=["POST"])
@without_traceback
@rate_limit(limit=intake_rate_limit, seconds=RATE_LIMIT_WINDOW)
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
) -> dict:
	"""Create a customer request (an Issue) from a point of the shop.

	Answers `{"issue": name, "status": status, "track_url": url}`; the same `client_token` from the same
	e-mail answers the same Issue again. Bad input is answered with HTTP 400 (403 for a guest where the
	source needs a login, 429 past the rate limit) and a translated message."""
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
	}
	return service.submit(data)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@without_traceback
@rate_limit(limit=intake_rate_limit, seconds=RATE_LIMIT_WINDOW)
def reply_to_request(token: str | None = None, message: str | None = None) -> dict:
	"""The customer's answer to a request, from its tracking page (the signed token is the key)."""
	return service.add_customer_reply(token, message)


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@without_traceback
@rate_limit(limit=lookup_rate_limit, seconds=RATE_LIMIT_WINDOW)
def get_feedback_source(source: str | None = None) -> dict:
	"""What a form or widget shows for `source`: its prompt and categories, translated."""
	settings = get_source(source)
	if not settings or not settings["enabled"]:
		frappe.flags.disable_traceback = True
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
			"email": _("E-mail"),
			"name": _("Your Name"),
			"order": _("Order Number"),
			"message": _("Message"),
			"send": _("Send"),
			"close": _("Close"),
			"thanks": _("Thank you! Your request number is"),
			"track": _("Follow your request"),
			"error": _("Something went wrong. Please try again."),
		},
	}


@frappe.whitelist(methods=["GET", "POST"])
@without_traceback
def get_track_url(issue: str) -> str:
	"""The customer's tracking link of `issue`, for staff who may read it (to send it on)."""
	doc = frappe.get_doc("Issue", issue)
	doc.check_permission("read")
	return service.track_url(doc.name)


@frappe.whitelist(methods=["POST"])
@without_traceback
def route_issue(issue: str) -> dict:
	"""Route `issue` again ("Route Again" on the Issue form): team, rule, reason, priority and assignee."""
	from servicedesk_shop.routing.service import route_again

	frappe.get_doc("Issue", issue).check_permission("write")
	return route_again(issue)


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
	"""A list given as JSON text or as a list; anything else is refused with a clear message (417)."""
	if isinstance(value, str):
		try:
			value = frappe.parse_json(value)
		except ValueError:
			value = None
	if not isinstance(value, list):
		frappe.throw(_("{0} must be a list.").format(label), frappe.ValidationError)
	return value


def _issue_for(issue: str, ptype: str = "read"):
	doc = frappe.get_doc("Issue", issue)
	doc.check_permission(ptype)
	return doc


@frappe.whitelist(methods=["GET", "POST"])
@without_traceback
def get_order_lines(issue: str) -> list[dict]:
	"""The lines of the Issue's linked order, with what each can still return (for "Get Order Lines")."""
	from servicedesk_shop.returns.service import order_lines

	doc = _issue_for(issue)
	return order_lines(doc.sales_order) if doc.sales_order else []


@frappe.whitelist(methods=["POST"])
@without_traceback
def add_order_lines(issue: str, rows: str | list) -> int:
	"""Add lines of the linked order (`rows`: their Delivery Note / Sales Invoice row names) to the Issue."""
	from servicedesk_shop.returns.service import issue_line_values, order_lines

	doc = _issue_for(issue, "write")
	wanted = {row for row in _list_argument(rows, _("Rows")) if isinstance(row, str)}
	present = {r.dn_detail or r.si_detail for r in doc.get("order_lines", [])}
	added = 0
	for line in order_lines(doc.sales_order) if doc.sales_order else []:
		if line["row"] in wanted and line["row"] not in present:
			doc.append("order_lines", issue_line_values(line, doc.sales_order))
			added += 1
	doc.save()
	return added


@frappe.whitelist(methods=["POST"])
@without_traceback
def make_return(issue: str, lines: str | list, reason: str | None = None) -> list[str]:
	"""Draft ERPNext returns for lines of the Issue: `lines` = [{"line": row, "qty": n, "reason": r}]."""
	from servicedesk_shop.returns.service import make_return as draft_returns

	_issue_for(issue, "write")
	return draft_returns(issue, _list_argument(lines, _("Lines")), reason)


@frappe.whitelist(methods=["POST"])
@without_traceback
def make_exchange(issue: str, line: str, attribute: str, value: str, qty: float | None = None) -> dict:
	"""Return a line and order the same item in another size (`attribute` = `value`), when in stock."""
	from servicedesk_shop.returns.service import make_exchange as exchange

	_issue_for(issue, "write")
	return exchange(issue, line, attribute, value, qty)


@frappe.whitelist(methods=["POST"])
@without_traceback
@rate_limit(limit=intake_rate_limit, seconds=RATE_LIMIT_WINDOW)
def request_return(
	rows: str | list | None = None,
	reason: str | None = None,
	comment: str | None = None,
	photo: str | dict | None = None,
) -> dict:
	"""A logged-in customer asks to return delivered lines of their own orders (portal /support/return):
	`rows` = [{"row": Delivery Note Item, "qty": n}], a Return Reason, a comment and an optional photo
	({"name", "data": data URL}). Answers like submit_feedback."""
	from servicedesk_shop.returns.service import request_return as ask

	try:
		rows = frappe.parse_json(rows) if isinstance(rows, str) else rows
		photo = frappe.parse_json(photo) if isinstance(photo, str) and photo else photo
	except ValueError:
		rows = None
	if not isinstance(rows, list):
		frappe.flags.disable_traceback = True
		frappe.throw(_("Choose at least one line to return."), service.IntakeValidationError)
	if comment is not None and (not isinstance(comment, str) or len(comment) > 5000):
		frappe.flags.disable_traceback = True
		frappe.throw(
			_("{0} is too long: at most {1} characters.").format(_("Comment"), 5000),
			service.IntakeValidationError,
		)
	return ask(rows, reason, comment or "", photo)
