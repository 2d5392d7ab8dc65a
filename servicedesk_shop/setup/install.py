"""Install, migrate and uninstall: every capability's custom fields and indexes (its `fields.py`, composed
here), the default records (setup.records), roles and access (setup.access) and the /issues list's columns
(setup.issues_web_form).

Custom fields are one dict (`get_custom_fields`) applied on install and again after every migrate, so a
changed definition reaches existing sites; uninstall removes them and their columns.
"""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from servicedesk_shop.customer import fields as customer_fields
from servicedesk_shop.escalation import fields as escalation_fields
from servicedesk_shop.escalation.service import apply_sweep_interval
from servicedesk_shop.impact import fields as impact_fields
from servicedesk_shop.inbox import fields as inbox_fields
from servicedesk_shop.insight import fields as insight_fields
from servicedesk_shop.intake import fields as intake_fields
from servicedesk_shop.messengers import fields as messengers_fields
from servicedesk_shop.messengers.service import key_stored_numbers
from servicedesk_shop.returns import fields as returns_fields
from servicedesk_shop.routing import fields as routing_fields
from servicedesk_shop.self_service import fields as self_service_fields
from servicedesk_shop.self_service.portal_menu import set_portal_menu
from servicedesk_shop.service_desk.settings import ensure_defaults
from servicedesk_shop.setup.access import grant_read_access, make_roles, revoke_read_access
from servicedesk_shop.setup.defaults import SETTINGS_DEFAULTS
from servicedesk_shop.setup.issues_web_form import remove_issues_list_columns, set_issues_list_columns
from servicedesk_shop.setup.records import make_default_records
from servicedesk_shop.triage import fields as triage_fields
from servicedesk_shop.triage.service import ensure_model as ensure_triage_model

# Each capability's fields.py holds CUSTOM_FIELDS ({doctype, or a tuple of doctypes: [field]}) and, if it
# has any, INDEXES ([(doctype, [column], index name)]). Labels there are plain strings: Frappe translates
# field labels itself, and `_()` would freeze them in the language of whoever runs the install.
# The order is the Issue form's: a module's fields insert after ERPNext's or an earlier module's, and Frappe
# places fields that insert after the same one by the order they were made in, so a new site's form follows
# this list. A new capability adds its module at the end.
FIELD_MODULES = [
	intake_fields,
	routing_fields,
	escalation_fields,
	triage_fields,
	customer_fields,
	returns_fields,
	inbox_fields,
	insight_fields,
	self_service_fields,
	messengers_fields,
	impact_fields,
]

INDEXES = [index for module in FIELD_MODULES for index in getattr(module, "INDEXES", ())]


def get_custom_fields() -> dict:
	"""FIELD_MODULES' custom fields, merged by doctype in the list's order."""
	custom_fields = {}
	for module in FIELD_MODULES:
		for doctypes, fields in module.CUSTOM_FIELDS.items():
			custom_fields.setdefault(doctypes, []).extend(fields)
	return custom_fields


def after_install():
	sync_custom_fields()
	key_stored_numbers()  # a shop's contacts made before the app: their numbers found by a shared phone
	make_default_records()
	set_up_the_desk()


def after_migrate():
	sync_custom_fields()
	make_roles()
	set_up_the_desk()


def set_up_the_desk():
	"""What install and every migrate make sure of, each keeping what a shop changed since."""
	grant_read_access()
	apply_sweep_interval()
	set_issues_list_columns()
	ensure_defaults(SETTINGS_DEFAULTS)
	ensure_triage_model()
	set_portal_menu()  # once per item: a shop's later change stays


def before_uninstall():
	delete_custom_fields(get_custom_fields())
	remove_issues_list_columns()
	revoke_read_access()
	drop_indexes()


def sync_custom_fields():
	create_custom_fields(get_custom_fields(), ignore_validate=True)
	for doctype, columns, name in INDEXES:
		if frappe.db.table_exists(doctype):
			frappe.db.add_index(doctype, columns, name)


def drop_indexes():
	for doctype, _columns, name in INDEXES:
		if frappe.db.table_exists(doctype) and frappe.db.has_index(f"tab{doctype}", name):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")


def by_doctype(custom_fields: dict) -> dict:
	"""{doctype: [field]}, a tuple of doctypes' fields under each of them."""
	expanded = {}
	for doctypes, fields in custom_fields.items():
		for doctype in (doctypes,) if isinstance(doctypes, str) else doctypes:
			expanded.setdefault(doctype, []).extend(fields)
	return expanded


def delete_custom_fields(custom_fields: dict):
	"""Remove our custom fields and their columns; ERPNext's own fields stay as they were."""
	for doctype, fields in by_doctype(custom_fields).items():
		fieldnames = [field["fieldname"] for field in fields]
		frappe.db.delete("Custom Field", {"dt": doctype, "fieldname": ("in", fieldnames)})
		frappe.db.delete("Property Setter", {"doc_type": doctype, "field_name": ("in", fieldnames)})
		frappe.cache.hdel("table_columns", f"tab{doctype}")
		columns = set(frappe.db.get_table_columns(doctype))
		for fieldname in fieldnames:
			if fieldname in columns:  # Table fields have no column
				frappe.db.sql_ddl(f"alter table `tab{doctype}` drop column `{fieldname}`")
		frappe.cache.hdel("table_columns", f"tab{doctype}")
		frappe.clear_cache(doctype=doctype)
