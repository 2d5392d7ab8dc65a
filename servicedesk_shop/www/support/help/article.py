from servicedesk_shop.self_service.help_pages import article_context

no_cache = 1


def get_context(context):
	return article_context(context)
