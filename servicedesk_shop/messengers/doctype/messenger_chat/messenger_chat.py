# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class MessengerChat(Document):
	"""A shopper's chat with a channel. Made by the incoming job (messengers.service.chat_for), one per
	channel and chat id."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.Data | None
		channel: DF.Link
		channel_type: DF.Data | None
		chat_id: DF.Data
		code_attempts: DF.Int
		code_hash: DF.Data | None
		code_sent_on: DF.Datetime | None
		contact: DF.Link | None
		customer: DF.Link | None
		display_name: DF.Data | None
		email: DF.Data | None
		language: DF.Data | None
		last_issue: DF.Link | None
		pending_email: DF.Data | None
		user_id: DF.Data | None
		verified_by: DF.Literal["", "Phone", "E-mail"]
		verified_on: DF.Datetime | None
	# end: auto-generated types


def on_doctype_update():
	"""One chat per channel and chat id, however many updates of a new chat are processed at once: the
	second insert waits for the first and is refused (messengers.service.chat_for reads the refusal)."""
	frappe.db.add_unique("Messenger Chat", ["channel", "chat_id"], constraint_name="channel_chat")
