"""Exit feedback from the cart and checkout, checked without `frappe`: one tap of a reason, the page,
the items and the cart's value, an anonymous session key, and only if the shopper wants, a line of text
and an e-mail.

No `frappe` import.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from servicedesk_shop.intake.validation import FeedbackError, clean_email, clean_page_url
from servicedesk_shop.service_desk.text import is_text

TRIGGERS = ("Leave Window", "Page Hidden", "Item Removed", "Asked by Shop")
PAGES = ("Cart", "Checkout")
MAX_ITEMS = 50
MAX_CART_VALUE = Decimal("100000000")
LIMITS = {"comment": 1000, "item_code": 140, "reason": 140, "page": 140, "currency": 3, "page_url": 500}
_SESSION_KEY = re.compile(r"^[A-Za-z0-9_.:-]{16,64}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class ExitFeedback:
	reason: str
	session_key: str
	page: str
	trigger: str
	page_url: str | None = None
	item_codes: list[str] = field(default_factory=list)
	cart_value: float = 0.0
	currency: str | None = None
	comment: str = ""
	email: str | None = None

	@property
	def wants_contact(self) -> bool:
		"""An e-mail and a text: the shopper asks the shop to answer (a request through the intake)."""
		return bool(self.email and self.comment)


def _text(data: dict, name: str, limit: int | None = None) -> str:
	value = data.get(name)
	if value is None:
		return ""
	if not isinstance(value, str | int | float) or isinstance(value, bool):
		raise FeedbackError("invalid_value", name)
	value = str(value).strip()
	if not is_text(value):
		raise FeedbackError("invalid_value", name)
	if limit and len(value) > limit:
		raise FeedbackError("too_long", name, limit=limit)
	return value


def is_item_code(code: str) -> bool:
	"""A text that can be an item code: as Frappe names documents, no < or > (so no markup, which a JSON-looking
	value would carry past Frappe's sanitizer into the desk), no control characters, at most 140 characters."""
	return (
		is_text(code)
		and len(code) <= LIMITS["item_code"]
		and not any(c in "<>" or ord(c) < 32 or ord(c) == 127 for c in code)
	)


def parse_items(value) -> list[str]:
	"""Item codes as a list or a comma-separated text ("DRESS-M,BRA-75B"), distinct, in order."""
	if value in (None, ""):
		return []
	if isinstance(value, str):
		value = value.split(",")
	if not isinstance(value, list | tuple) or len(value) > MAX_ITEMS:
		raise FeedbackError("items_invalid", "items", limit=MAX_ITEMS)
	codes = []
	for code in value:
		if not isinstance(code, str) or not is_item_code(code.strip()):
			raise FeedbackError("items_invalid", "items", limit=MAX_ITEMS)
		code = code.strip()
		if code and code not in codes:
			codes.append(code)
	return codes


def parse_cart_value(value) -> float:
	if value in (None, ""):
		return 0.0
	if isinstance(value, bool) or not isinstance(value, str | int | float):
		raise FeedbackError("cart_value_invalid", "cart_value")
	try:
		amount = Decimal(str(value).strip().replace(",", "."))
	except InvalidOperation:
		raise FeedbackError("cart_value_invalid", "cart_value") from None
	if not amount.is_finite() or amount < 0 or amount > MAX_CART_VALUE:
		raise FeedbackError("cart_value_invalid", "cart_value")
	return float(round(amount, 2))


def validate_exit_feedback(data: dict, reasons) -> ExitFeedback:
	"""`data`: the raw arguments; `reasons`: the names of the enabled Exit Reasons."""
	reason = _text(data, "reason", LIMITS["reason"])
	if not reason:
		raise FeedbackError("reason_required", "reason")
	if reason not in reasons:
		raise FeedbackError("unknown_reason", "reason", reason=reason)
	session_key = _text(data, "session_key")
	if not _SESSION_KEY.match(session_key):
		raise FeedbackError("session_key_invalid", "session_key")
	page = _text(data, "page", LIMITS["page"]) or "Cart"
	if page not in PAGES:
		raise FeedbackError("page_invalid", "page")
	trigger = _text(data, "trigger") or "Leave Window"
	if trigger not in TRIGGERS:
		raise FeedbackError("trigger_invalid", "trigger")
	currency = _text(data, "currency").upper() or None
	if currency and not _CURRENCY.match(currency):
		raise FeedbackError("currency_invalid", "currency")
	comment = _text(data, "comment", LIMITS["comment"])
	email = _text(data, "email")
	return ExitFeedback(
		reason=reason,
		session_key=session_key,
		page=page,
		trigger=trigger,
		page_url=clean_page_url(_text(data, "page_url", LIMITS["page_url"])),
		item_codes=parse_items(data.get("items")),
		cart_value=parse_cart_value(data.get("cart_value")),
		currency=currency,
		comment=comment,
		email=clean_email(email) if email else None,
	)


# --- the answer the exit question gives back ----------------------------------------------------------

EXCERPT_LENGTH = 240
"""An article answers with its first lines, at most this many characters."""
FIT_ITEMS = 3
"""The fit advice of at most this many of the cart's items."""


@dataclass(frozen=True)
class ExitAnswer:
	"""What the shopper reads at once after a tap; `article`: the help article that answered, if one did."""

	title: str
	text: str
	url: str | None = None
	article: str | None = None

	def public(self) -> dict:
		return {"title": self.title, "text": self.text, "url": self.url}


def answer_text(english: str | None, russian: str | None, language: str) -> str:
	"""A reason's short answer in the shopper's language: the Russian text for Russian where there is
	one, the English otherwise (or whichever the shop wrote)."""
	english, russian = (english or "").strip(), (russian or "").strip()
	if language == "ru":
		return russian or english
	return english or russian


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
	"""The first lines of an article's text, cut after a word within `length` characters."""
	text = " ".join((text or "").split())
	if len(text) <= length:
		return text
	cut = text[: length - 1]
	if " " in cut:
		cut = cut[: cut.rindex(" ")]
	return cut.rstrip(" ,;:-–—") + "…"


def fit_lines(advices: list[dict], names: dict[str, str], limit: int = FIT_ITEMS) -> list[str]:
	"""A line "item: advice" for each item of the cart whose fit is known (`advices`: fit_advice's
	answers in the cart's order; `names`: the templates' names), each model once, at most `limit`."""
	lines, seen = [], set()
	for advice in advices:
		template = advice.get("template")
		if not advice.get("fit") or not advice.get("advice") or template in seen:
			continue
		seen.add(template)
		lines.append(f"{names.get(template) or template}: {advice['advice']}")
		if len(lines) == limit:
			break
	return lines
