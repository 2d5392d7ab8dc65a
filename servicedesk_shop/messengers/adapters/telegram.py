"""Telegram Bot API: a webhook's update in, sendMessage / sendPhoto / answerCallbackQuery out. No `frappe`
import.

The webhook is authenticated by the secret given to setWebhook, which Telegram sends back in the
X-Telegram-Bot-Api-Secret-Token header of every update (https://core.telegram.org/bots/api#setwebhook).
Only private chats are a shopper's conversation: a bot added to a group hears people who did not write
to the shop."""

import hmac
import secrets

from servicedesk_shop.messengers.adapters.base import (
	Attachment,
	Call,
	Forged,
	Incoming,
	Malformed,
	Reply,
	button_rows,
	fit,
	is_link,
	rate_payload,
)

KIND = "Telegram"
API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
"""Bytes of a button's callback_data."""
ALERT_LIMIT = 200
ALLOWED_UPDATES = ("message", "callback_query")
LANGUAGES = ("ru", "en")
ACK = Reply("ok")
UPLOAD_FIELD = "photo"

_MEDIA = (
	# (the message's field, the kind the desk notes it as); the first present wins: an animation comes
	# with a document too, and a photo sent as a file is a document with an image type
	("sticker", "sticker"),
	("voice", "voice"),
	("video_note", "video"),
	("video", "video"),
	("animation", "video"),
	("audio", "other"),
	("document", "document"),
)
_NOTED = ("location", "venue", "poll", "dice", "game", "story", "invoice")
_PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")


def new_secret() -> str:
	"""A secret_token Telegram accepts (1-256 of A-Z, a-z, 0-9, _ and -)."""
	return secrets.token_urlsafe(32)


# --- the webhook ---------------------------------------------------------------------------------------


def header(headers, name: str) -> str | None:
	"""A header's value by its name in any case (a plain dict or a request's headers)."""
	if not headers:
		return None
	value = headers.get(name)
	if value is None and hasattr(headers, "items"):
		lowered = name.lower()
		value = next((v for k, v in headers.items() if str(k).lower() == lowered), None)
	return value


def check(headers, body, secret: str | None, confirmation: str | None = None, group_id=None) -> Reply | None:
	"""The update is Telegram's (the secret header matches) and has an update's shape; None: record it."""
	given = header(headers, SECRET_HEADER)
	# no secret on the channel proves nothing: refuse rather than accept anyone
	if not secret or not isinstance(given, str) or not hmac.compare_digest(given.encode(), secret.encode()):
		raise Forged("the secret token is missing or wrong")
	_shape(body)
	return None


def update_key(body) -> str:
	"""The update's update_id, as text."""
	return str(_int(_dict(body, "update").get("update_id"), "update_id"))


def parse(body) -> Incoming | None:
	"""What the shopper did; None for an update the desk does not hear (an edited message, a bot's own,
	a group's, a kind of update it did not ask for)."""
	_shape(body)
	if body.get("message") is not None:
		return _message(body["message"])
	if body.get("callback_query") is not None:
		return _callback(body["callback_query"])
	return None


def _shape(body):
	body = _dict(body, "update")
	_int(body.get("update_id"), "update_id")
	for field in ("message", "edited_message", "callback_query"):
		if body.get(field) is not None:
			_dict(body[field], field)
	if body.get("message") is not None:
		message = body["message"]
		_int(_dict(message.get("chat"), "message.chat").get("id"), "message.chat.id")
		if message.get("from") is not None:
			_int(_dict(message["from"], "message.from").get("id"), "message.from.id")
		for field in ("text", "caption"):
			_str(message.get(field), f"message.{field}")
		if message.get("photo") is not None:
			photos = message["photo"]
			if not isinstance(photos, list) or not all(
				isinstance(size, dict) and isinstance(size.get("file_id"), str) for size in photos
			):
				raise Malformed("message.photo is not a list of sizes")
		if message.get("contact") is not None:
			_dict(message["contact"], "message.contact")
	if body.get("callback_query") is not None:
		query = body["callback_query"]
		_str(query.get("id"), "callback_query.id", required=True)
		_int(_dict(query.get("from"), "callback_query.from").get("id"), "callback_query.from.id")
		_str(query.get("data"), "callback_query.data")
		if query.get("message") is not None:
			_int(
				_dict(_dict(query["message"], "callback_query.message").get("chat"), "chat").get("id"),
				"chat.id",
			)


def _message(message: dict) -> Incoming | None:
	sender = message.get("from") or {}
	chat = message["chat"]
	if sender.get("is_bot") or chat.get("type", "private") != "private" or not sender:
		return None
	attachments = list(_attachments(message))
	phone = None
	contact = message.get("contact")
	if contact is not None:
		# the contact button shares the sender's own card; any other card is someone else's number
		if contact.get("user_id") == sender["id"] and isinstance(contact.get("phone_number"), str):
			phone = contact["phone_number"].strip()[:40] or None
		else:
			attachments.append(Attachment("other", name="contact"))
	return Incoming(
		chat_id=str(chat["id"]),
		user_id=str(sender["id"]),
		text=message.get("text") or message.get("caption") or "",
		name=display_name(sender),
		language=language(sender),
		attachments=tuple(attachments),
		phone=phone,
		message_id=_id(message.get("message_id")),
	)


def _attachments(message: dict):
	photos = message.get("photo")
	if photos:
		largest = max(photos, key=lambda size: (_area(size), _number(size.get("file_size"))))
		yield Attachment("photo", file_id=largest["file_id"])
	for field, kind in _MEDIA:
		media = message.get(field)
		if not isinstance(media, dict):
			continue
		file_id = media.get("file_id") if isinstance(media.get("file_id"), str) else None
		name = media.get("file_name") or media.get("title") or media.get("emoji")
		name = name[:140] if isinstance(name, str) else None
		if field == "document" and media.get("mime_type") in _PHOTO_TYPES and file_id:
			kind = "photo"
		yield Attachment(kind, file_id=file_id, name=name)
		break
	for field in _NOTED:
		if message.get(field) is not None:
			yield Attachment("other", name=field)


def _callback(query: dict) -> Incoming | None:
	sender = query["from"]
	message = query.get("message") or {}
	chat = message.get("chat") or {"id": sender["id"], "type": "private"}
	if sender.get("is_bot") or chat.get("type", "private") != "private":
		return None
	return Incoming(
		chat_id=str(chat["id"]),
		user_id=str(sender["id"]),
		name=display_name(sender),
		language=language(sender),
		payload=query.get("data"),
		message_id=_id(message.get("message_id")),
		callback_id=query["id"],
	)


def display_name(user: dict) -> str:
	"""First and last name, else @username; at most 140 characters."""
	parts = [user.get(field) for field in ("first_name", "last_name")]
	name = " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())
	if not name and isinstance(user.get("username"), str):
		name = "@" + user["username"]
	return name[:140]


def language(user: dict) -> str | None:
	"""The client's language ("ru", "en") from its IETF tag, or None for another."""
	code = user.get("language_code")
	code = code.lower().split("-")[0] if isinstance(code, str) else None
	return code if code in LANGUAGES else None


# --- calls ---------------------------------------------------------------------------------------------


def get_me_call() -> Call:
	"""Checks the token; the answer names the bot (`bot_username`)."""
	return Call("getMe", {})


def bot_username(response: dict) -> str | None:
	result = (response or {}).get("result") or {}
	return result.get("username") if isinstance(result, dict) else None


def set_webhook_call(url: str, secret: str) -> Call:
	"""Points the bot's updates at `url`, each carrying `secret` in its header; updates waiting since
	the bot was last connected are delivered, not dropped."""
	return Call(
		"setWebhook",
		{
			"url": url,
			"secret_token": secret,
			"allowed_updates": list(ALLOWED_UPDATES),
			"drop_pending_updates": False,
		},
	)


def delete_webhook_call() -> Call:
	return Call("deleteWebhook", {"drop_pending_updates": False})


def webhook_info_call() -> Call:
	"""Telegram's view of the webhook: its url, pending updates, the last delivery error."""
	return Call("getWebhookInfo", {})


def send_text(chat_id, text: str, buttons=None, dedupe_key: str | None = None) -> Call:
	"""A plain text message (no parse mode: the shopper's and the agent's text shows as written), with
	inline buttons when given."""
	params = {"chat_id": _chat(chat_id), "text": fit(text, TEXT_LIMIT) or "…"}
	if buttons:
		params["reply_markup"] = inline_keyboard(buttons)
	return Call("sendMessage", params)


def send_photo(chat_id, file_ref, caption: str = "", dedupe_key: str | None = None) -> Call:
	"""A photo: `file_ref` is (file name, bytes) to upload, or a Telegram file_id or an https URL."""
	params = {"chat_id": _chat(chat_id), UPLOAD_FIELD: file_ref}
	if caption:
		params["caption"] = fit(caption, CAPTION_LIMIT)
	return Call("sendPhoto", params)


def rating_keyboard(chat_id, text: str, issue: str, dedupe_key: str | None = None) -> Call:
	"""`text` with five inline buttons, 1★ to 5★, each tap bringing `rate_payload(issue, stars)` back."""
	for stars in range(1, 6):
		if len(rate_payload(issue, stars).encode()) > CALLBACK_DATA_LIMIT:
			raise ValueError(f"the request's name {issue!r} is too long for a button's data")
	row = [(f"{stars}★", rate_payload(issue, stars)) for stars in range(1, 6)]
	return send_text(chat_id, text, [row])


def inline_keyboard(buttons) -> dict:
	return {
		"inline_keyboard": [
			[
				{"text": fit(label, 64), "url": data}
				if is_link(data)
				else {"text": fit(label, 64), "callback_data": data}
				for label, data in row
			]
			for row in button_rows(buttons)
		]
	}


def ask_contact(chat_id, text: str, label: str) -> Call:
	"""`text` with a button under the keyboard that shares the shopper's own phone number (Telegram sends
	only the user's own card through it)."""
	return Call(
		"sendMessage",
		{
			"chat_id": _chat(chat_id),
			"text": fit(text, TEXT_LIMIT) or "…",
			"reply_markup": {
				"keyboard": [[{"text": fit(label, 64), "request_contact": True}]],
				"resize_keyboard": True,
				"one_time_keyboard": True,
			},
		},
	)


def remove_keyboard(chat_id, text: str) -> Call:
	"""`text`, taking away the contact button's keyboard (once the phone is shared)."""
	return Call(
		"sendMessage",
		{
			"chat_id": _chat(chat_id),
			"text": fit(text, TEXT_LIMIT) or "…",
			"reply_markup": {"remove_keyboard": True},
		},
	)


def answer_callback(incoming: Incoming, text: str | None = None) -> Call | None:
	"""Stops the tapped button's spinner, showing `text` briefly; None when the incoming was no tap."""
	if not incoming.callback_id:
		return None
	params = {"callback_query_id": incoming.callback_id}
	if text:
		params["text"] = fit(text, ALERT_LIMIT)
	return Call("answerCallbackQuery", params)


def clear_buttons(incoming: Incoming) -> Call | None:
	"""Takes the inline buttons off the message that was tapped (a rating is given once)."""
	if not incoming.callback_id or not incoming.message_id:
		return None
	return Call(
		"editMessageReplyMarkup",
		{
			"chat_id": _chat(incoming.chat_id),
			"message_id": int(incoming.message_id),
			"reply_markup": {"inline_keyboard": []},
		},
	)


# --- files ---------------------------------------------------------------------------------------------


def file_call(file_id: str) -> Call:
	"""getFile: where the file of an incoming photo is (files up to 20 MB)."""
	return Call("getFile", {"file_id": file_id})


def file_url_path(response: dict) -> str:
	"""The file_path of getFile's answer, for `transport.download`; Malformed when it has none."""
	result = (response or {}).get("result")
	path = result.get("file_path") if isinstance(result, dict) else None
	if not isinstance(path, str) or not path or path.startswith("/") or ".." in path.split("/"):
		raise Malformed("getFile answered without a file path")
	return path


def file_size(response: dict) -> int | None:
	"""The size getFile tells, so that a file too large is not downloaded at all."""
	result = (response or {}).get("result")
	size = result.get("file_size") if isinstance(result, dict) else None
	return size if isinstance(size, int) and not isinstance(size, bool) else None


def trusted_hosts(api_url: str) -> tuple[str, ...]:
	"""Telegram's files are read through the API (`file_call`), never from a URL in an update."""
	return ()


def photo_upload_call(chat_id) -> None:
	"""Telegram takes the photo's bytes with sendPhoto itself: no upload step."""
	return None


# --- answers -------------------------------------------------------------------------------------------


def result_id(response: dict) -> str | None:
	"""The sent message's message_id."""
	result = (response or {}).get("result")
	return _id(result.get("message_id")) if isinstance(result, dict) else None


def api_error(response: dict) -> str | None:
	"""Telegram's description of a refused call ({"ok": false, ...}), or None."""
	if not isinstance(response, dict) or response.get("ok") is not False:
		return None
	return str(response.get("description") or f"error {response.get('error_code')}")[:500]


# --- shapes --------------------------------------------------------------------------------------------


def _dict(value, what: str) -> dict:
	if not isinstance(value, dict):
		raise Malformed(f"{what} is not an object")
	return value


def _int(value, what: str) -> int:
	if not isinstance(value, int) or isinstance(value, bool):
		raise Malformed(f"{what} is not a number")
	return value


def _str(value, what: str, required: bool = False):
	if value is None and not required:
		return None
	if not isinstance(value, str):
		raise Malformed(f"{what} is not text")
	return value


def _number(value) -> int:
	return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _area(size: dict) -> int:
	return _number(size.get("width")) * _number(size.get("height"))


def _id(value) -> str | None:
	return str(value) if isinstance(value, int | str) and not isinstance(value, bool) else None


def _chat(chat_id):
	"""A chat id as Telegram takes it: a number when it is one (a private chat, a group), else an @name."""
	text = str(chat_id)
	return int(text) if text.lstrip("-").isdigit() else text
