"""The widget as a messenger: what its conversation token signs, which messages the device is shown and
as what text, and the cursor of its polling. No `frappe` import.

The token is held by the one device that sent the request (the widget's localStorage) and opens that
request's conversation only. It signs the request, the revision of its links (an agent's "Revoke Tracking
Links" ends it too) and a random device key, under the site's secret with a purpose of its own, so that a
tracking link's token is no conversation token and the reverse.
"""

import re
import secrets
from datetime import datetime, timedelta

from servicedesk_shop.service_desk.addresses import sent_to

PURPOSE = "widget"
ROOM_PURPOSE = "widget-room"

OPEN_WINDOW = timedelta(minutes=15)
"""How long after sending the sending device may open its conversation (it does so at once)."""

OVERLAP = timedelta(minutes=2)
"""How far before the cursor a poll looks again: a message whose transaction began before the last
poll's newest message but committed after it (an agent's slow reply) would be passed over otherwise. The
device drops what it already shows by id."""

MESSAGE_LIMIT = 200
"""The most messages one answer holds, as the request's page shows at most."""

CHAT = "Chat"
"""Communication.communication_medium of what the shopper wrote in the widget: the device is shown its
own messages, never what arrived from the request's address by other ways (an e-mail from the address's
owner, who may not be the one who typed it)."""

_CURSOR = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?")
_TOKEN_IN_TEXT = re.compile(r"\S*[?#&]token=[A-Za-z0-9_.=%-]+\S*")


def new_device() -> str:
	return secrets.token_hex(8)


def device_value(issue: str, revision: int, device: str) -> str:
	return f"{issue}|{int(revision or 0)}|{device}"


def parse_device_value(value: str | None) -> tuple[str, int, str] | None:
	"""(request, revision, device) of a signed conversation value, or None."""
	if not value:
		return None
	parts = value.rsplit("|", 2)
	if len(parts) != 3:
		return None
	issue, revision, device = parts
	if not issue or not revision.isdigit() or len(revision) > 9 or not re.fullmatch(r"[0-9a-f]{16}", device):
		return None
	return issue, int(revision), device


def room_value(issue: str, revision: int) -> str:
	"""What the realtime room's name is an HMAC of: every device of the request, until its links are
	revoked."""
	return f"{issue}|{int(revision or 0)}"


def may_open(created: datetime, now: datetime) -> bool:
	"""Whether the sending device may still open the conversation of a request made at `created`."""
	return now - created <= OPEN_WINDOW


def parse_cursor(text) -> datetime | None:
	"""The cursor a device sends back (the newest message's time as the server gave it), or None when
	missing or not one."""
	if not isinstance(text, str) or not _CURSOR.fullmatch(text.strip()):
		return None
	try:
		return datetime.fromisoformat(text.strip())
	except ValueError:
		return None


def format_cursor(moment: datetime) -> str:
	return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def after(moment: datetime | None) -> datetime | None:
	"""The time from which a poll reads messages, for a device whose newest message is at `moment`."""
	return moment - OVERLAP if moment else None


def shown_to_device(row, raised_by: str | None) -> bool:
	"""Whether the sending device sees a message of its request: the shop's replies sent to the request's
	address, and what the shopper wrote in the widget; never internal notes (not Communications), nor
	e-mails from anyone, the address's owner included."""
	if row.get("communication_type") != "Communication":
		return False
	if row.get("sent_or_received") == "Sent":
		return sent_to(row, raised_by)
	return (
		row.get("communication_medium") == CHAT
		and bool(raised_by)
		and (row.get("sender") or "").strip().lower() == raised_by.strip().lower()
	)


def without_token_links(text: str) -> str:
	"""A message's text (as a chat shows it, messengers.text) without any address that carries a token (a
	rating link quoted into an answer; the tracking link is gone already): the device's holder only typed
	the address, and such a link acts as its owner."""
	text = _TOKEN_IN_TEXT.sub("", text or "")
	text = re.sub(r"[ \t]{2,}", " ", text)
	return re.sub(r"[ \t]+\n", "\n", text).strip()
