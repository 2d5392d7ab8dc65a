"""A chat's address on a request, and the core's telling it from a mailbox."""

from servicedesk_shop.messengers.adapters.base import parse_rate_payload, rate_payload
from servicedesk_shop.messengers.addresses import chat_address
from servicedesk_shop.service_desk.addresses import is_chat_address, mailboxes


def test_a_chat_address_is_under_the_reserved_domain():
	address = chat_address("Telegram", "123456789", "Shop Bot")
	assert address == "telegram-123456789@shop-bot.messenger.invalid"
	assert is_chat_address(address)
	assert is_chat_address(f"Anna <{address}>")


def test_a_vk_peer_and_a_strange_channel_name_make_a_plain_address():
	assert chat_address("VK", "-2000000001", "Группа магазина!") == "vk-n2000000001@channel.messenger.invalid"


def test_mailboxes_keep_real_addresses_only():
	chat = chat_address("VK", "42", "shop")
	assert mailboxes(["anna@example.com", chat, "Bob <bob@example.com>"]) == [
		"anna@example.com",
		"Bob <bob@example.com>",
	]
	assert not is_chat_address("anna@messenger.invalid.example.com")
	assert not is_chat_address(None)


def test_a_rating_payload_round_trips_and_refuses_other_data():
	assert parse_rate_payload(rate_payload("ISS-2026-00042", 5)) == ("ISS-2026-00042", 5)
	for payload in (None, "", "rate:ISS-1:6", "rate::5", "stars:ISS-1:5", "rate:ISS-1:five"):
		assert parse_rate_payload(payload) is None
