"""Returns before and after a change: equal windows, the rates, too little data, pooled change."""

from datetime import date

from servicedesk_shop.impact.windows import (
	MAX_WINDOW_DAYS,
	TOO_EARLY,
	TOO_FEW_AFTER,
	TOO_FEW_BEFORE,
	effect,
	equal_windows,
	pooled_change,
	returns_avoided,
)


def test_the_windows_are_equal_and_meet_at_the_change():
	windows = equal_windows(date(2026, 3, 1), date(2026, 4, 1))
	assert windows.days == 31  # March: the whole days up to yesterday
	assert (windows.before_from, windows.before_to) == (date(2026, 1, 29), date(2026, 2, 28))
	assert (windows.after_from, windows.after_to) == (date(2026, 3, 1), date(2026, 3, 31))
	assert (windows.before_to - windows.before_from).days == (windows.after_to - windows.after_from).days


def test_the_windows_stop_at_the_longest():
	windows = equal_windows(date(2025, 1, 1), date(2026, 1, 1))
	assert windows.days == MAX_WINDOW_DAYS
	assert windows.after_to == date(2025, 3, 31)
	assert windows.before_from == date(2024, 10, 3)


def test_a_change_of_today_has_empty_windows():
	windows = equal_windows(date(2026, 3, 1), date(2026, 3, 1))
	assert windows.days == 0
	assert windows.after_to < windows.after_from


def test_the_rates_and_the_change():
	found = effect(30, 6, 40, 2, days=31)
	assert (found.rate_before, found.rate_after, found.change) == (20.0, 5.0, -15.0)
	assert found.enough_data
	assert returns_avoided(found) == 6.0  # 40 delivered at 20 % would have brought 8 back; 2 came


def test_too_little_data_says_what_is_lacking():
	assert effect(30, 3, 8, 1, days=10).lacking == (TOO_EARLY, TOO_FEW_AFTER)
	assert effect(19, 3, 50, 1, days=30).lacking == (TOO_FEW_BEFORE,)
	found = effect(0, 0, 0, 0, days=0)
	assert (found.rate_before, found.rate_after, found.change) == (None, None, None)
	assert not found.enough_data
	assert returns_avoided(found) is None


def test_the_thresholds_are_inclusive():
	assert effect(20, 1, 20, 1, days=14).enough_data


def test_the_pooled_change_weighs_by_what_was_delivered_and_skips_thin_items():
	big = effect(100, 20, 100, 10, days=60)  # 20 % -> 10 %
	small = effect(20, 10, 20, 0, days=60)  # 50 % -> 0 %
	thin = effect(5, 5, 5, 0, days=60)  # not enough data: left out
	# (20 + 10) / 120 = 25 % before, 10 / 120 = 8.3 % after
	assert pooled_change([big, small, thin]) == -16.7
	assert pooled_change([thin]) is None
	assert pooled_change([]) is None
