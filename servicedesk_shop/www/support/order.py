from servicedesk_shop.self_service.order_tracking import order_page_context

no_cache = 1


def get_context(context):
	return order_page_context(context)
