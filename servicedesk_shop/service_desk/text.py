"""Text that can be stored. No `frappe` import."""


def is_text(value: str) -> bool:
	"""True for text that can be stored: a lone surrogate (JSON allows "\\ud800") cannot be encoded."""
	try:
		value.encode("utf-8")
	except UnicodeEncodeError:
		return False
	return True
