"""A local stand-in of Telegram's Bot API and VK's API for the tests, and the updates they send to a
webhook. No `frappe` import: the pure tests, the HTTP tests and the integration tests all start it.

    with StandIn() as api:
        channel.api_url = api.telegram_url  # f"{api.url}/telegram"; VK: api.vk_url
        ...
        assert api.sent_texts("123456789") == ["Здравствуйте! Ответим до 18:00."]

It answers as the real APIs do (Telegram {"ok": true, "result": ...} or an error status with
{"ok": false, "error_code", "description"}; VK always 200, with {"response": ...} or {"error": ...}),
checks the token it was started with (a wrong one is refused as the real APIs refuse it, so a test proves
the channel's token is the one used), records every call, and serves files for getFile and VK's photo
URLs. `fail_next` makes the next calls of a method fail (429 with retry_after, 500), `slow_next` makes them
slow, `block` makes a chat refuse messages (a shopper who blocked the bot).

Telegram: POST /telegram/bot<token>/<method> (JSON, form or multipart), GET /telegram/file/bot<token>/<path>.
VK: POST /vk/method/<method> (form, access_token and v in it), POST /vk/upload (a photo upload),
GET /vk/files/<name>.

Importing `servicedesk_shop.testing` imports Frappe (the factories); a test without Frappe loads this file
by its path (tests/standin.py does)."""

import email.parser
import email.policy
import itertools
import json
import re
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote, urlsplit

TELEGRAM_TOKEN = "123456789:AAStandInBotTokenForTests_0123456789"
VK_TOKEN = "vk1.a.standin-community-token-for-tests"
GROUP_ID = 227000001
CONFIRMATION = "c0nf1rm5"
BOT = {"id": 123456789, "is_bot": True, "first_name": "Shop", "username": "shop_standin_bot"}
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
MAX_BODY = 30 * 1024 * 1024

_TELEGRAM = re.compile(r"^/telegram/bot(?P<token>[^/]*)/(?P<method>[A-Za-z]+)$")
_TELEGRAM_FILE = re.compile(r"^/telegram/file/bot(?P<token>[^/]*)/(?P<path>.+)$")
_VK = re.compile(r"^/vk/method/(?P<method>[A-Za-z]+\.[A-Za-z]+)$")
_VK_FILE = re.compile(r"^/vk/files/(?P<name>[^/]+)$")


def _utf16(text: str) -> int:
	return len(text.encode("utf-16-le")) // 2


class StandIn:
	"""Both APIs on 127.0.0.1 at a free port, in a thread of their own; `stop()` (or the `with` block's
	end) closes it."""

	def __init__(
		self,
		token: str = TELEGRAM_TOKEN,
		vk_token: str = VK_TOKEN,
		group_id: int = GROUP_ID,
		confirmation: str = CONFIRMATION,
	):
		self.token = token
		self.vk_token = vk_token
		self.group_id = group_id
		self.confirmation = confirmation
		self.users: dict[str, tuple[str, str]] = {}
		"""VK users.get's names by user id: {"42": ("Анна", "Петрова")}."""
		self._lock = threading.Lock()
		self._idle = threading.Condition()
		self._in_flight = 0
		self._server = None
		self._thread = None
		self.reset()

	# --- life ------------------------------------------------------------------------------------------

	def start(self) -> "StandIn":
		if self._server:
			return self
		self._server = _Server(("127.0.0.1", 0), _handler(self))
		self._thread = threading.Thread(
			target=self._server.serve_forever, name="messenger-standin", daemon=True
		)
		self._thread.start()
		return self

	def stop(self):
		if not self._server:
			return
		self._server.shutdown()
		self._server.server_close()
		self._thread.join(5)
		self._server = self._thread = None

	def __enter__(self) -> "StandIn":
		return self.start()

	def __exit__(self, *exc):
		self.stop()

	@property
	def url(self) -> str:
		host, port = self._server.server_address[:2]
		return f"http://{host}:{port}"

	@property
	def telegram_url(self) -> str:
		"""A Telegram channel's api_url."""
		return f"{self.url}/telegram"

	@property
	def vk_url(self) -> str:
		"""A VK channel's api_url."""
		return f"{self.url}/vk"

	# --- what the tests arrange ------------------------------------------------------------------------

	def reset(self):
		"""Forgets the calls, files, failures and messages (the tokens and the server stay), once the calls
		under way are answered: a slow call of one test must not deliver into the next."""
		self.wait_idle()
		with self._lock:
			self._log: list[dict] = []
			self._failures: dict[str, list[tuple[int, float | None, int | None]]] = {}
			self._delays: dict[str, list[float]] = {}
			self._files: dict[str, tuple[str, bytes, bool]] = {}
			self._sent: list[dict] = []
			self._vk_seen: dict[tuple[str, str], int] = {}
			self._uploads: dict[int, tuple[str, bytes]] = {}
			self._blocked: set[str] = set()
			self._ids = itertools.count(1001)
			self.webhook: dict | None = None

	def fail_next(
		self,
		method: str,
		status: int = 500,
		times: int = 1,
		retry_after: float | None = None,
		vk_error: int | None = None,
	):
		"""The next `times` calls of `method` fail: Telegram with `status` (429: "retry after", with
		parameters.retry_after and a Retry-After header, 1 second unless given); VK with `status` as an
		HTTP failure, or with status 200 and {"error": {"error_code": vk_error}} (6: too many requests)."""
		with self._lock:
			queue = self._failures.setdefault(method, [])
			queue.extend([(status, retry_after, vk_error)] * times)

	def slow_next(self, method: str, seconds: float, times: int = 1):
		"""The next `times` calls of `method` answer after `seconds` (a read timeout)."""
		with self._lock:
			self._delays.setdefault(method, []).extend([seconds] * times)

	def block(self, chat_id):
		"""The chat refuses the bot's messages (Telegram 403 "bot was blocked by the user", VK error 901)."""
		with self._lock:
			self._blocked.add(str(chat_id))

	def add_file(
		self, file_id: str, content: bytes, file_path: str | None = None, chunked: bool = False
	) -> str:
		"""A file Telegram's getFile finds by `file_id` (at `file_path`, "photos/<file_id>.jpg" unless given)
		and VK serves at the URL returned. `chunked`: served without a Content-Length."""
		path = file_path or f"photos/{file_id}.jpg"
		with self._lock:
			self._files[file_id] = (path, bytes(content), chunked)
		return self.file_url(file_id)

	def file_url(self, file_id: str) -> str:
		"""Where a VK message's photo of this file is (an attachment's URL)."""
		return f"{self.url}/vk/files/{quote(file_id, safe='')}"

	def wait_idle(self, timeout: float = 15) -> bool:
		"""Waits until no call is under way; False if one still is after `timeout` seconds."""
		with self._idle:
			return self._idle.wait_for(lambda: self._in_flight == 0, timeout)

	def _busy(self, delta: int):
		with self._idle:
			self._in_flight += delta
			self._idle.notify_all()

	# --- what the tests read ---------------------------------------------------------------------------

	def calls(self, method: str | None = None) -> list[dict]:
		"""The parameters of every call of `method` (all calls when None), in order, failed ones too; VK's
		access_token is not among them."""
		with self._lock:
			return [
				dict(entry["params"]) for entry in self._log if method is None or entry["method"] == method
			]

	@property
	def log(self) -> list[dict]:
		"""Every request: {"api", "method", "params", "status", "token_ok"}."""
		with self._lock:
			return [dict(entry) for entry in self._log]

	def sent(self, chat_id=None) -> list[dict]:
		"""The messages delivered (to `chat_id`): {"api", "chat_id", "message_id", "text", "buttons",
		"photo"}; a VK message sent twice with one random_id is here once, as VK delivers it once."""
		with self._lock:
			return [dict(m) for m in self._sent if chat_id is None or m["chat_id"] == str(chat_id)]

	def sent_texts(self, chat_id=None) -> list[str]:
		"""The texts (and photos' captions) delivered to `chat_id`, in order."""
		return [m["text"] for m in self.sent(chat_id)]

	def buttons(self, chat_id=None) -> list[list[tuple[str, str]]]:
		"""The buttons of the last message to `chat_id` that had any, as rows of (label, data)."""
		for message in reversed(self.sent(chat_id)):
			if message["buttons"]:
				return message["buttons"]
		return []

	# --- the APIs --------------------------------------------------------------------------------------

	def _record(self, api, method, params, token_ok) -> dict:
		entry = {"api": api, "method": method, "params": params, "status": None, "token_ok": token_ok}
		with self._lock:
			self._log.append(entry)
		return entry

	def _take(self, method):
		with self._lock:
			delays = self._delays.get(method)
			delay = delays.pop(0) if delays else 0
			failures = self._failures.get(method)
			failure = failures.pop(0) if failures else None
		if delay:
			time.sleep(delay)
		return failure

	def telegram(self, token: str, method: str, params: dict) -> tuple[int, dict, dict]:
		entry = self._record("telegram", method, params, token == self.token)
		status, body, headers = self._telegram(token, method, params)
		entry["status"] = status
		return status, body, headers

	def _telegram(self, token, method, params):
		if token != self.token:
			return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, {}
		failure = self._take(method)
		if failure:
			status, retry_after, _ = failure
			if status == 429:
				wait = 1 if retry_after is None else retry_after
				return (
					429,
					{
						"ok": False,
						"error_code": 429,
						"description": f"Too Many Requests: retry after {wait}",
						"parameters": {"retry_after": wait},
					},
					{"Retry-After": str(wait)},
				)
			return status, {"ok": False, "error_code": status, "description": "Internal Server Error"}, {}
		handler = getattr(self, "_tg_" + method, None)
		if not handler:
			return 404, {"ok": False, "error_code": 404, "description": "Not Found"}, {}
		try:
			return 200, {"ok": True, "result": handler(params)}, {}
		except _Refused as refused:
			return (
				refused.status,
				{"ok": False, "error_code": refused.status, "description": refused.description},
				{},
			)

	def _tg_getMe(self, params):
		return dict(BOT)

	def _tg_setWebhook(self, params):
		if not params.get("url"):
			raise _Refused(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
		with self._lock:
			self.webhook = dict(params)
		return True

	def _tg_deleteWebhook(self, params):
		with self._lock:
			self.webhook = None
		return True

	def _tg_getWebhookInfo(self, params):
		with self._lock:
			url = (self.webhook or {}).get("url", "")
		return {"url": url, "has_custom_certificate": False, "pending_update_count": 0}

	def _tg_sendMessage(self, params):
		chat = self._tg_chat(params)
		text = params.get("text")
		if not isinstance(text, str) or not text.strip():
			raise _Refused(400, "Bad Request: message text is empty")
		if _utf16(text) > TEXT_LIMIT:
			raise _Refused(400, "Bad Request: message is too long")
		return self._tg_deliver(chat, text, params)

	def _tg_sendPhoto(self, params):
		chat = self._tg_chat(params)
		photo = params.get("photo")
		if not photo:
			raise _Refused(400, "Bad Request: there is no photo in the request")
		caption = params.get("caption") or ""
		if _utf16(caption) > CAPTION_LIMIT:
			raise _Refused(400, "Bad Request: message caption is too long")
		return self._tg_deliver(chat, caption, params, photo=photo)

	def _tg_chat(self, params) -> str:
		chat = params.get("chat_id")
		if chat in (None, ""):
			raise _Refused(400, "Bad Request: chat_id is empty")
		with self._lock:
			if str(chat) in self._blocked:
				raise _Refused(403, "Forbidden: bot was blocked by the user")
		return str(chat)

	def _tg_deliver(self, chat, text, params, photo=None):
		markup = params.get("reply_markup") or {}
		buttons = [
			[(b.get("text"), b.get("callback_data") or b.get("url") or "") for b in row]
			for row in (markup.get("inline_keyboard") or []) + (markup.get("keyboard") or [])
		]
		with self._lock:
			message_id = next(self._ids)
			self._sent.append(
				{
					"api": "telegram",
					"chat_id": chat,
					"message_id": message_id,
					"text": text,
					"buttons": buttons,
					"reply_markup": markup,
					"photo": photo,
				}
			)
		message = {
			"message_id": message_id,
			"date": int(time.time()),
			"chat": {"id": _number(chat), "type": "private"},
		}
		if photo:
			message["photo"] = [
				{"file_id": f"sent-{message_id}", "file_unique_id": f"u{message_id}", "width": 1, "height": 1}
			]
			if text:
				message["caption"] = text
		else:
			message["text"] = text
		if markup:
			message["reply_markup"] = markup
		return message

	def _tg_answerCallbackQuery(self, params):
		if not params.get("callback_query_id"):
			raise _Refused(
				400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
			)
		return True

	def _tg_editMessageReplyMarkup(self, params):
		self._tg_chat(params)
		if not params.get("message_id"):
			raise _Refused(400, "Bad Request: message identifier is not specified")
		return True

	def _tg_getFile(self, params):
		file_id = params.get("file_id")
		with self._lock:
			known = self._files.get(file_id)
		if not known:
			raise _Refused(400, "Bad Request: invalid file_id")
		path, content, _ = known
		return {
			"file_id": file_id,
			"file_unique_id": f"u-{file_id}",
			"file_size": len(content),
			"file_path": path,
		}

	def telegram_file(self, token: str, path: str):
		"""(status, bytes, chunked) of a file download."""
		if token != self.token:
			return 401, b'{"ok":false,"error_code":401,"description":"Unauthorized"}', False
		with self._lock:
			found = next((item for item in self._files.values() if item[0] == path), None)
		if not found:
			return 404, b'{"ok":false,"error_code":404,"description":"Not Found"}', False
		return 200, found[1], found[2]

	def vk_file(self, name: str):
		with self._lock:
			found = self._files.get(name)
		if not found:
			return 404, b"Not Found", False
		return 200, found[1], found[2]

	def vk(self, method: str, params: dict) -> tuple[int, dict | str]:
		token = params.pop("access_token", None)
		entry = self._record("vk", method, params, token == self.vk_token)
		status, body = self._vk(token, method, params)
		entry["status"] = status
		return status, body

	def _vk(self, token, method, params):
		echo = [{"key": "method", "value": method}, {"key": "oauth", "value": "1"}]
		if token != self.vk_token:
			return 200, _vk_error(5, "User authorization failed: invalid access_token (4).", echo)
		if not params.get("v"):
			return 200, _vk_error(8, "Invalid request: v is required", echo)
		failure = self._take(method)
		if failure:
			status, _, code = failure
			if status == 200 or code:
				return 200, _vk_error(code or 6, "Too many requests per second", echo)
			return status, "Internal Server Error"
		handler = getattr(self, "_vk_" + method.replace(".", "_"), None)
		if not handler:
			return 200, _vk_error(3, "Unknown method passed", echo)
		try:
			return 200, {"response": handler(params)}
		except _Refused as refused:
			return 200, _vk_error(refused.status, refused.description, echo)

	def _vk_messages_send(self, params):
		peer = params.get("peer_id") or params.get("user_id")
		if not peer:
			raise _Refused(
				100, "One of the parameters specified was missing or invalid: peer_id is undefined"
			)
		if not params.get("random_id"):
			raise _Refused(
				100,
				"One of the parameters specified was missing or invalid: random_id is a required parameter",
			)
		text, attachment = params.get("message") or "", params.get("attachment") or ""
		if not text and not attachment:
			raise _Refused(
				100, "One of the parameters specified was missing or invalid: message is empty or invalid"
			)
		if _utf16(text) > TEXT_LIMIT:
			raise _Refused(914, "Message is too long")
		keyboard = json.loads(params["keyboard"]) if params.get("keyboard") else {}
		buttons = [
			[(b["action"].get("label"), _vk_button_data(b["action"])) for b in row]
			for row in keyboard.get("buttons") or []
		]
		with self._lock:
			if str(peer) in self._blocked:
				raise _Refused(901, "Can't send messages for users without permission")
			seen = self._vk_seen.get((str(peer), str(params["random_id"])))
			if seen:
				return seen
			message_id = next(self._ids)
			self._vk_seen[(str(peer), str(params["random_id"]))] = message_id
			photo = None
			match = (
				re.fullmatch(r"photo-?\d+_(\d+)(?:_\w+)?", attachment.split(",")[0]) if attachment else None
			)
			if match and int(match.group(1)) in self._uploads:
				photo = self._uploads[int(match.group(1))]
			self._sent.append(
				{
					"api": "vk",
					"chat_id": str(peer),
					"message_id": message_id,
					"text": text,
					"buttons": buttons,
					"keyboard": keyboard,
					"photo": photo or (attachment or None),
				}
			)
		return message_id

	def _vk_messages_sendMessageEventAnswer(self, params):
		if not params.get("event_id"):
			raise _Refused(100, "One of the parameters specified was missing or invalid: event_id")
		return 1

	def _vk_groups_getById(self, params):
		return {"groups": [{"id": self.group_id, "name": "Shop", "screen_name": "shop"}], "profiles": []}

	def _vk_groups_getCallbackConfirmationCode(self, params):
		if str(params.get("group_id")) != str(self.group_id):
			raise _Refused(15, "Access denied: no access to this group")
		return {"code": self.confirmation}

	def _vk_users_get(self, params):
		people = []
		for user in str(params.get("user_ids") or "").split(","):
			if user.strip():
				first, last = self.users.get(user.strip(), ("User", user.strip()))
				people.append({"id": _number(user.strip()), "first_name": first, "last_name": last})
		return people

	def _vk_photos_getMessagesUploadServer(self, params):
		return {"upload_url": f"{self.url}/vk/upload?sig=standin", "album_id": -3, "group_id": self.group_id}

	def vk_upload(self, files: dict) -> dict:
		photo = files.get("photo")
		if not isinstance(photo, dict) or not photo.get("content"):
			return {"server": 1, "photo": "[]", "hash": ""}
		with self._lock:
			number = next(self._ids)
			self._uploads[number] = (photo.get("filename") or "photo.jpg", photo["content"])
		return {"server": 1, "photo": json.dumps([{"upload": number}]), "hash": f"h{number}"}

	def _vk_photos_saveMessagesPhoto(self, params):
		try:
			number = json.loads(params.get("photo") or "[]")[0]["upload"]
		except (ValueError, IndexError, KeyError, TypeError):
			raise _Refused(100, "One of the parameters specified was missing or invalid: photo is undefined")
		with self._lock:
			if number not in self._uploads or params.get("hash") != f"h{number}":
				raise _Refused(121, "Invalid hash")
		return [{"id": number, "owner_id": -self.group_id, "access_key": f"k{number}", "album_id": -3}]


class _Server(ThreadingHTTPServer):
	daemon_threads = True

	def handle_error(self, request, client_address):
		# a client that gave up (a read timeout, a size cap) closed its end: nothing to report
		if not isinstance(sys.exc_info()[1], ConnectionError):
			super().handle_error(request, client_address)


class _Refused(Exception):
	def __init__(self, status: int, description: str):
		self.status, self.description = status, description


def _vk_error(code: int, message: str, echo: list) -> dict:
	return {"error": {"error_code": code, "error_msg": message, "request_params": echo}}


def _vk_button_data(action: dict) -> str:
	if action.get("type") == "open_link":
		return action.get("link") or ""
	try:
		payload = json.loads(action.get("payload") or "{}")
	except ValueError:
		return action.get("payload") or ""
	if not isinstance(payload, dict):
		return str(payload)
	return payload.get("data") or payload.get("rate") or ""


def _number(value):
	text = str(value)
	return int(text) if text.lstrip("-").isdigit() else text


def _handler(standin: StandIn):
	class Handler(BaseHTTPRequestHandler):
		protocol_version = "HTTP/1.1"

		def log_message(self, *args):
			pass  # the tests' output is theirs

		def do_POST(self):
			# counted while answered, not while a kept-alive connection waits for its next request
			standin._busy(+1)
			try:
				self.post()
			finally:
				standin._busy(-1)

		def do_GET(self):
			standin._busy(+1)
			try:
				self.get()
			finally:
				standin._busy(-1)

		def post(self):
			path = urlsplit(self.path).path
			params, files = self.read_body()
			if params is None:
				return self.reply(
					400, {"ok": False, "error_code": 400, "description": "Bad Request: bad body"}
				)
			if match := _TELEGRAM.match(path):
				params.update(files)
				status, body, headers = standin.telegram(unquote(match["token"]), match["method"], params)
				return self.reply(status, body, headers)
			if match := _VK.match(path):
				status, body = standin.vk(match["method"], params)
				return self.reply(status, body)
			if path == "/vk/upload":
				return self.reply(200, standin.vk_upload(files))
			return self.reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})

		def get(self):
			path = urlsplit(self.path).path
			if match := _TELEGRAM_FILE.match(path):
				status, content, chunked = standin.telegram_file(
					unquote(match["token"]), unquote(match["path"])
				)
			elif match := _VK_FILE.match(path):
				status, content, chunked = standin.vk_file(unquote(match["name"]))
			else:
				status, content, chunked = 404, b"Not Found", False
			self.send_response(status)
			self.send_header("Content-Type", "application/octet-stream")
			if chunked:
				# no length: the body ends when the connection closes
				self.send_header("Connection", "close")
				self.close_connection = True
			else:
				self.send_header("Content-Length", str(len(content)))
			self.end_headers()
			try:
				self.wfile.write(content)
			except (BrokenPipeError, ConnectionResetError):
				pass  # the client stopped reading past its size cap

		def read_body(self):
			length = int(self.headers.get("Content-Length") or 0)
			if length > MAX_BODY:
				return None, {}
			raw = self.rfile.read(length) if length else b""
			kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
			try:
				if kind == "application/json":
					body = json.loads(raw or b"{}")
					return (body, {}) if isinstance(body, dict) else (None, {})
				if kind == "multipart/form-data":
					return _multipart(self.headers.get("Content-Type"), raw)
				return dict(parse_qsl(raw.decode(), keep_blank_values=True)), {}
			except (ValueError, UnicodeDecodeError):
				return None, {}

		def reply(self, status, body, headers=None):
			data = body.encode() if isinstance(body, str) else json.dumps(body, ensure_ascii=False).encode()
			self.send_response(status)
			self.send_header("Content-Type", "text/plain" if isinstance(body, str) else "application/json")
			self.send_header("Content-Length", str(len(data)))
			for name, value in (headers or {}).items():
				self.send_header(name, value)
			self.end_headers()
			self.wfile.write(data)

	return Handler


def _multipart(content_type: str, raw: bytes) -> tuple[dict, dict]:
	"""Form fields (a JSON-looking one decoded, as Telegram reads reply_markup) and files of a multipart
	body: {"photo": {"filename", "content"}}."""
	message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
		f"Content-Type: {content_type}\r\n\r\n".encode() + raw
	)
	fields, files = {}, {}
	for part in message.iter_parts():
		name = part.get_param("name", header="content-disposition")
		content = part.get_payload(decode=True) or b""
		if part.get_filename() is not None:
			files[name] = {"filename": part.get_filename(), "content": content}
			continue
		value = content.decode()
		if value[:1] in "{[" and value:
			try:
				value = json.loads(value)
			except ValueError:
				pass
		fields[name] = value
	return fields, files


# --- what the messengers send to a webhook -------------------------------------------------------------

_update_ids = itertools.count(int(time.time()) % 1_000_000 * 1000)


def next_update_id() -> int:
	"""A fresh Telegram update_id (the same one twice is a retried update)."""
	return next(_update_ids)


def telegram_user(user_id, first_name="Анна", last_name="", language="ru", username=None) -> dict:
	user = {"id": int(user_id), "is_bot": False, "first_name": first_name, "language_code": language}
	if last_name:
		user["last_name"] = last_name
	if username:
		user["username"] = username
	return user


def telegram_message(
	chat_id, text: str | None = "", update_id: int | None = None, sender=None, **fields
) -> dict:
	"""A Telegram update with a private message from the chat's user (`fields` add to the message: photo,
	contact, sticker...)."""
	sender = sender or telegram_user(chat_id)
	message = {
		"message_id": next(_update_ids) % 100000,
		"from": sender,
		"chat": {"id": int(chat_id), "type": "private", "first_name": sender.get("first_name", "")},
		"date": int(time.time()),
	}
	if text:
		message["text"] = text
	message.update(fields)
	return {"update_id": update_id if update_id is not None else next_update_id(), "message": message}


def telegram_photo(chat_id, file_id: str, caption: str = "", update_id: int | None = None) -> dict:
	"""A message with a photo in three sizes, the largest being `file_id`."""
	sizes = [
		{"file_id": f"{file_id}-s", "file_unique_id": "s", "width": 90, "height": 120, "file_size": 1200},
		{"file_id": f"{file_id}-m", "file_unique_id": "m", "width": 320, "height": 427, "file_size": 15000},
		{"file_id": file_id, "file_unique_id": "x", "width": 960, "height": 1280, "file_size": 90000},
	]
	fields = {"photo": sizes}
	if caption:
		fields["caption"] = caption
	return telegram_message(chat_id, None, update_id=update_id, **fields)


def telegram_contact(chat_id, phone: str, user_id=None, update_id: int | None = None) -> dict:
	"""A shared contact: the sender's own (Telegram's contact button) unless `user_id` is another's."""
	contact = {"phone_number": phone, "first_name": "Анна", "user_id": int(user_id or chat_id)}
	return telegram_message(chat_id, None, update_id=update_id, contact=contact)


def telegram_callback(chat_id, data: str, message_id: int = 1, update_id: int | None = None) -> dict:
	"""A tap on an inline button of the bot's message `message_id`."""
	return {
		"update_id": update_id if update_id is not None else next_update_id(),
		"callback_query": {
			"id": f"cb{next(_update_ids)}",
			"from": telegram_user(chat_id),
			"message": {
				"message_id": message_id,
				"from": dict(BOT),
				"chat": {"id": int(chat_id), "type": "private"},
				"date": int(time.time()),
				"text": "…",
			},
			"chat_instance": "1",
			"data": data,
		},
	}


def vk_event(
	kind: str, obj: dict, secret: str | None, group_id: int = GROUP_ID, event_id: str | None = None
) -> dict:
	body = {
		"type": kind,
		"object": obj,
		"group_id": group_id,
		"event_id": event_id or f"ev{next(_update_ids):x}",
		"v": "5.199",
	}
	if secret is not None:
		body["secret"] = secret
	return body


def vk_message(
	peer_id,
	text: str = "",
	secret: str | None = None,
	group_id: int = GROUP_ID,
	event_id: str | None = None,
	attachments: list | None = None,
	payload: str | None = None,
	lang_id: int = 0,
) -> dict:
	"""A message_new event from user `peer_id` to the community."""
	message = {
		"date": int(time.time()),
		"from_id": int(peer_id),
		"id": next(_update_ids) % 100000,
		"out": 0,
		"peer_id": int(peer_id),
		"text": text,
		"conversation_message_id": next(_update_ids) % 1000,
		"attachments": attachments or [],
		"important": False,
		"is_hidden": False,
	}
	if payload is not None:
		message["payload"] = payload
	client = {
		"button_actions": ["text", "vkpay", "open_app", "location", "open_link", "callback"],
		"keyboard": True,
		"inline_keyboard": True,
		"carousel": True,
		"lang_id": lang_id,
	}
	return vk_event("message_new", {"message": message, "client_info": client}, secret, group_id, event_id)


def vk_photo(url: str, width: int = 960, height: int = 1280) -> dict:
	"""A message's photo attachment whose largest size is at `url`."""
	return {
		"type": "photo",
		"photo": {
			"id": 457239017,
			"owner_id": 1,
			"sizes": [
				{"type": "s", "url": url + "?size=s", "width": 75, "height": 100},
				{"type": "x", "url": url, "width": width, "height": height},
			],
		},
	}


def vk_confirmation(group_id: int = GROUP_ID, secret: str | None = None) -> dict:
	body = {"type": "confirmation", "group_id": group_id}
	if secret is not None:
		body["secret"] = secret
	return body


def post_update(url: str, body: dict, secret: str | None = None, timeout: float = 10) -> tuple[int, str]:
	"""POSTs an update to a webhook as the messenger does (Telegram's secret in its header when given):
	(status, the answer's text)."""
	request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
	request.add_header("Content-Type", "application/json")
	if secret is not None:
		request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
	try:
		with urllib.request.urlopen(request, timeout=timeout) as response:
			return response.status, response.read().decode()
	except urllib.error.HTTPError as refused:
		return refused.code, refused.read().decode()
