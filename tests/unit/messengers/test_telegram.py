"""The Telegram adapter: which webhook calls it believes, what it reads from an update, what it sends."""

import pytest
from standin import standin

from servicedesk_shop.messengers.adapters import adapter_for, telegram
from servicedesk_shop.messengers.adapters.base import Forged, Malformed, fit, parse_rate_payload

SECRET = "s3cret-Token_of-the-channel"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


def test_the_adapter_is_found_by_its_channel_type():
	assert adapter_for("Telegram") is telegram


@pytest.mark.parametrize(
	"headers",
	[
		{},
		{"X-Telegram-Bot-Api-Secret-Token": ""},
		{"X-Telegram-Bot-Api-Secret-Token": "wrong"},
		{"X-Telegram-Bot-Api-Secret-Token": SECRET + "x"},
		{"X-Telegram-Bot-Api-Secret-Token": SECRET[:-1]},
		{"Authorization": SECRET},
	],
)
def test_a_missing_or_wrong_secret_is_forged(headers):
	with pytest.raises(Forged):
		telegram.check(headers, standin.telegram_message(42, "hi"), SECRET)


def test_a_channel_without_a_secret_believes_no_one():
	with pytest.raises(Forged):
		telegram.check({"X-Telegram-Bot-Api-Secret-Token": ""}, standin.telegram_message(42, "hi"), "")
	with pytest.raises(Forged):
		telegram.check({}, standin.telegram_message(42, "hi"), None)


def test_the_right_secret_in_any_header_case_is_believed():
	update = standin.telegram_message(42, "hi")
	assert telegram.check(HEADERS, update, SECRET) is None
	assert telegram.check({"x-telegram-bot-api-secret-token": SECRET}, update, SECRET) is None


def test_the_secret_is_checked_before_the_body():
	# an attacker learns nothing of the body's rules without the secret
	with pytest.raises(Forged):
		telegram.check({}, "not a dict", SECRET)


@pytest.mark.parametrize(
	"body",
	[
		"update",
		[],
		None,
		{},
		{"update_id": "1"},
		{"update_id": True},
		{"update_id": 1.5},
		{"update_id": 1, "message": "hi"},
		{"update_id": 1, "message": {"text": "hi"}},
		{"update_id": 1, "message": {"chat": {"id": "42"}, "text": "hi"}},
		{"update_id": 1, "message": {"chat": {"id": 42}, "from": {"id": 42}, "text": 5}},
		{"update_id": 1, "message": {"chat": {"id": 42}, "from": {"id": 42}, "photo": "x"}},
		{"update_id": 1, "message": {"chat": {"id": 42}, "from": {"id": 42}, "photo": [{"width": 1}]}},
		{"update_id": 1, "callback_query": {"from": {"id": 42}, "data": "x"}},
		{"update_id": 1, "callback_query": {"id": "q", "from": {"id": 42}, "data": 5}},
	],
)
def test_a_body_of_the_wrong_shape_is_malformed(body):
	with pytest.raises(Malformed):
		telegram.check(HEADERS, body, SECRET)
	with pytest.raises(Malformed):
		telegram.parse(body)


def test_a_retried_update_has_the_same_key():
	update = standin.telegram_message(42, "Где мой заказ?", update_id=777)
	again = standin.telegram_message(42, "Где мой заказ?", update_id=777)
	other = standin.telegram_message(42, "Где мой заказ?", update_id=778)
	assert telegram.update_key(update) == telegram.update_key(again) == "777"
	assert telegram.update_key(other) != telegram.update_key(update)
	with pytest.raises(Malformed):
		telegram.update_key({"message": {}})


def test_a_message_is_read_with_its_sender():
	sender = standin.telegram_user(42, "Анна", "Петрова", language="ru-RU")
	incoming = telegram.parse(standin.telegram_message(42, "Где мой заказ?", sender=sender))
	assert incoming.chat_id == "42" and incoming.user_id == "42"
	assert incoming.text == "Где мой заказ?"
	assert incoming.name == "Анна Петрова"
	assert incoming.language == "ru"
	assert incoming.phone is None and incoming.payload is None and not incoming.attachments
	assert incoming.message_id


def test_a_language_other_than_russian_or_english_is_none_and_a_username_names_a_nameless_user():
	sender = {"id": 42, "is_bot": False, "first_name": " ", "username": "anna_p", "language_code": "de"}
	incoming = telegram.parse(standin.telegram_message(42, "Hallo", sender=sender))
	assert incoming.language is None
	assert incoming.name == "@anna_p"
	sender["language_code"] = "en"
	assert telegram.parse(standin.telegram_message(42, "Hi", sender=sender)).language == "en"


def test_the_largest_photo_is_taken_and_its_caption_is_the_text():
	incoming = telegram.parse(standin.telegram_photo(42, "BIG-file", caption="Пятно на платье"))
	assert incoming.text == "Пятно на платье"
	assert [(a.kind, a.file_id) for a in incoming.attachments] == [("photo", "BIG-file")]


def test_a_photo_sent_as_a_file_is_a_photo_and_other_media_are_noted():
	document = {"file_id": "DOC", "file_name": "dress.jpg", "mime_type": "image/jpeg"}
	incoming = telegram.parse(standin.telegram_message(42, None, document=document))
	assert [(a.kind, a.file_id, a.name) for a in incoming.attachments] == [("photo", "DOC", "dress.jpg")]
	cases = {
		"sticker": ({"file_id": "ST", "emoji": "😀"}, "sticker"),
		"voice": ({"file_id": "VO", "duration": 3}, "voice"),
		"video": ({"file_id": "VI"}, "video"),
		"document": (
			{"file_id": "PDF", "file_name": "receipt.pdf", "mime_type": "application/pdf"},
			"document",
		),
		"location": ({"latitude": 55.7, "longitude": 37.6}, "other"),
	}
	for field, (media, kind) in cases.items():
		incoming = telegram.parse(standin.telegram_message(42, None, **{field: media}))
		assert [a.kind for a in incoming.attachments] == [kind], field
		assert incoming.text == ""


def test_the_senders_own_contact_is_a_phone_and_another_users_is_not():
	own = telegram.parse(standin.telegram_contact(42, "+79161234567"))
	assert own.phone == "+79161234567"
	theirs = telegram.parse(standin.telegram_contact(42, "+79990000000", user_id=99))
	assert theirs.phone is None
	assert [a.name for a in theirs.attachments] == ["contact"]
	# a card typed in without a Telegram account behind it is nobody's proof either
	update = standin.telegram_contact(42, "+79990000000")
	del update["message"]["contact"]["user_id"]
	assert telegram.parse(update).phone is None


def test_what_the_desk_does_not_hear_is_none():
	bot = {"id": 7, "is_bot": True, "first_name": "Other bot"}
	assert telegram.parse(standin.telegram_message(42, "hi", sender=bot)) is None
	group = standin.telegram_message(42, "hi")
	group["message"]["chat"] = {"id": -100123, "type": "supergroup"}
	assert telegram.parse(group) is None
	edited = standin.telegram_message(42, "hi")
	edited["edited_message"] = edited.pop("message")
	assert telegram.check(HEADERS, edited, SECRET) is None  # recorded, then ignored
	assert telegram.parse(edited) is None
	assert telegram.parse({"update_id": 5, "my_chat_member": {}}) is None


def test_a_tap_on_a_rating_button_is_its_payload_and_its_callback():
	incoming = telegram.parse(standin.telegram_callback(42, "rate:ISS-2026-00042:5", message_id=17))
	assert parse_rate_payload(incoming.payload) == ("ISS-2026-00042", 5)
	assert incoming.chat_id == "42" and incoming.user_id == "42"
	assert incoming.callback_id and incoming.message_id == "17"
	answer = telegram.answer_callback(incoming, "Спасибо!")
	assert answer.method == "answerCallbackQuery"
	assert answer.params == {"callback_query_id": incoming.callback_id, "text": "Спасибо!"}
	clear = telegram.clear_buttons(incoming)
	assert clear.method == "editMessageReplyMarkup" and clear.params["message_id"] == 17
	message = telegram.parse(standin.telegram_message(42, "hi"))
	assert telegram.answer_callback(message) is None and telegram.clear_buttons(message) is None


def test_a_text_is_sent_plain_within_the_limit_with_buttons():
	call = telegram.send_text("42", "Здравствуйте", [[("Да", "yes"), ("Сайт", "https://shop.example/")]])
	assert call.method == "sendMessage" and call.as_json
	assert call.params["chat_id"] == 42
	assert "parse_mode" not in call.params
	assert call.params["reply_markup"] == {
		"inline_keyboard": [
			[{"text": "Да", "callback_data": "yes"}, {"text": "Сайт", "url": "https://shop.example/"}]
		]
	}
	long = telegram.send_text(42, "😀" * 3000).params["text"]
	assert len(long.encode("utf-16-le")) // 2 <= telegram.TEXT_LIMIT
	assert long.endswith("…") and "\ud83d" not in long


def test_the_rating_keyboard_has_five_stars_each_bringing_its_rating_back():
	call = telegram.rating_keyboard(42, "Оцените ответ", "ISS-2026-00042")
	(row,) = call.params["reply_markup"]["inline_keyboard"]
	assert [button["text"] for button in row] == ["1★", "2★", "3★", "4★", "5★"]
	assert [parse_rate_payload(button["callback_data"]) for button in row] == [
		("ISS-2026-00042", stars) for stars in range(1, 6)
	]
	assert all(len(button["callback_data"].encode()) <= 64 for button in row)
	with pytest.raises(ValueError):
		telegram.rating_keyboard(42, "Оцените", "I" * 70)


def test_connecting_sets_the_webhook_with_the_secret_and_the_updates_the_desk_reads():
	call = telegram.set_webhook_call("https://shop.example/api/method/x?channel=Bot", SECRET)
	assert call.method == "setWebhook"
	assert call.params == {
		"url": "https://shop.example/api/method/x?channel=Bot",
		"secret_token": SECRET,
		"allowed_updates": ["message", "callback_query"],
		"drop_pending_updates": False,
	}
	assert telegram.get_me_call().method == "getMe"
	secret = telegram.new_secret()
	assert 16 < len(secret) <= 256 and all(c.isalnum() or c in "_-" for c in secret)


def test_a_contact_button_asks_for_the_shoppers_own_phone():
	call = telegram.ask_contact(42, "Поделитесь номером", "Отправить номер")
	(button,) = call.params["reply_markup"]["keyboard"][0]
	assert button == {"text": "Отправить номер", "request_contact": True}


def test_files_and_answers_are_read_from_the_apis_answers():
	assert telegram.file_call("F1").params == {"file_id": "F1"}
	answer = {"ok": True, "result": {"file_id": "F1", "file_size": 10, "file_path": "photos/file_1.jpg"}}
	assert telegram.file_url_path(answer) == "photos/file_1.jpg"
	assert telegram.file_size(answer) == 10
	for bad in ({"ok": True, "result": {}}, {"ok": True, "result": {"file_path": "../secret"}}, {}):
		with pytest.raises(Malformed):
			telegram.file_url_path(bad)
	assert telegram.result_id({"ok": True, "result": {"message_id": 99}}) == "99"
	assert telegram.api_error(
		{"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"}
	) == ("Forbidden: bot was blocked")
	assert telegram.api_error({"ok": True, "result": True}) is None


def test_fit_cuts_by_utf16_units_and_never_splits_a_character():
	assert fit("short", 10) == "short"
	assert fit("abcdefghij", 5) == "abcd…"
	assert fit("😀😀😀", 4) == "😀…"
	assert fit(None, 5) == ""
