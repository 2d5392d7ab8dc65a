from servicedesk_shop.portal.pages import requests_context

no_cache = 1


def get_context(context):
	return requests_context(context)
