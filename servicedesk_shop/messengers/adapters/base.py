"""What every messenger adapter does, and the plain data it speaks in. No `frappe` import.

An adapter is one module per messenger (`telegram.py`, `vk.py`; a third, MAX or WhatsApp, is one more
module registered in `adapters/__init__.py`). It knows the messenger's wire format and nothing of the
desk: it turns a webhook's body into an `Incoming`, and a text, a photo or a rating keyboard into the
`Call` (method, parameters) that the messenger's HTTP API takes. Sending the `Call` is `transport.py`'s
job (`requests`, a timeout, retries with back-off), so adapters are pure and tested in milliseconds.

Each adapter module defines:

- `KIND`: "Telegram" or "VK" (Messenger Channel.channel_type);
- `check(headers: dict, body: dict, secret: str, confirmation: str) -> Reply | None`: the webhook's
  authentication. Raises `Forged` on a missing or wrong secret (403, nothing recorded), `Malformed` on a
  body of the wrong shape (400). Returns a `Reply` when the messenger wants a special answer (VK's
  `confirmation` string as text/plain), else None: the update is to be recorded;
- `update_key(body: dict) -> str`: the messenger's id of the update (Telegram `update_id`, VK `event_id`),
  unique per channel: a retried update has the same key and is recorded once;
- `parse(body: dict) -> Incoming | None`: what the shopper did (None: an update the desk ignores, such as
  a message the bot itself sent, or a typing notice);
- `send_text(chat_id, text, buttons=None) -> Call`, `send_photo(chat_id, file_ref, caption) -> Call`,
  `rating_keyboard(chat_id, text, issue) -> Call` (five buttons whose payload is
  `rate_payload(...)`), `file_call(file_id) -> Call` (where to read an incoming photo's bytes);
- `result_id(response: dict) -> str | None`: the messenger's id of a sent message, from the API's answer;
- `api_error(response: dict) -> str | None`: the API's own error text in a 200 answer (VK answers errors
  with 200 and {"error": ...}), so that a failure shows on the timeline.

And, the same in every adapter (a messenger without the thing returns None):

- `ACK`: the `Reply` to answer a recorded update with (VK wants the text "ok", Telegram any 2xx);
- `new_secret() -> str`: a webhook secret the messenger accepts;
- `answer_callback(incoming, text=None) -> Call | None`: stops a tapped button's spinner;
- `clear_buttons(incoming) -> Call | None`: takes the buttons off the message a tap came from;
- `ask_contact(chat_id, text, label) -> Call | None`: a button that shares the shopper's own phone;
- `file_url_path(response) -> str`: where `download` reads the file a `file_call` answered about;
- `trusted_hosts(api_url) -> tuple[str, ...]`: the hosts an `Attachment.url` may be read from;
- the photo upload steps `photo_upload_call`, `upload_target`, `UPLOAD_FIELD`, `save_photo_call`,
  `photo_ref` (VK's three-step upload; Telegram uploads in `send_photo` itself), which
  `transport.send_photo` runs.

Buttons are rows of (label, data) pairs: `[[("Yes", "yes"), ("No", "no")]]`. The data of a tap comes
back as `Incoming.payload`; data starting with http:// or https:// makes a button that opens that link.
Every sending call takes `dedupe_key`: VK drops a second message with the same key (its random_id), so a
retried job sends once; Telegram has no such thing and ignores it.
"""

import re
from dataclasses import dataclass, field


class WebhookError(ValueError):
	"""A webhook call the desk refuses. `status` is the HTTP status it answers with."""

	status = 400


class Forged(WebhookError):
	"""A missing or wrong secret: 403, and nothing is recorded."""

	status = 403


class Malformed(WebhookError):
	"""A body that is not an update of this messenger: 400."""

	status = 400


@dataclass(frozen=True)
class Reply:
	"""A webhook answer other than the plain "ok" (VK's confirmation string, as text/plain)."""

	body: str
	content_type: str = "text/plain"


@dataclass(frozen=True)
class Attachment:
	"""Something the shopper sent besides text: a photo (`kind` "photo", fetched by `file_id` or `url`), or
	media the desk keeps as a note only ("sticker", "voice", "video", "document", "other")."""

	kind: str
	file_id: str | None = None
	url: str | None = None
	name: str | None = None


@dataclass(frozen=True)
class Incoming:
	"""One thing a shopper did in a chat.

	- `chat_id`: the chat to answer in (Telegram chat id, VK peer id), as text;
	- `user_id`: the shopper's messenger id, as text; `name`: their display name;
	- `text`: what they wrote ("" when only media or a tap); `language`: the client's language code if the
	  messenger tells it ("ru", "en");
	- `attachments`: photos and other media;
	- `phone`: a phone number the shopper shared as their OWN contact (Telegram's contact button; an adapter
	  sets it only when the contact's user id is the sender's);
	- `payload`: a button's data (a rating tap: see `rate_payload`);
	- `message_id`: the messenger's id of the message.
	"""

	chat_id: str
	user_id: str
	text: str = ""
	name: str = ""
	language: str | None = None
	attachments: tuple[Attachment, ...] = field(default_factory=tuple)
	phone: str | None = None
	payload: str | None = None
	message_id: str | None = None
	callback_id: str | None = None


@dataclass(frozen=True)
class Call:
	"""One call of a messenger's HTTP API: `method` ("sendMessage", "messages.send"), its parameters, and
	whether they go as JSON (Telegram) or as a form (VK)."""

	method: str
	params: dict
	as_json: bool = True


RATE_PREFIX = "rate"


def rate_payload(issue: str, stars: int) -> str:
	"""A rating button's data: "rate:<issue>:<stars>" (Telegram allows 64 bytes of callback data). The tap
	comes back through the webhook, whose secret proves the messenger sent it; the desk then rates the
	request only if it is that chat's own."""
	return f"{RATE_PREFIX}:{issue}:{stars}"


def parse_rate_payload(payload: str | None) -> tuple[str, int] | None:
	"""(issue, stars) from a rating button's data, or None."""
	if not payload or not payload.startswith(RATE_PREFIX + ":"):
		return None
	issue, _, stars = payload[len(RATE_PREFIX) + 1 :].rpartition(":")
	if not issue or stars not in {"1", "2", "3", "4", "5"}:
		return None
	return issue, int(stars)


def fit(text: str | None, limit: int, ellipsis: str = "…") -> str:
	"""`text` within `limit` UTF-16 code units (what Telegram and VK count: an emoji outside the BMP is two),
	ending in `ellipsis` when cut, never in half a character."""
	text = text or ""
	if len(text.encode("utf-16-le")) // 2 <= limit:
		return text
	room, kept = limit - len(ellipsis.encode("utf-16-le")) // 2, []
	for char in text:
		room -= 2 if ord(char) > 0xFFFF else 1
		if room < 0:
			break
		kept.append(char)
	return "".join(kept).rstrip() + ellipsis


_URL = re.compile(r"https?://", re.IGNORECASE)


def is_link(data: str) -> bool:
	"""True for a button's data that is a link to open rather than data to send back."""
	return bool(_URL.match(data or ""))


def button_rows(buttons) -> list[list[tuple[str, str]]]:
	"""Rows of (label, data) from what a caller gave: rows of pairs, or a flat list of pairs (a row each)."""
	rows = []
	for row in buttons or ():
		if isinstance(row, tuple) and len(row) == 2 and all(isinstance(part, str) for part in row):
			row = [row]
		rows.append([(str(label), str(data)) for label, data in row])
	return rows
