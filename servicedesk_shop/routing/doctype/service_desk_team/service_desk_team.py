# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class ServiceDeskTeam(Document):
	def validate(self):
		self.validate_members()

	def validate_members(self):
		seen = set()
		for row in self.members:
			if row.user in seen:
				frappe.throw(_("{0} is a member twice.").format(frappe.bold(row.user)))
			seen.add(row.user)
