from servicedesk_shop.service_desk.queries import columns


class Table:
	"""A query-builder table as `columns` uses it: a column by its name."""

	def __getitem__(self, name):
		return ("column", name)


def test_the_columns_are_named_in_order_separated_by_any_white_space():
	assert columns(Table(), "name  subject\n\tstatus") == [
		("column", "name"),
		("column", "subject"),
		("column", "status"),
	]


def test_no_names_select_no_column():
	assert columns(Table(), " ") == []
