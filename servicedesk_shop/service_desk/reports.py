"""The pieces every query report of the app hands to Frappe, in one shape: a column and a chart. No
`frappe` import: the labels come translated from the report."""


def column(
	fieldname: str, label: str, fieldtype: str, width: int, options: str | None = None, **extra
) -> dict:
	"""A report column; `options` the linked doctype (Link) or the currency field (Currency)."""
	found = {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **extra}
	if options:
		found["options"] = options
	return found


def chart(
	labels: list,
	datasets: dict[str, list],
	colors: list[str] | None = None,
	kind: str = "bar",
	stacked: bool = False,
	**extra,
) -> dict | None:
	"""A Frappe chart of `datasets` ({name: values}) over `labels`; None over no labels (the report shows
	no chart)."""
	if not labels:
		return None
	found = {
		"data": {
			"labels": labels,
			"datasets": [{"name": name, "values": values} for name, values in datasets.items()],
		},
		"type": kind,
		**extra,
	}
	if stacked:
		found["barOptions"] = {"stacked": 1}
	if colors:
		found["colors"] = colors
	return found
