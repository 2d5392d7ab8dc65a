# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

from frappe.model.document import Document


class FitAdviceEffect(Document):
	"""One item's return rate before and after its fit advice (impact.returns_avoided keeps it)."""
