"""The returns' custom fields: a request's order lines, and on ERPNext's returns and exchange orders the
request and the reason. No `frappe` import: setup.install composes them."""

CUSTOM_FIELDS = {
	"Issue": [
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
	],
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
