"""The shop's roles, and the access to ERPNext's doctypes that its desk needs: made on install and every
migrate, revoked on uninstall."""

import frappe
from frappe.permissions import add_permission, update_permission_property

from servicedesk_shop.service_desk.permissions import INTEGRATION_ROLE

ROLES = ["Support Manager"]
# roles without desk access: the role of an external shop's API user (servicedesk_shop.intake.service)
API_ROLES = [INTEGRATION_ROLE]

# (doctype, role, rights): access the desk needs that ERPNext does not give. ERPNext's Issue form reads
# Support Settings when it loads, which only System Managers may: every agent got "No permission for
# Support Settings" on opening a request. ERPNext gives Issue to Support Team only: a Support Manager
# without that role could open none of the requests, nor the reports on them (Service Desk Overview,
# Customer Satisfaction), which need Issue's report right.
MANAGER_ISSUE_RIGHTS = ("read", "write", "report", "print", "email", "share")  # as Support Team, no export
ACCESS = [
	("Support Settings", "Support Team", ("read",)),
	("Support Settings", "Support Manager", ("read",)),
	("Issue", "Support Manager", MANAGER_ISSUE_RIGHTS),
	("Issue Type", "Support Manager", ("read",)),  # the requests' category, linked from every report
	# a Support Manager keeps the help centre: "Make a Help Article" from a good answer, and edits it;
	# Frappe saves the article's topic with it, so the topic needs write too
	("Help Article", "Support Manager", ("read", "write", "create", "delete", "report", "print", "email")),
	("Help Category", "Support Manager", ("read", "write", "create")),
	# Frappe's e-mail composer lists the Email Accounts to find the sender's signature: without select an
	# agent got "Not permitted" each time they wrote to a customer (select lists them; it does not open them)
	("Email Account", "Support Team", ("select",)),
	("Email Account", "Support Manager", ("select",)),
]
READ_ACCESS = [(doctype, role) for doctype, role, _rights in ACCESS]
PERMISSION_RIGHTS = (
	"read",
	"write",
	"create",
	"delete",
	"report",
	"export",
	"import",
	"print",
	"email",
	"share",
)


def make_roles():
	"""Roles that our doctypes' permissions name: on install and every migrate."""
	for role, desk_access in [*((r, 1) for r in ROLES), *((r, 0) for r in API_ROLES)]:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": desk_access}).insert(
				ignore_permissions=True
			)


def grant_read_access():
	"""ACCESS as Custom DocPerms (Frappe copies the doctype's standard rules first), once: a shop that
	changed a rule since keeps its change."""
	for doctype, role, rights in ACCESS:
		if frappe.db.exists("Role", role) and not frappe.db.exists(
			"Custom DocPerm", {"parent": doctype, "role": role, "permlevel": 0}
		):
			add_permission(doctype, role, 0, rights[0])
			# a new rule starts with Frappe's defaults (print, e-mail, report, export, share): set each
			for right in PERMISSION_RIGHTS:
				update_permission_property(doctype, role, 0, right, int(right in rights), validate=False)
			frappe.clear_cache(doctype=doctype)


def revoke_read_access():
	"""On uninstall: ACCESS's rules go, the doctypes' standard ones apply again."""
	for doctype, role in READ_ACCESS:
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": role, "permlevel": 0})
		frappe.clear_cache(doctype=doctype)
