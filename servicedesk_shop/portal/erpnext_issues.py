"""ERPNext's own `/issues` (its Issue web form and list) keeps working for customers, but shows them no
internal field. ERPNext's list reads every column of their requests (`select distinct *`), and the web
form puts the whole document into its page; both reached the customer's browser with the team, the
escalation level, the routing reason and the triage of each request. Here the rows, the document and
the page keep only what a customer may read: the web form's own fields and the list's columns."""

import frappe
from frappe.model.document import Document
from frappe.website.doctype.web_form import web_form
from frappe.www import list as web_list

# the web form's fields (ERPNext's issues.json), the list's columns (setup.install), what ERPNext's list
# row shows, and what the page needs to be a document
FIELDS_FOR_CUSTOMERS = frozenset(
	{
		"name",
		"doctype",
		"docstatus",
		"idx",
		"owner",
		"creation",
		"modified",
		"subject",
		"status",
		"customer",
		"description",
		"attachment",
		"priority",
		"via_customer_portal",
		"issue_type",
		"opening_date",
		"raised_by",
	}
)


def for_customers(row) -> dict:
	"""An Issue (a row, a dict or a document) as the customer may read it."""
	if isinstance(row, Document):
		row = row.as_dict(no_nulls=True)
	return frappe._dict({key: value for key, value in row.items() if key in FIELDS_FOR_CUSTOMERS})


@frappe.whitelist(allow_guest=True)
def get_list_data(doctype: str, *args, **kwargs):
	"""frappe.www.list.get_list_data (override_whitelisted_methods): Issue rows with the customer's fields."""
	rows = web_list.get_list_data(doctype, *args, **kwargs)
	if doctype != "Issue":
		return rows
	return [for_customers(row) for row in rows]


@frappe.whitelist(allow_guest=True)
def get_form_data(doctype: str, docname: str | None = None, web_form_name: str | None = None):
	"""frappe.website...web_form.get_form_data (override_whitelisted_methods): an Issue as the customer may
	read it."""
	out = web_form.get_form_data(doctype, docname, web_form_name)
	if doctype == "Issue" and out.get("doc"):
		out.doc = for_customers(out.doc)
	return out


def strip_reference_doc(context):
	"""update_website_context: the Issue that ERPNext's web form page puts into the page
	(`frappe.reference_doc`), with the customer's fields only."""
	if context.get("reference_doctype") == "Issue" and isinstance(context.get("reference_doc"), dict):
		context.reference_doc = for_customers(context.reference_doc)
