"""What a shopper's message in a chat is, before the desk does anything with it: a command to the bot, an
e-mail address to confirm, the code sent to it, or words for the request; a phone number's key for
finding a Contact; the e-mail code's signature and its time. No `frappe` import.
"""

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from servicedesk_shop.service_desk.tokens import keyed_digest

CODE_DIGITS = 6
CODE_MINUTES = 15
CODE_ATTEMPTS = 5
"""Wrong codes a chat may type for one code; then the code is void and a new one must be asked for."""

START, HELP, EMAIL = "start", "help", "email"

_COMMAND = re.compile(r"^/(?P<name>[a-z_]+)(?:@\w+)?(?:\s+(?P<argument>.*))?$", re.IGNORECASE | re.DOTALL)
# VK's "Start" button writes the word itself
_START_WORDS = {"начать", "start"}
_EMAIL = re.compile(
	r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
	r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_CODE = re.compile(r"^\d{3}[\s-]?\d{3}$")


def command(text: str | None) -> tuple[str, str] | None:
	"""(command, argument) of a message to the bot itself: "/start", "/help", "/email a@b.c" (the
	Telegram form "/email@shop_bot" too) and VK's "Начать"; None for anything else."""
	text = (text or "").strip()
	if text.lower() in _START_WORDS:
		return START, ""
	match = _COMMAND.match(text)
	if not match:
		return None
	name = match.group("name").lower()
	if name not in (START, HELP, EMAIL):
		return None
	return name, (match.group("argument") or "").strip()


def email_address(text: str | None) -> str | None:
	"""The e-mail address when the whole message is one (what a shopper types to be recognised), lower
	case; None otherwise."""
	text = (text or "").strip().strip("<>").strip()
	if len(text) > 140 or not _EMAIL.match(text):
		return None
	return text.lower()


def code_typed(text: str | None) -> str | None:
	"""The six digits when the whole message is a code ("123456", "123 456"), else None."""
	text = (text or "").strip()
	if not _CODE.match(text):
		return None
	return re.sub(r"\D", "", text)


def new_code() -> str:
	return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_signature(secret: str, chat: str, email: str, code: str) -> str:
	"""What the chat keeps of a code: an HMAC under the site's secret, useless without it (a million codes
	are tried in a second against a bare hash)."""
	if not secret:
		raise ValueError("a secret is required to sign a code")
	return keyed_digest(f"{chat}:{email.lower()}:{code}", secret, "messenger-email-code")


def code_matches(signature: str | None, secret: str, chat: str, email: str, code: str) -> bool:
	return bool(signature) and hmac.compare_digest(signature, code_signature(secret, chat, email, code))


def code_expired(sent_on: datetime | None, now: datetime, minutes: int = CODE_MINUTES) -> bool:
	return sent_on is None or now > sent_on + timedelta(minutes=minutes)


def phone_key(phone: str | None) -> str | None:
	"""The digits a phone number is matched by: its last ten (a Russian number is the same written
	+7 916…, 8 916… or 916…), or all of a shorter one; None for fewer than seven digits. The digits are
	0 to 9 only, as the database's own reading of stored numbers (patch v0_6.phone_keys) takes them."""
	digits = re.sub(r"[^0-9]", "", phone or "")
	if len(digits) < 7:
		return None
	return digits[-10:]


def message_with_notes(text: str | None, notes: list[str]) -> str:
	"""The shopper's words, then a line for each thing the desk could not keep as text or photo
	("[sticker]", "[voice message]"), so nothing they sent goes unmentioned."""
	parts = [(text or "").strip(), *[note for note in notes if note]]
	return "\n".join(part for part in parts if part)
