from servicedesk_shop.self_service.help_pages import category_context

no_cache = 1


def get_context(context):
	return category_context(context)
