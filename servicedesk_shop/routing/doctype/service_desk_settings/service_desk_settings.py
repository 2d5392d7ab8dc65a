# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from servicedesk_shop.escalation.service import apply_sweep_interval
from servicedesk_shop.intake.cors import clear_origins_cache
from servicedesk_shop.intake.origins import OriginError, parse_origins
from servicedesk_shop.routing.service import invalidate_routing


class ServiceDeskSettings(Document):
	def validate(self):
		self.validate_escalation_interval()
		self.set_storefront_origins()

	def validate_escalation_interval(self):
		if self.escalation_interval and not 1 <= self.escalation_interval <= 59:
			frappe.throw(_("Sweep Every (Minutes) must be between 1 and 59."))

	def set_storefront_origins(self):
		"""One normalised origin a line (https://shop.example), or a clear message naming the bad line."""
		try:
			self.storefront_origins = "\n".join(parse_origins(self.storefront_origins))
		except OriginError as error:
			frappe.throw(
				_("{0} is not an origin: write scheme and host only, e.g. https://shop.example").format(
					frappe.bold(escape_html(error.line))
				)
			)

	def on_update(self):
		invalidate_routing()
		apply_sweep_interval()
		clear_origins_cache()
