"""What every endpoint of the app does with its arguments before its own work (capabilities' api.py)."""

import functools

import frappe
from frappe import _

from servicedesk_shop.service_desk.errors import ServiceDeskError, refuse
from servicedesk_shop.service_desk.ratelimit import WINDOW, intake_limit, limited
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


def endpoint(*methods: str, guest: bool = False, limit=None, window: int = WINDOW):
	"""An endpoint of the app: whitelisted for the HTTP `methods` (for guests too with `guest`), refusing
	without a traceback (`without_traceback`), and at most `limit(kind)` calls per `window` seconds (a
	minute unless named) per caller (`ratelimit.limited`). A guest endpoint is always limited: by the
	intake's limit unless `limit` names another."""
	if not methods:
		raise TypeError("endpoint() needs the HTTP methods it answers")
	if guest and limit is None:
		limit = intake_limit

	def decorator(fn):
		served = without_traceback(limited(limit, window)(fn) if limit else fn)
		# Frappe serves the function that frappe.whitelist registered and returned: that one must be what
		# the module (and servicedesk_shop.api) binds to the name, so whitelist goes last
		return frappe.whitelist(allow_guest=guest, methods=list(methods))(served)

	return decorator


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


def refuse_argument(message: str, exc=frappe.ValidationError):
	"""A missing or malformed argument of a desk endpoint: 417, as Frappe answers a ValidationError (the
	public endpoints name a ServiceDeskError, 400)."""
	refuse(message, exc)


def list_argument(value, label: str) -> list:
	"""A list given as JSON text or as a list; anything else is refused with a clear message."""
	value = parse_json_argument(value)
	if not isinstance(value, list):
		refuse_argument(_("{0} must be a list.").format(label))
	return value


def issue_for(issue, ptype: str = "read"):
	"""The Issue named by a desk endpoint's argument, when the session's user has `ptype` on it (403
	otherwise, 404 when there is none)."""
	doc = frappe.get_doc("Issue", required(issue, _("Issue")))
	doc.check_permission(ptype)
	return doc
