"""Validation of a feedback submission. No `frappe` import: tested by plain pytest.

`validate_feedback` turns the raw arguments of `servicedesk_shop.api.submit_feedback` into a clean
`Feedback` or raises `FeedbackError` with a code; the Frappe layer turns the code into a translated
message and an HTTP status (servicedesk_shop/intake/service.py).
"""

import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit, urlunsplit

from servicedesk_shop.intake.text import derive_subject, find_order_numbers, plain_line
from servicedesk_shop.service_desk.addresses import is_chat_address
from servicedesk_shop.service_desk.rules import RuleError
from servicedesk_shop.service_desk.text import is_text

LIMITS = {
	"source": 140,
	"email": 140,
	"full_name": 140,
	"subject": 140,
	"message": 5000,
	"category": 140,
	"order": 140,
	"item_code": 140,
	"page_url": 500,
	"client_token": 100,
	"phone": 20,
}
"""Maximum lengths in characters; a longer value is refused, never cut silently (except a derived subject)."""

MIN_MESSAGE_LENGTH = 3

# RFC 5322 is far looser; this is what a shop can answer: local@domain.tld, no spaces, no quotes.
_EMAIL = re.compile(
	r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_CLIENT_TOKEN = re.compile(r"^[A-Za-z0-9_.:-]{8,100}$")


class FeedbackError(RuleError):
	"""A submission that cannot be accepted. `code` names the rule, `field` the argument at fault."""

	def __init__(self, code: str, field: str | None = None, **params):
		super().__init__(code, **params)
		self.field = field


@dataclass(frozen=True)
class SourceRules:
	"""What a Feedback Source allows, as plain data."""

	name: str
	enabled: bool = True
	allow_guest: bool = False
	order_required: bool = False
	categories: tuple[str, ...] = ()
	default_category: str | None = None
	default_priority: str | None = None


@dataclass
class Feedback:
	source: str
	email: str
	message: str
	subject: str
	full_name: str = ""
	category: str | None = None
	category_chosen: bool = False  # by the customer; else the source's default (or none)
	order: str | None = None
	order_candidates: list[str] = field(default_factory=list)
	item_code: str | None = None
	page_url: str | None = None
	client_token: str | None = None
	call_me: bool = False  # answer by a phone call: the customer gets no e-mail about the request
	phone: str | None = None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(data: dict, name: str) -> str:
	value = data.get(name)
	if value is None:
		return ""
	if not isinstance(value, str | int | float) or isinstance(value, bool):
		raise FeedbackError("invalid_value", name)
	value = str(value)
	if not is_text(value):
		raise FeedbackError("invalid_value", name)
	value = _CONTROL.sub("", value).strip()
	if len(value) > LIMITS[name]:
		raise FeedbackError("too_long", name, limit=LIMITS[name])
	return value


def clean_message(data: dict) -> str:
	message = _text(data, "message")
	if len(message) < MIN_MESSAGE_LENGTH:
		raise FeedbackError("message_required", "message")
	return message


def clean_email(value: str) -> str:
	value = (value or "").strip()
	if not value:
		raise FeedbackError("email_required", "email")
	if len(value) > LIMITS["email"] or not _EMAIL.match(value):
		raise FeedbackError("email_invalid", "email")
	return value.lower()


# what Frappe's Phone field takes (frappe.utils.validate_phone_number): at most 20 of these signs
_PHONE = re.compile(r"^\+?[0-9 ()._-]{1,19}$")
_TRUE = {"1", "true", "yes", "on"}


def clean_phone(value: str) -> str:
	"""A phone number as people type it ("+7 (916) 123-45-67"): 7 to 15 digits (E.164) in at most 20
	signs, kept as typed."""
	value = " ".join((value or "").split())
	digits = sum(ch.isdigit() for ch in value)
	if not _PHONE.match(value) or not 7 <= digits <= 15:
		raise FeedbackError("phone_invalid", "phone")
	return value


def is_true(value) -> bool:
	return value is True or (isinstance(value, str) and value.strip().lower() in _TRUE) or value == 1


_HOSTNAME = re.compile(
	r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$"
)
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# what may stay unescaped in a path, a query and a fragment (RFC 3986), without quotes, < > or `
_PATH_SAFE = "/:@!$&()*+,;=-._~%"
_QUERY_SAFE = _PATH_SAFE + "?"


def _requote(part: str, safe: str) -> str:
	return quote(_LONE_PERCENT.sub("%25", part), safe=safe)


def clean_page_url(value: str) -> str | None:
	"""The page a request was sent from, as a valid http(s) URL re-encoded from its parts: whatever was
	sent, no quote, angle bracket, space or control character is left in it (it ends up in `href`s).
	No user name or password, a real host name (or IP address) and port."""
	if not value:
		return None
	if any(c.isspace() for c in value):
		raise FeedbackError("page_url_invalid", "page_url")
	try:
		parts = urlsplit(value)
		hostname = parts.hostname or ""
		port = parts.port
	except ValueError:  # "http://[x", a port that is not a number
		raise FeedbackError("page_url_invalid", "page_url")
	if parts.scheme.lower() not in ("http", "https") or not hostname or "@" in parts.netloc:
		raise FeedbackError("page_url_invalid", "page_url")
	if parts.netloc.startswith("[") or ":" in hostname:
		try:
			hostname = "[" + str(ipaddress.IPv6Address(hostname)) + "]"
		except ValueError:
			raise FeedbackError("page_url_invalid", "page_url")
	else:
		try:
			hostname = hostname.encode("idna").decode("ascii")
		except UnicodeError:
			raise FeedbackError("page_url_invalid", "page_url")
		if not _HOSTNAME.match(hostname):
			raise FeedbackError("page_url_invalid", "page_url")
	netloc = f"{hostname}:{port}" if port is not None else hostname
	url = urlunsplit(
		(
			parts.scheme.lower(),
			netloc,
			_requote(parts.path, _PATH_SAFE),
			_requote(parts.query, _QUERY_SAFE),
			_requote(parts.fragment, _QUERY_SAFE),
		)
	)
	if len(url) > LIMITS["page_url"]:
		raise FeedbackError("too_long", "page_url", limit=LIMITS["page_url"])
	return url


def validate_feedback(
	data: dict,
	source: SourceRules | None,
	is_guest: bool,
	session_email: str | None = None,
	order_prefixes=(),
) -> Feedback:
	"""Check a submission against its source's rules and return it cleaned.

	`data` holds the raw arguments (strings or None). `session_email` is the logged-in user's e-mail and
	wins over the e-mail given. `order_prefixes` are the Sales Order naming-series prefixes used to find
	order numbers in the message.
	"""
	source_name = _text(data, "source")
	if not source_name:
		raise FeedbackError("source_required", "source")
	if source is None:
		raise FeedbackError("unknown_source", "source", source=source_name)
	if not source.enabled:
		raise FeedbackError("source_disabled", "source", source=source.name)
	if is_guest and not source.allow_guest:
		raise FeedbackError("login_required", "source", source=source.name)

	message = clean_message(data)

	email = clean_email(session_email if session_email else _text(data, "email"))
	if not session_email and is_chat_address(email):
		# a messenger chat's address is the chat's own: typed in a form, replies would go to that chat
		raise FeedbackError("email_invalid", "email")

	subject = plain_line(_text(data, "subject")) or derive_subject(message)
	full_name = plain_line(_text(data, "full_name"))

	chosen = _text(data, "category") or None
	category = chosen or source.default_category or None
	if category and source.categories and category not in source.categories:
		raise FeedbackError("category_not_allowed", "category", category=category, source=source.name)

	order = _text(data, "order") or None
	order_candidates = [order.upper()] if order else []
	for number in find_order_numbers(f"{subject}\n{message}", order_prefixes):
		if number not in order_candidates:
			order_candidates.append(number)
	if source.order_required and not order_candidates:
		raise FeedbackError("order_required", "order", source=source.name)

	client_token = _text(data, "client_token") or None
	if client_token and not _CLIENT_TOKEN.match(client_token):
		raise FeedbackError("client_token_invalid", "client_token")

	call_me = is_true(data.get("call_me"))
	phone = _text(data, "phone") or None
	if call_me and not phone:
		raise FeedbackError("phone_required", "phone")
	if phone:
		phone = clean_phone(phone)

	return Feedback(
		source=source.name,
		email=email,
		message=message,
		subject=subject,
		full_name=full_name,
		category=category,
		category_chosen=bool(chosen),
		order=order,
		order_candidates=order_candidates,
		item_code=_text(data, "item_code") or None,
		page_url=clean_page_url(_text(data, "page_url")),
		client_token=client_token,
		call_me=call_me,
		phone=phone,
	)
