# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from servicedesk_shop.routing.service import invalidate_routing


class ServiceDeskTeam(Document):
	def validate(self):
		self.validate_members()

	def on_update(self):
		invalidate_routing()

	def on_trash(self):
		invalidate_routing()

	def after_rename(self, old, new, merge=False):
		invalidate_routing()

	def validate_members(self):
		seen = set()
		for row in self.members:
			if row.user in seen:
				frappe.throw(_("{0} is a member twice.").format(frappe.bold(row.user)))
			seen.add(row.user)
