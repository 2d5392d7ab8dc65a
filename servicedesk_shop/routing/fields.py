"""Routing's custom fields on Issue: the team a request went to, the rule that sent it there and why.
No `frappe` import: setup.install composes them."""

CUSTOM_FIELDS = {
	"Issue": [
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
	],
}
