# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

from frappe.model.document import Document


class SelfServiceTally(Document):
	"""One day's count of answers shown for an article, source, category and language. Its name is made
	from those (self_service.service.tally_name), so the hourly flush adds to a row with one upsert."""
