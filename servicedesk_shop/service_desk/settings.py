"""Service Desk Settings values that a capability reads, with their defaults on sites saved before the
field existed (a Single keeps only the values it stored: a new field would read as empty)."""

import frappe

DOCTYPE = "Service Desk Settings"


def ensure_defaults(defaults: dict) -> None:
	"""Store `defaults` for the fields of `defaults` that the site's settings never stored."""
	singles = frappe.qb.Table("tabSingles")
	stored = set(
		(
			frappe.qb.from_(singles)
			.select(singles.field)
			.where(singles.doctype == DOCTYPE)
			.where(singles.field.isin(list(defaults)))
		).run(pluck=True)
	)
	missing = {field: value for field, value in defaults.items() if field not in stored}
	if missing:
		frappe.db.set_single_value(DOCTYPE, missing)
		frappe.clear_document_cache(DOCTYPE, DOCTYPE)


def value(field: str, default: int) -> int:
	"""An integer setting; `default` when it is empty or not a number (cached per request by Frappe)."""
	stored = frappe.db.get_single_value(DOCTYPE, field, cache=True)
	try:
		return int(stored) if stored not in (None, "") else default
	except (TypeError, ValueError):
		return default
