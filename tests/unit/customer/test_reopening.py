"""When the customer's answer is taken, and when it reopens a resolved request, without a site."""

from datetime import datetime, timedelta

import pytest

from servicedesk_shop.customer.reopening import NEW_REQUEST, OPEN, REOPEN, reopen_until, reply_kind

NOW = datetime(2026, 12, 1, 12, 0)


@pytest.mark.parametrize("status", ["Open", "Replied", "On Hold"])
def test_open_requests_take_replies(status):
	assert reply_kind(status, None, NOW, 14) == OPEN


def test_a_resolved_request_is_reopened_within_the_days():
	assert reply_kind("Resolved", NOW - timedelta(days=13, hours=23), NOW, 14) == REOPEN
	assert reply_kind("Resolved", NOW - timedelta(days=14), NOW, 14) == REOPEN  # the last moment
	assert reply_kind("Resolved", NOW - timedelta(days=14, seconds=1), NOW, 14) == NEW_REQUEST
	assert reopen_until(NOW, 14) == NOW + timedelta(days=14)


def test_no_reopening_when_switched_off_or_closed():
	assert reply_kind("Resolved", NOW, NOW, 0) == NEW_REQUEST
	assert reopen_until(NOW, 0) is None
	assert reply_kind("Closed", NOW, NOW, 14) == NEW_REQUEST
	assert reply_kind("Resolved", None, NOW, 14) == NEW_REQUEST
