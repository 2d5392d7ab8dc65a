"""What a mailbox brings besides customers' letters, and how to read a letter. No `frappe` import.

- `held_back_reason`: mail that says it is automatic (RFC 3834's Auto-Submitted, Precedence, mailing-list
  headers, the auto-responders' own X- headers), bounces, and mail from the shop's own addresses, which
  would answer our acknowledgement and loop.
- `language_of`: the customer's language from Content-Language, else from the letters they wrote.
- `forwarded`: the original sender, subject and text of a letter an agent forwarded, in the formats of
  the mail clients Russian and English speakers use.
- `message_ids`: the ids in In-Reply-To and References, newest first.
- `authenticated`: whether the sender's address is proven by the mail system (DMARC), not only written.
"""

import html
import re
from dataclasses import dataclass
from email.utils import getaddresses

from servicedesk_shop.service_desk.text import is_message_id

AUTO_REPLY = "Automatic reply"
BOUNCE = "Bounce"
BULK = "Bulk or list mail"
OWN_ADDRESS = "From the shop's own address"

AUTO_RESPONDER_HEADERS = ("x-autoreply", "x-autorespond", "x-autorespond-from")
"""(Outlook's X-Auto-Response-Suppress only asks others not to auto-reply: people's letters carry it too.)"""
LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post", "x-mailing-list")
BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
BOUNCE_SENDERS = re.compile(r"^(mailer-daemon|postmaster|mail-daemon)@", re.IGNORECASE)
AUTO_SUBJECT = re.compile(
	r"^\s*(auto(matic)?\s*(reply|response)|out of (the )?office|autoreply|auto:|"
	r"автоответ|автоматический ответ|нет на месте)",
	re.IGNORECASE,
)


def header(headers, name: str) -> str:
	"""A header's value as text ('' when missing), from anything with `.get` (an email.message.Message
	or a dict)."""
	value = headers.get(name)
	if value is None and isinstance(headers, dict):
		value = next((v for key, v in headers.items() if key.lower() == name.lower()), None)
	return str(value).strip() if value is not None else ""


def held_back_reason(
	headers, sender: str | None, own_addresses=(), content_type: str | None = None
) -> str | None:
	"""Why a received letter must make no request and no acknowledgement, or None for a person's letter."""
	sender = (sender or "").strip().lower()
	return_path = header(headers, "Return-Path")
	content_type = (content_type or header(headers, "Content-Type")).lower()
	if (
		return_path.replace(" ", "") == "<>"
		or BOUNCE_SENDERS.match(sender)
		or "multipart/report" in content_type
	):
		return BOUNCE
	if header(headers, "X-Failed-Recipients"):
		return BOUNCE
	if sender and sender in {address.strip().lower() for address in own_addresses if address}:
		return OWN_ADDRESS
	auto_submitted = header(headers, "Auto-Submitted").lower()
	if auto_submitted and auto_submitted.split(";")[0].strip() != "no":
		return AUTO_REPLY
	if any(header(headers, name) for name in AUTO_RESPONDER_HEADERS):
		return AUTO_REPLY
	if header(headers, "Precedence").lower() in BULK_PRECEDENCE:
		return BULK
	if any(header(headers, name) for name in LIST_HEADERS):
		return BULK
	# a subject alone says little ("Out of office hours delivery?"): only in a reply, as auto-replies are
	if header(headers, "In-Reply-To") and AUTO_SUBJECT.match(header(headers, "Subject")):
		return AUTO_REPLY
	return None


CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
LATIN = re.compile(r"[a-z]", re.IGNORECASE)
CODE = re.compile(r"\S*\d\S*|\S+@\S+|https?://\S+")
"""Order numbers, addresses and links say nothing of the writer's language."""


def language_of(text: str | None, content_language: str | None = None) -> str:
	"""'ru' or 'en': the Content-Language the client sent, else the letters of the text (Russian when at
	least a third of them are Cyrillic)."""
	declared = (content_language or "").split(",")[0].strip().lower()[:2]
	if declared in ("ru", "en"):
		return declared
	words = CODE.sub(" ", text or "")
	cyrillic, latin = len(CYRILLIC.findall(words)), len(LATIN.findall(words))
	return "ru" if cyrillic and cyrillic * 3 >= cyrillic + latin else "en"


def message_ids(in_reply_to: str | None, references: str | None) -> list[str]:
	"""The message ids a reply points at, without angle brackets: In-Reply-To first, then References
	from the newest (last) back; only ids that may be repeated in a header."""
	found = []
	for value in [in_reply_to or "", *reversed(re.findall(r"<[^<>]+>", references or ""))]:
		for message_id in re.findall(r"<([^<>]+)>", value) or ([value.strip()] if value.strip() else []):
			if is_message_id(message_id) and message_id not in found:
				found.append(message_id)
	return found[:20]


# --- forwarded letters -------------------------------------------------------------------------------

FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|fw|пересл(ать|ано|\.)?|пересылка|wg|tr)\s*:\s*", re.IGNORECASE)
FORWARD_MARKERS = re.compile(
	r"^\s*(-{2,}\s*(forwarded message|original message|пересылаемое сообщение|исходное сообщение|"
	r"пересланное сообщение|переслано)\s*-{2,}|begin forwarded message:|начало переадресованного сообщения:)\s*$",
	re.IGNORECASE | re.MULTILINE,
)
END_MARKER = re.compile(
	r"^\s*-{2,}\s*(конец пересылаемого сообщения|end of forwarded message)\s*-{2,}\s*$", re.I | re.M
)
FIELDS = {
	"from": "from",
	"от": "from",
	"от кого": "from",
	"отправитель": "from",
	"subject": "subject",
	"тема": "subject",
	"date": "date",
	"sent": "date",
	"дата": "date",
	"отправлено": "date",
	"to": "to",
	"кому": "to",
	"cc": "cc",
	"копия": "cc",
}
FIELD_LINE = re.compile(r"^\s*\*?(?P<key>[A-Za-zА-Яа-яЁё ]{2,12}?)\*?\s*:\s*(?P<value>.*)$")
# Yandex: `01.12.2026, 10:00, "Анна" <anna@customer.test>:`
YANDEX_LINE = re.compile(
	r"^\s*\d{1,2}\.\d{1,2}\.\d{2,4},?\s+\d{1,2}:\d{2},?\s+(?P<value>.*<[^<>@\s]+@[^<>\s]+>)\s*:\s*$"
)


@dataclass
class Forwarded:
	sender: str
	sender_name: str
	subject: str
	text: str


def strip_forward_prefix(subject: str | None) -> str:
	subject = subject or ""
	while match := FORWARD_SUBJECT.match(subject):
		subject = subject[match.end() :]
	return subject.strip()


def forwarded(subject: str | None, text: str | None) -> Forwarded | None:
	"""The letter an agent forwarded: its sender (address and name), subject and text, read from the
	quoted headers after a client's marker ("---------- Forwarded message ---------", "-------- Пересылаемое
	сообщение --------", "-----Original Message-----", "Begin forwarded message:" …) or, in a letter whose
	subject says Fwd, from the first quoted block with a From line. None when no original sender is found."""
	text = (text or "").replace("\r\n", "\n")
	marker = FORWARD_MARKERS.search(text)
	if marker:
		rest = text[marker.end() :]
	elif FORWARD_SUBJECT.match(subject or ""):
		rest = text
	else:
		return None
	lines = rest.split("\n")
	fields: dict[str, str] = {}
	index = 0
	# skip blank and quoted-prefix lines before the header block
	while index < len(lines) and not lines[index].strip().lstrip(">").strip():
		index += 1
	started = False
	while index < len(lines):
		line = lines[index].lstrip(">").rstrip()
		if not line.strip():
			if started:
				break
			index += 1
			continue
		if yandex := YANDEX_LINE.match(line):
			fields.setdefault("from", yandex.group("value"))
			started = True
			index += 1
			break
		match = FIELD_LINE.match(line)
		key = FIELDS.get(match.group("key").strip().lower()) if match else None
		if not key:
			if started:
				break
			if marker:
				return None  # a marker not followed by headers
			index += 1
			continue
		fields.setdefault(key, match.group("value").strip())
		started = True
		index += 1
	if "from" not in fields:
		return None
	addresses = [(name, address) for name, address in getaddresses([fields["from"]]) if "@" in address]
	if not addresses:
		return None
	name, address = addresses[0]
	body = "\n".join(line[1:].lstrip() if line.startswith(">") else line for line in lines[index:])
	if end := END_MARKER.search(body):
		body = body[: end.start()]
	return Forwarded(
		sender=address.strip().lower(),
		sender_name=name.strip().strip('"'),
		subject=(fields.get("subject") or strip_forward_prefix(subject)).strip()[:140],
		text=body.strip(),
	)


BREAKS = re.compile(r"<\s*(br\s*/?|/p|/div|/li|/tr|/h\d|/blockquote)\s*>", re.IGNORECASE)
TAGS = re.compile(r"<[^>]*>")


def html_to_text(value: str | None) -> str:
	"""An HTML letter's text with its line breaks (a forwarded letter's quoted headers are lines)."""
	text = BREAKS.sub("\n", value or "")
	text = re.sub(r"<\s*(script|style)[^>]*>.*?<\s*/\s*\1\s*>", "", text, flags=re.IGNORECASE | re.DOTALL)
	return html.unescape(TAGS.sub("", text)).replace("\xa0", " ")


# --- whose letter it is --------------------------------------------------------------------------------

RESULT = re.compile(r"\b(dmarc|dkim)=(\w+)([^;]*)", re.IGNORECASE)


def address_of(value: str | None) -> str:
	addresses = [address for _name, address in getaddresses([value or ""]) if "@" in address]
	return addresses[0].strip().lower() if addresses else ""


def authenticated(authentication_results: str | None, from_header: str | None, reply_to: str | None) -> bool:
	"""Whether the letter's From is proven by the receiving mail server (RFC 8601's topmost
	Authentication-Results, which it adds: `dmarc=pass` with `header.from` the From's domain, or
	`dkim=pass` with `header.d` that domain), and replies go to that same address (a Reply-To is where
	Frappe files the letter, and nobody proves it). Anything else is only written, like a guest's typed
	address: the request stays unproven until its owner opens the link e-mailed to it."""
	sender = address_of(from_header)
	if not sender or (reply_to and address_of(reply_to) not in ("", sender)):
		return False
	domain = sender.rpartition("@")[2]
	for method, result, properties in RESULT.findall(authentication_results or ""):
		if result.lower() != "pass":
			continue
		key = "header.from" if method.lower() == "dmarc" else "header.d"
		match = re.search(rf"{re.escape(key)}=([^\s;]+)", properties, re.IGNORECASE)
		if match and match.group(1).strip().lower().rstrip(".") == domain:
			return True
	return False
