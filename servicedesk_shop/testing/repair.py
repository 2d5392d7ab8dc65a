"""What ERPNext's own SLA tests do to a test site, undone."""

import frappe
from erpnext.support.doctype.service_level_agreement.service_level_agreement import (
	get_service_level_agreement_fields,
)
from frappe.modules.import_file import get_file_path


def repair_fields_changed_by_erpnext_sla_tests() -> list[str]:
	"""Undo what a repeated run of ERPNext's test_service_level_agreement does to a test site.

	ERPNext 15's ServiceLevelAgreement.reset_field_properties() reads the field it resets with
	`frappe.get_doc("DocField", {"fieldname": ...})`, which is any doctype's field of that name. On the
	second run of that test module (its custom doctype already has the SLA fields) it turns, for example,
	Email Queue's `priority` (Int) or ToDo's `priority` (Select) into a Link to Issue Priority; from then
	on every e-mail and every assignment fails on that site. The tests themselves pass, so nothing tells.

	bin/test calls this before and after the test modules. It compares each standard doctype's SLA-named
	fields with the doctype's JSON and reloads the doctypes that differ. Returns the doctypes reloaded."""
	sla_fieldnames = [f["fieldname"] for f in get_service_level_agreement_fields()]
	modules = dict(frappe.get_all("DocType", filters={"custom": 0}, fields=["name", "module"], as_list=True))
	rows = frappe.get_all(
		"DocField",
		filters={"parenttype": "DocType", "fieldname": ("in", sla_fieldnames)},
		fields=["parent", "fieldname", "fieldtype", "options"],
	)
	changed = {}
	for row in rows:
		if row.parent not in modules:  # a custom doctype: no JSON to compare with
			continue
		try:
			with open(get_file_path(modules[row.parent], "DocType", row.parent)) as f:
				definition = frappe.parse_json(f.read())
		except OSError:
			continue
		for df in definition.get("fields", []):
			if df.get("fieldname") == row.fieldname:
				if (df.get("fieldtype"), df.get("options") or None) != (row.fieldtype, row.options or None):
					changed[row.parent] = modules[row.parent]
				break

	for name, module in changed.items():
		frappe.reload_doc(module, "doctype", name, force=True)
		frappe.clear_cache(doctype=name)
	if changed:
		frappe.db.commit()  # nosemgrep: a maintenance command run by bin/test, not a request
		print("repaired after ERPNext's SLA tests:", ", ".join(sorted(changed)))
	return sorted(changed)
