"""Which contact an order is counted for: the window's edges, the latest contact, ties."""

from datetime import date, datetime, timedelta

import pytest

from servicedesk_shop.impact.attribution import (
	EXIT_FEEDBACK,
	REQUEST,
	SELF_SERVICE,
	Contact,
	hours_between,
	in_window,
	latest_contact,
	order_moment,
	window_days,
	window_start,
)

ORDER = datetime(2026, 6, 10, 12, 0, 0)
SECOND = timedelta(seconds=1)
DAYS = 3


@pytest.mark.parametrize(
	"contacted, counts",
	[
		(ORDER - timedelta(days=3), True),  # exactly the window before: the edge is inside
		(ORDER - timedelta(days=3) + SECOND, True),
		(ORDER - timedelta(days=3) - SECOND, False),  # a second too early
		(ORDER, True),  # the very moment of the order
		(ORDER + SECOND, False),  # after the order: it did not lead to it
		(None, False),  # never answered
	],
)
def test_the_windows_edges_are_inclusive(contacted, counts):
	assert in_window(contacted, ORDER, DAYS) is counts


def test_the_window_starts_days_before_the_order():
	assert window_start(ORDER, DAYS) == datetime(2026, 6, 7, 12, 0, 0)


def test_the_latest_contact_in_the_window_wins():
	contacts = [
		Contact(REQUEST, "ISS-1", ORDER - timedelta(days=2)),
		Contact(REQUEST, "ISS-2", ORDER - timedelta(days=1)),
		Contact(EXIT_FEEDBACK, "EF-1", ORDER - timedelta(days=5)),  # outside
		Contact(SELF_SERVICE, "SSR-1", ORDER + timedelta(hours=1)),  # after the order
	]
	assert latest_contact(contacts, ORDER, DAYS).name == "ISS-2"


def test_no_contact_in_the_window_is_no_conversion():
	assert latest_contact([Contact(REQUEST, "ISS-1", ORDER - timedelta(days=4))], ORDER, DAYS) is None
	assert latest_contact([], ORDER, DAYS) is None


def test_of_contacts_at_one_moment_a_persons_answer_comes_first():
	moment = ORDER - timedelta(hours=5)
	contacts = [
		Contact(EXIT_FEEDBACK, "EF-9", moment),
		Contact(SELF_SERVICE, "SSR-9", moment),
		Contact(REQUEST, "ISS-1", moment),
	]
	assert latest_contact(contacts, ORDER, DAYS).doctype == REQUEST
	assert latest_contact(contacts[:2], ORDER, DAYS).doctype == SELF_SERVICE


def test_each_order_counts_once_however_many_contacts_claim_it():
	"""Two orders of one customer after two answers: each order has exactly one contact, the latest
	before it; the earlier answer gets nothing the later one claims."""
	first, second = ORDER - timedelta(days=2), ORDER - timedelta(days=1)
	contacts = [Contact(REQUEST, "ISS-A", first), Contact(REQUEST, "ISS-B", second)]
	orders = [ORDER - timedelta(days=1, hours=12), ORDER]
	winners = [latest_contact(contacts, order, DAYS).name for order in orders]
	assert winners == ["ISS-A", "ISS-B"]


@pytest.mark.parametrize("value, days", [(None, 3), ("", 3), ("7", 7), (0, 3), (-2, 3), ("x", 3), (14, 14)])
def test_the_settings_window(value, days):
	assert window_days(value) == days


def test_hours_between():
	assert hours_between(ORDER - timedelta(hours=30, minutes=6), ORDER) == 30.1


def test_an_orders_moment_is_its_submission_unless_it_is_dated_earlier():
	submitted = datetime(2026, 6, 10, 15, 30)
	assert order_moment(submitted, datetime(2026, 6, 10, 15, 29), date(2026, 6, 10)) == submitted
	# made before the impact noted submissions: when it was made
	assert order_moment(None, datetime(2026, 6, 10, 9, 0), date(2026, 6, 10)) == datetime(2026, 6, 10, 9, 0)
	# taken on the 3rd, entered on the 10th: from the start of the 3rd, no contact after it credited
	assert order_moment(submitted, submitted, date(2026, 6, 3)) == datetime(2026, 6, 3, 0, 0)
	# dated later than submitted (a delivery date typed as the order's): the submission
	assert order_moment(submitted, submitted, date(2026, 6, 12)) == submitted
