"""Fit evidence counts each customer's case once (a complaint and the return started from it, or two
sizes returned at once, are one customer), and a Credit Note for delivered goods no longer counts beside
its Delivery Note return: the fit advice job reads every request and return again on its next run (it
rewrites only the documents whose observations change)."""

import frappe

from servicedesk_shop.insight.fit_advice import WATERMARK


def execute():
	for key in WATERMARK.values():
		frappe.db.set_default(key, "2000-01-01")
