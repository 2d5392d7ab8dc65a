"""What a shopper's message in a chat is (messengers.rules): commands, an e-mail to confirm, the code, a
phone number's key, the code's signature and time."""

from datetime import datetime, timedelta

import pytest

from servicedesk_shop.messengers import rules


@pytest.mark.parametrize(
	"text, expected",
	[
		("/start", ("start", "")),
		("/start promo-42", ("start", "promo-42")),
		("/START", ("start", "")),
		("Начать", ("start", "")),
		("/help", ("help", "")),
		("/email anna@example.com", ("email", "anna@example.com")),
		("/email@shop_bot  Anna@Example.com ", ("email", "Anna@Example.com")),
		("/email", ("email", "")),
		("/order 123", None),
		("start", ("start", "")),
		("Начать оформлять возврат", None),
		("Где мой заказ? /start", None),
		("", None),
		(None, None),
	],
)
def test_command(text, expected):
	assert rules.command(text) == expected


@pytest.mark.parametrize(
	"text, expected",
	[
		("anna@example.com", "anna@example.com"),
		("  Anna.Petrova+shop@Example.COM ", "anna.petrova+shop@example.com"),
		("<anna@example.com>", "anna@example.com"),
		("my mail is anna@example.com", None),
		("anna@", None),
		("anna@localhost", None),
		("a" * 140 + "@example.com", None),
		(None, None),
	],
)
def test_email_address(text, expected):
	assert rules.email_address(text) == expected


@pytest.mark.parametrize(
	"text, expected",
	[
		("123456", "123456"),
		(" 123 456 ", "123456"),
		("123-456", "123456"),
		("12345", None),
		("1234567", None),
	],
)
def test_code_typed(text, expected):
	assert rules.code_typed(text) == expected


def test_new_codes_are_six_digits():
	codes = {rules.new_code() for _ in range(200)}
	assert all(len(code) == 6 and code.isdigit() for code in codes)
	assert len(codes) > 150


def test_a_code_matches_only_its_chat_address_and_secret():
	signature = rules.code_signature("site-secret", "chat-1", "Anna@Example.com", "123456")
	assert "123456" not in signature
	assert rules.code_matches(signature, "site-secret", "chat-1", "anna@example.com", "123456")
	assert not rules.code_matches(signature, "site-secret", "chat-1", "anna@example.com", "123457")
	assert not rules.code_matches(signature, "site-secret", "chat-2", "anna@example.com", "123456")
	assert not rules.code_matches(signature, "site-secret", "chat-1", "boris@example.com", "123456")
	assert not rules.code_matches(signature, "other-secret", "chat-1", "anna@example.com", "123456")
	assert not rules.code_matches(None, "site-secret", "chat-1", "anna@example.com", "123456")
	with pytest.raises(ValueError):
		rules.code_signature("", "chat-1", "anna@example.com", "123456")


def test_a_code_expires_after_its_minutes():
	sent = datetime(2026, 12, 6, 10, 0)
	assert not rules.code_expired(sent, sent + timedelta(minutes=rules.CODE_MINUTES))
	assert rules.code_expired(sent, sent + timedelta(minutes=rules.CODE_MINUTES, seconds=1))
	assert rules.code_expired(None, sent)


@pytest.mark.parametrize(
	"phone, expected",
	[
		("+7 (916) 555-12-34", "9165551234"),
		("8 916 555 12 34", "9165551234"),
		("79165551234", "9165551234"),
		("9165551234", "9165551234"),
		("+44 20 7946 0958", "2079460958"),
		("555-1234", "5551234"),
		("12-34", None),
		("٩١٦٥٥٥١٢٣٤", None),  # digits 0 to 9 only, as the database's regular expression reads them
		("", None),
		(None, None),
	],
)
def test_phone_key(phone, expected):
	assert rules.phone_key(phone) == expected


def test_message_with_notes():
	assert rules.message_with_notes(" Шов разошёлся ", ["[sticker]", ""]) == "Шов разошёлся\n[sticker]"
	assert rules.message_with_notes("", ["[voice message]"]) == "[voice message]"
	assert rules.message_with_notes(None, []) == ""
