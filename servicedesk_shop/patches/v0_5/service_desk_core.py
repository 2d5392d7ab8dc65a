"""Service Desk Settings and the Service Desk workspace belong to the core module "Service Desk" (they
were in Routing and Escalation, though every capability keeps its settings there). Before the model sync,
so that it finds them in their new folder; the settings' values stay where Singles keep them."""

import frappe

MODULE = "Service Desk"


def execute():
	if not frappe.db.exists("Module Def", MODULE):
		frappe.get_doc(
			{"doctype": "Module Def", "module_name": MODULE, "app_name": "servicedesk_shop"}
		).insert(ignore_permissions=True)
	frappe.db.set_value("DocType", "Service Desk Settings", "module", MODULE, update_modified=False)
	if frappe.db.exists("Workspace", "Service Desk"):
		frappe.db.set_value("Workspace", "Service Desk", "module", MODULE, update_modified=False)
