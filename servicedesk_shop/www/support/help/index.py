from servicedesk_shop.self_service.help_pages import home_context

no_cache = 1


def get_context(context):
	return home_context(context)
