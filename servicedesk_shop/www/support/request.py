from servicedesk_shop.portal.pages import request_context

no_cache = 1


def get_context(context):
	return request_context(context)
