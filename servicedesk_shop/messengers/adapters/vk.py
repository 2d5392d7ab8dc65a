"""VK: the community's Callback API in, messages.send out. No `frappe` import.

VK posts every event with the community's secret key in the body (`secret`) and its `group_id`; the first
call, `confirmation`, wants the community's confirmation string back as plain text, and every other event
the text "ok" (anything else, and VK retries the event, then turns the server off). Messages from group
conversations (peer ids from 2000000000) are not a shopper's conversation with the shop."""

import hashlib
import hmac
import json
import secrets
from urllib.parse import urlsplit

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

KIND = "VK"
API_URL = "https://api.vk.com"
V = "5.199"
"""The API version of every call (the Callback API's version is set in the community's settings)."""
TEXT_LIMIT = 4096
LABEL_LIMIT = 40
PAYLOAD_LIMIT = 255
GROUP_CHATS = 2_000_000_000
ACK = Reply("ok")
UPLOAD_FIELD = "photo"
LANGUAGES = {0: "ru", 3: "en"}
"""client_info.lang_id: VK's own numbers of the interface's language."""
HOSTS = ("vk.com", "vk.ru", "userapi.com", "vkuser.net", "vk-cdn.net", "mycdn.me", "vkuseraudio.net")
"""Where VK keeps a message's photos and documents: an attachment's URL is read only from these."""
_SIZES = "smxopqryzw"
"""VK's photo size letters, smallest first (for photos whose sizes carry no width and height)."""
_PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "heic")
_MEDIA = {"sticker": "sticker", "audio_message": "voice", "video": "video", "graffiti": "sticker"}


def new_secret() -> str:
	"""A secret key VK accepts (latin letters and digits, at most 50)."""
	return secrets.token_hex(20)


# --- the webhook ---------------------------------------------------------------------------------------


def check(headers, body, secret: str | None, confirmation: str | None = None, group_id=None) -> Reply | None:
	"""The event is VK's (its secret and, when the channel names one, its group) and has an event's shape.
	A `confirmation` event is answered with the confirmation string; None: record the event."""
	body = _dict(body, "event")
	kind = body.get("type")
	if not isinstance(kind, str) or not kind:
		raise Malformed("the event has no type")
	if group_id not in (None, "") and str(body.get("group_id")) != str(group_id).strip().lstrip("-"):
		raise Forged("the event is another community's")
	given = body.get("secret")
	# VK may leave the secret out of the confirmation call; every other event must carry it
	if kind != "confirmation" or given is not None:
		if (
			not secret
			or not isinstance(given, str)
			or not hmac.compare_digest(given.encode(), secret.encode())
		):
			raise Forged("the secret is missing or wrong")
	if kind == "confirmation":
		if not confirmation:
			raise Malformed("the channel has no confirmation string")
		return Reply(confirmation)
	_shape(body)
	return None


def update_key(body) -> str:
	"""The event's event_id; an event of an old API version has none, and then its body's digest stands
	in (a retried event is the same body)."""
	body = _dict(body, "event")
	event_id = body.get("event_id")
	if event_id is not None:
		if not isinstance(event_id, str) or not event_id or len(event_id) > 100:
			raise Malformed("event_id is not an event's id")
		return event_id
	canonical = json.dumps(
		{k: v for k, v in body.items() if k != "secret"}, sort_keys=True, ensure_ascii=False
	)
	return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()[:40]


def parse(body) -> Incoming | None:
	"""What the shopper did: a message (`message_new`) or a tap on a callback button (`message_event`);
	None for any other event, the community's own messages and group conversations."""
	body = _dict(body, "event")
	_shape(body)
	if body["type"] == "message_new":
		return _message(body["object"])
	if body["type"] == "message_event":
		return _event(body["object"])
	return None


def _message_of(event_object: dict) -> dict:
	# from API 5.103 the message is object.message beside client_info; before, the object itself
	return event_object["message"] if "message" in event_object else event_object


def _shape(body: dict):
	if body.get("type") not in ("message_new", "message_event"):
		return
	event_object = _dict(body.get("object"), "object")
	if body["type"] == "message_new":
		message = _dict(_message_of(event_object), "object.message")
		_int(message.get("from_id"), "message.from_id")
		_int(message.get("peer_id"), "message.peer_id")
		for field in ("text", "payload"):
			if message.get(field) is not None and not isinstance(message[field], str):
				raise Malformed(f"message.{field} is not text")
		attachments = message.get("attachments")
		if attachments is not None and not (
			isinstance(attachments, list) and all(isinstance(item, dict) for item in attachments)
		):
			raise Malformed("message.attachments is not a list")
		if event_object.get("client_info") is not None:
			_dict(event_object["client_info"], "object.client_info")
	else:
		_int(event_object.get("user_id"), "object.user_id")
		_int(event_object.get("peer_id"), "object.peer_id")
		if not isinstance(event_object.get("event_id"), str):
			raise Malformed("object.event_id is not text")


def _message(event_object: dict) -> Incoming | None:
	message = _message_of(event_object)
	sender, peer = message["from_id"], message["peer_id"]
	# a community's id is negative; a message the community sent is `out`
	if sender <= 0 or message.get("out") or peer >= GROUP_CHATS:
		return None
	client = event_object.get("client_info") or {}
	attachments = [a for item in message.get("attachments") or () if (a := _attachment(item))]
	if isinstance(message.get("geo"), dict):
		attachments.append(Attachment("other", name="location"))
	return Incoming(
		chat_id=str(peer),
		user_id=str(sender),
		text=message.get("text") or "",
		language=LANGUAGES.get(client.get("lang_id")),
		attachments=tuple(attachments),
		payload=payload_data(message.get("payload")),
		message_id=_id(message.get("id") or message.get("conversation_message_id")),
	)


def _event(event_object: dict) -> Incoming | None:
	user, peer = event_object["user_id"], event_object["peer_id"]
	if user <= 0 or peer >= GROUP_CHATS:
		return None
	return Incoming(
		chat_id=str(peer),
		user_id=str(user),
		payload=payload_data(event_object.get("payload")),
		message_id=_id(event_object.get("conversation_message_id")),
		callback_id=event_object["event_id"],
	)


def _attachment(item: dict) -> Attachment | None:
	kind = item.get("type")
	if not isinstance(kind, str):
		return None
	media = item.get(kind) if isinstance(item.get(kind), dict) else {}
	if kind == "photo":
		return Attachment("photo", url=largest_photo_url(media))
	if kind == "doc":
		name = media.get("title") if isinstance(media.get("title"), str) else None
		url = _url(media.get("url"))
		if (media.get("type") == 4 or str(media.get("ext", "")).lower() in _PHOTO_EXTENSIONS) and url:
			return Attachment("photo", url=url, name=name and name[:140])
		return Attachment("document", url=url, name=name and name[:140])
	if kind in _MEDIA:
		return Attachment(_MEDIA[kind])
	return Attachment("other", name=kind[:40])


def largest_photo_url(photo: dict) -> str | None:
	"""The URL of a VK photo's largest size (its original where the API gives it)."""
	sizes = [size for size in photo.get("sizes") or () if isinstance(size, dict) and _url(size.get("url"))]
	if isinstance(photo.get("orig_photo"), dict) and _url(photo["orig_photo"].get("url")):
		sizes.append(photo["orig_photo"])
	if not sizes:
		return None

	def order(size):
		letter = size.get("type") if isinstance(size.get("type"), str) else ""
		return (_number(size.get("width")) * _number(size.get("height")), _SIZES.find(letter))

	return max(sizes, key=order)["url"]


def payload_data(payload) -> str | None:
	"""A button's data from a message's payload (a JSON text) or a callback's (an object): our buttons send
	{"data": ...} ({"rate": ...} is read too); VK's own Start button sends {"command": "start"}."""
	if payload is None or payload == "":
		return None
	value = payload
	if isinstance(payload, str):
		try:
			value = json.loads(payload)
		except ValueError:
			return payload[:PAYLOAD_LIMIT]
	if isinstance(value, dict):
		for key in ("data", "rate"):
			if isinstance(value.get(key), str):
				return value[key][:PAYLOAD_LIMIT]
		if isinstance(value.get("command"), str):
			return ("command:" + value["command"])[:PAYLOAD_LIMIT]
	return None if isinstance(value, dict | list) else str(value)[:PAYLOAD_LIMIT]


# --- calls ---------------------------------------------------------------------------------------------


def random_id(dedupe_key: str | None) -> int:
	"""messages.send's random_id: the same key gives the same id, and VK sends a message with an id it has
	seen from this community once (a retried job does not send twice); no key, a random one."""
	if not dedupe_key:
		return secrets.randbelow(2**31 - 2) + 1
	return int.from_bytes(hashlib.sha256(dedupe_key.encode()).digest()[:4], "big") & 0x7FFFFFFF or 1


def send_text(chat_id, text: str, buttons=None, dedupe_key: str | None = None) -> Call:
	"""A message, with an inline keyboard when buttons are given."""
	params = {
		"peer_id": int(chat_id),
		"message": fit(text, TEXT_LIMIT) or "…",
		"random_id": random_id(dedupe_key),
	}
	if buttons:
		params["keyboard"] = keyboard(buttons)
	params["v"] = V
	return Call("messages.send", params, as_json=False)


def send_photo(chat_id, file_ref, caption: str = "", dedupe_key: str | None = None) -> Call:
	"""A message with an uploaded photo: `file_ref` is what `photo_ref` made of the upload
	("photo<owner>_<id>[_<access key>]"); `transport.send_photo` runs the upload before."""
	if not isinstance(file_ref, str) or not file_ref.startswith("photo"):
		raise ValueError(
			"a VK photo is sent as an uploaded photo's reference (transport.send_photo uploads it)"
		)
	params = {"peer_id": int(chat_id), "attachment": file_ref, "random_id": random_id(dedupe_key)}
	if caption:
		params["message"] = fit(caption, TEXT_LIMIT)
	params["v"] = V
	return Call("messages.send", params, as_json=False)


def rating_keyboard(chat_id, text: str, issue: str, dedupe_key: str | None = None) -> Call:
	"""`text` with an inline keyboard of five buttons, 1★ to 5★. They are text buttons: every VK client
	shows them, a tap comes as a `message_new` with the payload, and the community needs no event type
	beside the messages it hears anyway."""
	row = [(f"{stars}★", rate_payload(issue, stars)) for stars in range(1, 6)]
	return send_text(chat_id, text, [row], dedupe_key=dedupe_key)


def keyboard(buttons) -> str:
	"""An inline keyboard as messages.send takes it (a JSON text)."""
	rows = []
	for row in button_rows(buttons):
		line = []
		for label, data in row:
			if is_link(data):
				action = {"type": "open_link", "link": data, "label": fit(label, LABEL_LIMIT)}
			else:
				payload = json.dumps({"data": data}, ensure_ascii=False)
				if len(payload) > PAYLOAD_LIMIT:
					raise ValueError("a button's data is too long for VK")
				action = {"type": "text", "label": fit(label, LABEL_LIMIT), "payload": payload}
			line.append({"action": action})
		rows.append(line)
	return json.dumps({"inline": True, "buttons": rows}, ensure_ascii=False)


def ask_contact(chat_id, text: str, label: str) -> None:
	"""VK bots cannot ask for a phone number: the shopper proves an e-mail instead."""
	return None


def answer_callback(incoming: Incoming, text: str | None = None) -> Call | None:
	"""Answers a callback button's tap (messages.sendMessageEventAnswer), showing `text` as a snackbar;
	None for a text button's tap, which is a message and needs no answer."""
	if not incoming.callback_id:
		return None
	params = {
		"event_id": incoming.callback_id,
		"user_id": int(incoming.user_id),
		"peer_id": int(incoming.chat_id),
	}
	if text:
		params["event_data"] = json.dumps(
			{"type": "show_snackbar", "text": fit(text, 90)}, ensure_ascii=False
		)
	params["v"] = V
	return Call("messages.sendMessageEventAnswer", params, as_json=False)


def clear_buttons(incoming: Incoming) -> None:
	"""An inline keyboard stays under its message in VK; a second tap is told the rating is given."""
	return None


def user_call(user_id) -> Call:
	"""users.get: a VK message does not carry its sender's name."""
	return Call("users.get", {"user_ids": str(int(user_id)), "v": V}, as_json=False)


def user_name(response: dict) -> str:
	"""'First Last' from users.get's answer, or ''."""
	people = (response or {}).get("response")
	person = people[0] if isinstance(people, list) and people and isinstance(people[0], dict) else {}
	parts = [person.get(field) for field in ("first_name", "last_name")]
	return " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())[:140]


def group_call(group_id=None) -> Call:
	"""groups.getById: checks the token (a community token answers with its own community)."""
	params = {"group_id": str(group_id).lstrip("-")} if group_id else {}
	params["v"] = V
	return Call("groups.getById", params, as_json=False)


def group_of(response: dict) -> dict | None:
	"""The community groups.getById answered with ({"id", "name", "screen_name"}), or None."""
	answer = (response or {}).get("response")
	groups = answer.get("groups") if isinstance(answer, dict) else answer
	return groups[0] if isinstance(groups, list) and groups and isinstance(groups[0], dict) else None


def confirmation_call(group_id) -> Call:
	"""groups.getCallbackConfirmationCode: the string the community's first Callback API call wants."""
	return Call(
		"groups.getCallbackConfirmationCode", {"group_id": str(group_id).lstrip("-"), "v": V}, as_json=False
	)


def confirmation_code(response: dict) -> str | None:
	answer = (response or {}).get("response")
	code = answer.get("code") if isinstance(answer, dict) else None
	return code if isinstance(code, str) and code else None


# --- files ---------------------------------------------------------------------------------------------


def file_call(file_id: str) -> None:
	"""VK gives a photo's URL in the message itself (`Attachment.url`): no call finds it."""
	return None


def file_url_path(response: dict) -> str:
	raise Malformed("VK's files are read by their URL")


def trusted_hosts(api_url: str | None) -> tuple[str, ...]:
	"""VK's file hosts, and the API's own host (a stand-in in the tests serves the photos it sends)."""
	own = (urlsplit(api_url or "").hostname or "").lower()
	return (*HOSTS, own) if own else HOSTS


def photo_upload_call(chat_id) -> Call:
	"""Step one of sending a photo: the address to upload it to."""
	return Call("photos.getMessagesUploadServer", {"peer_id": int(chat_id), "v": V}, as_json=False)


def upload_target(response: dict) -> str:
	answer = (response or {}).get("response")
	url = answer.get("upload_url") if isinstance(answer, dict) else None
	if not _url(url):
		raise Malformed("VK gave no upload address")
	return url


def save_photo_call(upload_answer: dict) -> Call:
	"""Step three: the uploaded photo saved as a message's photo."""
	if (
		not isinstance(upload_answer, dict)
		or not upload_answer.get("photo")
		or upload_answer.get("photo") == "[]"
	):
		raise Malformed("VK's upload server kept no photo")
	params = {key: str(upload_answer.get(key, "")) for key in ("photo", "server", "hash")}
	params["v"] = V
	return Call("photos.saveMessagesPhoto", params, as_json=False)


def photo_ref(response: dict) -> str:
	"""The saved photo as messages.send's attachment: photo<owner>_<id>[_<access key>]."""
	saved = (response or {}).get("response")
	photo = saved[0] if isinstance(saved, list) and saved and isinstance(saved[0], dict) else {}
	if not isinstance(photo.get("owner_id"), int) or not isinstance(photo.get("id"), int):
		raise Malformed("VK saved no photo")
	key = photo.get("access_key")
	return f"photo{photo['owner_id']}_{photo['id']}" + (f"_{key}" if isinstance(key, str) and key else "")


# --- answers -------------------------------------------------------------------------------------------


def result_id(response: dict) -> str | None:
	"""messages.send's answer: the message's id."""
	answer = (response or {}).get("response")
	if isinstance(answer, list) and answer and isinstance(answer[0], dict):
		answer = answer[0].get("message_id") or answer[0].get("conversation_message_id")
	return _id(answer)


def api_error(response: dict) -> str | None:
	"""VK's error in a 200 answer ({"error": {"error_code", "error_msg"}}), or None."""
	error = (response or {}).get("error") if isinstance(response, dict) else None
	if not isinstance(error, dict):
		return None
	return f"VK error {error.get('error_code')}: {error.get('error_msg') or ''}".strip()[:500]


def error_code(response: dict) -> int | None:
	error = (response or {}).get("error") if isinstance(response, dict) else None
	code = error.get("error_code") if isinstance(error, dict) else None
	return code if isinstance(code, int) else None


# --- shapes --------------------------------------------------------------------------------------------


def _dict(value, what: str) -> dict:
	if not isinstance(value, dict):
		raise Malformed(f"{what} is not an object")
	return value


def _int(value, what: str) -> int:
	if not isinstance(value, int) or isinstance(value, bool):
		raise Malformed(f"{what} is not a number")
	return value


def _number(value) -> int:
	return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _url(value) -> str | None:
	return value if isinstance(value, str) and value.lower().startswith(("https://", "http://")) else None


def _id(value) -> str | None:
	return (
		str(value) if isinstance(value, int | str) and not isinstance(value, bool) and value != "" else None
	)
