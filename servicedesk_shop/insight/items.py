"""Item templates and sizes of item codes, in one query each (for the fit advice and the reports)."""

import frappe

from servicedesk_shop.returns.rules import variant_label
from servicedesk_shop.returns.service import variant_attributes


def templates_of(item_codes) -> dict[str, str]:
	"""{item: its template} (an item without one is its own template)."""
	codes = [code for code in set(item_codes) if code]
	if not codes:
		return {}
	item = frappe.qb.DocType("Item")
	found = dict(
		(frappe.qb.from_(item).select(item.name, item.variant_of).where(item.name.isin(codes))).run()
	)
	return {code: found.get(code) or code for code in codes if code in found}


def sizes_of(item_codes) -> dict[str, str]:
	return {code: variant_label(attrs) for code, attrs in variant_attributes(list(set(item_codes))).items()}
