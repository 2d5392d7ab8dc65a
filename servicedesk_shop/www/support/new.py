from servicedesk_shop.portal.pages import new_request_context

no_cache = 1


def get_context(context):
	return new_request_context(context)
