# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

from frappe.model.document import Document


class ServiceDeskConversion(Document):
	"""An order the desk saved, with the contact it is counted for (impact.conversions keeps them)."""
