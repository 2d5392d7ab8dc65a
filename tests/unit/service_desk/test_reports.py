"""A report's column and chart in the shape Frappe's query reports read."""

from servicedesk_shop.service_desk.reports import chart, column


def test_a_column_names_its_doctype_only_when_it_links_one():
	assert column("template", "Item", "Link", 190, "Item") == {
		"fieldname": "template",
		"label": "Item",
		"fieldtype": "Link",
		"width": 190,
		"options": "Item",
	}
	assert "options" not in column("size", "Size", "Data", 110)
	assert column("csat", "Average", "Float", 130, precision=2)["precision"] == 2


def test_a_chart_has_a_dataset_per_name_in_order():
	found = chart(["S", "M"], {"Complaints": [1, 2], "Returns": [0, 3]}, ["#fff", "#000"], stacked=True)
	assert found == {
		"data": {
			"labels": ["S", "M"],
			"datasets": [{"name": "Complaints", "values": [1, 2]}, {"name": "Returns", "values": [0, 3]}],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#fff", "#000"],
	}
	line = chart(["w1"], {"Requests": [4]}, kind="line", fieldtype="Percent")
	assert (line["type"], line["fieldtype"], "colors" in line, "barOptions" in line) == (
		"line",
		"Percent",
		False,
		False,
	)


def test_no_labels_make_no_chart():
	assert chart([], {"Requests": []}) is None
