"""Hardening (issue 13) on existing sites: the acknowledgement templates, and every stored Page URL
re-encoded the way the intake now stores it (one that is not a valid http(s) URL is cleared)."""

import frappe

from servicedesk_shop.intake.validation import FeedbackError, clean_page_url
from servicedesk_shop.setup.install import make_email_templates


def execute():
	make_email_templates()
	issue = frappe.qb.DocType("Issue")
	for name, url in (
		frappe.qb.from_(issue).select(issue.name, issue.page_url).where(issue.page_url.isnotnull())
	).run():
		try:
			clean = clean_page_url(url)
		except FeedbackError:
			clean = None
		if clean != url:
			frappe.db.set_value("Issue", name, "page_url", clean, update_modified=False)
