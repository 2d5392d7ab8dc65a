from frappe.utils import get_url

from servicedesk_shop.portal.pages import query_value

no_cache = 1

MODES = ("feedback", "exit", "fit")


def get_context(context):
	"""A preview of the storefront widget: /support/widget?source=Cart&item=...&order=...; the exit mode
	with mode=exit&page=Cart&items=A,B&cart_value=4990&currency=RUB (and cart_url=/cart, where "Back to my
	cart" leads), the fit advice with mode=fit&item=..."""
	context.source = query_value("source") or "Widget"
	context.item = query_value("item")
	context.order = query_value("order")
	context.mode = query_value("mode") if query_value("mode") in MODES else "feedback"
	context.page = query_value("page") if query_value("page") in ("Cart", "Checkout") else "Cart"
	context.cart_items = query_value("items")
	context.cart_value = query_value("cart_value")
	context.currency = query_value("currency")
	cart_url = query_value("cart_url") or ""
	# a path of this site only: the preview sends nobody elsewhere
	context.cart_url = cart_url if cart_url.startswith("/") and not cart_url.startswith("//") else None
	attributes = {
		"data-source": context.source,
		"data-mode": context.mode if context.mode != "feedback" else "",
	}
	if context.mode == "exit":
		attributes.update(
			{
				"data-page": context.page,
				"data-items": context.cart_items,
				"data-cart-value": context.cart_value,
				"data-currency": context.currency,
				"data-cart-url": context.cart_url,
			}
		)
	if context.item:
		attributes["data-item"] = context.item
	if context.order and context.mode == "feedback":
		attributes["data-order"] = context.order
	context.attributes = {name: value for name, value in attributes.items() if value}
	shown = " ".join(f'{name}="{value}"' for name, value in context.attributes.items())
	context.snippet = (
		f'<script src="{get_url("/assets/servicedesk_shop/js/feedback_widget.js")}" {shown} defer></script>'
	)
	return context
