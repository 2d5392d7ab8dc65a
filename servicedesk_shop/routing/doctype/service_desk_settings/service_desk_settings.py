# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from servicedesk_shop.escalation.service import apply_sweep_interval
from servicedesk_shop.routing.service import invalidate_routing


class ServiceDeskSettings(Document):
	def validate(self):
		if self.escalation_interval and not 1 <= self.escalation_interval <= 59:
			frappe.throw(_("Sweep Every (Minutes) must be between 1 and 59."))

	def on_update(self):
		invalidate_routing()
		apply_sweep_interval()
