"""The VK adapter: the Callback API's confirmation and secret, what it reads from an event, what it sends."""

import json

import pytest
from standin import standin

from servicedesk_shop.messengers.adapters import adapter_for, vk
from servicedesk_shop.messengers.adapters.base import Forged, Incoming, Malformed, parse_rate_payload

SECRET = "a1b2c3d4e5"
GROUP = standin.GROUP_ID


def message(text="Где мой заказ?", peer=42, **fields):
	return standin.vk_message(peer, text, secret=SECRET, **fields)


def test_the_adapter_is_found_by_its_channel_type():
	assert adapter_for("VK") is vk


def test_confirmation_is_answered_with_the_channels_string_as_plain_text():
	reply = vk.check({}, standin.vk_confirmation(GROUP), SECRET, confirmation="c0nf1rm5", group_id=str(GROUP))
	assert reply.body == "c0nf1rm5" and reply.content_type == "text/plain"
	reply = vk.check({}, standin.vk_confirmation(GROUP, secret=SECRET), SECRET, confirmation="c0nf1rm5")
	assert reply.body == "c0nf1rm5"


def test_a_confirmation_with_a_wrong_secret_or_group_or_without_a_string_is_refused():
	with pytest.raises(Forged):
		vk.check({}, standin.vk_confirmation(GROUP, secret="wrong"), SECRET, confirmation="c0nf1rm5")
	with pytest.raises(Forged):
		vk.check({}, standin.vk_confirmation(999), SECRET, confirmation="c0nf1rm5", group_id=str(GROUP))
	with pytest.raises(Malformed):
		vk.check({}, standin.vk_confirmation(GROUP), SECRET, confirmation="")


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", SECRET.upper(), 12345])
def test_a_message_with_a_missing_or_wrong_secret_is_forged(secret):
	body = standin.vk_message(42, "hi", secret=secret)
	with pytest.raises(Forged):
		vk.check({}, body, SECRET, confirmation="c")


def test_a_channel_without_a_secret_believes_no_message():
	with pytest.raises(Forged):
		vk.check({}, standin.vk_message(42, "hi", secret=""), "", confirmation="c")


def test_another_communitys_event_is_forged_when_the_channel_names_its_group():
	body = message(group_id=999)
	with pytest.raises(Forged):
		vk.check({}, body, SECRET, group_id=str(GROUP))
	assert vk.check({}, body, SECRET) is None  # no group on the channel: the secret alone
	assert vk.check({}, message(), SECRET, group_id=f"-{GROUP}") is None
	assert vk.ACK.body == "ok"


@pytest.mark.parametrize(
	"body",
	[
		"event",
		[],
		{},
		{"type": 5, "secret": SECRET},
		{"type": "message_new", "secret": SECRET},
		{"type": "message_new", "secret": SECRET, "object": {"message": "hi"}},
		{"type": "message_new", "secret": SECRET, "object": {"message": {"from_id": "42", "peer_id": 42}}},
		{
			"type": "message_new",
			"secret": SECRET,
			"object": {"message": {"from_id": 42, "peer_id": 42, "text": 1}},
		},
		{
			"type": "message_new",
			"secret": SECRET,
			"object": {"message": {"from_id": 42, "peer_id": 42, "attachments": "photo"}},
		},
		{"type": "message_event", "secret": SECRET, "object": {"user_id": 42, "peer_id": 42}},
	],
)
def test_a_body_of_the_wrong_shape_is_malformed(body):
	with pytest.raises(Malformed):
		vk.check({}, body, SECRET)


def test_a_retried_event_has_the_same_key():
	event = message(event_id="e1f2a3")
	again = message(event_id="e1f2a3")
	assert vk.update_key(event) == vk.update_key(again) == "e1f2a3"
	assert vk.update_key(message(event_id="e1f2a4")) != "e1f2a3"
	# an old API version sends no event_id: the same body is the same key, another body another
	old = message()
	del old["event_id"]
	assert vk.update_key(old) == vk.update_key(json.loads(json.dumps(old)))
	changed = json.loads(json.dumps(old))
	changed["object"]["message"]["text"] = "другое"
	assert vk.update_key(changed) != vk.update_key(old)
	with pytest.raises(Malformed):
		vk.update_key({"type": "message_new", "event_id": 5})


def test_a_message_is_read_with_its_language():
	incoming = vk.parse(message(lang_id=0))
	assert (incoming.chat_id, incoming.user_id, incoming.text) == ("42", "42", "Где мой заказ?")
	assert incoming.language == "ru"
	assert vk.parse(message(lang_id=3)).language == "en"
	assert vk.parse(message(lang_id=1)).language is None
	# a message of API versions before 5.103 is the event's object itself
	old = message()
	old["object"] = old["object"]["message"]
	assert vk.parse(old).text == "Где мой заказ?"


def photo_of(*sizes):
	"""A VK photo attachment in `sizes`, each (type, width, height), at a URL named by its type."""
	return {
		"type": "photo",
		"photo": {
			"sizes": [
				{
					"type": kind,
					"url": f"https://sun9-1.userapi.com/{kind}.jpg",
					"width": width,
					"height": height,
				}
				for kind, width, height in sizes
			]
		},
	}


def test_the_largest_photo_size_is_taken_and_other_media_are_noted():
	photo = photo_of(("s", 75, 100), ("w", 1920, 2560), ("x", 604, 805))
	unsized = photo_of(("z", 0, 0), ("m", 0, 0))
	others = [
		{"type": "sticker", "sticker": {"sticker_id": 1}},
		{"type": "audio_message", "audio_message": {"link_mp3": "https://x"}},
		{"type": "doc", "doc": {"title": "чек.pdf", "ext": "pdf", "url": "https://vk.com/doc1_2"}},
		{"type": "doc", "doc": {"title": "платье.png", "ext": "png", "url": "https://vk.com/doc1_3"}},
		{"type": "wall", "wall": {}},
	]
	incoming = vk.parse(message("", attachments=[photo, unsized, *others]))
	assert [(a.kind, a.url) for a in incoming.attachments[:2]] == [
		("photo", "https://sun9-1.userapi.com/w.jpg"),
		("photo", "https://sun9-1.userapi.com/z.jpg"),
	]
	assert [a.kind for a in incoming.attachments[2:]] == ["sticker", "voice", "document", "photo", "other"]
	assert incoming.attachments[4].name == "чек.pdf"


def test_a_rating_tap_comes_back_as_its_payload():
	for payload in ('{"data": "rate:ISS-2026-00042:4"}', '{"rate": "rate:ISS-2026-00042:4"}'):
		incoming = vk.parse(message("4★", payload=payload))
		assert parse_rate_payload(incoming.payload) == ("ISS-2026-00042", 4)
	assert vk.parse(message("Начать", payload='{"command":"start"}')).payload == "command:start"
	assert vk.parse(message("hi", payload="not json")).payload == "not json"


def test_a_callback_buttons_tap_is_read_and_answered():
	event = standin.vk_event(
		"message_event",
		{"user_id": 42, "peer_id": 42, "event_id": "cb1", "payload": {"data": "rate:ISS-1:5"}},
		SECRET,
	)
	assert vk.check({}, event, SECRET) is None
	incoming = vk.parse(event)
	assert (incoming.chat_id, incoming.payload, incoming.callback_id) == ("42", "rate:ISS-1:5", "cb1")
	answer = vk.answer_callback(incoming, "Спасибо!")
	assert answer.method == "messages.sendMessageEventAnswer"
	assert answer.params["event_id"] == "cb1" and answer.params["peer_id"] == 42
	assert json.loads(answer.params["event_data"])["text"] == "Спасибо!"
	assert vk.answer_callback(vk.parse(message())) is None


def test_what_the_desk_does_not_hear_is_none():
	community = message()
	community["object"]["message"]["from_id"] = -GROUP
	assert vk.parse(community) is None
	chat = message()
	chat["object"]["message"]["peer_id"] = 2000000001
	assert vk.parse(chat) is None
	out = message()
	out["object"]["message"]["out"] = 1
	assert vk.parse(out) is None
	typing = standin.vk_event("message_typing_state", {"state": "typing", "from_id": 42}, SECRET)
	assert vk.check({}, typing, SECRET) is None
	assert vk.parse(typing) is None


def test_a_text_is_sent_with_a_random_id_its_dedupe_key_fixes():
	call = vk.send_text("42", "Здравствуйте", dedupe_key="COMM-0001")
	assert call.method == "messages.send" and not call.as_json
	assert call.params["peer_id"] == 42 and call.params["message"] == "Здравствуйте"
	assert call.params["v"] == "5.199"
	assert "access_token" not in call.params
	assert (
		call.params["random_id"]
		== vk.send_text(42, "Здравствуйте", dedupe_key="COMM-0001").params["random_id"]
	)
	assert call.params["random_id"] != vk.send_text(42, "x", dedupe_key="COMM-0002").params["random_id"]
	assert 0 < call.params["random_id"] < 2**31
	assert 0 < vk.send_text(42, "x").params["random_id"] < 2**31
	long = vk.send_text(42, "я" * 5000).params["message"]
	assert len(long) == vk.TEXT_LIMIT and long.endswith("…")


def test_the_rating_keyboard_is_an_inline_keyboard_of_five_stars():
	call = vk.rating_keyboard(42, "Оцените ответ", "ISS-2026-00042", dedupe_key="resolved")
	keyboard = json.loads(call.params["keyboard"])
	assert keyboard["inline"] is True
	(row,) = keyboard["buttons"]
	assert [b["action"]["label"] for b in row] == ["1★", "2★", "3★", "4★", "5★"]
	payloads = [vk.payload_data(b["action"]["payload"]) for b in row]
	assert [parse_rate_payload(p) for p in payloads] == [("ISS-2026-00042", s) for s in range(1, 6)]
	assert all(len(b["action"]["payload"]) <= 255 for b in row)


def test_link_buttons_open_their_link():
	keyboard = json.loads(vk.keyboard([[("Сайт", "https://shop.example/")]]))
	assert keyboard["buttons"][0][0]["action"] == {
		"type": "open_link",
		"link": "https://shop.example/",
		"label": "Сайт",
	}


def test_a_photo_is_sent_by_its_saved_reference_after_the_upload_steps():
	assert vk.photo_upload_call(42).method == "photos.getMessagesUploadServer"
	assert vk.upload_target({"response": {"upload_url": "https://pu.vk.com/c1/upload"}}) == (
		"https://pu.vk.com/c1/upload"
	)
	save = vk.save_photo_call({"server": 1, "photo": '[{"x":1}]', "hash": "h"})
	assert save.method == "photos.saveMessagesPhoto" and save.params["hash"] == "h"
	reference = vk.photo_ref({"response": [{"id": 5, "owner_id": -GROUP, "access_key": "k"}]})
	assert reference == f"photo-{GROUP}_5_k"
	call = vk.send_photo(42, reference, "Фото", dedupe_key="c1")
	assert call.params["attachment"] == reference and call.params["message"] == "Фото"
	with pytest.raises(ValueError):
		vk.send_photo(42, ("a.jpg", b"bytes"), "")
	with pytest.raises(Malformed):
		vk.save_photo_call({"server": 1, "photo": "[]", "hash": "h"})


def test_files_are_read_only_from_vks_hosts_or_the_apis_own():
	hosts = vk.trusted_hosts("http://127.0.0.1:5555/vk")
	assert "userapi.com" in hosts and "127.0.0.1" in hosts
	assert vk.file_call("x") is None


def test_answers_and_errors_are_read():
	assert vk.result_id({"response": 123}) == "123"
	assert vk.api_error({"error": {"error_code": 901, "error_msg": "Can't send messages"}}) == (
		"VK error 901: Can't send messages"
	)
	assert vk.api_error({"response": 1}) is None
	assert (
		vk.user_name({"response": [{"id": 42, "first_name": "Анна", "last_name": "Петрова"}]})
		== "Анна Петрова"
	)
	assert vk.confirmation_code({"response": {"code": "abc"}}) == "abc"
	assert vk.group_of({"response": {"groups": [{"id": 1, "name": "Shop"}]}})["name"] == "Shop"
	assert vk.ask_contact(42, "x", "y") is None
	assert vk.clear_buttons(Incoming(chat_id="42", user_id="42", callback_id="c")) is None
	secret = vk.new_secret()
	assert len(secret) <= 50 and secret.isalnum()
