"""Issues that ERPNext creates from incoming e-mail join the intake: E-mail source and order link."""

import frappe
from frappe.utils import strip_html

from servicedesk_shop.intake.service import find_customer, find_order_links
from servicedesk_shop.intake.sources import get_order_prefixes
from servicedesk_shop.intake.text import SCAN_LIMIT, find_order_numbers

EMAIL_SOURCE = "E-mail"
EMAIL_SCAN_CHARS = 4 * SCAN_LIMIT
"""Characters of an e-mail's HTML read for order numbers: an uncapped body (a quoted thread, a pasted
log) must not make strip_html and the scan slow; the customer names the order near the top."""


def link_email_issue(doc, method=None):
	"""On a received e-mail appended to an Issue that has no source yet: mark it as from E-mail and
	link the order named in the mail if it belongs to the sender's customer."""
	if (
		doc.reference_doctype != "Issue"
		or not doc.reference_name
		or doc.communication_medium != "Email"
		or doc.sent_or_received != "Received"
		or not doc.email_account
	):
		return

	issue = frappe.db.get_value(
		"Issue",
		doc.reference_name,
		["name", "feedback_source", "sales_order", "customer", "raised_by"],
		as_dict=True,
	)
	if not issue or issue.feedback_source:
		return

	values = {}
	if frappe.db.exists("Feedback Source", EMAIL_SOURCE):
		values["feedback_source"] = EMAIL_SOURCE

	customer = issue.customer or find_customer((issue.raised_by or doc.sender or "").lower())[0]
	if customer and not issue.sales_order:
		# a plain-text letter is inserted with empty content (Frappe fills it in on a second save): its
		# words are in text_content
		body = doc.content or doc.get("text_content") or ""
		text = f"{doc.subject or ''}\n{strip_html(body[:EMAIL_SCAN_CHARS])}"
		values.update(find_order_links(customer, find_order_numbers(text, get_order_prefixes())))

	if values:
		frappe.db.set_value("Issue", issue.name, values, update_modified=False)
