"""Where is my order, without a request: a shopper names an order and the e-mail or phone it was placed
with (a logged-in customer only picks one of theirs) and reads its state, its shipments with the
transporter and tracking number, the expected delivery and what came back (/support/order,
servicedesk_shop.api.track_order). Every look-up that finds an order is a Self Service Resolution.

A wrong pair and a missing order answer the same 404 after the same work: the same queries run and the
same comparisons are made (orders.contact_matches) whether an order was found or not.
"""

import hmac

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import flt, fmt_money, nowdate

from servicedesk_shop.returns.rules import variant_label
from servicedesk_shop.returns.service import (
	customer_of_session,
	items_against,
	order_returns,
	variant_attributes,
)
from servicedesk_shop.self_service.orders import (
	contact_key,
	contact_matches,
	order_key,
	shopper_state,
	shows_expected_date,
)
from servicedesk_shop.self_service.session import session_hash
from servicedesk_shop.service_desk.errors import ServiceDeskNotFound
from servicedesk_shop.service_desk.ratelimit import count, setting, too_many

SOURCE = "Order Tracking"
"""The Feedback Source of questions about an order, and the resolution's source."""
WINDOW = 10 * 60
"""Order look-ups are counted per ten minutes (per caller and per order)."""
ORDER_SLOTS = 3
"""Orders compared per number (a storefront's number may name an amended order too)."""
CONTACT_ROWS = 50
"""Contact addresses and phones read per look-up, at most."""
RESOLUTION_LOCK_SECONDS = 30
"""How long two look-ups at once wait for each other's resolution to be stored."""
MY_ORDERS = 20


def not_found_message() -> str:
	return _(
		"We found no order with this number and this e-mail or phone. Please check both: the number is in "
		"your order confirmation, the e-mail or phone is the one you gave with the order."
	)


def refuse_not_found():
	"""The one answer to a wrong pair and to a missing order: a 404 whose body is the same byte for byte
	(frappe.throw gives each error message a random id of its own, so the message is printed here and
	the refusal raised after it)."""
	frappe.flags.disable_traceback = True
	frappe.msgprint(not_found_message(), title=_("Order not found"), indicator="red")
	raise ServiceDeskNotFound(not_found_message())


# --- finding the order ------------------------------------------------------------------------------


def numbered_orders(number: str) -> list:
	"""Up to ORDER_SLOTS submitted or cancelled Sales Orders named `number` or with it as the storefront's
	order number (`po_no`), submitted first."""
	sales_order = frappe.qb.DocType("Sales Order")
	return (
		frappe.qb.from_(sales_order)
		.select(
			sales_order.name,
			sales_order.customer,
			sales_order.contact_email,
			sales_order.contact_mobile,
			sales_order.contact_phone,
		)
		.where((sales_order.name == number) | (sales_order.po_no == number))
		.where(sales_order.docstatus.isin([1, 2]))
		.orderby(sales_order.docstatus)
		.orderby(sales_order.creation, order=Order.desc)
		.limit(ORDER_SLOTS)
	).run(as_dict=True)


def contact_keys(customers: list[str]) -> dict[str, list[str]]:
	"""{customer: [contact keys]}: the e-mail addresses and phones of the Contacts linked to each. The
	same two queries run for no customer at all (a missing order)."""
	keys: dict[str, list[str]] = {}
	link = frappe.qb.DocType("Dynamic Link")
	for doctype, field in (("Contact Email", "email_id"), ("Contact Phone", "phone")):
		child = frappe.qb.DocType(doctype)
		rows = (
			frappe.qb.from_(child)
			.join(link)
			.on((link.parent == child.parent) & (link.parenttype == "Contact"))
			.select(link.link_name, child[field])
			.where(child.parenttype == "Contact")
			.where(link.link_doctype == "Customer")
			.where(link.link_name.isin(customers or [""]))
			.limit(CONTACT_ROWS)
		).run()
		for customer, value in rows:
			keys.setdefault(customer, []).append(contact_key(value))
	return keys


def find_order(number: str, contact: str | None, customer: str | None = None) -> tuple[str | None, str]:
	"""(the Sales Order that `number` names and `contact` (an e-mail or phone of the order or its
	customer) or `customer` (the logged-in shopper's) proves to be the caller's, or None; the order the
	number names, whoever asks, as a rate-limit bucket: its name, or the number as typed when none)."""
	rows = numbered_orders(number)
	keys = contact_keys(sorted({row.customer for row in rows if row.customer}))
	given = contact_key(contact)
	own = (customer or "").encode()
	found = None
	for slot in range(ORDER_SLOTS):
		row = rows[slot] if slot < len(rows) else frappe._dict()
		candidates = [
			contact_key(row.get(field)) for field in ("contact_email", "contact_mobile", "contact_phone")
		]
		candidates += keys.get(row.get("customer"), [])
		by_contact = contact_matches(given, candidates)
		# the session's customer: compared in the same time whether the slot holds an order or not
		by_customer = hmac.compare_digest(own or b"\x00", (row.get("customer") or "\x01").encode())
		if (by_contact or by_customer) and found is None:
			found = row.name
	return found, rows[0].name if rows else order_key(number)


def count_order_look_up(bucket: str):
	"""One more look-up of an order (`bucket`, find_order's), whoever asks and with whichever contact:
	past the limit, a 429. Its name and its storefront number, however spelt, count together."""
	if count(f"track_order:order:{bucket}", WINDOW) > setting("servicedesk_track_order_per_order_limit"):
		too_many()


def track(number: str, contact: str | None, session: str | None = None, page: str | None = None) -> dict:
	"""The shopper's view of the order `number` placed with `contact` (or of the logged-in customer's
	own order), counted as a Self Service Resolution; the same 404 for a wrong pair and a missing order."""
	customer = customer_of_session()
	found, bucket = find_order(number, contact, customer)
	count_order_look_up(bucket)
	if not found:
		refuse_not_found()
	answer = order_view(found)
	record_resolution(found, session_hash(session), page)
	return answer


# --- what the shopper reads --------------------------------------------------------------------------


def state_words(state: str) -> tuple[str, str]:
	"""(status, what it means) in the shopper's language."""
	words = {
		"preparing": (_("Being prepared"), _("We have your order and are getting it ready to ship.")),
		"partly_shipped": (_("Partly shipped"), _("Part of your order is on its way; the rest follows.")),
		"shipped": (_("Shipped"), _("Your order is on its way to you.")),
		"returned": (_("Returned"), _("What we sent you has come back to us.")),
		"on_hold": (_("On hold"), _("Your order is paused. We will contact you about it.")),
		"closed": (_("Closed"), _("Nothing more will be shipped on this order.")),
		"cancelled": (_("Cancelled"), _("This order was cancelled.")),
	}
	return words.get(state, (state, ""))


def order_view(name: str) -> dict:
	"""What the shopper may read of a Sales Order: its number, state, lines (item, size, quantity),
	shipments (date, lines, transporter, tracking number), expected delivery, returns and refunds, and
	its total. Nothing internal: no rates, warehouses or notes."""
	order = frappe.db.get_value(
		"Sales Order",
		name,
		[
			"name",
			"po_no",
			"docstatus",
			"status",
			"transaction_date",
			"delivery_date",
			"grand_total",
			"currency",
		],
		as_dict=True,
	)
	items = frappe.get_all(
		"Sales Order Item",
		filters={"parent": name, "parenttype": "Sales Order"},
		fields=["item_code", "item_name", "qty"],
		order_by="idx asc",
	)
	sent = shipments(name)
	came_back = order_returns(name)
	codes = {row.item_code for row in items}
	codes |= {line["item_code"] for document in sent + came_back for line in document["lines"]}
	sizes = {code: variant_label(values) for code, values in variant_attributes(codes).items()}
	templates = template_names(codes)

	def line(item_code, item_name, qty) -> dict:
		name = item_name or item_code
		template = templates.get(item_code)
		if template and sizes.get(item_code) and name.startswith(template):
			# ERPNext names a variant "<template>-<size>": the size has its own column
			name = template
		return {"item_name": name, "size": sizes.get(item_code, ""), "qty": flt(qty)}

	shipped = sum(flt(row["qty"]) for document in sent for row in document["lines"])
	returned = sum(
		flt(row["qty"])
		for document in came_back
		if document["doctype"] == "Delivery Note"
		for row in document["lines"]
	)
	state = shopper_state(
		order.docstatus, order.status, sum(flt(row.qty) for row in items), shipped, returned
	)
	status, status_note = state_words(state)
	number = order.po_no or order.name
	return {
		"number": number,
		"ordered_on": str(order.transaction_date),
		"state": state,
		"status": status,
		"status_note": status_note,
		"expected_delivery": str(order.delivery_date)
		if order.delivery_date and shows_expected_date(state)
		else None,
		"total": fmt_money(order.grand_total, currency=order.currency),
		"lines": [line(row.item_code, row.item_name, row.qty) for row in items],
		"shipments": [
			{
				"date": str(document["posting_date"]),
				"transporter": document["transporter"],
				"tracking_number": document["tracking_number"],
				"tracking_date": str(document["tracking_date"]) if document["tracking_date"] else None,
				"lines": [line(**row) for row in document["lines"]],
			}
			for document in sent
		],
		"returns": [
			{
				"kind": "returned" if document["doctype"] == "Delivery Note" else "refunded",
				"date": str(document["posting_date"]),
				"amount": fmt_money(document["grand_total"], currency=document["currency"])
				if document["doctype"] == "Sales Invoice"
				else None,
				"lines": [line(row["item_code"], row["item_name"], row["qty"]) for row in document["lines"]],
			}
			for document in came_back
		],
		"write_to_us": "/support/new?" + frappe.utils.urlencode({"source": SOURCE, "order": number}),
	}


def template_names(item_codes) -> dict[str, str]:
	"""{variant: its template's item name} for the variants among `item_codes`, in one query."""
	if not item_codes:
		return {}
	item = frappe.qb.DocType("Item")
	template = frappe.qb.DocType("Item").as_("template")
	return dict(
		(
			frappe.qb.from_(item)
			.join(template)
			.on(template.name == item.variant_of)
			.select(item.name, template.item_name)
			.where(item.name.isin(list(item_codes)))
		).run()
	)


def shipments(sales_order: str) -> list[dict]:
	"""The submitted Delivery Notes (not returns) of an order, oldest first, with their transporter,
	tracking number (ERPNext's Transport Receipt No, `lr_no`) and the lines of this order."""
	query, item, note = items_against("Delivery Note", sales_order, is_return=0)
	rows = (
		query.select(
			note.name,
			note.posting_date,
			note.transporter,
			note.transporter_name,
			note.lr_no,
			note.lr_date,
			item.item_code,
			item.item_name,
			item.qty,
		)
		.orderby(note.posting_date)
		.orderby(note.name)
		.orderby(item.idx)
	).run(as_dict=True)
	found: dict[str, dict] = {}
	for row in rows:
		document = found.setdefault(
			row.name,
			{
				"posting_date": row.posting_date,
				"transporter": row.transporter_name or row.transporter or None,
				"tracking_number": row.lr_no or None,
				"tracking_date": row.lr_date,
				"lines": [],
			},
		)
		document["lines"].append({"item_code": row.item_code, "item_name": row.item_name, "qty": row.qty})
	return list(found.values())


# --- counting it --------------------------------------------------------------------------------------


def record_resolution(sales_order: str, session_key: str | None, page: str | None) -> bool:
	"""A Self Service Resolution of kind Order Tracking, at most one per order, session (or none) and day,
	so that reloading the page counts once. True when one was recorded."""
	today = nowdate()
	filters = {
		"kind": "Order Tracking",
		"sales_order": sales_order,
		"session_key": session_key or ("is", "not set"),
		"creation": (">=", today),
	}
	if frappe.db.exists("Self Service Resolution", filters):
		return False
	# two look-ups at once both find none stored: the first to take the lock records it
	lock = frappe.cache.make_key(f"servicedesk_order_resolution:{sales_order}:{session_key or ''}:{today}")
	if not frappe.cache.set(lock, 1, ex=RESOLUTION_LOCK_SECONDS, nx=True):
		return False
	language = frappe.local.lang if frappe.db.exists("Language", frappe.local.lang) else None
	frappe.get_doc(
		{
			"doctype": "Self Service Resolution",
			"kind": "Order Tracking",
			"source": SOURCE,
			"issue_type": frappe.db.get_value("Feedback Source", SOURCE, "default_category"),
			"sales_order": sales_order,
			"language": language,
			"page": page or None,
			"session_key": session_key,
		}
	).insert(ignore_permissions=True)
	return True


# --- the page ------------------------------------------------------------------------------------------


def my_orders(customer: str) -> list[dict]:
	"""The logged-in customer's latest submitted orders, to pick one to track: number and date only."""
	return [
		{"order": row.name, "number": row.po_no or row.name, "date": str(row.transaction_date)}
		for row in frappe.get_all(
			"Sales Order",
			filters={"customer": customer, "docstatus": 1},
			fields=["name", "po_no", "transaction_date"],
			order_by="transaction_date desc, creation desc",
			limit=MY_ORDERS,
		)
	]


def order_page_context(context):
	"""/support/order: the form (the order number prefilled from `?order=`), and a logged-in customer's
	own orders to pick from."""
	context.no_cache = 1
	context.title = _("Track an Order")
	context.is_guest = frappe.session.user == "Guest"
	value = frappe.form_dict.get("order")
	context.order = value.strip() if isinstance(value, str) and len(value) <= 140 else ""
	customer = None if context.is_guest else customer_of_session()
	context.my_orders = my_orders(customer) if customer else []
	context.show_sidebar = not context.is_guest
	context.lang_code = frappe.local.lang or "en"
	return context
