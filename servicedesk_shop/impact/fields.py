"""The impact's custom fields: on a request, whether the cause of a complaint was fixed and how often it
was reopened; on a Sales Order, when it was submitted (the conversion window is measured to it). Its
indexes: the conversions' look-ups of a customer's contacts. No `frappe` import: setup.install composes
them."""

CUSTOM_FIELDS = {
	"Issue": [
		{
			"fieldname": "impact_section",
			"fieldtype": "Section Break",
			"label": "Cause Fixed",
			"insert_after": "order_lines",
			"collapsible": 1,
			"collapsible_depends_on": "cause_fixed",
		},
		{
			"fieldname": "cause_fixed",
			"fieldtype": "Check",
			"label": "Cause Fixed",
			"insert_after": "impact_section",
			"no_copy": 1,
			"description": "The cause of this complaint was fixed (a supplier, a pattern, a seam): the Service Desk "
			"Impact report shows the item's return rate after the date.",
		},
		{
			"fieldname": "cause_fixed_on",
			"fieldtype": "Date",
			"label": "Cause Fixed On",
			"insert_after": "cause_fixed",
			"depends_on": "cause_fixed",
			"mandatory_depends_on": "cause_fixed",
			"no_copy": 1,
			"search_index": 1,
		},
		{
			"fieldname": "impact_column_break",
			"fieldtype": "Column Break",
			"insert_after": "cause_fixed_on",
		},
		{
			"fieldname": "reopen_count",
			"fieldtype": "Int",
			"label": "Times Reopened",
			"insert_after": "impact_column_break",
			"read_only": 1,
			"no_copy": 1,
			"default": "0",
			"description": "How often the request was opened again after it was resolved or closed (by the "
			"customer's message or an agent): a reopened request was not resolved at first contact.",
		},
	],
	"Sales Order": [
		{
			"fieldname": "servicedesk_submitted_on",
			"fieldtype": "Datetime",
			"label": "Submitted On",
			"insert_after": "issue",
			"read_only": 1,
			"hidden": 1,
			"no_copy": 1,
			"description": "When the order was submitted: the service desk's conversion window is measured to it.",
		},
	],
}

# (doctype, fields, index name): the conversions find a customer's requests by their first answer, their
# exit feedback by e-mail, and a session's or an order's self-service resolutions; the months find the
# orders a request names and an item's fit advice shown
INDEXES = [
	("Exit Feedback", ["email", "creation"], "servicedesk_exit_email"),
	("Self Service Resolution", ["session_key"], "servicedesk_resolution_session"),
	("Self Service Resolution", ["sales_order"], "servicedesk_resolution_order"),
	("Issue", ["first_responded_on"], "servicedesk_first_responded"),
	("Fit Advice Tally", ["template", "date"], "servicedesk_tally_template_date"),
	("Issue Order Line", ["sales_order"], "servicedesk_order_line_order"),
]
