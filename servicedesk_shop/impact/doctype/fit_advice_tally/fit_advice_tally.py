# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

from frappe.model.document import Document


class FitAdviceTally(Document):
	"""A day's count of one item's fit advice shown. Its name is made from its day, item and channel, so the hourly flush adds to it with one upsert."""
