"""Exit Feedback recorded before item codes were checked may hold markup in `item_codes` (a JSON-looking
value passes Frappe's sanitizer, and the desk shows a read-only Small Text as HTML): escape it."""

import frappe
from frappe.utils import escape_html


def execute():
	if not frappe.db.table_exists("Exit Feedback"):
		return
	for name, codes in frappe.db.sql(
		"select name, item_codes from `tabExit Feedback` where item_codes like '%<%' or item_codes like '%>%'"
	):
		frappe.db.set_value("Exit Feedback", name, "item_codes", escape_html(codes), update_modified=False)
