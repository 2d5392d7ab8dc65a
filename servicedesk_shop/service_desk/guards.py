"""What every endpoint of the app does with its arguments before its own work (capabilities' api.py)."""

import functools

import frappe
from frappe import _

from servicedesk_shop.service_desk.errors import ServiceDeskError, refuse
from servicedesk_shop.service_desk.text import is_text


def all_text(value) -> bool:
	"""No lone surrogate anywhere in `value` (JSON allows "\\ud800"; MariaDB and hashing do not)."""
	if isinstance(value, str):
		return is_text(value)
	if isinstance(value, dict):
		return all(all_text(k) and all_text(v) for k, v in value.items())
	if isinstance(value, list | tuple):
		return all(all_text(v) for v in value)
	return True


def without_traceback(fn):
	"""Every endpoint: a refusal (400, 403, 404, 417 and the rate limit's 429) answers with its message
	only, never a traceback; text that cannot be stored is refused before anything reads it. An unexpected
	error still goes to the Error Log."""

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		frappe.flags.disable_traceback = True
		if not all_text(args) or not all_text(kwargs):
			refuse(_("The request holds text that is not valid Unicode."), ServiceDeskError)
		return fn(*args, **kwargs)

	return wrapper


def required(value, label: str) -> str:
	"""A desk endpoint's missing argument: 417, as Frappe answers a ValidationError."""
	if not value or not isinstance(value, str):
		refuse(_("{0} is required.").format(label), frappe.ValidationError)
	return value


def parse_json_argument(value):
	"""A JSON argument given as text, or as already parsed; None when it does not parse."""
	if isinstance(value, str):
		try:
			value = frappe.parse_json(value)
		except ValueError:
			return None
	if not all_text(value):
		refuse(_("The request holds text that is not valid Unicode."), ServiceDeskError)
	return value
