"""The refusals of the service desk: an expected 4xx that answers with its message only, never a
traceback (`refuse`). Each capability names its own refusal as a subclass, so that a caller may catch
them all as ServiceDeskError."""

import frappe


class ServiceDeskError(frappe.ValidationError):
	"""Bad input, or a request the rules refuse: HTTP 400."""

	http_status_code = 400


class ServiceDeskPermissionError(ServiceDeskError, frappe.PermissionError):
	"""Not for this caller: HTTP 403."""

	http_status_code = 403


class ServiceDeskNotFound(ServiceDeskError):
	"""Nothing there for this caller, whether it exists or not: HTTP 404."""

	http_status_code = 404


def refuse(message: str, exc=ServiceDeskError, title: str | None = None):
	"""Answer the request with `message` and `exc`'s status, without a traceback."""
	frappe.flags.disable_traceback = True
	frappe.throw(message, exc, title=title)
