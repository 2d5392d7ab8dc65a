from frappe.utils import get_url

from servicedesk_shop.portal.pages import query_value

no_cache = 1


def get_context(context):
	"""A preview of the storefront widget: /support/widget?source=Cart&item=...&order=..."""
	context.source = query_value("source") or "Widget"
	context.item = query_value("item")
	context.order = query_value("order")
	context.snippet = (
		f'<script src="{get_url("/assets/servicedesk_shop/js/feedback_widget.js")}" '
		f'data-source="{context.source}" defer></script>'
	)
	return context
