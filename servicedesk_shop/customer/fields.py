"""The customer loop's custom fields on Issue: the customer's rating of the answer (customer.csat), and
when and by whom the request was resolved; the index of My Requests. No `frappe` import: setup.install
composes them."""

CUSTOM_FIELDS = {
	"Issue": [
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
	],
}

# (doctype, fields, index name): My Requests finds a customer's requests by their addresses (ERPNext
# indexes `customer` itself)
INDEXES = [
	("Issue", ["raised_by"], "servicedesk_raised_by"),
]
