import pytest

from servicedesk_shop.self_service import orders
from servicedesk_shop.self_service.orders import (
	CANCELLED,
	CLOSED,
	ON_HOLD,
	PARTLY_SHIPPED,
	PREPARING,
	RETURNED,
	SHIPPED,
	contact_key,
	contact_matches,
	order_key,
	phone_key,
	shopper_state,
	shows_expected_date,
)
from servicedesk_shop.self_service.session import session_hash


@pytest.mark.parametrize(
	"typed",
	[
		"+7 (916) 123-45-67",
		"8 916 123 45 67",
		"89161234567",
		"9161234567",
		"+7-916-123-4567",
		"tel: 7 916 1234567",
	],
)
def test_a_russian_number_however_typed(typed):
	assert phone_key(typed) == "79161234567"


def test_other_numbers_keep_their_digits_and_too_few_digits_name_no_phone():
	assert phone_key("+44 20 7946 0958") == "442079460958"
	assert phone_key("8 800") == ""
	assert phone_key("") == phone_key(None) == ""
	assert phone_key("١٢٣٤٥٦٧٨") == ""  # digits of another script are not a phone's


def test_an_address_is_compared_as_its_mailbox():
	assert contact_key("Anna.Smith+shop@GoogleMail.com") == contact_key("annasmith@gmail.com")
	assert contact_key(" ANNA@example.com ") == "email:anna@example.com"
	assert contact_key("anna@example.com") != contact_key("anna@example.org")
	assert contact_key("8 916 123-45-67") == "phone:79161234567"
	assert contact_key("hello") == contact_key("@") == contact_key("") == ""


def test_a_match_among_the_candidates():
	candidates = [contact_key("anna@example.com"), "", contact_key("+7 916 123-45-67")]
	assert contact_matches(contact_key("ANNA@example.com"), candidates)
	assert contact_matches(contact_key("89161234567"), candidates)
	assert not contact_matches(contact_key("boris@example.com"), candidates)
	assert not contact_matches("", candidates)
	assert not contact_matches("", ["", ""])
	assert not contact_matches(contact_key("anna@example.com"), [])


def test_the_same_comparisons_whatever_the_candidates(monkeypatch):
	compared = []
	real = orders.hmac.compare_digest

	def counting(a, b):
		compared.append((len(a), len(b)))
		return real(a, b)

	monkeypatch.setattr(orders.hmac, "compare_digest", counting)
	given = contact_key("anna@example.com")
	for candidates in ([], [given], [given] * 40, ["email:x@y.z"] * 3):
		compared.clear()
		contact_matches(given, candidates)
		assert compared == [(32, 32)] * orders.CONTACT_SLOTS, candidates


def test_a_match_past_the_slots_is_not_seen():
	given = contact_key("anna@example.com")
	assert not contact_matches(given, ["email:other@example.com"] * orders.CONTACT_SLOTS + [given])


def test_order_numbers_share_a_bucket_however_spelt():
	assert order_key(" web-1001 ") == order_key("WEB-1001") == "web-1001"


@pytest.mark.parametrize(
	"docstatus, status, ordered, shipped, returned, state",
	[
		(1, "To Deliver and Bill", 3, 0, 0, PREPARING),
		(1, "To Deliver and Bill", 3, 1, 0, PARTLY_SHIPPED),
		(1, "To Bill", 3, 3, 0, SHIPPED),
		(1, "Completed", 3, 3, 1, SHIPPED),
		(1, "Completed", 3, 3, 3, RETURNED),
		# what was shipped came back, but the rest is still to go out
		(1, "To Deliver", 3, 1, 1, PARTLY_SHIPPED),
		(1, "Closed", 3, 1, 1, RETURNED),
		(1, "Closed", 3, 1, 0, CLOSED),
		(1, "Closed", 3, 0, 0, CLOSED),
		(1, "On Hold", 3, 0, 0, ON_HOLD),
		(2, "Cancelled", 3, 0, 0, CANCELLED),
	],
)
def test_the_state_a_shopper_reads(docstatus, status, ordered, shipped, returned, state):
	assert shopper_state(docstatus, status, ordered, shipped, returned) == state


def test_an_expected_date_only_while_it_means_something():
	assert shows_expected_date(PREPARING) and shows_expected_date(SHIPPED)
	assert not shows_expected_date(CANCELLED) and not shows_expected_date(RETURNED)


def test_a_session_is_kept_as_its_hash_only():
	key = "3f1c1e5e-8f9a-4c1b-9d55-0a7f7d1e2b3c"
	stored = session_hash(key)
	assert len(stored) == 32 and key not in stored and stored == session_hash(key)
	assert session_hash("short") is None
	assert session_hash("<script>alert(1)</script>xxxxxxx") is None
	assert session_hash(None) is None and session_hash(12345678901234567890) is None
