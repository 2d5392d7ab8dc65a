"""The impact's endpoint: the storefront tells the desk of an order it placed (the widget's
`ServiceDesk.orderPlaced`). Served as servicedesk_shop.api.record_order_placed."""

from servicedesk_shop.impact import orders
from servicedesk_shop.service_desk.guards import endpoint


@endpoint("POST", guest=True)
def record_order_placed(
	order_id: str | None = None,
	value=None,
	currency: str | None = None,
	session: str | None = None,
	exit_session: str | None = None,
) -> dict:
	"""The storefront placed order `order_id` (its number; a Sales Order's name or PO number matches it)
	worth `value` in `currency`, in the browser tab whose answers' key is `session` and exit question's
	key `exit_session`: linked to that session's exit feedback and self-service answers, for the Service
	Desk Impact report. {"recorded": bool}; bad input is a 400 with its message."""
	return orders.record_order_placed(order_id, value, currency, session, exit_session)
