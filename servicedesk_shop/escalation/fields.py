"""Escalation's custom fields on Issue and the indexes of its SLA sweep. No `frappe` import:
setup.install composes them."""

CUSTOM_FIELDS = {
	"Issue": [
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
	],
}

# (doctype, fields, index name): the SLA sweep reads Open Issues by agreement status and deadline
INDEXES = [
	("Issue", ["status", "agreement_status", "response_by"], "servicedesk_sla_response"),
	("Issue", ["status", "agreement_status", "sla_resolution_by"], "servicedesk_sla_resolution"),
]
