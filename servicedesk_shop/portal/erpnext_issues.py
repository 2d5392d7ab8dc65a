"""ERPNext's own `/issues` (its Issue web form and list) keeps working for customers, but shows them no
internal field. ERPNext's list reads every column of their requests (`select distinct *`), and the web
form puts the whole document into its page; both reached the customer's browser with the team, the
escalation level, the routing reason and the triage of each request. Here the rows, the document and
the page keep only what a customer may read: the web form's own fields and the list's columns."""

import json

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
def get(doctype: str, *args, **kwargs):
	"""frappe.www.list.get (override_whitelisted_methods): the rendered rows, and the raw rows beside them
	with the customer's fields only (Frappe's `get` calls its own get_list_data, not the override)."""
	out = web_list.get(doctype, *args, **kwargs)
	if doctype == "Issue" and out.get("raw_result"):
		from frappe.utils.response import json_handler

		rows = json.loads(out["raw_result"])
		out["raw_result"] = json.dumps([for_customers(row) for row in rows], default=json_handler)
	return out


@frappe.whitelist(allow_guest=True)
def get_form_data(doctype: str, docname: str | None = None, web_form_name: str | None = None):
	"""frappe.website...web_form.get_form_data (override_whitelisted_methods): an Issue as the customer may
	read it."""
	out = web_form.get_form_data(doctype, docname, web_form_name)
	if doctype == "Issue" and out.get("doc"):
		out.doc = for_customers(out.doc)
	return out


PRINT_METHODS = (
	"/printview",
	"/api/method/frappe.www.printview.get_html_and_style",
	"/api/method/frappe.www.printview.get_rendered_raw_commands",
	"/api/method/frappe.utils.print_format.download_pdf",
	"/api/method/frappe.utils.print_format.download_multi_pdf",  # and download_multi_pdf_async
)


def no_issue_prints_for_customers():
	"""before_request: a customer may not print their request. Frappe lets anyone with website permission
	on a document print it, and ERPNext gives a customer that on their own requests: the standard print
	format shows every field, the team, the escalation and the triage included. Desk users print as their
	roles allow."""
	request = getattr(frappe.local, "request", None)
	if not request or request.method == "OPTIONS" or not request.path.startswith(PRINT_METHODS):
		return
	# the doctype, or for get_html_and_style the `doc` (a doctype, or a document as JSON)
	named = f"{frappe.form_dict.get('doctype') or ''} {frappe.form_dict.get('doc') or ''}"
	if "Issue" not in named:
		return
	user = frappe.session.user
	if user == "Administrator" or frappe.get_cached_value("User", user, "user_type") == "System User":
		return
	frappe.flags.disable_traceback = True
	frappe.throw(frappe._("Requests are not printed from the portal."), frappe.PermissionError)


def strip_reference_doc(context):
	"""update_website_context: the Issue that ERPNext's web form page puts into the page
	(`frappe.reference_doc`), with the customer's fields only."""
	if context.get("reference_doctype") == "Issue" and isinstance(context.get("reference_doc"), dict):
		context.reference_doc = for_customers(context.reference_doc)
