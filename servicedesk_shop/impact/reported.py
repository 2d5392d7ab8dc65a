"""What the storefront may tell of an order it placed (`ServiceDesk.orderPlaced(orderId, value,
currency)`): the checks, without `frappe`.

An order id is the storefront's number of the order: 1 to 140 characters, none of < > & " ' or a control
character (it is stored and shown as it came, and compared with the Sales Orders' names). The value is a number from 0 to MAX_VALUE, the currency a three-letter code (both or
neither). The widget sends the tab's session keys (its answers' and its exit question's), at least one.

No `frappe` import.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from servicedesk_shop.self_service.session import SESSION_KEY

MAX_ID = 140
MAX_VALUE = Decimal("1000000000")
CURRENCY = re.compile(r"^[A-Z]{3}$")
FORBIDDEN = re.compile(r"[<>&\"'\x00-\x1f\x7f]")


class OrderPlacedError(ValueError):
	"""Bad input: `code` names what is wrong."""

	def __init__(self, code: str):
		super().__init__(code)
		self.code = code


@dataclass(frozen=True)
class OrderPlaced:
	order_id: str
	value: float | None
	currency: str | None
	session: str | None
	exit_session: str | None


def check_order_placed(order_id, value=None, currency=None, session=None, exit_session=None) -> OrderPlaced:
	"""The report, checked; OrderPlacedError otherwise."""
	if not isinstance(order_id, str) or not order_id.strip():
		raise OrderPlacedError("order_id_required")
	order_id = order_id.strip()
	if len(order_id) > MAX_ID or FORBIDDEN.search(order_id):
		raise OrderPlacedError("order_id_invalid")
	amount = None
	if value not in (None, ""):
		try:
			amount = Decimal(str(value).strip())
		except (InvalidOperation, ValueError):
			raise OrderPlacedError("value_invalid") from None
		if not amount.is_finite() or amount < 0 or amount > MAX_VALUE:
			raise OrderPlacedError("value_invalid")
	if currency in (None, ""):
		currency = None
	elif not isinstance(currency, str) or not CURRENCY.match(currency.strip().upper()):
		raise OrderPlacedError("currency_invalid")
	else:
		currency = currency.strip().upper()
	if (amount is None) != (currency is None):
		raise OrderPlacedError("value_and_currency")
	keys = []
	for key in (session, exit_session):
		if key in (None, ""):
			keys.append(None)
		elif not isinstance(key, str) or not SESSION_KEY.match(key):
			raise OrderPlacedError("session_invalid")
		else:
			keys.append(key)
	if not any(keys):
		raise OrderPlacedError("session_required")
	return OrderPlaced(order_id, float(amount) if amount is not None else None, currency, *keys)
