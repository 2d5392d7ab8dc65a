# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

from frappe.model.document import Document


class ServiceDeskImpactMonth(Document):
	"""A month's figures, kept by impact.months (a month is counted again when its documents change)."""
