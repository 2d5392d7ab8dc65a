"""Returns and exchanges started from a request, on ERPNext's own return documents.

A return is made by ERPNext's `make_sales_return` (a Delivery Note return when the goods were
delivered, else a Credit Note against the Sales Invoice), cut down to the lines and quantities chosen,
and left as a draft for staff to review and submit. Quantities are checked first against what each
line can still return (delivered or invoiced, minus every return already made or drafted).
"""

import base64
import binascii
import math
import re

import frappe
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as credit_note
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return as delivery_note_return
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import add_days, cint, escape_html, flt, nowdate

from servicedesk_shop.intake.service import (
	IntakePermissionError,
	IntakeValidationError,
	find_customer,
	submit,
)
from servicedesk_shop.returns.rules import (
	ReturnableLine,
	ReturnError,
	check_return_quantities,
	exchange_variant,
	variant_label,
)
from servicedesk_shop.service_desk.photos import PhotoError, clean_photo
from servicedesk_shop.service_desk.queries import columns
from servicedesk_shop.service_desk.ratelimit import count_attachment

DEFAULT_REASON_CATEGORY = "Return or Exchange"
# the field by which the items of each kind of document name the Sales Order they were made against
ORDER_FIELD = {"Delivery Note": "against_sales_order", "Sales Invoice": "sales_order"}


# --- the lines of an order ----------------------------------------------------------------------------


def variant_attributes(item_codes) -> dict[str, dict[str, str]]:
	"""{item: {attribute: value}} for variants among `item_codes`, in one query."""
	if not item_codes:
		return {}
	attribute = frappe.qb.DocType("Item Variant Attribute")
	result: dict[str, dict[str, str]] = {}
	for parent, name, value in (
		frappe.qb.from_(attribute)
		.select(attribute.parent, attribute.attribute, attribute.attribute_value)
		.where(attribute.parent.isin(list(item_codes)))
		.where(attribute.parenttype == "Item")
	).run():
		result.setdefault(parent, {})[name] = value
	return result


def returned_qty(doctype: str, rows) -> dict[str, float]:
	"""What already came back of each original row, counting submitted and draft returns."""
	if not rows:
		return {}
	child = frappe.qb.DocType(f"{doctype} Item")
	parent = frappe.qb.DocType(doctype)
	reference = child.dn_detail if doctype == "Delivery Note" else child.sales_invoice_item
	rows_back = (
		frappe.qb.from_(child)
		.join(parent)
		.on(parent.name == child.parent)
		.select(reference, Sum(-child.qty))
		.where(parent.is_return == 1)
		.where(parent.docstatus < 2)
		.where(reference.isin(list(rows)))
		.groupby(reference)
	).run()
	return {row: flt(qty) for row, qty in rows_back}


def order_lines(sales_order: str) -> list[dict]:
	"""The lines of a submitted Sales Order as a request can name them: one per delivered Delivery Note
	row, and for what was invoiced but not delivered, one per Sales Invoice row; each with the quantity
	that can still come back."""
	so_item = frappe.qb.DocType("Sales Order Item")
	so_rows = {
		row.name: row
		for row in (
			frappe.qb.from_(so_item)
			.select(*columns(so_item, "name item_code item_name qty rate warehouse"))
			.where(so_item.parent == sales_order)
		).run(as_dict=True)
	}
	if not so_rows:
		return []
	lines = []
	for doctype in ORDER_FIELD:
		query, child, _parent = items_against(doctype, sales_order, is_return=0)
		query = query.select(
			child.name, child.parent, child.so_detail, child.item_code, child.qty, child.rate
		)
		if doctype == "Sales Invoice":
			query = query.where(child.dn_detail.isnull() | (child.dn_detail == ""))
		rows = query.run(as_dict=True)
		back = returned_qty(doctype, [r.name for r in rows])
		for row in rows:
			if doctype == "Sales Invoice" and any(line["so_detail"] == row.so_detail for line in lines):
				continue  # delivered: returned through the Delivery Note
			lines.append(
				{
					"row": row.name,
					"doctype": doctype,
					"parent": row.parent,
					"so_detail": row.so_detail,
					"item_code": row.item_code,
					"item_name": (so_rows.get(row.so_detail) or {}).get("item_name"),
					"qty": flt(row.qty),
					"rate": flt(row.rate),
					"returned": back.get(row.name, 0.0),
				}
			)
	attributes = variant_attributes({line["item_code"] for line in lines})
	for line in lines:
		line["variant"] = variant_label(attributes.get(line["item_code"], {}))
		line["returnable"] = max(line["qty"] - line["returned"], 0.0)
	return lines


def items_against(doctype: str, sales_order: str, is_return: int):
	"""A query of the item rows of submitted `doctype` documents (returns or not) made against the order,
	with the item table and its parent for the caller's select."""
	child = frappe.qb.DocType(f"{doctype} Item")
	parent = frappe.qb.DocType(doctype)
	query = (
		frappe.qb.from_(child)
		.join(parent)
		.on(parent.name == child.parent)
		.where(child[ORDER_FIELD[doctype]] == sales_order)
		.where(parent.docstatus == 1)
		.where(parent.is_return == is_return)
	)
	return query, child, parent


def order_returns(sales_order: str) -> list[dict]:
	"""The submitted returns made against an order, oldest first: Delivery Note returns (the goods came
	back) and Credit Notes (the money went back), each {doctype, name, posting_date, grand_total,
	currency, lines: [{item_code, item_name, qty}]} with the lines of this order and positive figures."""
	found: dict[tuple[str, str], dict] = {}
	for doctype in ORDER_FIELD:
		query, child, parent = items_against(doctype, sales_order, is_return=1)
		rows = (
			query.select(
				parent.name,
				parent.posting_date,
				parent.grand_total,
				parent.currency,
				child.item_code,
				child.item_name,
				child.qty,
			)
			.orderby(parent.posting_date)
			.orderby(parent.name)
			.orderby(child.idx)
		).run(as_dict=True)
		for row in rows:
			document = found.setdefault(
				(doctype, row.name),
				{
					"doctype": doctype,
					"name": row.name,
					"posting_date": row.posting_date,
					"grand_total": -flt(row.grand_total),
					"currency": row.currency,
					"lines": [],
				},
			)
			document["lines"].append(
				{"item_code": row.item_code, "item_name": row.item_name, "qty": -flt(row.qty)}
			)
	# on one day, the goods coming back before the money going back
	return sorted(
		found.values(),
		key=lambda document: (
			document["posting_date"],
			document["doctype"] != "Delivery Note",
			document["name"],
		),
	)


def check_permitted(doctype: str, name: str | None = None, ptype: str = "read"):
	"""The calling user may `ptype` the document (or, without a name, the doctype): else a 403 that says
	which."""
	if not frappe.has_permission(doctype, ptype, name):
		frappe.flags.disable_traceback = True
		label = f"{_(doctype)} {name}" if name else _(doctype)
		frappe.throw(
			_("You are not permitted to {0} {1}.").format(_(ptype), escape_html(label)),
			frappe.PermissionError,
		)


def readable_order_lines(issue) -> list[dict]:
	"""The lines of the Issue's order for the calling user: a 403 unless they may read the Sales Order;
	only lines of the Delivery Notes and Sales Invoices they may read."""
	if not issue.get("sales_order"):
		return []
	check_permitted("Sales Order", issue.sales_order)
	lines = order_lines(issue.sales_order)
	readable = {
		(doctype, parent): frappe.has_permission(doctype, "read", parent)
		for doctype, parent in {(line["doctype"], line["parent"]) for line in lines}
	}
	return [line for line in lines if readable[(line["doctype"], line["parent"])]]


def issue_line_values(
	line: dict, sales_order: str, qty: float | None = None, reason: str | None = None
) -> dict:
	"""An `Issue Order Line` row for an order line."""
	delivered = line["doctype"] == "Delivery Note"
	return {
		"item_code": line["item_code"],
		"variant": line["variant"],
		"qty": qty or line["returnable"] or line["qty"],
		"return_reason": reason,
		"sales_order": sales_order,
		"so_detail": line["so_detail"],
		"delivery_note": line["parent"] if delivered else None,
		"dn_detail": line["row"] if delivered else None,
		"sales_invoice": None if delivered else line["parent"],
		"si_detail": None if delivered else line["row"],
	}


def fill_lines_from_intake(issue):
	"""`servicedesk_after_intake` hook (the intake's background job): when the customer named an item of
	the linked order, the Issue gets that line."""
	if not issue.get("sales_order") or not issue.get("item_code") or issue.get("order_lines"):
		return
	for line in order_lines(issue.sales_order):
		if line["item_code"] == issue.item_code:
			row = issue.append("order_lines", issue_line_values(line, issue.sales_order, qty=1))
			if not issue.is_new():
				row.db_insert()
			return


# --- returns ----------------------------------------------------------------------------------------


def return_error_message(error: ReturnError) -> str:
	p = error.params
	match error.code:
		case "no_lines":
			return _("Choose at least one line to return.")
		case "unknown_line":
			return _("Line {0} is not a line of this request's order.").format(p.get("row"))
		case "bad_qty":
			return _("The quantity of {0} must be more than zero.").format(p.get("item"))
		case "too_many":
			return _("At most {0} of {1} can still be returned.").format(flt(p["returnable"]), p["item"])
	return _("This return cannot be made.")


def make_return(issue_name: str, lines: list[dict], reason: str | None = None) -> list[str]:
	"""Draft returns for `lines` ([{"line": Issue Order Line row, "qty": n, "reason": …}]) of an Issue:
	one Delivery Note return per Delivery Note, one Credit Note per Sales Invoice. Returns their names."""
	issue = frappe.get_doc("Issue", issue_name)
	by_row = {row.name: row for row in issue.get("order_lines", [])}
	requested_rows = {}
	reasons = {}
	for entry in lines:
		line = entry.get("line") if isinstance(entry, dict) else entry
		row = by_row.get(line) if isinstance(line, str) else None
		if not row:
			frappe.throw(_("Line {0} is not a line of this request.").format(escape_html(str(line))))
		entry = entry if isinstance(entry, dict) else {}
		source_row = row.dn_detail or row.si_detail
		if not source_row:
			frappe.throw(
				_("{0} was neither delivered nor invoiced: nothing to return.").format(row.item_code)
			)
		requested_rows[source_row] = entry.get("qty") or row.qty
		reasons[source_row] = check_reason(entry.get("reason")) or row.return_reason or check_reason(reason)

	available = returnable_lines(issue)
	try:
		quantities = check_return_quantities(requested_rows, available)
	except ReturnError as error:
		frappe.throw(return_error_message(error), title=_("Cannot make the return"))

	groups: dict[tuple[str, str], dict[str, float]] = {}
	for row in issue.order_lines:
		source_row = row.dn_detail or row.si_detail
		if source_row in quantities:
			key = (
				("Delivery Note", row.delivery_note)
				if row.dn_detail
				else ("Sales Invoice", row.sales_invoice)
			)
			groups.setdefault(key, {})[source_row] = quantities[source_row]

	for doctype, source in groups:
		# the user makes the return: they must be able to read what it returns and create its kind
		check_permitted(doctype, source)
		check_permitted(doctype, ptype="create")
	made = []
	for (doctype, source), rows in groups.items():
		made.append(draft_return(doctype, source, rows, reasons, issue.name, reason).name)
	issue.add_comment("Info", _("Return drafted: {0}").format(", ".join(made)))
	return made


def check_reason(reason) -> str | None:
	"""A Return Reason given by name, or None; anything else is refused with a clear message."""
	if reason in (None, ""):
		return None
	if not isinstance(reason, str) or not frappe.db.exists("Return Reason", reason):
		frappe.flags.disable_traceback = True
		frappe.throw(_("Unknown return reason {0}.").format(escape_html(str(reason))))
	return reason


def returnable_lines(issue) -> dict[str, ReturnableLine]:
	lines = {}
	for order in {row.sales_order for row in issue.get("order_lines", []) if row.sales_order}:
		for line in order_lines(order):
			lines[line["row"]] = ReturnableLine(line["row"], line["item_code"], line["qty"], line["returned"])
	return lines


def draft_return(doctype: str, source: str, rows: dict[str, float], reasons: dict, issue: str, reason):
	if doctype == "Delivery Note":
		make_sales_return, reference = delivery_note_return, "dn_detail"
	else:
		make_sales_return, reference = credit_note, "sales_invoice_item"
	doc = make_sales_return(source)
	doc.items = [item for item in doc.items if item.get(reference) in rows]
	for idx, item in enumerate(doc.items, 1):
		qty = rows[item.get(reference)]
		item.idx = idx
		item.qty = -qty
		item.stock_qty = -qty * flt(item.conversion_factor or 1)
		item.return_reason = reasons.get(item.get(reference))
	doc.issue = issue
	doc.return_reason = reason or next((r for r in reasons.values() if r), None)
	doc.insert()
	return doc


# --- exchanges --------------------------------------------------------------------------------------


def make_exchange(issue_name: str, line: str, attribute: str, value: str, qty: float | None = None) -> dict:
	"""Return a line and order the same item in another `attribute` value (a size), in one action.

	Checks the new variant's projected stock first; when it is not available nothing is made and the
	answer says so."""
	issue = frappe.get_doc("Issue", issue_name)
	row = next((r for r in issue.get("order_lines", []) if r.name == line), None)
	if not row:
		frappe.throw(_("Line {0} is not a line of this request.").format(escape_html(line)))
	qty = flt(qty) or flt(row.qty) or 1
	if not math.isfinite(qty) or qty <= 0:
		frappe.throw(_("The quantity of {0} must be more than zero.").format(row.item_code))
	template = frappe.db.get_value("Item", row.item_code, "variant_of")
	if not template:
		frappe.throw(_("{0} has no sizes: it is not a variant of a template.").format(row.item_code))
	variants = frappe.get_all("Item", filters={"variant_of": template, "disabled": 0}, pluck="name")
	attributes = variant_attributes([*variants, row.item_code])
	new_item = exchange_variant(
		{code: attributes.get(code, {}) for code in variants},
		attributes.get(row.item_code, {}),
		attribute,
		value,
	)
	if not new_item:
		frappe.throw(_("There is no {0} {1} of {2}.").format(attribute, value, template))

	check_permitted("Sales Order", row.sales_order)
	check_permitted("Sales Order", ptype="create")
	so_row = frappe.db.get_value(
		"Sales Order Item", row.so_detail, ["parent", "rate", "warehouse", "delivery_date"], as_dict=True
	)
	order = frappe.get_doc("Sales Order", row.sales_order)
	warehouse = (so_row and so_row.warehouse) or order.set_warehouse
	projected = flt(
		frappe.db.get_value("Bin", {"item_code": new_item, "warehouse": warehouse}, "projected_qty")
	)
	if projected < qty:
		return {
			"available": False,
			"item_code": new_item,
			"projected_qty": projected,
			"message": _("{0} is not available: projected stock in {1} is {2}.").format(
				new_item, warehouse, projected
			),
		}

	returns = make_return(issue.name, [{"line": row.name, "qty": qty, "reason": row.return_reason}])
	exchange = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": order.customer,
			"company": order.company,
			"currency": order.currency,
			"selling_price_list": order.selling_price_list,
			"transaction_date": nowdate(),
			"delivery_date": add_days(nowdate(), 3),
			"set_warehouse": warehouse,
			"issue": issue.name,
			"items": [
				{
					"item_code": new_item,
					"qty": qty,
					"rate": flt(so_row.rate) if so_row else 0,
					"warehouse": warehouse,
				}
			],
		}
	).insert()
	issue.add_comment(
		"Info", _("Exchange: {0} returned, {1} ordered in {2}").format(row.item_code, new_item, exchange.name)
	)
	return {"available": True, "returns": returns, "sales_order": exchange.name, "item_code": new_item}


# --- the request follows its return --------------------------------------------------------------


def on_return_submitted(doc, method=None):
	"""Delivery Note / Sales Invoice on_submit: a submitted return tells its request."""
	if not doc.get("is_return") or not doc.get("issue"):
		return
	frappe.get_doc("Issue", doc.issue).add_comment(
		"Info", _("{0} {1} submitted: the return is booked.").format(_(doc.doctype), doc.name)
	)


# --- the customer's return request (portal) ---------------------------------------------------------

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def customer_of_session() -> str | None:
	user = frappe.session.user
	if user == "Guest":
		return None
	email = frappe.get_cached_value("User", user, "email") or user
	return find_customer(email.lower())[0]


def customer_delivered_lines(customer: str, limit_orders: int = 20) -> list[dict]:
	"""Delivered lines of the customer's latest submitted orders that can still come back."""
	orders = frappe.get_all(
		"Sales Order",
		filters={"customer": customer, "docstatus": 1},
		pluck="name",
		order_by="transaction_date desc, creation desc",
		limit=limit_orders,
	)
	lines = []
	for order in orders:
		for line in order_lines(order):
			if line["doctype"] == "Delivery Note" and line["returnable"] > 0:
				lines.append({**line, "sales_order": order})
	return lines


def request_return(rows: list[dict], reason: str, comment: str = "", photo: dict | None = None) -> dict:
	"""A logged-in customer asks to return lines of their own delivered orders: a request (Issue) from
	the Returns source with those lines, for staff to approve into a return."""
	customer = customer_of_session()
	if not customer:
		frappe.flags.disable_traceback = True
		frappe.throw(_("Please log in as a customer to ask for a return."), IntakePermissionError)
	if not reason or not isinstance(reason, str) or not frappe.db.exists("Return Reason", reason):
		frappe.flags.disable_traceback = True
		frappe.throw(_("Please choose a reason."), IntakeValidationError)

	own = {line["row"]: line for line in customer_delivered_lines(customer, limit_orders=200)}
	requested = {}
	for entry in rows or []:
		row = entry.get("row") if isinstance(entry, dict) else None
		if row not in own:
			# someone else's order, an undelivered line or nothing at all: the same answer for each
			frappe.flags.disable_traceback = True
			frappe.throw(_("You can only return delivered lines of your own orders."), IntakePermissionError)
		requested[row] = entry.get("qty")
	try:
		quantities = check_return_quantities(
			requested,
			{row: ReturnableLine(row, l["item_code"], l["qty"], l["returned"]) for row, l in own.items()},
		)
	except ReturnError as error:
		frappe.flags.disable_traceback = True
		frappe.throw(return_error_message(error), IntakeValidationError)

	photo_file = check_photo(photo)
	if photo_file:
		count_attachment()
	orders = sorted({own[row]["sales_order"] for row in quantities})
	summary = "\n".join(
		f"- {own[row]['item_code']} ({own[row]['variant'] or '-'}) x {qty:g}"
		for row, qty in quantities.items()
	)
	answer = submit(
		{
			"source": "Returns",
			"category": frappe.db.get_value("Return Reason", reason, "default_issue_type")
			or DEFAULT_REASON_CATEGORY,
			"subject": _("Return request: {0}").format(_(reason)),
			"message": f"{comment.strip() if isinstance(comment, str) else ''}\n\n{_('Reason')}: {_(reason)}\n{summary}".strip(),
			"order": orders[0],
		}
	)
	issue = frappe.get_doc("Issue", answer["issue"])
	for row, qty in quantities.items():
		issue.append(
			"order_lines", issue_line_values(own[row], own[row]["sales_order"], qty=qty, reason=reason)
		)
	issue.flags.ignore_permissions = True
	issue.save()
	if photo_file:
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": photo_file["name"],
				"content": photo_file["content"],
				"attached_to_doctype": "Issue",
				"attached_to_name": issue.name,
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
	return answer


def check_photo(photo) -> dict | None:
	"""A photo sent as {"name": ..., "data": "data:image/jpeg;base64,..."}: type and size checked."""
	if not photo:
		return None
	data = photo.get("data") if isinstance(photo, dict) else None
	match = re.match(r"^data:(image/[a-z]+);base64,(.+)$", data, re.S) if isinstance(data, str) else None
	if not match or match.group(1) not in PHOTO_TYPES:
		frappe.flags.disable_traceback = True
		frappe.throw(_("The photo must be a JPEG, PNG or WebP image."), IntakeValidationError)
	try:
		content = base64.b64decode(match.group(2), validate=True)
	except (binascii.Error, ValueError):
		frappe.flags.disable_traceback = True
		frappe.throw(_("The photo must be a JPEG, PNG or WebP image."), IntakeValidationError)
	if len(content) > MAX_PHOTO_BYTES:
		frappe.flags.disable_traceback = True
		frappe.throw(_("The photo is too large: at most 5 MB."), IntakeValidationError)

	try:
		# what the bytes are decides, not the type the browser claimed; kept re-encoded, without EXIF
		cleaned = clean_photo(content, MAX_PHOTO_BYTES)
	except PhotoError:
		frappe.flags.disable_traceback = True
		frappe.throw(_("The photo must be a JPEG, PNG or WebP image."), IntakeValidationError)
	return {"name": f"return-photo.{cleaned.extension}", "content": cleaned.content}
