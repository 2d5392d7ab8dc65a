# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class EscalationPolicy(Document):
	def validate(self):
		self.validate_levels()

	def validate_levels(self):
		if not self.levels:
			frappe.throw(_("An Escalation Policy needs at least one level."))
		for row in self.levels:
			if not (
				row.notify_team_manager
				or row.notify_user_group
				or row.notify_role
				or row.manager_chain_steps
				or row.reassign_to_user
				or row.reassign_to_team
				or row.raise_priority_to
			):
				frappe.throw(_("Level {0} tells nobody and does nothing.").format(row.idx))
