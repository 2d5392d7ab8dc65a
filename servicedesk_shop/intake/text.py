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


MAX_DIGITS = 12
"""Digits in one group of an order number; longer runs are not order numbers."""
MAX_GROUPS = 5
"""Groups of digits after the prefix ("2026-00012-1" is three)."""
SCAN_LIMIT = 10_000
"""Characters of a text that are searched for order numbers: customers name their order early, and an
e-mail body with a quoted thread must not make every request slow."""

_TRAILING_GROUP = re.compile(r"\s+\d+$")
_LAST_SPACED_GROUP = re.compile(r"\d\s+\d+$")
_SEPARATORS = re.compile(r"[-\s]+")
MAX_MATCHES = 100
"""Mentions looked at in one text (repeats included): enough for any real message."""


def order_number_pattern(prefixes) -> re.Pattern | None:
	"""A regex that finds order numbers starting with any of `prefixes` in free text.

	Customers write numbers in any case and sometimes with spaces instead of dashes
	("sal-ord 2026 00012"); after the prefix come groups of digits ("SAL-ORD-2026-00012", amended
	"SAL-ORD-2026-00012-1"). The groups and their digits are bounded, so a match never backtracks over
	more than a few characters: the scan is linear in the length of the text.
	"""
	alternatives = []
	for prefix in sorted({p.strip() for p in prefixes if p and p.strip()}, key=len, reverse=True):
		parts = [re.escape(part) for part in re.split(r"[-\s/]+", prefix) if part]
		if parts:
			alternatives.append(r"[-\s]?".join(parts))
	if not alternatives:
		return None
	digits = rf"\d{{1,{MAX_DIGITS}}}"
	return re.compile(
		r"(?<![0-9A-Za-zА-Яа-яЁё])(?:"
		+ "|".join(alternatives)
		+ rf")[-\s]?{digits}(?:[-\s]{digits}){{0,{MAX_GROUPS - 1}}}(?!-?[0-9A-Za-zА-Яа-яЁё])",
		re.IGNORECASE,
	)


def find_order_numbers(text: str, prefixes, limit: int = 10) -> list[str]:
	"""Candidate order numbers mentioned in `text`, upper case with dashes, first mention first.

	A group of digits after a space may belong to the next words ("SAL-ORD-2026-00012 2 dresses"), so a
	mention with spaces yields itself and its shorter readings, longest first; the caller keeps the ones
	that exist. Only the first `SCAN_LIMIT` characters are searched."""
	pattern = order_number_pattern(prefixes)
	if not pattern or not text:
		return []
	found: list[str] = []
	seen: set[str] = set()
	squeezed = _squeezed_prefixes(prefixes)
	for count, match in enumerate(pattern.finditer(text[:SCAN_LIMIT])):
		raw = match.group(0).upper()
		if raw in seen:
			continue
		seen.add(raw)
		readings = [raw]  # a match is short (bounded groups), so this loop is too
		while _LAST_SPACED_GROUP.search(readings[-1]):
			readings.append(_TRAILING_GROUP.sub("", readings[-1]))
		for reading in readings:
			number = _normalise(reading, squeezed)
			if number not in found:
				found.append(number)
		if len(found) >= limit or count >= MAX_MATCHES:
			break
	return found[:limit]


def _squeezed_prefixes(prefixes) -> list[tuple[str, str]]:
	"""(prefix as written by the series, the same with its separators squeezed to single dashes)."""
	pairs = []
	for prefix in prefixes:
		prefix = prefix.strip().upper()
		squeezed = _SEPARATORS.sub("-", prefix)
		if prefix and squeezed != prefix:
			pairs.append((prefix, squeezed))
	return pairs


def _normalise(raw: str, squeezed: list[tuple[str, str]]) -> str:
	number = _SEPARATORS.sub("-", raw.strip()).upper()
	for prefix, short in squeezed:
		if number.startswith(short):
			number = prefix + number[len(short) :]
	return number


def normalise_order_number(raw: str, prefixes=()) -> str:
	"""Upper case; the separators are the dashes the naming series writes."""
	return _normalise(raw, _squeezed_prefixes(prefixes))
