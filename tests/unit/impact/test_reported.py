"""What the storefront may report of an order it placed."""

import pytest

from servicedesk_shop.impact.reported import OrderPlacedError, check_order_placed

KEY = "impact-session-key-0000000001"


def test_a_good_report():
	found = check_order_placed(" A-1001 ", "7480.50", "rub", exit_session=KEY)
	assert (found.order_id, found.value, found.currency, found.session, found.exit_session) == (
		"A-1001",
		7480.5,
		"RUB",
		None,
		KEY,
	)
	assert check_order_placed("A-1", session=KEY).value is None


@pytest.mark.parametrize(
	"arguments, code",
	[
		({"order_id": None}, "order_id_required"),
		({"order_id": "   "}, "order_id_required"),
		({"order_id": "x" * 141}, "order_id_invalid"),
		({"order_id": "<script>"}, "order_id_invalid"),
		({"order_id": 'A"1'}, "order_id_invalid"),
		({"order_id": "A\n1"}, "order_id_invalid"),
		({"order_id": "A-1", "value": "abc", "currency": "RUB"}, "value_invalid"),
		({"order_id": "A-1", "value": "-1", "currency": "RUB"}, "value_invalid"),
		({"order_id": "A-1", "value": "nan", "currency": "RUB"}, "value_invalid"),
		({"order_id": "A-1", "value": "1e12", "currency": "RUB"}, "value_invalid"),
		({"order_id": "A-1", "value": "5", "currency": "RU"}, "currency_invalid"),
		({"order_id": "A-1", "value": "5"}, "value_and_currency"),
		({"order_id": "A-1", "currency": "RUB"}, "value_and_currency"),
		({"order_id": "A-1", "session": "short"}, "session_invalid"),
		({"order_id": "A-1"}, "session_required"),
	],
)
def test_bad_reports(arguments, code):
	arguments.setdefault("exit_session", KEY if code not in ("session_invalid", "session_required") else None)
	with pytest.raises(OrderPlacedError) as raised:
		check_order_placed(**arguments)
	assert raised.value.code == code
