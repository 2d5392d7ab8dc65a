# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from servicedesk_shop.client_address import ProxyError, normalise_networks
from servicedesk_shop.escalation.service import apply_sweep_interval
from servicedesk_shop.intake.cors import clear_origins_cache
from servicedesk_shop.intake.origins import OriginError, parse_origins
from servicedesk_shop.routing.service import invalidate_routing


class ServiceDeskSettings(Document):
	def validate(self):
		self.validate_escalation_interval()
		self.set_storefront_origins()
		self.set_trusted_proxies()

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

	def set_trusted_proxies(self):
		"""One address or network a line (10.0.0.0/8), or a clear message naming the bad entry."""
		try:
			self.trusted_proxies = normalise_networks(self.trusted_proxies)
		except ProxyError as error:
			frappe.throw(
				_("{0} is not an address or network: write e.g. 10.0.0.5 or 10.0.0.0/8").format(
					frappe.bold(escape_html(error.entry))
				)
			)

	def on_update(self):
		invalidate_routing()
		apply_sweep_interval()
		clear_origins_cache()
