"""Install, migrate and uninstall: the custom fields on ERPNext doctypes and the default records.

Custom fields are one dict (`get_custom_fields`) applied on install and again after every migrate, so a
changed definition reaches existing sites; uninstall removes them and their columns.
"""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from servicedesk_shop.escalation.service import apply_sweep_interval
from servicedesk_shop.inbox.fields import FIELDS as INBOX_FIELDS
from servicedesk_shop.insight.service import make_exit_reasons
from servicedesk_shop.service_desk.permissions import INTEGRATION_ROLE
from servicedesk_shop.service_desk.settings import ensure_defaults
from servicedesk_shop.triage.service import ensure_model as ensure_triage_model

# Labels here are plain strings: Frappe translates field labels on its own, and `_()` would freeze them
# in the language of whoever runs the install.

# Service Desk Settings of the customer loop and the insight, on sites saved before they existed
SETTINGS_DEFAULTS = {
	"reopen_days": 14,
	"reply_photo_max_mb": 5,
	"fit_min_observations": 5,
	"tracking_link_days": 90,
}

ISSUE_TYPES = [
	"Size and Fit",
	"Quality or Defect",
	"Delivery",
	"Payment",
	"Return or Exchange",
	"Product Question",
	"Website Problem",
	"Wish or Suggestion",
	"Praise",
]

ALL_CATEGORIES: list[str] = []  # an empty list allows every Issue Type

FEEDBACK_SOURCES = [
	{
		"title": "Product Page",
		"channel": "Widget",
		"allow_guest": 1,
		"prompt": "Questions or wishes about this product? Tell us.",
		"categories": [
			"Product Question",
			"Size and Fit",
			"Quality or Defect",
			"Wish or Suggestion",
			"Praise",
		],
		"default_category": "Product Question",
	},
	{
		"title": "Size Chart",
		"channel": "Widget",
		"allow_guest": 1,
		"prompt": "Could not find your size? Tell us your measurements and we will help.",
		"categories": ["Size and Fit", "Product Question"],
		"default_category": "Size and Fit",
	},
	{
		"title": "Cart",
		"channel": "Widget",
		"allow_guest": 1,
		"prompt": "Something stops you from ordering? Tell us what.",
		"categories": ["Payment", "Website Problem", "Product Question", "Wish or Suggestion"],
		"default_category": "Website Problem",
	},
	{
		"title": "Checkout",
		"channel": "Widget",
		"allow_guest": 1,
		"prompt": "Problems with payment or delivery options? We will answer at once.",
		"categories": ["Payment", "Delivery", "Website Problem"],
		"default_category": "Payment",
		"default_priority": "High",
	},
	{
		"title": "Order Tracking",
		"channel": "Web Form",
		"allow_guest": 1,
		"order_required": 1,
		"prompt": "A question about your order? Give its number and tell us.",
		"categories": ["Delivery", "Payment", "Return or Exchange", "Quality or Defect", "Size and Fit"],
		"default_category": "Delivery",
	},
	{
		"title": "Delivery",
		"channel": "Web Form",
		"allow_guest": 1,
		"prompt": "How was your delivery? Tell us about late, damaged or wrong parcels.",
		"categories": ["Delivery", "Quality or Defect", "Praise"],
		"default_category": "Delivery",
	},
	{
		"title": "Returns",
		"channel": "Web Form",
		"allow_guest": 0,
		"order_required": 1,
		"prompt": "Want to return or exchange an item? Tell us which and why.",
		"categories": ["Return or Exchange", "Size and Fit", "Quality or Defect"],
		"default_category": "Return or Exchange",
	},
	{
		"title": "E-mail",
		"channel": "E-mail",
		"allow_guest": 0,
		"prompt": "",
		"categories": ALL_CATEGORIES,
	},
	{
		"title": "Widget",
		"channel": "Widget",
		"allow_guest": 1,
		"prompt": "Your opinion matters. Tell us what you like and what we should improve.",
		"categories": ALL_CATEGORIES,
		"default_category": "Wish or Suggestion",
	},
	{
		"title": "External Shop",
		"channel": "API",
		"allow_guest": 0,
		"prompt": "",
		"categories": ALL_CATEGORIES,
	},
]

ISSUE_CUSTOM_FIELDS = [
	{
		"fieldname": "shop_section",
		"fieldtype": "Section Break",
		"label": "Shop",
		"insert_after": "description",
		"collapsible": 0,
	},
	{
		"fieldname": "feedback_source",
		"fieldtype": "Link",
		"label": "Feedback Source",
		"options": "Feedback Source",
		"insert_after": "shop_section",
		"in_standard_filter": 1,
		"in_list_view": 0,
		"search_index": 1,
	},
	{
		"fieldname": "sales_order",
		"fieldtype": "Link",
		"label": "Sales Order",
		"options": "Sales Order",
		"insert_after": "feedback_source",
		"in_standard_filter": 1,
		"search_index": 1,
	},
	{
		"fieldname": "item_code",
		"fieldtype": "Link",
		"label": "Item",
		"options": "Item",
		"insert_after": "sales_order",
		"in_standard_filter": 1,
		"search_index": 1,
	},
	{
		"fieldname": "shop_column_break",
		"fieldtype": "Column Break",
		"insert_after": "item_code",
	},
	{
		"fieldname": "delivery_note",
		"fieldtype": "Link",
		"label": "Delivery Note",
		"options": "Delivery Note",
		"insert_after": "shop_column_break",
		"search_index": 1,
	},
	{
		"fieldname": "sales_invoice",
		"fieldtype": "Link",
		"label": "Sales Invoice",
		"options": "Sales Invoice",
		"insert_after": "delivery_note",
		"search_index": 1,
	},
	{
		"fieldname": "page_url",
		"fieldtype": "Data",
		"label": "Page URL",
		"options": "URL",
		"length": 500,
		"insert_after": "sales_invoice",
		"read_only": 1,
	},
	{
		"fieldname": "intake_key",
		"fieldtype": "Data",
		"label": "Intake Key",
		"description": "Hash of the client token and e-mail of the submission: one Issue per client token.",
		"insert_after": "page_url",
		"hidden": 1,
		"read_only": 1,
		"no_copy": 1,
		"unique": 1,
		"length": 64,
	},
	{
		"fieldname": "intake_pending",
		"fieldtype": "Check",
		"label": "Intake Message Pending",
		"description": "The customer's message is yet to be copied to the timeline (by a background job).",
		"insert_after": "intake_key",
		"hidden": 1,
		"read_only": 1,
		"no_copy": 1,
		"search_index": 1,
		"default": "0",
	},
	{
		"fieldname": "sender_identity",
		"fieldtype": "Select",
		"label": "Sender",
		"options": "\nLogged In\nTyped Address\nExternal Shop\nE-mail",
		"description": "Logged In: the customer was logged in. Typed Address: a guest typed this address, "
		"which may not be theirs; check before you share order details. External Shop: the shop's "
		"integration named the customer. E-mail: a letter's sender, proven only when the mail system "
		"authenticated it (Address Confirmed).",
		"insert_after": "intake_pending",
		"read_only": 1,
		"no_copy": 1,
		"in_standard_filter": 1,
	},
	{
		"fieldname": "customer_language",
		"fieldtype": "Data",
		"length": 10,
		"label": "Customer Language",
		"description": "The language of the page the request was sent from: e-mails to the customer use it.",
		"insert_after": "sender_identity",
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "address_confirmed",
		"fieldtype": "Check",
		"label": "Address Confirmed",
		"description": "A guest's typed address is proven once its owner opens the tracking link sent to it, or "
		"an agent confirms it: only then does the request show in that customer's My Requests.",
		"insert_after": "contact_phone",
		"read_only": 1,
		"no_copy": 1,
		"default": "0",
	},
	{
		"fieldname": "tracking_revision",
		"fieldtype": "Int",
		"label": "Tracking Link Revision",
		"description": "Raised when an agent revokes the request's tracking links: links sent before stop working.",
		"insert_after": "address_confirmed",
		"read_only": 1,
		"hidden": 1,
		"no_copy": 1,
		"default": "0",
	},
	{
		"fieldname": "contact_by_phone",
		"fieldtype": "Check",
		"label": "Answer by Phone",
		"description": "The customer asked to be called back: they get no e-mail about this request (no "
		"acknowledgement, replies or resolution e-mail); replies stay on their request page.",
		"insert_after": "customer_language",
		"no_copy": 1,
	},
	{
		"fieldname": "contact_phone",
		"fieldtype": "Data",
		"options": "Phone",
		"length": 20,
		"label": "Phone to Call",
		"insert_after": "contact_by_phone",
		"depends_on": "contact_by_phone",
		"no_copy": 1,
	},
	{
		"fieldname": "routing_section",
		"fieldtype": "Section Break",
		"label": "Routing",
		"insert_after": "customer_language",
	},
	{
		"fieldname": "support_team",
		"fieldtype": "Link",
		"label": "Support Team",
		"options": "Service Desk Team",
		"insert_after": "routing_section",
		"in_standard_filter": 1,
		"in_list_view": 1,
		"search_index": 1,
	},
	{
		"fieldname": "routing_rule",
		"fieldtype": "Link",
		"label": "Routing Rule",
		"options": "Routing Rule",
		"insert_after": "support_team",
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "routing_column_break",
		"fieldtype": "Column Break",
		"insert_after": "routing_rule",
	},
	{
		"fieldname": "routing_reason",
		"fieldtype": "Small Text",
		"label": "Why Routed Here",
		"insert_after": "routing_column_break",
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "assignment_pending",
		"fieldtype": "Check",
		"label": "Assignment Pending",
		"description": "Routed; the assignment is made by a background job.",
		"insert_after": "routing_reason",
		"hidden": 1,
		"read_only": 1,
		"no_copy": 1,
		"search_index": 1,
		"default": "0",
	},
	{
		"fieldname": "escalated",
		"fieldtype": "Check",
		"label": "Escalated",
		"insert_after": "assignment_pending",
		"read_only": 1,
		"no_copy": 1,
		"in_standard_filter": 1,
		"default": "0",
	},
	{
		"fieldname": "escalation_level",
		"fieldtype": "Int",
		"label": "Escalation Level",
		"insert_after": "escalated",
		"read_only": 1,
		"no_copy": 1,
		"in_list_view": 1,
		"default": "0",
	},
]

# the triage assistant's reading of a request (servicedesk_shop.triage.service)
TRIAGE_FIELDS = [
	{
		"fieldname": "triage_section",
		"fieldtype": "Section Break",
		"label": "Triage",
		"insert_after": "escalation_level",
	},
	{
		"fieldname": "customer_mood",
		"fieldtype": "Select",
		"label": "Customer Mood",
		"options": "\nAngry\nNegative\nNeutral\nPositive",
		"description": "Read from the customer's words; correct it when it is wrong, and the model learns.",
		"insert_after": "triage_section",
		"in_standard_filter": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "triage_category",
		"fieldtype": "Link",
		"label": "Suggested Category",
		"options": "Issue Type",
		"insert_after": "customer_mood",
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "triage_confidence",
		"fieldtype": "Percent",
		"label": "Category Confidence",
		"insert_after": "triage_category",
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "triage_applied",
		"fieldtype": "Check",
		"label": "Category Set by Triage",
		"description": "The customer chose no category; the suggestion was sure enough to set it.",
		"insert_after": "triage_confidence",
		"read_only": 1,
		"no_copy": 1,
		"default": "0",
	},
	{
		"fieldname": "triage_column_break",
		"fieldtype": "Column Break",
		"insert_after": "triage_applied",
	},
	{
		"fieldname": "triage_urgency",
		"fieldtype": "Link",
		"label": "Suggested Urgency",
		"options": "Issue Priority",
		"insert_after": "triage_column_break",
		"read_only": 1,
		"no_copy": 1,
		"in_standard_filter": 1,
	},
	{
		"fieldname": "triage_urgency_confidence",
		"fieldtype": "Percent",
		"label": "Urgency Confidence",
		"insert_after": "triage_urgency",
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "customer_mood_confidence",
		"fieldtype": "Percent",
		"label": "Mood Confidence",
		"insert_after": "triage_urgency_confidence",
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "triage_column_break_2",
		"fieldtype": "Column Break",
		"insert_after": "customer_mood_confidence",
	},
	{
		"fieldname": "triage_explanation",
		"fieldtype": "Small Text",
		"label": "Why",
		"description": "The words that decided each suggestion.",
		"insert_after": "triage_column_break_2",
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "triage_model",
		"fieldtype": "Link",
		"label": "Triage Model",
		"options": "Triage Model",
		"insert_after": "triage_explanation",
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "triage_mood",
		"fieldtype": "Select",
		"label": "Suggested Mood",
		"options": "\nAngry\nNegative\nNeutral\nPositive",
		"description": "The mood as triage read it, kept when an agent corrects Customer Mood.",
		"insert_after": "triage_model",
		"hidden": 1,
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "mood_confirmed",
		"fieldtype": "Check",
		"label": "Mood Set by an Agent",
		"insert_after": "triage_mood",
		"hidden": 1,
		"read_only": 1,
		"no_copy": 1,
		"default": "0",
	},
	{
		"fieldname": "triage_labelled_on",
		"fieldtype": "Datetime",
		"label": "Labelled On",
		"description": "When an agent resolved the request or corrected its category or mood: a training label.",
		"insert_after": "mood_confirmed",
		"hidden": 1,
		"read_only": 1,
		"no_copy": 1,
		"search_index": 1,
	},
]

# the customer's rating of the answer (servicedesk_shop.customer.csat)
CSAT_FIELDS = [
	{
		"fieldname": "csat_section",
		"fieldtype": "Section Break",
		"label": "Customer Rating",
		"insert_after": "triage_labelled_on",
		"collapsible": 1,
		"collapsible_depends_on": "csat_rating",
	},
	{
		"fieldname": "csat_rating",
		"fieldtype": "Rating",
		"label": "Customer Rating",
		"description": "How the customer rated the answer, 1 to 5 stars, from the resolution e-mail or My Requests.",
		"insert_after": "csat_section",
		"read_only": 1,
		"no_copy": 1,
		"in_standard_filter": 1,
	},
	{
		"fieldname": "csat_rated_on",
		"fieldtype": "Datetime",
		"label": "Rated On",
		"insert_after": "csat_rating",
		"read_only": 1,
		"no_copy": 1,
		"search_index": 1,
	},
	{
		"fieldname": "resolved_on",
		"fieldtype": "Datetime",
		"label": "Resolved On",
		"description": "When the request became Resolved or Closed: the customer may reopen and rate it for some days after.",
		"insert_after": "csat_rated_on",
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "resolved_by",
		"fieldtype": "Link",
		"options": "User",
		"label": "Resolved By",
		"description": "The agent who set the request Resolved: "
		"a size complaint an agent resolved counts for the fit advice even from someone who did not buy the "
		"item. Closing a request without resolving it (spam) does not count.",
		"insert_after": "resolved_on",
		"read_only": 1,
		"no_copy": 1,
	},
	{
		"fieldname": "csat_column_break",
		"fieldtype": "Column Break",
		"insert_after": "resolved_by",
	},
	{
		"fieldname": "csat_comment",
		"fieldtype": "Small Text",
		"label": "Customer's Comment",
		"insert_after": "csat_column_break",
		"read_only": 1,
		"no_copy": 1,
	},
]

# (fields, name): the SLA sweep reads Open Issues by agreement status and deadline
ISSUE_INDEXES = [
	(["status", "agreement_status", "response_by"], "servicedesk_sla_response"),
	(["status", "agreement_status", "sla_resolution_by"], "servicedesk_sla_resolution"),
	# My Requests: a customer's requests by their addresses (ERPNext indexes `customer` itself)
	(["raised_by"], "servicedesk_raised_by"),
	# the insight reports: the requests opened in a period
	(["opening_date"], "servicedesk_opening_date"),
]
# (doctype, fields, name): the insight reports and the fit advice job
OTHER_INDEXES = [
	("Exit Feedback", ["creation"], "servicedesk_exit_creation"),
	("Fit Observation", ["reference_doctype", "reference_name"], "servicedesk_fit_reference"),
	("Delivery Note", ["is_return", "modified"], "servicedesk_return_modified"),
	("Sales Invoice", ["is_return", "modified"], "servicedesk_return_modified"),
]

# What ERPNext's /issues list shows a customer. Without columns of its own, a Web Form lists every field
# shown in the desk's list view, and so showed customers the Support Team and Escalation Level.
ISSUES_WEB_FORM_COLUMNS = [
	("subject", "Data", "Subject"),
	("status", "Select", "Status"),
	("issue_type", "Link", "Issue Type"),
	("opening_date", "Date", "Opening Date"),
]

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


ORDER_LINES_FIELDS = [
	{
		"fieldname": "returns_section",
		"fieldtype": "Section Break",
		"label": "Order Lines",
		"insert_after": "csat_comment",
		"collapsible": 1,
		"collapsible_depends_on": "order_lines",
	},
	{
		"fieldname": "order_lines",
		"fieldtype": "Table",
		"label": "Order Lines",
		"options": "Issue Order Line",
		"insert_after": "returns_section",
	},
]

RETURN_FIELDS = {
	("Delivery Note", "Sales Invoice"): [
		{
			"fieldname": "issue",
			"fieldtype": "Link",
			"label": "Issue",
			"options": "Issue",
			"insert_after": "return_against",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
		{
			"fieldname": "return_reason",
			"fieldtype": "Link",
			"label": "Return Reason",
			"options": "Return Reason",
			"insert_after": "issue",
			"depends_on": "is_return",
			"no_copy": 1,
		},
	],
	("Delivery Note Item", "Sales Invoice Item"): [
		{
			"fieldname": "return_reason",
			"fieldtype": "Link",
			"label": "Return Reason",
			"options": "Return Reason",
			"insert_after": "item_name",
			"depends_on": "eval:parent.is_return",
			"no_copy": 1,
		},
	],
	"Sales Order": [
		{
			"fieldname": "issue",
			"fieldtype": "Link",
			"label": "Issue",
			"options": "Issue",
			"insert_after": "po_no",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
			"description": "The request this order exchanges goods for.",
		},
	],
}

RETURN_REASONS = [
	("Size too small", "Size and Fit"),
	("Size too big", "Size and Fit"),
	("Fit", "Size and Fit"),
	("Quality or defect", "Quality or Defect"),
	("Not as described", "Return or Exchange"),
	("Wrong item sent", "Delivery"),
	("Damaged in delivery", "Delivery"),
	("Late delivery", "Delivery"),
	("Changed mind", "Return or Exchange"),
]


def get_custom_fields() -> dict:
	return {
		**RETURN_FIELDS,
		"Issue": [
			*ISSUE_CUSTOM_FIELDS,
			*TRIAGE_FIELDS,
			*CSAT_FIELDS,
			*ORDER_LINES_FIELDS,
			*INBOX_FIELDS["Issue"],
		],
		"Communication": INBOX_FIELDS["Communication"],
	}


def after_install():
	sync_custom_fields()
	make_default_records()
	grant_read_access()
	apply_sweep_interval()
	set_issues_list_columns()
	ensure_defaults(SETTINGS_DEFAULTS)
	ensure_triage_model()


def after_migrate():
	sync_custom_fields()
	make_roles()
	grant_read_access()
	apply_sweep_interval()
	set_issues_list_columns()
	ensure_defaults(SETTINGS_DEFAULTS)
	ensure_triage_model()


def before_uninstall():
	delete_custom_fields(get_custom_fields())
	frappe.db.delete("Web Form List Column", {"parent": "issues", "parenttype": "Web Form"})
	revoke_read_access()
	for _fields, name in ISSUE_INDEXES:
		if frappe.db.has_index("tabIssue", name):
			frappe.db.sql_ddl(f"alter table `tabIssue` drop index `{name}`")
	for doctype in ("Delivery Note", "Sales Invoice"):
		if frappe.db.has_index(f"tab{doctype}", "servicedesk_return_modified"):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `servicedesk_return_modified`")


def sync_custom_fields():
	create_custom_fields(get_custom_fields(), ignore_validate=True)
	for fields, name in ISSUE_INDEXES:
		frappe.db.add_index("Issue", fields, name)
	for doctype, fields, name in OTHER_INDEXES:
		if frappe.db.table_exists(doctype):
			frappe.db.add_index(doctype, fields, name)


def delete_custom_fields(custom_fields: dict):
	"""Remove our custom fields and their columns; ERPNext's own fields stay as they were."""
	expanded = {}
	for doctypes, fields in custom_fields.items():
		for doctype in (doctypes,) if isinstance(doctypes, str) else doctypes:
			expanded.setdefault(doctype, []).extend(fields)
	for doctype, fields in expanded.items():
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
	frappe.db.delete("Web Form List Column", {"parent": "issues", "parenttype": "Web Form"})
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


def make_default_records():
	"""The shop's roles, categories (Issue Types), feedback sources and return reasons, on install (and by
	the demo and tests); existing records stay as they are, and migrate does not bring back what an admin
	deleted."""
	make_roles()
	for issue_type in ISSUE_TYPES:
		if not frappe.db.exists("Issue Type", issue_type):
			frappe.get_doc({"doctype": "Issue Type", "name": issue_type}).insert(ignore_permissions=True)
	make_return_reasons()
	make_feedback_sources()
	make_email_templates()
	make_exit_reasons()


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
	from frappe.permissions import add_permission, update_permission_property

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
	for doctype, role in READ_ACCESS:
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": role, "permlevel": 0})
		frappe.clear_cache(doctype=doctype)


def make_return_reasons():
	for reason, category in RETURN_REASONS:
		if not frappe.db.exists("Return Reason", reason):
			frappe.get_doc(
				{"doctype": "Return Reason", "reason": reason, "default_issue_type": category}
			).insert(ignore_permissions=True)


def make_feedback_sources():
	for source in FEEDBACK_SOURCES:
		priority = source.get("default_priority")
		if priority and not frappe.db.exists("Issue Priority", priority):
			frappe.get_doc({"doctype": "Issue Priority", "name": priority}).insert(ignore_permissions=True)
	for source in FEEDBACK_SOURCES:
		if frappe.db.exists("Feedback Source", source["title"]):
			continue
		doc = frappe.new_doc("Feedback Source")
		doc.update({key: value for key, value in source.items() if key != "categories"})
		for issue_type in source["categories"]:
			doc.append("categories", {"issue_type": issue_type})
		doc.insert(ignore_permissions=True)


def make_email_templates():
	from servicedesk_shop.customer.canned import make_canned_answers
	from servicedesk_shop.customer.csat import make_templates as make_resolution_templates
	from servicedesk_shop.intake.acknowledgement import make_templates

	make_templates()
	make_resolution_templates()
	make_canned_answers()
