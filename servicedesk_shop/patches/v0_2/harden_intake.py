"""Hardening (issue 13) on existing sites:
- the acknowledgement e-mail templates;
- every stored Page URL re-encoded the way the intake now stores it (one that is not a valid http(s)
  URL is cleared);
- requests and their messages stored before the sanitizing hooks made inert (Frappe's timeline shows
  a Communication's content as it is stored)."""

import frappe

from servicedesk_shop.intake.validation import FeedbackError, clean_page_url
from servicedesk_shop.service_desk.sanitize import ISSUE_HTML_FIELDS, safe_html
from servicedesk_shop.setup.records import make_email_templates

BATCH = 500


def execute():
	make_email_templates()
	reencode_page_urls()
	sanitize_stored_text()


def reencode_page_urls():
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


def sanitize_stored_text():
	issue = frappe.qb.DocType("Issue")
	for fieldname in ISSUE_HTML_FIELDS:
		rewrite("Issue", fieldname, issue[fieldname].like("%<%"))
	communication = frappe.qb.DocType("Communication")
	rewrite(
		"Communication",
		"content",
		(communication.reference_doctype == "Issue") & communication.content.like("%<%"),
	)


def rewrite(doctype: str, fieldname: str, condition):
	"""Every `doctype` row matching `condition`, its `fieldname` made safe, in batches by name."""
	table = frappe.qb.DocType(doctype)
	last = ""
	while rows := (
		frappe.qb.from_(table)
		.select(table.name, table[fieldname])
		.where(condition & (table.name > last))
		.orderby(table.name)
		.limit(BATCH)
	).run():
		for name, value in rows:
			safe = safe_html(value)
			if safe != value:
				frappe.db.set_value(doctype, name, fieldname, safe, update_modified=False)
		last = rows[-1][0]
