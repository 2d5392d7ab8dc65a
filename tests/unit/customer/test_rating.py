"""The customer's rating rules, without a site."""

from datetime import datetime, timedelta

import pytest

from servicedesk_shop.customer.rating import (
	COMMENT_LIMIT,
	RATING_DAYS,
	RatingError,
	check_rating,
	parse_rate_value,
	rate_value,
	stars_from_fraction,
	stars_of,
)
from servicedesk_shop.service_desk.tokens import sign, unsign

NOW = datetime(2026, 12, 1, 12, 0)


@pytest.mark.parametrize("value", [1, 5, "3", " 4 "])
def test_stars(value):
	assert 1 <= stars_of(value) <= 5


@pytest.mark.parametrize("value", [0, 6, "6", "", "two", 2.5, True, None, [], "1e0", "-1"])
def test_bad_stars_are_refused(value):
	with pytest.raises(RatingError):
		stars_of(value)


def test_a_rating_for_a_resolved_request_within_the_window():
	rating = check_rating("2", "  The courier was late  ", "Resolved", NOW - timedelta(days=1), NOW)
	assert rating.stars == 2 and rating.comment == "The courier was late"
	assert rating.unhappy and rating.fraction == 0.4
	assert not check_rating(4, None, "Closed", NOW, NOW).unhappy


def test_what_cannot_be_rated():
	for args, key in (
		((3, "", "Open", None, NOW), "not_resolved"),
		((3, "", "Resolved", NOW - timedelta(days=RATING_DAYS, seconds=1), NOW), "too_late"),
		((3, "x" * (COMMENT_LIMIT + 1), "Resolved", NOW, NOW), "comment_too_long"),
		((3, ["not text"], "Resolved", NOW, NOW), "comment_too_long"),
	):
		with pytest.raises(RatingError) as error:
			check_rating(*args)
		assert error.value.key == key
	assert check_rating(3, "", "Resolved", NOW - timedelta(days=RATING_DAYS), NOW).stars == 3


def test_fractions_and_links():
	assert [stars_from_fraction(f) for f in (0.2, 0.4, 0.6, 0.8, 1, 0, None)] == [1, 2, 3, 4, 5, None, None]
	token = sign(rate_value("ISS-2026-00042", 5), "secret", purpose="rate")
	assert parse_rate_value(unsign(token, "secret", purpose="rate")) == ("ISS-2026-00042", 5)
	assert unsign(token, "secret", purpose="track") is None  # a star's link is not a tracking link
	assert parse_rate_value("ISS-2026-00042:9") is None
	assert parse_rate_value("nonsense") is None
