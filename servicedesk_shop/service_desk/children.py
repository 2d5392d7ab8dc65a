"""The rows of a doctype's child tables read as plain lists, for the indexes and caches the capabilities
build from their settings (routing rules, escalation policies, help articles, feedback sources)."""

import frappe


def child_values(
	parenttype: str, tables: dict[str, tuple[str, str]], parents: list[str] | None = None
) -> dict[str, dict[str, list]]:
	"""For each `tables` entry, key: (child doctype, its field), that field's values by parent document,
	in the rows' order: {key: {parent: [value, ...]}}. One query per table over every `parenttype`
	document, or over `parents` only when given."""
	found = {key: {} for key in tables}
	for key, (doctype, fieldname) in tables.items():
		child = frappe.qb.DocType(doctype)
		query = (
			frappe.qb.from_(child)
			.select(child.parent, child[fieldname])
			.where(child.parenttype == parenttype)
			.orderby(child.parent)
			.orderby(child.idx)
		)
		if parents is not None:
			query = query.where(child.parent.isin(parents))
		for parent, value in query.run():
			found[key].setdefault(parent, []).append(value)
	return found
