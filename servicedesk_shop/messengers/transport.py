"""The messengers' HTTP calls: `requests`, a timeout, retries with back-off. No `frappe` import.

An adapter says what to call (a `Call`); this module calls it. One `requests.Session` for the process
keeps connections to the API open between calls. A call is retried on 429 (after the wait the API asks
for, when it is short), on 5xx and when the connection fails; never on another 4xx, which will not
change. The bot's token is part of a Telegram call's address, and `requests` writes the address into its
errors: a `TransportError` is made anew, scrubbed of the token, and raised outside the `except` that
caught the library's error, so that no traceback carries the original either."""

import json
import random
import re
import time
from urllib.parse import quote, urljoin, urlsplit

import requests

from servicedesk_shop.messengers.adapters.base import Attachment, Call, Malformed

TIMEOUT = (3.05, 10)
"""(connect, read) seconds of one attempt."""
RETRIES = 3
BACKOFF = 0.5
"""Seconds before the first retry; each further one waits twice as long, plus up to as much again."""
MAX_WAIT = 4.0
"""The longest wait between two attempts. A 429 asking for longer gives up at once, `retry_after` set,
for the caller's job to try again later rather than hold a worker."""
MAX_REDIRECTS = 3
CHUNK = 64 * 1024
VK_RETRYABLE = frozenset((1, 6, 10))
"""VK's error codes worth another try: unknown error, too many requests per second, internal error."""
SAFE_TO_REPEAT = frozenset(
	(
		"getMe",
		"getFile",
		"getWebhookInfo",
		"setWebhook",
		"deleteWebhook",
		"answerCallbackQuery",
		"editMessageReplyMarkup",
	)
)
"""Telegram methods that may be sent twice. A sendMessage that timed out waiting for its answer may have
been delivered, and Telegram has no key to drop a second one (VK has: random_id), so it is not repeated."""
_TOKEN = re.compile(r"[A-Za-z0-9:_.\-]{1,300}")
_QUERY = re.compile(r"(\?|%3F)[^\s'\")]*", re.IGNORECASE)

session = requests.Session()
session.headers["User-Agent"] = "servicedesk_shop messengers"
_sleep = time.sleep


def scrub(text: str, *secrets: str | None) -> str:
	"""`text` without any of `secrets`."""
	for secret in secrets:
		if secret:
			text = text.replace(secret, "***")
	return text


def _(text: str) -> str:
	"""Marks a message for translation (this module has no `frappe`): TransportError.translated() reads
	it in the agent's language, and the translation test finds it here."""
	return text


class TransportError(Exception):
	"""A call that failed: `status` the HTTP status (None: no answer), `retryable` whether a later try may
	succeed, `retry_after` the seconds the API asked to wait. Its message never holds the token. The
	message is `template` (marked with `_`) filled with `values`; `translated(gettext)` gives it in the
	reader's language (an agent reads it on the message and in the alert)."""

	def __init__(
		self,
		message: str,
		status: int | None = None,
		retryable: bool = False,
		retry_after: float | None = None,
		values: dict | None = None,
	):
		self.template = message
		self.values = values or {}
		self.message = message.format(**self.values) if values else message
		super().__init__(self.message)
		self.status = status
		self.retryable = retryable
		self.retry_after = retry_after

	def __str__(self):
		return self.message

	def translated(self, gettext) -> str:
		return gettext(self.template).format(**self.values) if self.values else gettext(self.template)


# --- API calls -----------------------------------------------------------------------------------------


def call(api_url: str, token: str, call: Call, timeout=TIMEOUT, retries: int = RETRIES) -> dict:
	"""The API's answer to `call`, a dict; TransportError when it failed after the retries. A JSON call is
	Telegram's (POST <api_url>/bot<token>/<method>), a form call VK's (POST <api_url>/method/<method>,
	with access_token in the form)."""
	url, kwargs, vk = _request(api_url, token, call)
	repeatable = vk or call.method in SAFE_TO_REPEAT

	def attempt():
		response = session.post(url, timeout=timeout, **kwargs)
		return _answer(response, vk, token)

	return _retrying(attempt, token, retries, repeatable)


def _request(api_url: str, token: str, call: Call) -> tuple[str, dict, bool]:
	base = (api_url or "").rstrip("/")
	if urlsplit(base).scheme not in ("http", "https"):
		raise TransportError(_("the API address is not an http(s) address"))
	if not token or not _TOKEN.fullmatch(token):
		raise TransportError(_("the channel's token is not a token"))
	if call.as_json:
		url = f"{base}/bot{token}/{call.method}"
		files = {key: value for key, value in call.params.items() if _is_file(value)}
		if not files:
			return url, {"json": call.params}, False
		data = {key: _form_value(value) for key, value in call.params.items() if key not in files}
		return url, {"data": data, "files": files}, False
	# VK reads a flag as 1 or 0
	data = {
		key: str(int(value)) if isinstance(value, bool) else _form_value(value)
		for key, value in call.params.items()
	}
	data["access_token"] = token
	return f"{base}/method/{call.method}", {"data": data}, True


def _is_file(value) -> bool:
	return isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], bytes | bytearray)


def _form_value(value) -> str:
	if isinstance(value, str):
		return value
	# a form carries text: Telegram reads a keyboard or a bool in a form as JSON
	return json.dumps(value, ensure_ascii=False)


def _answer(response: requests.Response, vk: bool, token: str) -> dict:
	status = response.status_code
	try:
		data = response.json()
	except ValueError:
		data = None
	if not isinstance(data, dict):
		raise TransportError(
			_("the API answered {status} without JSON"),
			status,
			retryable=status == 429 or status >= 500,
			values={"status": status},
		)
	if vk and status == 200:
		error = data.get("error")
		if error is None:
			return data
		code = error.get("error_code") if isinstance(error, dict) else None
		text = error.get("error_msg") if isinstance(error, dict) else error
		raise TransportError(
			_("VK error {code}: {text}"),
			status,
			retryable=code in VK_RETRYABLE,
			values={"code": code, "text": scrub(str(text), token)[:450]},
		)
	if status == 200 and data.get("ok") is not False:
		return data
	description = data.get("description") or (data.get("error") if isinstance(data.get("error"), str) else "")
	retry_after = _retry_after(data, response)
	raise TransportError(
		_("the API answered {status}: {description}") if description else _("the API answered {status}"),
		status,
		retryable=status == 429 or status >= 500,
		retry_after=retry_after,
		values={"status": status, "description": scrub(str(description), token)[:450]},
	)


def _retry_after(data: dict, response: requests.Response) -> float | None:
	parameters = data.get("parameters")
	seconds = parameters.get("retry_after") if isinstance(parameters, dict) else None
	if seconds is None:
		seconds = response.headers.get("Retry-After")
	try:
		seconds = float(seconds)
	except (TypeError, ValueError):
		return None
	return seconds if 0 <= seconds < 86400 else None


def _retrying(attempt, token: str, retries: int, repeatable: bool):
	"""attempt() until it answers, retrying what may succeed later; the last error raised."""
	for number in range(retries + 1):
		error = None
		try:
			return attempt()
		except TransportError as refused:
			error = refused
		except requests.ConnectionError as failed:
			# nothing was answered (refused, reset, the name not found): worth another try
			error = TransportError(_scrubbed(failed, token), None, retryable=True)
		except requests.Timeout as failed:
			error = TransportError(_scrubbed(failed, token), None, retryable=repeatable)
		except requests.RequestException as failed:
			error = TransportError(_scrubbed(failed, token), None, retryable=False)
		if not error.retryable or number == retries:
			break
		wait = min(MAX_WAIT, BACKOFF * 2**number + random.uniform(0, BACKOFF * 2**number))
		if error.retry_after is not None:
			if error.retry_after > MAX_WAIT:
				break
			wait = max(error.retry_after, 0.05)
		_sleep(wait)
	raise error


def _scrubbed(failed: Exception, token: str) -> str:
	"""A library error's text without the token (as written, or %-encoded in an address) and without
	addresses' queries (an upload address carries VK's signature)."""
	text = scrub(f"{type(failed).__name__}: {failed}", token, quote(token or "", safe=""), quote(token or ""))
	return _QUERY.sub("?…", text)[:500]


# --- files ---------------------------------------------------------------------------------------------


def download(
	api_url: str, token: str, file_path: str, max_bytes: int, timeout=TIMEOUT, retries: int = RETRIES
) -> bytes:
	"""A Telegram file's bytes (GET <api_url>/file/bot<token>/<file_path>), at most `max_bytes`; a larger
	file fails with status 413 as soon as it is known to be larger."""
	base = (api_url or "").rstrip("/")
	if not token or not _TOKEN.fullmatch(token):
		raise TransportError(_("the channel's token is not a token"))
	if not file_path or file_path.startswith("/") or ".." in file_path.split("/") or "?" in file_path:
		raise TransportError(_("not a file's path"))
	url = f"{base}/file/bot{token}/{quote(file_path)}"

	def attempt():
		with session.get(url, timeout=timeout, stream=True, allow_redirects=False) as response:
			return _body(response, max_bytes, token)

	return _retrying(attempt, token, retries, repeatable=True)


def download_url(
	url: str, max_bytes: int, timeout=TIMEOUT, allowed_hosts: tuple[str, ...] | None = None, retries: int = 2
) -> bytes:
	"""The bytes at an attachment's URL (VK's photos), at most `max_bytes`: http(s) only, and, when
	`allowed_hosts` is given, only from those hosts or their subdomains, redirects included."""

	def attempt():
		target = url
		for _ in range(MAX_REDIRECTS + 1):
			_check_url(target, allowed_hosts)
			with session.get(target, timeout=timeout, stream=True, allow_redirects=False) as response:
				if response.is_redirect and response.headers.get("Location"):
					target = urljoin(target, response.headers["Location"])
					continue
				return _body(response, max_bytes, "")
		raise TransportError(_("too many redirects"), None, retryable=False)

	return _retrying(attempt, "", retries, repeatable=True)


def _check_url(url: str, allowed_hosts: tuple[str, ...] | None):
	try:
		parts = urlsplit(url or "")
		host = (parts.hostname or "").lower()
	except ValueError:
		raise TransportError(_("not an address"), None, retryable=False)
	if parts.scheme not in ("http", "https") or not host:
		raise TransportError(_("only an http(s) address is read"), None, retryable=False)
	if allowed_hosts is not None and not any(
		host == allowed or host.endswith("." + allowed) for allowed in (h.lower() for h in allowed_hosts if h)
	):
		raise TransportError(
			_("{host} is not the messenger's file host"), None, retryable=False, values={"host": host}
		)


def _body(response: requests.Response, max_bytes: int, token: str) -> bytes:
	status = response.status_code
	if status != 200:
		raise TransportError(
			_("the file answered {status}"),
			status,
			retryable=status == 429 or status >= 500,
			values={"status": status},
		)
	length = response.headers.get("Content-Length")
	if length and length.isdigit() and int(length) > max_bytes:
		raise TransportError(
			_("the file is larger than {max_bytes} bytes"),
			413,
			retryable=False,
			values={"max_bytes": max_bytes},
		)
	chunks, size = [], 0
	for chunk in response.iter_content(CHUNK):
		size += len(chunk)
		if size > max_bytes:
			raise TransportError(
				_("the file is larger than {max_bytes} bytes"),
				413,
				retryable=False,
				values={"max_bytes": max_bytes},
			)
		chunks.append(chunk)
	return b"".join(chunks)


def fetch_attachment(
	adapter, api_url: str, token: str, attachment: Attachment, max_bytes: int, timeout=TIMEOUT
) -> bytes:
	"""An incoming attachment's bytes, the way its messenger keeps them: Telegram's through getFile and
	the file address, VK's from its URL on VK's hosts."""
	if attachment.file_id and (lookup := adapter.file_call(attachment.file_id)) is not None:
		answer = call(api_url, token, lookup, timeout=timeout)
		size = adapter.file_size(answer) if hasattr(adapter, "file_size") else None
		if size is not None and size > max_bytes:
			raise TransportError(
				_("the file is larger than {max_bytes} bytes"),
				413,
				retryable=False,
				values={"max_bytes": max_bytes},
			)
		return download(api_url, token, adapter.file_url_path(answer), max_bytes, timeout=timeout)
	if attachment.url:
		return download_url(
			attachment.url, max_bytes, timeout=timeout, allowed_hosts=adapter.trusted_hosts(api_url)
		)
	raise TransportError(_("the attachment has nothing to download"), None, retryable=False)


# --- photos out ----------------------------------------------------------------------------------------


def send_photo(
	adapter,
	api_url: str,
	token: str,
	chat_id: str,
	filename: str,
	content: bytes,
	caption: str = "",
	dedupe_key: str | None = None,
	timeout=TIMEOUT,
) -> dict:
	"""Sends a photo's bytes to a chat: Telegram takes them with sendPhoto; VK wants them uploaded to the
	address it gives, saved, then sent as the saved photo. The answer is the sending call's."""
	first = adapter.photo_upload_call(chat_id)
	if first is None:
		photo = adapter.send_photo(chat_id, (filename, content), caption, dedupe_key=dedupe_key)
		return call(api_url, token, photo, timeout=timeout)
	server = call(api_url, token, first, timeout=timeout)
	refused = None
	try:
		target = adapter.upload_target(server)
		uploaded = upload(target, adapter.UPLOAD_FIELD, filename, content, timeout=timeout)
		saved = call(api_url, token, adapter.save_photo_call(uploaded), timeout=timeout)
		photo = adapter.send_photo(chat_id, adapter.photo_ref(saved), caption, dedupe_key=dedupe_key)
	except Malformed as answer:
		# an upload step answered without what the next one needs: one kind of failure for the caller
		refused = TransportError(str(answer), None, retryable=False)
	if refused:
		raise refused
	return call(api_url, token, photo, timeout=timeout)


def upload(url: str, field: str, filename: str, content: bytes, timeout=TIMEOUT, retries: int = 2) -> dict:
	"""POSTs a file as multipart `field` to an upload address the API gave; its JSON answer."""
	_check_url(url, None)

	def attempt():
		response = session.post(url, files={field: (filename, content)}, timeout=timeout)
		return _answer(response, vk=False, token="")

	return _retrying(attempt, "", retries, repeatable=True)
