# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

from frappe.model.document import Document


class ReturnRateChange(Document):
	"""One item's return rate before and after a change (impact.returns_avoided keeps it)."""
