# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class RoutingRule(Document):
	def validate(self):
		self.validate_order_total_range()
		self.validate_assignee_in_team()

	def validate_order_total_range(self):
		if self.min_order_total and self.max_order_total and self.min_order_total > self.max_order_total:
			frappe.throw(_("Order Total From must not be more than Order Total To."))

	def validate_assignee_in_team(self):
		if not self.assign_to:
			return
		members = frappe.get_all(
			"Service Desk Team Member",
			filters={"parent": self.team, "parenttype": "Service Desk Team"},
			pluck="user",
		)
		if self.assign_to not in members:
			frappe.throw(
				_("{0} is not a member of team {1}.").format(
					frappe.bold(self.assign_to), frappe.bold(self.team)
				)
			)
