from servicedesk_shop.portal.rating import rate_context

no_cache = 1


def get_context(context):
	return rate_context(context)
