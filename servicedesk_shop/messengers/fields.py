"""The messengers' custom fields: the chat a request came from, and how an answer's delivery to it went.
No `frappe` import: setup.install composes them."""

CUSTOM_FIELDS: dict = {
	# an answer sent to a chat (messengers.delivery): which chat, how its delivery went, the messenger's id
	# of the message; Frappe's own delivery_status shows the same on the request's timeline
	"Communication": [
		{
			"fieldname": "messenger_chat",
			"fieldtype": "Link",
			"options": "Messenger Chat",
			"label": "Messenger Chat",
			"insert_after": "delivery_status",
			"read_only": 1,
			"no_copy": 1,
			"depends_on": "messenger_chat",
		},
		{
			"fieldname": "messenger_status",
			"fieldtype": "Select",
			"options": "\nSending\nSent\nError",
			"label": "Delivery to the Chat",
			"insert_after": "messenger_chat",
			"read_only": 1,
			"no_copy": 1,
			"depends_on": "messenger_chat",
		},
		{
			"fieldname": "messenger_message_id",
			"fieldtype": "Data",
			"label": "Message ID in the Chat",
			"insert_after": "messenger_status",
			"read_only": 1,
			"no_copy": 1,
			"depends_on": "messenger_message_id",
		},
		{
			"fieldname": "messenger_error",
			"fieldtype": "Small Text",
			"label": "Delivery Error",
			"description": "Why the messenger refused the message or could not be reached. "
			"Retry Delivery on the request sends it again.",
			"insert_after": "messenger_message_id",
			"read_only": 1,
			"no_copy": 1,
			"depends_on": "messenger_error",
		},
		{
			"fieldname": "messenger_rating",
			"fieldtype": "Check",
			"label": "With Rating Buttons",
			"insert_after": "messenger_error",
			"read_only": 1,
			"no_copy": 1,
			"hidden": 1,
		},
	],
	"Issue": [
		# the chat a request came from (messengers.service): its answers go there
		{
			"fieldname": "messenger_chat",
			"fieldtype": "Link",
			"options": "Messenger Chat",
			"label": "Messenger Chat",
			"description": "The Telegram or VK chat the request came from: answers to its address are sent there.",
			"insert_after": "sender_identity",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
			"depends_on": "messenger_chat",
		},
		{
			"fieldname": "messenger_resolution_sent",
			"fieldtype": "Datetime",
			"label": "Resolution Sent to the Chat",
			"description": "The resolution this request's chat was told of, with the rating buttons: once per resolution.",
			"insert_after": "resolved_by",
			"read_only": 1,
			"no_copy": 1,
			"hidden": 1,
		},
	],
	# a contact's numbers by their last ten digits (messengers.rules.phone_key), kept on save: a shopper
	# who shares their phone in a chat is found by an index, not by reading every number
	"Contact Phone": [
		{
			"fieldname": "servicedesk_phone_key",
			"fieldtype": "Data",
			"label": "Phone Key",
			"insert_after": "phone",
			"read_only": 1,
			"hidden": 1,
			"no_copy": 1,
		},
	],
}

INDEXES: list = [
	("Contact Phone", ["servicedesk_phone_key"], "servicedesk_phone_key"),
]
