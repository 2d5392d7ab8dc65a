"""The widget's conversation: its token's value, what the sending device is shown, the polling cursor."""

from datetime import datetime, timedelta

import pytest

from servicedesk_shop.messengers.widget_rules import (
	CHAT,
	OPEN_WINDOW,
	OVERLAP,
	after,
	device_value,
	format_cursor,
	may_open,
	new_device,
	parse_cursor,
	parse_device_value,
	shown_to_device,
	without_token_links,
)
from servicedesk_shop.service_desk.tokens import sign, unsign

ADDRESS = "anna@example.net"


def test_a_device_value_round_trips_and_each_device_has_its_own():
	device = new_device()
	assert device != new_device()
	assert parse_device_value(device_value("ISS-2026-00042", 3, device)) == ("ISS-2026-00042", 3, device)


@pytest.mark.parametrize(
	"value",
	[
		None,
		"",
		"ISS-1",
		"ISS-1|0",
		"|0|0123456789abcdef",
		"ISS-1|x|0123456789abcdef",
		"ISS-1|0|short",
		"ISS-1|0|ZZZZ",
	],
)
def test_anything_else_is_no_device_value(value):
	assert parse_device_value(value) is None


def test_a_tracking_token_is_no_conversation_token():
	# the same value under the tracking link's purpose does not open the conversation, nor the reverse
	value = device_value("ISS-1", 0, new_device())
	assert unsign(sign(value, "secret", purpose="track"), "secret", purpose="widget") is None
	assert unsign(sign(value, "secret", purpose="widget"), "secret", purpose="track") is None


def test_the_sending_device_opens_its_conversation_only_soon_after_sending():
	sent = datetime(2026, 12, 5, 10, 0)
	assert may_open(sent, sent + timedelta(seconds=3))
	assert may_open(sent, sent + OPEN_WINDOW)
	assert not may_open(sent, sent + OPEN_WINDOW + timedelta(seconds=1))


def row(**values):
	return {"communication_type": "Communication", "communication_medium": "Email", **values}


def test_the_device_sees_the_shops_answers_to_the_address_and_its_own_chat_messages():
	assert shown_to_device(row(sent_or_received="Sent", recipients=f"Anna <{ADDRESS}>"), ADDRESS)
	assert shown_to_device(
		row(sent_or_received="Received", communication_medium=CHAT, sender="ANNA@example.net"), ADDRESS
	)


def test_the_device_never_sees_notes_others_mail_or_the_addresss_own_emails():
	# a comment is no Communication
	assert not shown_to_device(row(communication_type="Comment", sent_or_received="Sent"), ADDRESS)
	# the shop's e-mail about the request to a courier
	assert not shown_to_device(row(sent_or_received="Sent", recipients="courier@cdek.example"), ADDRESS)
	# the address's owner wrote by e-mail: the device only typed the address, it may not be theirs
	assert not shown_to_device(row(sent_or_received="Received", sender=ADDRESS), ADDRESS)
	# a chat message from another sender
	assert not shown_to_device(
		row(sent_or_received="Received", communication_medium=CHAT, sender="x@y.z"), ADDRESS
	)


def test_the_cursor_round_trips_and_a_poll_looks_back_by_the_overlap():
	moment = datetime(2026, 12, 5, 10, 0, 1, 250)
	assert parse_cursor(format_cursor(moment)) == moment
	assert after(moment) == moment - OVERLAP
	assert after(None) is None
	for bad in (None, "", "yesterday", "2026-13-45 99:99:99", "2026-12-05 10:00:00; drop", 5):
		assert parse_cursor(bad) is None


def test_links_with_a_token_leave_the_text():
	text = "Готово.\nОцените: https://shop.example/support/rate?token=abc.def\nСпасибо"
	assert without_token_links(text) == "Готово.\nОцените:\nСпасибо"
	assert without_token_links("See (https://shop.example/x#token=a.b) now") == "See now"
	assert without_token_links("https://shop.example/help/size") == "https://shop.example/help/size"
