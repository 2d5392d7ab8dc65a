# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

from frappe.model.document import Document


class StorefrontOrder(Document):
	"""An order the storefront reported through the widget (impact.orders records it)."""
