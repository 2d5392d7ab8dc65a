import pytest

from servicedesk_shop.returns.rules import (
	ReturnableLine,
	ReturnError,
	check_return_quantities,
	exchange_variant,
	returns_report,
	variant_label,
)

LINES = {
	"dn-1": ReturnableLine("dn-1", "DRESS-M", qty=2, returned=0),
	"dn-2": ReturnableLine("dn-2", "BRA-S", qty=3, returned=2),
	"dn-3": ReturnableLine("dn-3", "SHIRT-L", qty=1, returned=1),
}


def error(requested):
	with pytest.raises(ReturnError) as info:
		check_return_quantities(requested, LINES)
	return info.value


def test_partial_and_full_returns_are_allowed():
	assert check_return_quantities({"dn-1": 1}, LINES) == {"dn-1": 1.0}
	assert check_return_quantities({"dn-1": "2", "dn-2": 1}, LINES) == {"dn-1": 2.0, "dn-2": 1.0}


def test_never_more_than_delivered_minus_returned():
	err = error({"dn-2": 2})
	assert (err.code, err.params["returnable"]) == ("too_many", 1)
	assert error({"dn-3": 1}).code == "too_many"
	assert error({"dn-1": 2.5}).code == "too_many"


@pytest.mark.parametrize("qty", [0, -1, "abc", None, "nan", float("nan"), "-inf"])
def test_quantity_must_be_positive_number(qty):
	assert error({"dn-1": qty}).code == "bad_qty"


def test_foreign_or_unknown_lines_are_refused():
	assert error({"dn-999": 1}).code == "unknown_line"
	assert error({}).code == "no_lines"


def test_returnable_never_negative():
	assert ReturnableLine("x", "y", qty=1, returned=3).returnable == 0


VARIANTS = {
	"DRESS-RED-S": {"Size": "S", "Colour": "Red"},
	"DRESS-RED-M": {"Size": "M", "Colour": "Red"},
	"DRESS-BLUE-L": {"Size": "L", "Colour": "Blue"},
	"DRESS-RED-L": {"Size": "L", "Colour": "Red"},
}


def test_exchange_keeps_other_attributes():
	assert exchange_variant(VARIANTS, {"Size": "M", "Colour": "Red"}, "Size", "L") == "DRESS-RED-L"
	assert exchange_variant(VARIANTS, {"Size": "L", "Colour": "Blue"}, "Size", "S") is None
	assert exchange_variant({}, {"Size": "M"}, "Size", "L") is None


def test_variant_label():
	assert variant_label({"Size": "M", "Colour": "Red"}) == "Red / M"
	assert variant_label({}) == ""


def test_report_groups_sums_and_shares():
	returns = [
		("DRESS", "M", "Size too small", 1, 4990),
		("DRESS", "M", "Size too small", 2, 9980),
		("DRESS", "M", "Quality or defect", 1, 4990),
		("BRA", "S", "", 1, 2490),
	]
	deliveries = [("DRESS", "M", 5), ("DRESS", "M", 5), ("BRA", "S", 4), ("SHIRT", "L", 9)]
	rows = returns_report(returns, deliveries, {"DRESS": 3})
	first = rows[0]
	assert (first.template, first.size, first.reason) == ("DRESS", "M", "Size too small")
	assert (first.returned_qty, first.returned_value, first.delivered_qty) == (3, 14970, 10)
	assert first.share_returned == 30.0
	assert first.issues == 3
	assert [r.reason for r in rows] == ["Size too small", "", "Quality or defect"]
	assert rows[1].share_returned == 25.0 and rows[1].issues == 0
	assert returns_report([], deliveries, {}) == []


def test_share_without_deliveries_is_zero():
	(row,) = returns_report([("X", "M", "r", 1, 10)], [], {})
	assert row.share_returned == 0.0
