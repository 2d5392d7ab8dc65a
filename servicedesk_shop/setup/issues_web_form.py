"""What ERPNext's /issues Web Form lists for a customer: its columns, set on install and every migrate,
removed on uninstall."""

import frappe

# Without columns of its own, a Web Form lists every field shown in the desk's list view, and so showed
# customers the Support Team and Escalation Level.
ISSUES_WEB_FORM_COLUMNS = [
	("subject", "Data", "Subject"),
	("status", "Select", "Status"),
	("issue_type", "Link", "Issue Type"),
	("opening_date", "Date", "Opening Date"),
]


def set_issues_list_columns():
	"""ERPNext's /issues Web Form lists only what a customer may read (ISSUES_WEB_FORM_COLUMNS)."""
	if not frappe.db.exists("Web Form", "issues"):
		return
	wanted = [fieldname for fieldname, _type, _label in ISSUES_WEB_FORM_COLUMNS]
	current = frappe.get_all(
		"Web Form List Column",
		filters={"parent": "issues", "parenttype": "Web Form"},
		pluck="fieldname",
		order_by="idx asc",
	)
	if current == wanted:
		return
	# the rows alone: saving ERPNext's standard Web Form is refused outside developer mode (and would
	# export it into ERPNext's own files in it); its next import from ERPNext resets them, and migrate
	# puts them back
	remove_issues_list_columns()
	for idx, (fieldname, fieldtype, label) in enumerate(ISSUES_WEB_FORM_COLUMNS, 1):
		frappe.get_doc(
			{
				"doctype": "Web Form List Column",
				"parent": "issues",
				"parenttype": "Web Form",
				"parentfield": "list_columns",
				"idx": idx,
				"fieldname": fieldname,
				"fieldtype": fieldtype,
				"label": label,
			}
		).db_insert()
	frappe.clear_document_cache("Web Form", "issues")


def remove_issues_list_columns():
	frappe.db.delete("Web Form List Column", {"parent": "issues", "parenttype": "Web Form"})
