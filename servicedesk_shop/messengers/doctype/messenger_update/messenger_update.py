# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class MessengerUpdate(Document):
	"""A messenger's update as received (messengers.service.store_update), worked by a background job."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attempts: DF.Int
		body: DF.Code | None
		channel: DF.Link
		chat: DF.Link | None
		chat_id: DF.Data | None
		communication: DF.Link | None
		error: DF.SmallText | None
		issue: DF.Link | None
		received_on: DF.Datetime | None
		status: DF.Literal["Pending", "Held", "Done", "Failed", "Ignored"]
		update_key: DF.Data
	# end: auto-generated types


def on_doctype_update():
	"""A messenger retries an update until it gets a 2xx, sometimes several at once: the table itself
	refuses a second record of one update id, so that it makes one message (messengers.service reads the
	refusal). The sweep finds the waiting ones by status."""
	frappe.db.add_unique("Messenger Update", ["channel", "update_key"], constraint_name="channel_update")
	frappe.db.add_index("Messenger Update", ["status", "received_on"], index_name="status_received")
