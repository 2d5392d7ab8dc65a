# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from servicedesk_shop.messengers import channels


class MessengerChannel(Document):
	"""A Telegram bot or a VK community the desk hears: its settings are read by the webhook from a
	per-process copy (messengers.channels), dropped on every change."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		api_url: DF.Data | None
		channel_name: DF.Data
		channel_type: DF.Literal["Telegram", "VK"]
		confirmation: DF.Data | None
		connected_on: DF.Datetime | None
		connection_status: DF.SmallText | None
		enabled: DF.Check
		feedback_source: DF.Link | None
		group_id: DF.Data | None
		secret: DF.Password | None
		token: DF.Password | None
		webhook_url: DF.Data | None
	# end: auto-generated types

	@property
	def webhook_url(self) -> str | None:
		return channels.webhook_url(self.name) if self.name and not self.is_new() else None

	def validate(self):
		self.set_api_url()
		self.validate_name()
		self.set_secret()
		self.set_feedback_source()

	def set_api_url(self):
		self.api_url = (self.api_url or "").strip().rstrip("/") or channels.DEFAULT_API_URLS[
			self.channel_type
		]
		if not channels.is_http_url(self.api_url):
			frappe.throw(_("API Address must be an http or https address."), title=_("Invalid API Address"))

	def validate_name(self):
		"""Chats' addresses are made from the channel's name (messengers.addresses): two channels whose
		names read the same there would share their chats' addresses."""
		taken = channels.same_address_name(self.channel_name, self.name)
		if taken:
			frappe.throw(
				_(
					"Channel {0} already has a name that reads the same in chat addresses. Choose another name."
				).format(frappe.bold(taken)),
				title=_("Name Taken"),
			)

	def set_secret(self):
		if not self.secret:
			self.secret = channels.new_secret(self.channel_type)

	def set_feedback_source(self):
		if not self.feedback_source:
			self.feedback_source = channels.ensure_feedback_source(self.channel_type)

	def on_update(self):
		channels.invalidate()

	def on_trash(self):
		channels.invalidate()
