# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class AnswerFeedback(Document):
	pass


def on_doctype_update():
	"""Once per browser session and article: the table itself refuses a second answer, so that two "Yes"
	sent at once count once (self_service.service.record_feedback reads the refusal)."""
	frappe.db.add_unique("Answer Feedback", ["session_key", "article"], constraint_name="session_article")
