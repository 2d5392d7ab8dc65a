"""ERPNext's own `/issues` (its Issue web form and list) keeps working for customers, but shows them no
internal field. ERPNext's list reads every column of their requests (`select distinct *`), and the web
form puts the whole document into its page; both reached the customer's browser with the team, the
escalation level, the routing reason and the triage of each request. Here the rows, the document and
the page keep only what a customer may read: the web form's own fields and the list's columns.

What a customer asks is guarded, not how the URL spells it: a print of a request by any route Frappe
serves (/api/method, /api/v1, /api/v2, `?cmd=` on any path, the print pages), a list filter or search on
a field they may not read (it answers yes or no about its value), and a request filed or edited under
another customer than their own."""

import json
from functools import cache

import frappe
from frappe import _
from frappe.api import API_URL_MAP, v1, v2
from frappe.model.document import Document
from frappe.model.meta import DEFAULT_FIELD_LABELS
from frappe.modules.utils import load_doctype_module
from frappe.utils.response import json_handler
from frappe.website.doctype.web_form import web_form
from frappe.www import list as web_list
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from servicedesk_shop.intake.service import contact_customer, find_customer
from servicedesk_shop.service_desk.permissions import INTEGRATION, caller_kind
from servicedesk_shop.service_desk.tracking import UNPROVEN

# the web form's fields (ERPNext's issues.json), the list's columns (setup.issues_web_form), what
# ERPNext's list row shows, and what the page needs to be a document
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


def is_customer_session(user: str | None = None) -> bool:
	"""A portal user or a guest: anyone but Administrator and the desk's (System) users."""
	user = user or frappe.session.user
	return user != "Administrator" and frappe.get_cached_value("User", user, "user_type") != "System User"


def names_issue(doctype) -> bool:
	"""Whether `doctype` names Issue however it is spelt: the database finds a DocType whatever its case
	(and trailing spaces), and Frappe loads the document by it."""
	if not isinstance(doctype, str) or not doctype.strip() or len(doctype) > 140:
		return False
	if doctype == "Issue":
		return True
	if doctype.strip().casefold() != "issue" and not frappe.db.exists("DocType", doctype):
		return False
	try:
		return frappe.get_meta(doctype).name == "Issue"
	except Exception:
		return False


# --- lists: filters and search on the customer's fields only --------------------------------------------

# frappe.www.list.get_list_data's own arguments; every other one is a filter on the field it names
LIST_ARGUMENTS = frozenset({"doctype", "txt", "limit_start", "fields", "cmd", "limit", "web_form_name"})


def check_customer_filters(doctype, txt=None, filters: dict | None = None):
	"""A customer filters and searches their requests by the fields they may read only. ERPNext's list
	keeps every filter on a field of Issue: `customer_mood=Angry` or `routing_reason=["like", "%VIP%"]`
	answered yes or no about a value it does not show. `pathname` makes Frappe add the page's arguments as
	filters too: no page of the portal sends it to the list's data."""
	if not names_issue(doctype) or not is_customer_session():
		return
	meta = frappe.get_meta("Issue")
	for key in filters or {}:
		if key in FIELDS_FOR_CUSTOMERS or key in LIST_ARGUMENTS:
			continue
		if key == "pathname" or meta.has_field(key) or key in DEFAULT_FIELD_LABELS:
			frappe.flags.disable_traceback = True
			frappe.throw(
				_("Your requests cannot be filtered by {0}.").format(frappe.bold(key)), frappe.PermissionError
			)
	txt = txt or frappe.form_dict.get("search")
	if txt:
		# frappe.www.list.get_list searches the words in the search fields (its text fields of them)
		searched = [field for field in meta.get_search_fields() if field == "name" or meta.get_field(field)]
		if any(field not in FIELDS_FOR_CUSTOMERS for field in searched):
			frappe.flags.disable_traceback = True
			frappe.throw(_("Your requests cannot be searched here."), frappe.PermissionError)


@frappe.whitelist(allow_guest=True)
def get_list_data(
	doctype: str,
	txt: str | None = None,
	limit_start: int = 0,
	fields: list | None = None,
	cmd: str | None = None,
	limit: int = 20,
	web_form_name: str | None = None,
	**kwargs,
):
	"""frappe.www.list.get_list_data (override_whitelisted_methods): Issue rows with the customer's fields,
	filtered by those fields only."""
	check_customer_filters(doctype, txt, kwargs)
	rows = web_list.get_list_data(
		doctype, txt, limit_start, fields, cmd, limit, web_form_name=web_form_name, **kwargs
	)
	if not names_issue(doctype):
		return rows
	hidden = unproven_among(rows)
	return [for_customers(row) for row in rows if row.get("name") not in hidden]


@frappe.whitelist(allow_guest=True)
def get(doctype: str, txt: str | None = None, limit_start: int = 0, limit: int = 20, **kwargs):
	"""frappe.www.list.get (override_whitelisted_methods): the rendered rows, and the raw rows beside them
	with the customer's fields only (Frappe's `get` calls its own get_list_data, not the override)."""
	check_customer_filters(doctype, txt, {k: v for k, v in kwargs.items() if k != "pathname"})
	out = web_list.get(doctype, txt, limit_start, limit, **kwargs)
	if names_issue(doctype) and out.get("raw_result"):
		rows = json.loads(out["raw_result"])
		hidden = unproven_among(rows)
		kept = [index for index, row in enumerate(rows) if row.get("name") not in hidden]
		out["raw_result"] = json.dumps([for_customers(rows[index]) for index in kept], default=json_handler)
		out["result"] = [out["result"][index] for index in kept]
	return out


def unproven_among(rows) -> set[str]:
	"""Which of a page's requests name the customer's address without anyone having proved it (a guest's
	form, a letter's unauthenticated From): not the customer's words, so not in their portal. One query a
	page."""
	if not rows or not is_customer_session():
		return set()
	names = [row.get("name") for row in rows if row.get("name")]
	return set(
		frappe.get_all(
			"Issue",
			filters={"name": ["in", names], "sender_identity": ["in", UNPROVEN], "address_confirmed": 0},
			pluck="name",
			ignore_permissions=True,
		)
	)


def refuse_unproven(name) -> None:
	if name and isinstance(name, str) and is_customer_session() and unproven_among([{"name": name}]):
		frappe.flags.disable_traceback = True
		frappe.throw(_("This request opens from the link in our e-mail."), frappe.PermissionError)


@frappe.whitelist(allow_guest=True)
def get_form_data(doctype: str, docname: str | None = None, web_form_name: str | None = None):
	"""frappe.website...web_form.get_form_data (override_whitelisted_methods): an Issue as the customer may
	read it."""
	if names_issue(doctype):
		refuse_unproven(docname)
	out = web_form.get_form_data(doctype, docname, web_form_name)
	if names_issue(doctype) and out.get("doc"):
		out.doc = for_customers(out.doc)
	return out


# --- prints ---------------------------------------------------------------------------------------------

# Frappe's whitelisted print methods. Compared as functions, not names: a module that imports one serves
# it under its own name too (ERPNext's Request for Quotation imports download_pdf)
PRINT_FUNCTIONS = (
	"frappe.www.printview.get_html_and_style",
	"frappe.www.printview.get_rendered_raw_commands",
	"frappe.utils.print_format.download_pdf",
	"frappe.utils.print_format.download_multi_pdf",
	"frappe.utils.print_format.download_multi_pdf_async",
	"frappe.utils.print_format.print_by_server",
	"frappe.utils.weasyprint.download_pdf",
)


@cache
def print_functions() -> frozenset:
	return frozenset(frappe.get_attr(name) for name in PRINT_FUNCTIONS)


def requested_method(request) -> str | None:
	"""The whitelisted method this request runs, as Frappe routes it: `cmd` (on any path, before /api),
	/api/method, /api/v1/method and /api/v2/method (with a DocType: a method of its controller's module)."""
	if frappe.form_dict.get("cmd"):
		return frappe.form_dict.cmd if isinstance(frappe.form_dict.cmd, str) else None
	if not request.path.startswith("/api/"):
		return None
	try:
		endpoint, arguments = API_URL_MAP.bind_to_environ(request.environ).match()
	except (HTTPException, RoutingException):
		return None
	if endpoint is v1.handle_rpc_call:
		return arguments["method"].split("/")[0]
	if endpoint is v2.handle_rpc_call:
		if not arguments.get("doctype"):
			return arguments["method"]
		try:
			return load_doctype_module(arguments["doctype"]).__name__ + "." + arguments["method"]
		except Exception:
			return None  # Frappe answers this one itself
	return None


def runs_print(method: str) -> bool:
	method = frappe.override_whitelisted_method(method)
	if "." not in method:
		return False  # frappe.handler's own commands
	try:
		return frappe.get_attr(method) in print_functions()
	except Exception:
		return False  # not a method: Frappe answers it


def named_doctypes(value) -> list:
	"""The DocTypes a print's `doctype` or `doc` names: a name, a {doctype: [names]} of
	download_multi_pdf (or its JSON), a document (or its JSON)."""
	if isinstance(value, str) and value.lstrip().startswith("{"):
		try:
			value = json.loads(value)
		except ValueError:
			return [value]
	if isinstance(value, dict):
		return [value["doctype"]] if "doctype" in value else list(value)
	if isinstance(value, Document):
		return [value.doctype]
	return [value] if value else []


def asks_for_issue() -> bool:
	return any(
		names_issue(doctype)
		for doctype in named_doctypes(frappe.form_dict.get("doctype"))
		+ named_doctypes(frappe.form_dict.get("doc"))
	)


def refuse_print():
	frappe.flags.disable_traceback = True
	frappe.throw(_("Requests are not printed from the portal."), frappe.PermissionError)


def no_issue_prints_for_customers():
	"""auth_hooks: a customer may not print their request. Frappe lets anyone with website permission on a
	document print it, and ERPNext gives a customer that on their own requests: the standard print format
	shows every field, the team, the escalation and the triage included. Desk users print as their roles
	allow. An auth hook, not before_request: it runs once Frappe knows the user of an API key too."""
	request = getattr(frappe.local, "request", None)
	if not request or request.method == "OPTIONS" or not is_customer_session():
		return
	method = requested_method(request)
	if method and runs_print(method) and asks_for_issue():
		refuse_print()


def guard_issue_pages(context):
	"""update_website_context: the pages that print a request (/printview in any spelling, /Issue/<name>,
	and what every PDF of Frappe renders) and list them (/list?doctype=Issue, /Issue) answer a customer as
	the API does. A print that the app makes itself (an e-mail's attachment) passes."""
	template = context.get("template")
	if template == "www/printview.html":
		if not frappe.flags.ignore_print_permissions and is_customer_session() and asks_for_issue():
			refuse_print()
	elif template == "www/list.html" and names_issue(context.get("doctype")):
		check_customer_filters(context.doctype, frappe.form_dict.get("txt"), frappe.form_dict)


def strip_reference_doc(context):
	"""update_website_context: the Issue that ERPNext's web form page puts into the page
	(`frappe.reference_doc`), with the customer's fields only."""
	if context.get("reference_doctype") == "Issue" and isinstance(context.get("reference_doc"), dict):
		refuse_unproven(context.reference_doc.get("name"))
		context.reference_doc = for_customers(context.reference_doc)


# --- the customer a request is filed under ----------------------------------------------------------------


def own_customer(user: str) -> tuple[str | None, str | None]:
	"""(Customer, Contact) a portal user writes as: the Customer of the Contact with their address, as
	the intake finds it, else of the Contact linked to their user."""
	email = (frappe.get_cached_value("User", user, "email") or user).lower()
	customer, contact = find_customer(email)
	if customer:
		return customer, contact
	contact = frappe.qb.DocType("Contact")
	return contact_customer(frappe.qb.from_(contact).where(contact.user == user), contact.name)


def writes_for_themselves(user: str) -> bool:
	"""A logged-in portal user: not a guest, not a desk user, not the shop's integration (which names the
	customers it speaks for)."""
	return user != "Guest" and is_customer_session(user) and caller_kind(user) != INTEGRATION


def own_customer_only(doc, method=None):
	"""Issue before_insert and before_validate: a request from the portal is filed under the customer of
	the user's own contact, whatever customer it was sent with. ERPNext's /issues form shows `customer`
	read-only but keeps any value posted: the request then showed in that customer's portal and the
	agent's panel showed their orders. On an edit the customer and contact stay as they were.
	Before ERPNext's validate, which fills the contact from the sender's address when there is none."""
	user = frappe.session.user
	if not writes_for_themselves(user):
		return
	if doc.is_new():
		doc.customer, doc.contact = own_customer(user)
		return
	before = doc.get_doc_before_save()
	if before:
		for field in ("customer", "contact"):
			if (doc.get(field) or None) != (before.get(field) or None):
				doc.set(field, before.get(field))
