"""A month's cost figures against hand counts, and the months."""

from datetime import date, datetime, timedelta

import pytest

from servicedesk_shop.impact.figures import (
	RequestFacts,
	contribution,
	cost_figures,
	hours,
	median_of,
	month_bounds,
	month_key,
	months_between,
	per_hundred,
	previous_month,
)

OPENED = datetime(2026, 5, 4, 9, 0)
H = timedelta(hours=1)


def request(status, answers, reopened=0, answered_h=None, resolved_h=None, assigned_h=None):
	return RequestFacts(
		opened_on=OPENED,
		status=status,
		first_answer_on=OPENED + answered_h * H if answered_h is not None else None,
		resolved_on=OPENED + resolved_h * H if resolved_h is not None else None,
		agent_answers=answers,
		reopen_count=reopened,
		assigned_on=OPENED + assigned_h * H if assigned_h is not None else None,
	)


def test_a_months_costs_by_hand():
	found = cost_figures(
		[
			request("Resolved", 1, answered_h=2, resolved_h=10, assigned_h=1),  # first contact
			request("Closed", 2, answered_h=4, resolved_h=30, assigned_h=1),  # two answers
			request(
				"Resolved", 1, reopened=1, answered_h=1, resolved_h=50
			),  # reopened once: not first contact
			request("Open", 1, reopened=1, answered_h=6),  # reopened, open again
			request("Open", 0),  # not answered yet
		]
	)
	assert found.requests == 5
	assert found.resolved == 3
	assert found.first_contact_resolved == 1
	assert found.first_contact_resolution == 33.3  # 1 of 3 resolved
	assert (found.reopened, found.ever_resolved, found.reopen_rate) == (2, 4, 50.0)
	assert found.median_first_answer_hours == 3.0  # 1, 2, 4, 6
	assert found.median_resolution_hours == 30.0  # 10, 30, 50
	assert (found.agent_hours, found.agent_hours_requests) == (38.0, 2)  # 9 + 29; one never assigned


def test_a_month_without_requests():
	found = cost_figures([])
	assert (found.requests, found.first_contact_resolution, found.reopen_rate) == (0, None, None)
	assert found.median_first_answer_hours is None


def test_a_resolution_before_the_request_counts_no_hours():
	assert hours(OPENED, OPENED - H) is None
	assert hours(None, OPENED) is None
	assert median_of([None, 2.0, None]) == 2.0


def test_requests_per_hundred_orders():
	assert per_hundred(3, 4) == 75.0
	assert per_hundred(5, 0) is None


@pytest.mark.parametrize(
	"key, first, last",
	[("2026-02", date(2026, 2, 1), date(2026, 2, 28)), ("2024-12", date(2024, 12, 1), date(2024, 12, 31))],
)
def test_a_months_days(key, first, last):
	assert month_bounds(key) == (first, last)
	assert month_key(first) == month_key(last) == key


def test_months_between_and_before():
	assert months_between(date(2025, 11, 20), date(2026, 2, 1)) == [
		"2025-11",
		"2025-12",
		"2026-01",
		"2026-02",
	]
	assert previous_month("2026-01") == "2025-12"


def test_what_the_saved_orders_add_up_to():
	found = contribution(
		[
			{"contact_doctype": "Issue", "base_value": 2500, "sales_order": "SO-1"},
			{"contact_doctype": "Exit Feedback", "base_value": 1000, "sales_order": "SO-2"},
			{
				"contact_doctype": "Self Service Resolution",
				"base_value": 0,
				"value_kept_out": 1,
				"sales_order": None,
			},
		]
	)
	assert (found.saved_orders, found.saved_revenue) == (3, 3500)
	assert (found.saved_by_requests, found.saved_by_exit_feedback, found.saved_by_self_service) == (1, 1, 1)
	assert (found.saved_reported_only, found.saved_without_value) == (1, 1)
