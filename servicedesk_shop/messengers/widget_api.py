"""The widget's conversation endpoints: the sending device opens its request's conversation, polls it
and answers in it (servicedesk_shop.api names them; storefronts on the allowed origins call them).

The conversation token travels in a POST's body, never in an address: no access log, proxy or Referer
sees it."""

import frappe

from servicedesk_shop.messengers import widget
from servicedesk_shop.service_desk.guards import endpoint
from servicedesk_shop.service_desk.ratelimit import intake_limit

POLL_RATE_LIMIT = "servicedesk_widget_poll_rate_limit"
DEFAULT_POLL_RATE_LIMIT = 240


def poll_limit(kind: str) -> int:
	"""A minute's polls per caller (a guest's IP, which many phones behind one carrier share); each
	token has its own smaller allowance besides (widget.count_poll)."""
	try:
		configured = int(frappe.conf.get(POLL_RATE_LIMIT) or DEFAULT_POLL_RATE_LIMIT)
	except (TypeError, ValueError):
		configured = DEFAULT_POLL_RATE_LIMIT
	return max(configured, intake_limit(kind))


@endpoint("POST", guest=True)
def open_widget_conversation(
	request: str | None = None, client_token: str | None = None, email: str | None = None
) -> dict:
	"""Right after sending (within 15 minutes), the widget's device exchanges the `client_token` it made
	for `request`, with the `email` it sent (a logged-in customer's own is used), for a conversation
	token of its own: answers the token, the conversation as `get_widget_conversation` does, and its
	realtime room. 404 for any other request or token, 410 later: a new device follows the e-mail's
	link."""
	return widget.open_conversation(request, client_token, email)


@endpoint("POST", guest=True, limit=poll_limit)
def get_widget_conversation(token: str | None = None, since: str | None = None) -> dict:
	"""The conversation of a widget's token from the cursor `since` on (the `cursor` of the last answer;
	empty: all of it, with the promise and the widget's words): the shop's answers sent to the request's
	address and the shopper's own messages from the widget, as plain text, oldest first, each with its
	`id`; the status and whether an answer is taken. 404 for a token not valid or revoked, 410 once the
	request is past the days its links live, 429 past the limits."""
	return widget.poll(token, since)


@endpoint("POST", guest=True)
def reply_in_widget(token: str | None = None, message: str | None = None) -> dict:
	"""The shopper's answer from the widget, into the request of `token`; it reopens a resolved request
	within the settings' days. Answers the message as the conversation shows it."""
	return widget.reply(token, message)
