"""Returns' endpoints: an order's lines on a request, a return or an exchange from it, and a customer's return
request.

Served under their old names too (servicedesk_shop.api), which the storefront, the widget and the
desk call."""

import frappe
from frappe import _

from servicedesk_shop.intake import service
from servicedesk_shop.returns.service import issue_line_values, readable_order_lines
from servicedesk_shop.returns.service import make_exchange as exchange
from servicedesk_shop.returns.service import make_return as draft_returns
from servicedesk_shop.returns.service import request_return as ask
from servicedesk_shop.service_desk.guards import (
	endpoint,
	issue_for,
	list_argument,
	parse_json_argument,
	refuse_argument,
	required,
)
from servicedesk_shop.service_desk.ratelimit import intake_limit


@endpoint("GET", "POST")
def get_order_lines(issue: str | None = None) -> list[dict]:
	"""The lines of the Issue's linked order, with what each can still return (for "Get Order Lines"):
	only for a user who may read the order, and only lines of deliveries and invoices they may read."""
	return readable_order_lines(issue_for(issue))


@endpoint("POST")
def add_order_lines(issue: str | None = None, rows: str | list | None = None) -> int:
	"""Add lines of the linked order (`rows`: their Delivery Note / Sales Invoice row names) to the Issue."""
	doc = issue_for(issue, "write")
	wanted = {row for row in list_argument(rows, _("Rows")) if isinstance(row, str)}
	present = {r.dn_detail or r.si_detail for r in doc.get("order_lines", [])}
	added = 0
	for line in readable_order_lines(doc):
		if line["row"] in wanted and line["row"] not in present:
			doc.append("order_lines", issue_line_values(line, doc.sales_order))
			added += 1
	doc.save()
	return added


@endpoint("POST")
def make_return(
	issue: str | None = None, lines: str | list | None = None, reason: str | None = None
) -> list[str]:
	"""Draft ERPNext returns for lines of the Issue: `lines` = [{"line": row, "qty": n, "reason": r}]."""
	doc = issue_for(issue, "write")
	return draft_returns(doc.name, list_argument(lines, _("Lines")), reason)


@endpoint("POST")
def make_exchange(
	issue: str | None = None,
	line: str | None = None,
	attribute: str | None = None,
	value: str | None = None,
	qty: float | None = None,
) -> dict:
	"""Return a line and order the same item in another size (`attribute` = `value`), when in stock."""
	doc = issue_for(issue, "write")
	return exchange(
		doc.name,
		required(line, _("Line")),
		required(attribute, _("Attribute")),
		required(value, _("Value")),
		qty,
	)


@endpoint("POST", limit=intake_limit)
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
	rows = parse_json_argument(rows)
	if not isinstance(rows, list) or not rows:
		refuse_argument(_("Choose at least one line to return."), service.IntakeValidationError)
	if not all(isinstance(entry, dict) and isinstance(entry.get("row"), str) for entry in rows):
		refuse_argument(_("Each line to return must name its row."), service.IntakeValidationError)
	if photo:
		photo = parse_json_argument(photo)
		if not isinstance(photo, dict) or not isinstance(photo.get("data"), str):
			refuse_argument(_("The photo must be a JPEG, PNG or WebP image."), service.IntakeValidationError)
	if comment is not None and (not isinstance(comment, str) or len(comment) > 5000):
		refuse_argument(
			_("{0} is too long: at most {1} characters.").format(_("Comment"), 5000),
			service.IntakeValidationError,
		)
	if reason is not None and not isinstance(reason, str):
		refuse_argument(_("Please choose a reason."), service.IntakeValidationError)
	return ask(rows, reason, comment or "", photo or None)
