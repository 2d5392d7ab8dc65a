"""The e-mail channel's custom fields: why a received letter made no request, and who forwarded a
customer's letter. No `frappe` import: setup.install composes them."""

CUSTOM_FIELDS = {
	"Communication": [
		{
			"fieldname": "held_back_reason",
			"fieldtype": "Data",
			"label": "Held Back",
			"description": "Why this received e-mail made no request and no acknowledgement: an automatic reply, "
			"a bounce, bulk or list mail, or mail from the shop's own address.",
			"insert_after": "communication_type",
			"read_only": 1,
			"no_copy": 1,
			"in_standard_filter": 1,
		}
	],
	"Issue": [
		{
			"fieldname": "forwarded_by",
			"fieldtype": "Link",
			"options": "User",
			"label": "Forwarded By",
			"description": "The agent who forwarded the customer's e-mail to the support address.",
			"insert_after": "tracking_revision",
			"read_only": 1,
			"no_copy": 1,
		}
	],
}
