"""The storefront's word that an order was placed (the widget's `ServiceDesk.orderPlaced`), on a site: a
Storefront Order linking the order to the browser session's exit feedback and self-service, so that an
order placed by a guest, or outside ERPNext, is counted for them too (conversions.py). The checks are in
reported.py.

Only a session the desk had a contact with is recorded (its exit feedback, or a self-service resolution
of its answers key): a report of any other session is answered alike and stores nothing. An order id is
recorded once; a second report of it changes nothing. The order's value counts only while no Sales Order
matches the id: a matched order counts with its own value, whatever the report said."""

import frappe
from frappe import _
from frappe.utils import escape_html, now_datetime

from servicedesk_shop.impact.conversions import enqueue_attribution
from servicedesk_shop.impact.reported import OrderPlacedError, check_order_placed
from servicedesk_shop.self_service.session import session_hash
from servicedesk_shop.service_desk.errors import ServiceDeskError, refuse


class StorefrontOrderError(ServiceDeskError):
	"""A bad report of an order (400)."""


def message_of(code: str) -> str:
	match code:
		case "order_id_required":
			return _("Order ID is required.")
		case "order_id_invalid":
			return _("Order ID must be at most 140 characters, without the signs < > & or quotes.")
		case "value_invalid":
			return _("Value must be a number from 0 to 1,000,000,000.")
		case "currency_invalid":
			return _("Currency must be a three-letter code.")
		case "value_and_currency":
			return _("Value and Currency go together: give both or neither.")
		case "session_required":
			return _("The session key is required.")
	return _("The session key is not valid.")


def record_order_placed(order_id, value=None, currency=None, session=None, exit_session=None) -> dict:
	"""The storefront's report of an order: {"recorded": True} when it was stored now, False when it
	was stored before or the session had no contact with the desk."""
	try:
		placed = check_order_placed(order_id, value, currency, session, exit_session)
	except OrderPlacedError as error:
		refuse(message_of(error.code), StorefrontOrderError)
	if placed.currency and not frappe.db.exists("Currency", placed.currency):
		refuse(_("Unknown currency {0}.").format(escape_html(placed.currency)), StorefrontOrderError)
	exit_feedback = (
		frappe.db.get_value("Exit Feedback", {"session_key": placed.exit_session}, "name")
		if placed.exit_session
		else None
	)
	hashed = session_hash(placed.session) if placed.session else None
	if hashed and not frappe.db.exists("Self Service Resolution", {"session_key": hashed}):
		hashed = None
	if not (exit_feedback or hashed):
		return {"recorded": False}
	if frappe.db.exists("Storefront Order", {"order_id": placed.order_id}):
		return {"recorded": False}
	# one order per contact: a tab that had one exit question or one answer reports one order (a guest
	# reporting made-up orders gets one per exit feedback, which is rate limited, not one per call)
	if (exit_feedback and frappe.db.exists("Storefront Order", {"exit_feedback": exit_feedback})) or (
		hashed and frappe.db.exists("Storefront Order", {"session_hash": hashed})
	):
		return {"recorded": False}
	doc = frappe.get_doc(
		{
			"doctype": "Storefront Order",
			"order_id": placed.order_id,
			"value": placed.value or 0,
			"currency": placed.currency,
			"reported_on": now_datetime(),
			"exit_feedback": exit_feedback,
			"session_hash": hashed,
		}
	)
	doc.flags.ignore_links = True  # the currency and the exit feedback were just read
	frappe.db.savepoint("storefront_order")
	try:
		doc.insert(ignore_permissions=True)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		# the same order reported twice at once: the other request stored it
		frappe.db.rollback(save_point="storefront_order")
		frappe.clear_messages()
		return {"recorded": False}
	if frappe.session.user != "Guest":
		# anonymous as the exit feedback is: Frappe writes the session's user as the owner
		frappe.db.set_value(
			"Storefront Order", doc.name, {"owner": "Guest", "modified_by": "Guest"}, update_modified=False
		)
	enqueue_attribution()
	return {"recorded": True}
