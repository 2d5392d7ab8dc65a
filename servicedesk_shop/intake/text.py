"""Plain-text helpers of the intake: subjects, HTML-free text, order numbers found in a message.

No `frappe` import here: these are the rules, tested by plain pytest (tests/test_text.py).
"""

import html
import re

SUBJECT_LENGTH = 80
"""A derived subject is cut to this many characters (Issue.subject holds 140)."""

_WHITESPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")


def collapse_whitespace(text: str) -> str:
	return _WHITESPACE.sub(" ", text or "").strip()


def plain_line(text: str, limit: int = 140) -> str:
	"""One line of plain text for a Data field: no tags, no angle brackets, no line breaks.

	Used for subjects and names, which several desk views render without escaping."""
	text = _TAG.sub(" ", text or "")
	text = text.replace("<", " ").replace(">", " ")
	return truncate(collapse_whitespace(text), limit)


def truncate(text: str, limit: int) -> str:
	"""Cut `text` to at most `limit` characters at a word boundary, marking the cut with an ellipsis."""
	if len(text) <= limit:
		return text
	cut = text[: limit - 1]
	space = cut.rfind(" ")
	if space >= limit // 2:
		cut = cut[:space]
	return cut.rstrip(" ,;:-") + "…"


def derive_subject(message: str, limit: int = SUBJECT_LENGTH) -> str:
	"""The subject of a request written without one: its first sentence or line, shortened."""
	first_line = next((line for line in (message or "").splitlines() if line.strip()), "")
	first_line = plain_line(first_line, limit=10_000)
	first_sentence = _SENTENCE_END.split(first_line, maxsplit=1)[0]
	return truncate(first_sentence, limit)


def message_to_html(message: str) -> str:
	"""The customer's text as safe HTML for the Issue's description: escaped, line breaks kept."""
	escaped = html.escape((message or "").strip(), quote=True)
	paragraphs = [p.replace("\n", "<br>") for p in re.split(r"\n\s*\n", escaped) if p.strip()]
	return "".join(f"<p>{p}</p>" for p in paragraphs)


# --- order numbers -----------------------------------------------------------------------------------


def series_prefix(naming_series: str) -> str:
	"""The literal start of a naming series: "SAL-ORD-.YYYY.-" gives "SAL-ORD-", "SO-.#####" gives "SO-"."""
	return (naming_series or "").split(".", 1)[0].split("#", 1)[0].strip()


def order_number_pattern(prefixes) -> re.Pattern | None:
	"""A regex that finds order numbers starting with any of `prefixes` in free text.

	Customers write numbers in any case and sometimes with spaces instead of dashes
	("sal-ord 2026 00012"); after the prefix come groups of digits ("SAL-ORD-2026-00012", amended
	"SAL-ORD-2026-00012-1").
	"""
	alternatives = []
	for prefix in sorted({p.strip() for p in prefixes if p and p.strip()}, key=len, reverse=True):
		parts = [re.escape(part) for part in re.split(r"[-\s/]+", prefix) if part]
		if parts:
			alternatives.append(r"[-\s]?".join(parts))
	if not alternatives:
		return None
	return re.compile(
		r"(?<![0-9A-Za-zА-Яа-яЁё])(?:"
		+ "|".join(alternatives)
		+ r")[-\s]?\d+(?:[-\s]\d+)*(?!-?[0-9A-Za-zА-Яа-яЁё])",
		re.IGNORECASE,
	)


def find_order_numbers(text: str, prefixes, limit: int = 10) -> list[str]:
	"""Candidate order numbers mentioned in `text`, upper case with dashes, first mention first.

	A group of digits after a space may belong to the next words ("SAL-ORD-2026-00012 2 dresses"), so a
	mention with spaces yields itself and its shorter readings, longest first; the caller keeps the ones
	that exist."""
	pattern = order_number_pattern(prefixes)
	if not pattern or not text:
		return []
	found: list[str] = []
	for match in pattern.finditer(text):
		raw = match.group(0)
		readings = [raw]
		while re.search(r"\d\s+\d+$", readings[-1]):
			readings.append(re.sub(r"\s+\d+$", "", readings[-1]))
		for reading in readings:
			number = normalise_order_number(reading, prefixes)
			if number not in found:
				found.append(number)
		if len(found) >= limit:
			break
	return found[:limit]


def normalise_order_number(raw: str, prefixes=()) -> str:
	"""Upper case; the separators are the dashes the naming series writes."""
	number = re.sub(r"[-\s]+", "-", raw.strip()).upper()
	for prefix in prefixes:
		prefix = prefix.strip().upper()
		squeezed = re.sub(r"[-\s]+", "-", prefix)
		if prefix and number.startswith(squeezed) and squeezed != prefix:
			number = prefix + number[len(squeezed) :]
	return number
