"""Role guards for whitelisted methods (as helpdesk's `agent_only`)."""

from functools import wraps

import frappe
from frappe import _

MANAGER_ROLES = {"System Manager", "Support Manager"}
INTEGRATION_ROLE = "Service Desk Integration"
"""The role of an external shop's API user: it may name the customer a request is for."""


def managers_only(fn):
	"""Only System Managers and Support Managers may call `fn`."""

	@wraps(fn)
	def wrapper(*args, **kwargs):
		if frappe.session.user != "Administrator" and not MANAGER_ROLES.intersection(frappe.get_roles()):
			frappe.throw(_("Only Support Managers may do this."), frappe.PermissionError)
		return fn(*args, **kwargs)

	return wrapper


GUEST, CUSTOMER, INTEGRATION = "guest", "customer", "integration"


def caller_kind(user: str | None = None) -> str:
	"""Who is calling, as the intake and the rate limits tell callers apart: a guest, the shop's
	integration (a user with INTEGRATION_ROLE, who speaks for the customers it names) or anyone else
	logged in (a customer or an agent, who writes as themselves)."""
	user = user or frappe.session.user
	if user == "Guest":
		return GUEST
	if INTEGRATION_ROLE in frappe.get_roles(user):
		return INTEGRATION
	return CUSTOMER
