"""The insight reports' figures against hand-counted data, without a site."""

from collections import Counter
from datetime import date, datetime, timedelta

from servicedesk_shop.insight import figures

NOW = datetime(2026, 12, 1, 12, 0)
H = timedelta(hours=1)


def fact(group, first_h=None, responded=None, response_by=None, resolved=None, resolution_by=None, **kw):
	return figures.RequestFacts(
		group=group,
		first_response_seconds=first_h * 3600 if first_h else None,
		responded_on=responded,
		response_by=response_by,
		resolved_on=resolved,
		resolution_by=resolution_by,
		**kw,
	)


def test_the_overview_shares_against_hand_counted_data():
	t = NOW - 48 * H
	facts = [
		# Cart: 4 requests. Answered: on time, late, unanswered past its deadline, unanswered not yet due
		fact("Cart", 1, t + H, t + 2 * H, t + 5 * H, t + 24 * H, escalated=False, stars=5),
		fact("Cart", 3, t + 3 * H, t + 2 * H, None, t + 24 * H, escalated=True, stars=2),
		fact("Cart", None, None, t + 2 * H, None, None, escalated=True),
		fact("Cart", None, None, NOW + H, None, NOW + 10 * H),
		# Delivery: 1 request, no SLA at all
		fact("Delivery", 2),
	]
	rows = {row.group: row for row in figures.overview(facts, NOW)}
	cart = rows["Cart"]
	assert cart.requests == 4
	assert cart.median_first_response_hours == 2.0  # median of 1 h and 3 h
	assert cart.answered_in_sla == 33.3  # 1 of the 3 due (on time, late, missed; one not yet due)
	assert cart.resolved_in_sla == 50.0  # 1 resolved in time, 1 past its deadline unresolved
	assert (cart.escalations, cart.rated, cart.csat) == (2, 2, 3.5)
	delivery = rows["Delivery"]
	assert (delivery.answered_in_sla, delivery.resolved_in_sla, delivery.csat) == (None, None, None)
	assert [row.group for row in figures.overview(facts, NOW)] == ["Cart", "Delivery"]  # most requests first


def test_weeks_start_on_monday():
	assert figures.week_of(date(2026, 12, 3)) == date(2026, 11, 30)
	assert figures.week_of(datetime(2026, 11, 30, 0, 1)) == date(2026, 11, 30)
	assert figures.week_of(None) is None


def test_the_return_rate_and_complaints_per_item_and_size():
	rows = figures.complaints_and_returns(
		complaints=[
			("DRESS", "M", "Size and Fit", 2),
			("DRESS", "M", "Size and Fit", 1),
			("DRESS", "M", "Quality or Defect", 1),
			("BRA", "75B", "Delivery", 4),
		],
		returns=[
			("DRESS", "M", "Size too small", 2),
			("DRESS", "M", "Quality or defect", 1),
			("DRESS", "L", "Changed mind", 1),
		],
		deliveries=[("DRESS", "M", 10), ("DRESS", "M", 2), ("DRESS", "L", 4), ("BRA", "75B", 7)],
	)
	by_key = {(r.template, r.size): r for r in rows}
	medium = by_key[("DRESS", "M")]
	assert (medium.size_complaints, medium.quality_complaints) == (3, 1)
	assert (medium.returned_qty, medium.returned_for_size, medium.returned_for_quality) == (3, 2, 1)
	assert medium.delivered_qty == 12 and medium.return_rate == 25.0
	assert medium.main_reason == "Size too small"
	assert by_key[("DRESS", "L")].return_rate == 25.0
	assert ("BRA", "75B") not in by_key  # a delivery complaint is neither size nor quality
	assert rows[0] is medium

	top = figures.top_items(rows)
	assert top[0]["template"] == "DRESS"
	assert (top[0]["complaints"], top[0]["returned"], top[0]["delivered"]) == (4, 4, 16)
	assert top[0]["return_rate"] == 25.0 and top[0]["sizes"] == ["M", "L"]


def test_exit_reasons_with_cart_values_and_shares():
	feedback = [
		{
			"reason": "The delivery cost",
			"page": "Checkout",
			"week": "2026-11-30",
			"count": 3,
			"cart_value": 9000,
		},
		{"reason": "The delivery cost", "page": "Cart", "week": "2026-11-23", "count": 1, "cart_value": 1000},
		{"reason": "Just looking", "page": "Cart", "week": "2026-11-30", "count": 4, "cart_value": 0},
	]
	by_reason = {row.key: row for row in figures.exit_reasons(feedback)}
	delivery = by_reason[("The delivery cost",)]
	assert (delivery.count, delivery.cart_value, delivery.average_cart, delivery.share) == (
		4,
		10000,
		2500,
		50.0,
	)
	by_page = {row.key: row.count for row in figures.exit_reasons(feedback, ("page", "reason"))}
	assert by_page == {
		("Checkout", "The delivery cost"): 3,
		("Cart", "The delivery cost"): 1,
		("Cart", "Just looking"): 4,
	}


def test_the_digest_compares_the_week_with_the_one_before():
	changes = figures.reason_changes(
		Counter({"The delivery cost": 12, "Just looking": 5}), Counter({"The delivery cost": 8})
	)
	assert changes[0] == {
		"reason": "The delivery cost",
		"count": 12,
		"previous": 8,
		"change": 4,
		"change_percent": 50.0,
	}
	assert changes[1]["change_percent"] is None  # nothing the week before
