# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from servicedesk_shop.service_desk.client_address import ProxyError, normalise_networks


class ServiceDeskSettings(Document):
	"""The settings of every capability. Each checks and applies its own fields through the hooks of this
	doctype (hooks.py doc_events), so that this core doctype imports none of them."""

	def validate(self):
		self.set_trusted_proxies()

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
