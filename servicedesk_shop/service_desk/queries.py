"""Small pieces of the app's `frappe.qb` queries. No `frappe` import: they work on any query-builder table."""


def columns(table, names: str) -> list:
	"""The columns of `table` named in `names`, separated by spaces as `collections.namedtuple` takes field
	names: `.select(*columns(issue, "name subject status"))` selects issue.name, issue.subject and
	issue.status."""
	return [table[name] for name in names.split()]
