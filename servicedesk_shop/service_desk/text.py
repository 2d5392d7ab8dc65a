"""Text that can be stored, and ids that may stand in a header. No `frappe` import."""

import re

MESSAGE_ID = re.compile(r"[!-;=?-~]{1,250}")
"""A message id we repeat in a header: printable ASCII without space or angle brackets. A sender's id may
hold anything, and a control character in it would split the header when the e-mail is written out."""


def is_text(value: str) -> bool:
	"""True for text that can be stored: a lone surrogate (JSON allows "\\ud800") cannot be encoded."""
	try:
		value.encode("utf-8")
	except UnicodeEncodeError:
		return False
	return True


def is_message_id(value: str | None) -> bool:
	return bool(value) and bool(MESSAGE_ID.fullmatch(value))
