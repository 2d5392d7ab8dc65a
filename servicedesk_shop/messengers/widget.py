"""The widget as a messenger, Frappe's side: the sending device's conversation token, the conversation
since a cursor, the shopper's answer from the widget, and the realtime nudge when a message lands.

A guest only typed an address, so the tracking link goes to that address by e-mail and never to the
screen. The device that sent the request proves it is that device by the secret `client_token` it made
for the request (the intake stores only its hash with the address, `Issue.intake_key`), and within
`widget_rules.OPEN_WINDOW` of sending gets a conversation token of its own. The token opens nothing but
that request's conversation as the device wrote it: the shop's answers and the device's own messages.
A new device needs the e-mail's link (the tracking page).

New messages reach a device by polling (`conversation` since its cursor: one query on the request's
Communications, by their index on the reference) and, on the shop's own pages where Frappe's realtime
service runs, by a nudge to a room whose name only the token's holder learns (`room`). The nudge carries
nothing: the device then polls.
"""

import hashlib
import hmac

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.realtime import get_task_progress_room, publish_realtime
from frappe.utils import get_datetime, now_datetime

from servicedesk_shop.customer.reopening import NEW_REQUEST, REOPEN
from servicedesk_shop.customer.replies import kind_of_reply, reopen
from servicedesk_shop.customer.service import promise_text, resolved_on
from servicedesk_shop.intake.service import TYPED_ADDRESS, add_customer_reply, caller
from servicedesk_shop.messengers import widget_rules as rules
from servicedesk_shop.messengers.text import plain_text
from servicedesk_shop.service_desk.errors import ServiceDeskError, ServiceDeskNotFound, refuse
from servicedesk_shop.service_desk.queries import columns
from servicedesk_shop.service_desk.ratelimit import count
from servicedesk_shop.service_desk.tokens import idempotency_key, keyed_digest, link_expired, sign, unsign
from servicedesk_shop.service_desk.tracking import DONE, address_proven, link_days, secret

EVENT = "servicedesk_conversation"
"""The realtime event of a nudge (the widget listens for it in its room)."""

POLLS_PER_TOKEN = 30
"""A minute's polls of one conversation token, whatever the address: the widget polls every 5 s at most."""

ISSUE_FIELDS = [
	"name",
	"subject",
	"status",
	"raised_by",
	"description",
	"creation",
	"tracking_revision",
	"resolved_on",
	"sla_resolution_date",
	"modified",
	"resolution_details",
	"response_by",
	"first_responded_on",
	"feedback_source",
	"customer_language",
	"sender_identity",
	"address_confirmed",
]


class ConversationNotFound(ServiceDeskNotFound):
	"""A conversation token that is not valid, or revoked (404)."""


class ConversationExpired(ConversationNotFound):
	"""The request was resolved longer ago than tracking links live (410)."""

	http_status_code = 410


def not_here():
	refuse(
		_("This conversation is not available on this device. Open the link we sent to your e-mail."),
		ConversationNotFound,
	)


def device_token(issue: str, revision: int) -> str:
	"""A new device's conversation token of `issue`."""
	return sign(rules.device_value(issue, revision, rules.new_device()), secret(), purpose=rules.PURPOSE)


def room(issue: str, revision) -> str:
	"""The realtime room of a request's devices: an HMAC of the request and its links' revision under the
	site's secret, so that only a device told it by `conversation` can join it, and none after its links
	were revoked."""
	return "sdw-" + keyed_digest(rules.room_value(issue, revision), secret(), rules.ROOM_PURPOSE, 32)


def issue_of(token) -> frappe._dict:
	"""The request a conversation token opens; a 404 for one that is not valid or was revoked, a 410
	once the request is past the days tracking links live after it was resolved."""
	value = unsign(token, secret(), purpose=rules.PURPOSE) if isinstance(token, str) else None
	parsed = rules.parse_device_value(value)
	issue = frappe.db.get_value("Issue", parsed[0], ISSUE_FIELDS, as_dict=True) if parsed else None
	if not issue or int(issue.tracking_revision or 0) != parsed[1]:
		not_here()
	done = issue.status in DONE
	if link_expired(done, resolved_on(issue) if done else None, now_datetime(), link_days()):
		refuse(
			_("This conversation has ended. Send us a new request if you need anything."),
			ConversationExpired,
		)
	return issue


def open_conversation(issue: str | None, client_token, email) -> dict:
	"""The conversation token of the request this device just sent: it proves itself by the request's
	`client_token` and the address it sent it from (a logged-in customer's own). 404 for any other
	request or token, 410 past `widget_rules.OPEN_WINDOW`."""
	address = caller()[0] or (email.strip() if isinstance(email, str) else "")
	if not isinstance(client_token, str) or not client_token or len(client_token) > 100 or not address:
		refuse(_("The request's client token and e-mail are required."), ServiceDeskError)
	found = frappe.db.get_value(
		"Issue", {"intake_key": idempotency_key(client_token, address)}, ISSUE_FIELDS, as_dict=True
	)
	if not found or (issue and found.name != issue):
		not_here()
	if not rules.may_open(get_datetime(found.creation), now_datetime()):
		refuse(
			_("This conversation can no longer be opened here. Follow the link we sent to your e-mail."),
			ConversationExpired,
		)
	return {"token": device_token(found.name, found.tracking_revision or 0), **conversation(found, None)}


def count_poll(token: str):
	"""One more poll of `token` this minute; past POLLS_PER_TOKEN, a 429 (a device behind an address many
	share still gets its own allowance)."""
	bucket = "widget_poll:" + hashlib.sha256(token.encode()).hexdigest()[:24]
	if count(bucket, 60) > POLLS_PER_TOKEN:
		refuse(
			_("You hit the rate limit because of too many requests. Please try after sometime."),
			frappe.RateLimitExceededError,
		)


def poll(token, since) -> dict:
	"""The conversation of `token`'s request from the cursor `since` on (all of it without one)."""
	if since not in (None, "") and not rules.parse_cursor(since):
		refuse(_("The cursor is not valid."), ServiceDeskError)
	issue = issue_of(token)
	count_poll(token)
	return conversation(issue, rules.parse_cursor(since))


def messages_since(issue, since) -> tuple[list[dict], object]:
	"""(the device's messages of `issue` made after `since` less the overlap, oldest first; the newest
	message's time): one query on the request's Communications."""
	communication = frappe.qb.DocType("Communication")
	query = (
		frappe.qb.from_(communication)
		.select(
			*columns(communication, "name communication_type communication_medium sent_or_received"),
			*columns(communication, "sender recipients cc content creation"),
		)
		.where(communication.reference_doctype == "Issue")
		.where(communication.reference_name == issue.name)
		.where(communication.communication_type == "Communication")
		.orderby(communication.creation, order=Order.desc)
		.limit(rules.MESSAGE_LIMIT)
	)
	start = rules.after(since)
	if start:
		query = query.where(communication.creation > start)
	rows = list(reversed(query.run(as_dict=True)))
	# the shop's answers only once the address is proven: a guest may have typed another's address, and
	# an answer to it may tell that customer's orders; until its owner opens the e-mailed link they go by
	# e-mail alone. The cursor stays before them, so that they come with a poll once it is proven.
	if not address_proven(issue):
		rows = [row for row in rows if row.sent_or_received != "Sent"]
	newest = max([since or get_datetime(issue.creation)] + [row.creation for row in rows])
	messages = []
	for row in rows:
		if not rules.shown_to_device(row, issue.raised_by):
			continue
		text = widget_text(row.content)
		if text:
			messages.append(message(row.name, row.sent_or_received == "Sent", text, row.creation))
	return messages, newest


def widget_text(html: str | None) -> str:
	"""A message as the plain text the widget shows (as text, never as HTML): as a chat shows it, without
	token links."""
	return rules.without_token_links(plain_text(html))


def message(name: str, from_shop: bool, text: str, at) -> dict:
	return {"id": name, "from_shop": from_shop, "text": text, "at": rules.format_cursor(get_datetime(at))}


def conversation(issue, since) -> dict:
	"""What the widget shows of `issue` from `since` (a datetime, or None for all of it: then with the
	first message, the promise and the widget's words)."""
	messages, newest = messages_since(issue, since)
	if since is None:
		first = widget_text(issue.description)
		messages.insert(0, message("request", False, first, issue.creation))
	kind = kind_of_reply(issue)
	done = issue.status in DONE
	proven = address_proven(issue)
	answer = {
		"request": issue.name,
		"status": issue.status,
		"status_label": _(issue.status),
		"done": done,
		"can_reply": kind != NEW_REQUEST,
		"reopens": kind == REOPEN,
		"resolution": widget_text(issue.resolution_details) if done and proven else "",
		"answers_by_email": not proven,
		"messages": messages,
		"cursor": rules.format_cursor(newest),
		"room": room(issue.name, issue.tracking_revision),
	}
	if since is None:
		answer["promise"] = (
			None
			if done
			else promise_text(issue, frappe.local.lang, typed_address=issue.sender_identity == TYPED_ADDRESS)
		)
		answer["labels"] = labels()
	return answer


def reply(token, text) -> dict:
	"""The shopper's answer from the widget, into the request's conversation as a Chat message; it
	reopens a resolved request within Service Desk Settings' days, as an answer from the tracking page
	does, and is refused after them."""
	issue = issue_of(token)
	kind = kind_of_reply(issue)
	if kind == NEW_REQUEST:
		if issue.status == "Closed":
			refuse(_("This request is closed. Please send a new one."), ServiceDeskError)
		refuse(
			_("This request was resolved on {0}. Please send a new request.").format(
				frappe.utils.format_date(resolved_on(issue))
			),
			ServiceDeskError,
		)
	if kind == REOPEN:
		reopen(issue.name)
	answer = add_customer_reply(issue.name, text, medium=rules.CHAT)
	row = frappe.db.get_value("Communication", answer["communication"], ["content", "creation"], as_dict=True)
	return {
		"request": issue.name,
		"status": answer["status"],
		"status_label": _(answer["status"]),
		"reopened": kind == REOPEN,
		"message": message(answer["communication"], False, widget_text(row.content), row.creation),
	}


def on_communication(doc, method=None):
	"""Communication after_insert: a message on a request nudges its devices' room, once committed."""
	if (
		doc.reference_doctype != "Issue"
		or not doc.reference_name
		or doc.communication_type != "Communication"
	):
		return
	issue = frappe.db.get_value(
		"Issue", doc.reference_name, ["tracking_revision", "intake_key"], as_dict=True
	)
	if not issue or not issue.intake_key:
		return  # no device can hold it: a device opens only a request it sent with its key
	name = room(doc.reference_name, issue.tracking_revision)
	publish_realtime(EVENT, {"room": name}, room=get_task_progress_room(name), after_commit=True)


def labels() -> dict:
	return {
		"request": _("Request {0}"),
		"you": _("You"),
		"shop": _("Shop"),
		"answer": _("Your answer"),
		"send": _("Send"),
		"error": _("Something went wrong. Please try again."),
		"unread": _("New answers: {0}"),
		"new_request": _("New request"),
		"forget": _("Forget on this device"),
		"reopens": _("Your answer reopens the request."),
		"closed": _("This request is closed. Send us a new request if you need anything."),
		"resolution": _("Resolution"),
		"by_email": _(
			"We answer by e-mail. Open the link we sent to your address, and our answers show here too."
		),
		"ended": _(
			"This conversation is no longer available on this device. Follow the link we sent to your e-mail."
		),
	}
