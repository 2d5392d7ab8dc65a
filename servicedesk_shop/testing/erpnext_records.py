"""ERPNext's own test records that its Issue tests need, made on a fresh test site."""

import frappe
from frappe.test_runner import make_test_records


def make_erpnext_issue_test_records() -> bool:
	"""`_Test Company` with what it needs, as ERPNext's test records describe them; whether it exists.

	ERPNext's test_issue files its requests under `_Test Company` and makes everything else itself, so
	`run-tests --module ...test_issue` fails on a fresh site. `run-tests --doctype Issue` would make the
	records, but it walks every doctype Issue links to, and reaches records that name `_Test Customer`
	before Customer's own: on a fresh site with this app it stops at "Could not find Customer: _Test
	Customer". bin/test calls this where `_Test Company` is missing."""
	frappe.flags.in_test = True
	if not isinstance(getattr(frappe.local, "test_objects", None), dict):
		frappe.local.test_objects = {}
	# force: also where the site's .test_log names a doctype whose records a test's rollback dropped (the
	# app's test run logs doctypes so), which Frappe would otherwise never make again
	make_test_records("Company", force=True, commit=True)
	frappe.db.commit()  # nosemgrep: test records, kept for the test runs that follow
	return bool(frappe.db.exists("Company", "_Test Company"))
