from servicedesk_shop.setup.records import make_return_reasons


def execute():
	"""Sites installed before returns existed get the default Return Reasons once."""
	make_return_reasons()
