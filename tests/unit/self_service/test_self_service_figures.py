"""The Self-Service report's figures against hand-counted data, without a site."""

from datetime import date, datetime

import pytest

from servicedesk_shop.self_service.figures import (
	Answered,
	Counted,
	Facts,
	articles_of,
	automation_rate,
	self_service_rows,
	totals,
	week_of,
	weeks_between,
)

MON, WED, NEXT_MON = date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 7)


def facts() -> Facts:
	"""Two weeks, two sources (Widget, Cart), two articles (delivery, sizes):
	week 1: 3 resolutions (2 Widget/delivery, 1 Cart/sizes), 10 shown, 4 requests (1 after delivery+sizes);
	week 2: 1 resolution (Order Tracking, no article), 5 shown, 2 requests (1 after delivery)."""
	return Facts(
		resolutions=[
			Counted(MON, "Widget", "Delivery", "delivery", 2),
			Counted(WED, "Cart", "Size and Fit", "sizes", 1),
			Counted(NEXT_MON, "Order Tracking", "Delivery", None, 1),
		],
		shown=[
			Counted(MON, "Widget", "Delivery", "delivery", 6),
			Counted(WED, "Cart", "Size and Fit", "sizes", 4),
			Counted(NEXT_MON, "Widget", "Delivery", "delivery", 5),
		],
		helpful=[
			Counted(MON, "Widget", "Delivery", "delivery", 2),
			Counted(WED, "Cart", "Size and Fit", "sizes"),
		],
		not_helpful=[Counted(NEXT_MON, "Widget", "Delivery", "delivery", 1)],
		requests=[
			Counted(MON, "Widget", "Delivery", None, 3),
			Counted(WED, None, "Payment", None, 1),
			Counted(NEXT_MON, "Widget", "Delivery", None, 2),
		],
		answered=[
			Answered(MON, "Widget", "Delivery", ("delivery", "sizes")),
			Answered(NEXT_MON, "Widget", "Delivery", ("delivery",)),
		],
	)


def figures(rows):
	return {
		row.key: (row.resolutions, row.shown, row.helpful, row.not_helpful, row.requests, row.after_answer)
		for row in rows
	}


def test_by_week_every_week_of_the_period_oldest_first():
	rows = self_service_rows(facts(), "Week", (date(2026, 11, 25), date(2026, 12, 8)))
	assert [row.key for row in rows] == [date(2026, 11, 23), MON, NEXT_MON]
	assert figures(rows) == {
		date(2026, 11, 23): (0, 0, 0, 0, 0, 0),
		MON: (3, 10, 3, 0, 4, 1),
		NEXT_MON: (1, 5, 0, 1, 2, 1),
	}
	assert [row.automation_rate for row in rows] == [None, 42.9, 33.3]  # 3/7, 1/3
	assert rows[1].helpful_share == 100.0 and rows[2].helpful_share == 0.0


@pytest.mark.parametrize(
	"group_by, expected",
	[
		(
			# a request counts for its own source
			"Source",
			{
				"Widget": (2, 11, 2, 1, 5, 2),
				"Cart": (1, 4, 1, 0, 0, 0),
				"Order Tracking": (1, 0, 0, 0, 0, 0),
				None: (0, 0, 0, 0, 1, 0),
			},
		),
		(
			"Category",
			{
				"Delivery": (3, 11, 2, 1, 5, 2),
				"Size and Fit": (1, 4, 1, 0, 0, 0),
				"Payment": (0, 0, 0, 0, 1, 0),
			},
		),
		(
			# a request counts for each article shown, and the rest for none
			"Article",
			{
				"delivery": (2, 11, 2, 1, 2, 2),
				"sizes": (1, 4, 1, 0, 1, 1),
				None: (1, 0, 0, 0, 4, 0),  # order tracking; the 4 requests filed without an answer shown
			},
		),
	],
)
def test_the_figures_of_each_group(group_by, expected):
	assert figures(self_service_rows(facts(), group_by)) == expected


def test_by_source_the_busiest_first_with_its_rate():
	rows = self_service_rows(facts(), "Source")
	assert rows[0].key == "Widget"
	by_key = {row.key: row.automation_rate for row in rows}
	assert by_key == {"Widget": 28.6, "Cart": 100.0, "Order Tracking": 100.0, None: 0.0}


def test_by_article_the_most_requests_after_it_first():
	rows = self_service_rows(facts(), "Article")
	assert [row.key for row in rows] == ["delivery", "sizes", None]
	assert {row.key: row.automation_rate for row in rows} == {"delivery": 50.0, "sizes": 50.0, None: 20.0}


def test_totals_count_each_request_once():
	total = totals(facts())
	assert (total.resolutions, total.shown, total.requests, total.after_answer) == (4, 15, 6, 2)
	assert (total.helpful, total.not_helpful, total.helpful_share) == (3, 1, 75.0)
	assert total.automation_rate == 40.0  # 4 / (4 + 6)


def test_no_data_no_rate():
	assert automation_rate(0, 0) is None
	assert automation_rate(0, 5) == 0.0
	assert automation_rate(3, 0) == 100.0
	assert self_service_rows(Facts(), "Source") == []
	assert totals(Facts()).automation_rate is None


@pytest.mark.parametrize(
	"stored, articles",
	[
		('["a1", "a2"]', ["a1", "a2"]),
		('["a1", "a1", "a2"]', ["a1", "a2"]),
		(["a1"], ["a1"]),
		("", []),
		(None, []),
		("[]", []),
		("not json", []),
		('{"a": 1}', []),
		('["a1", 5, null, ""]', ["a1"]),
	],
)
def test_the_articles_of_a_request(stored, articles):
	assert articles_of(stored) == articles


def test_weeks():
	assert week_of(datetime(2026, 12, 6, 23, 59)) == MON
	assert week_of(NEXT_MON) == NEXT_MON
	assert weeks_between(WED, NEXT_MON) == [MON, NEXT_MON]
	assert weeks_between(NEXT_MON, MON) == []
