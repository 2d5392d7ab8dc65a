from servicedesk_shop.portal.pages import track_context

no_cache = 1


def get_context(context):
	return track_context(context)
