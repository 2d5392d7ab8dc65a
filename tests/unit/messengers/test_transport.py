"""The transport against the stand-in of both APIs: retries on 429 and 5xx only, errors without the token,
downloads within their size, photos up by each messenger's way."""

import socket
import traceback

import pytest
import requests
from standin import standin

from servicedesk_shop.messengers import transport
from servicedesk_shop.messengers.adapters import telegram, vk
from servicedesk_shop.messengers.adapters.base import Attachment, Call
from servicedesk_shop.messengers.transport import TransportError

TOKEN = standin.TELEGRAM_TOKEN
VK_TOKEN = standin.VK_TOKEN
WRONG = "999:WRONG-token"
WRONG_VK = "vk1.a.WRONG"


@pytest.fixture
def api(stand_in, monkeypatch):
	stand_in.reset()
	waits = []
	monkeypatch.setattr(transport, "_sleep", waits.append)
	stand_in.waits = waits
	return stand_in


def no_token_in(error: TransportError, *tokens):
	text = "".join(traceback.format_exception(error)) + str(error) + repr(error) + str(error.args)
	for token in tokens:
		assert token not in text
	assert error.__cause__ is None and error.__context__ is None


def test_a_telegram_message_is_sent_and_recorded(api):
	answer = transport.call(api.telegram_url, TOKEN, telegram.send_text(42, "Ответим до 18:00"))
	assert telegram.result_id(answer)
	assert api.calls("sendMessage") == [{"chat_id": 42, "text": "Ответим до 18:00"}]
	assert api.sent_texts(42) == ["Ответим до 18:00"]
	assert api.waits == []


def test_a_wrong_token_is_refused_once_and_not_told(api):
	with pytest.raises(TransportError) as refused:
		transport.call(api.telegram_url, WRONG, telegram.send_text(42, "hi"))
	assert refused.value.status == 401 and not refused.value.retryable
	assert len(api.calls("sendMessage")) == 1 and api.sent_texts(42) == []
	no_token_in(refused.value, WRONG)


def test_429_is_retried_after_the_wait_telegram_asks_for(api):
	api.fail_next("sendMessage", 429, times=2, retry_after=1)
	answer = transport.call(api.telegram_url, TOKEN, telegram.send_text(42, "hi"))
	assert answer["ok"] is True
	assert len(api.calls("sendMessage")) == 3
	assert api.waits == [1, 1]
	assert api.sent_texts(42) == ["hi"]


def test_a_429_asking_for_longer_than_the_longest_wait_gives_up_at_once_for_a_later_job(api):
	api.fail_next("sendMessage", 429, times=1, retry_after=30)
	with pytest.raises(TransportError) as refused:
		transport.call(api.telegram_url, TOKEN, telegram.send_text(42, "hi"))
	assert refused.value.status == 429 and refused.value.retryable and refused.value.retry_after == 30
	assert len(api.calls("sendMessage")) == 1 and api.waits == []


def test_5xx_is_retried_with_growing_capped_waits(api):
	api.fail_next("sendMessage", 500, times=3)
	transport.call(api.telegram_url, TOKEN, telegram.send_text(42, "hi"))
	assert len(api.calls("sendMessage")) == 4
	assert len(api.waits) == 3
	assert all(0 < wait <= transport.MAX_WAIT for wait in api.waits)
	assert api.waits[0] < 2 * transport.BACKOFF <= api.waits[2]


def test_retries_end_with_a_retryable_error(api):
	api.fail_next("sendMessage", 502, times=10)
	with pytest.raises(TransportError) as failed:
		transport.call(api.telegram_url, TOKEN, telegram.send_text(42, "hi"), retries=2)
	assert failed.value.status == 502 and failed.value.retryable
	assert len(api.calls("sendMessage")) == 3


def test_another_4xx_is_not_retried(api):
	with pytest.raises(TransportError) as refused:
		transport.call(api.telegram_url, TOKEN, Call("sendMessage", {"chat_id": 42, "text": ""}))
	assert refused.value.status == 400 and not refused.value.retryable
	assert "message text is empty" in str(refused.value)
	assert len(api.calls("sendMessage")) == 1 and api.waits == []
	api.block(43)
	with pytest.raises(TransportError) as blocked:
		transport.call(api.telegram_url, TOKEN, telegram.send_text(43, "hi"))
	assert blocked.value.status == 403 and "blocked" in str(blocked.value)
	assert len(api.calls("sendMessage")) == 2


def closed_port() -> int:
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


def test_a_connection_error_is_retried_and_told_without_the_token(monkeypatch):
	waits = []
	monkeypatch.setattr(transport, "_sleep", waits.append)
	url = f"http://127.0.0.1:{closed_port()}/telegram"
	# what requests itself says holds the token: the address of the call
	with pytest.raises(requests.ConnectionError) as raw:
		requests.post(f"{url}/bot{TOKEN}/sendMessage", timeout=2)
	assert TOKEN in str(raw.value)
	with pytest.raises(TransportError) as failed:
		transport.call(url, TOKEN, telegram.send_text(42, "hi"), retries=2)
	assert failed.value.status is None and failed.value.retryable
	assert len(waits) == 2
	assert "ConnectionError" in str(failed.value)
	no_token_in(failed.value, TOKEN, TOKEN.replace(":", "%3A"))


def test_a_send_that_timed_out_waiting_is_not_repeated_but_a_lookup_is(api):
	api.slow_next("sendMessage", 1.0)
	with pytest.raises(TransportError) as failed:
		transport.call(api.telegram_url, TOKEN, telegram.send_text(42, "hi"), timeout=(2, 0.3))
	# it may have been delivered: Telegram would show it twice
	assert not failed.value.retryable and len(api.calls("sendMessage")) == 1
	no_token_in(failed.value, TOKEN)
	api.slow_next("getMe", 1.0)
	answer = transport.call(api.telegram_url, TOKEN, telegram.get_me_call(), timeout=(2, 0.3))
	assert answer["result"]["username"] == standin.BOT["username"]
	assert len(api.calls("getMe")) == 2


def test_connecting_a_bot_sets_its_webhook(api):
	me = transport.call(api.telegram_url, TOKEN, telegram.get_me_call())
	assert telegram.bot_username(me) == "shop_standin_bot"
	transport.call(api.telegram_url, TOKEN, telegram.set_webhook_call("https://shop.example/hook", "s3cret"))
	assert api.webhook["secret_token"] == "s3cret"
	assert api.webhook["allowed_updates"] == ["message", "callback_query"]


def test_a_vk_message_is_sent_once_for_one_dedupe_key_and_its_token_is_not_recorded(api):
	call = vk.send_text(42, "Ответим до 18:00", dedupe_key="COMM-1")
	first = transport.call(api.vk_url, VK_TOKEN, call)
	again = transport.call(api.vk_url, VK_TOKEN, vk.send_text(42, "Ответим до 18:00", dedupe_key="COMM-1"))
	assert vk.result_id(first) == vk.result_id(again)
	assert api.sent_texts(42) == ["Ответим до 18:00"]
	assert len(api.calls("messages.send")) == 2
	assert all("access_token" not in params for params in api.calls())
	assert api.calls("messages.send")[0]["v"] == "5.199"


def test_vks_errors_in_a_200_are_errors_and_its_rate_limit_is_retried(api):
	with pytest.raises(TransportError) as refused:
		transport.call(api.vk_url, WRONG_VK, vk.send_text(42, "hi"))
	assert "VK error 5" in str(refused.value) and not refused.value.retryable
	no_token_in(refused.value, WRONG_VK)
	api.fail_next("messages.send", 200, times=1, vk_error=6)
	transport.call(api.vk_url, VK_TOKEN, vk.send_text(42, "hi", dedupe_key="k"))
	# the refused call, the one VK answered "too many requests", and its retry
	assert len(api.calls("messages.send")) == 3 and len(api.waits) == 1
	api.fail_next("messages.send", 500, times=1)
	transport.call(api.vk_url, VK_TOKEN, vk.send_text(42, "hi", dedupe_key="k2"))
	assert api.sent_texts(42) == ["hi", "hi"]


def test_a_telegram_photo_is_downloaded_within_its_size(api):
	api.add_file("PHOTO1", b"\xff\xd8jpeg-bytes")
	answer = transport.call(api.telegram_url, TOKEN, telegram.file_call("PHOTO1"))
	path = telegram.file_url_path(answer)
	assert transport.download(api.telegram_url, TOKEN, path, max_bytes=100) == b"\xff\xd8jpeg-bytes"
	attachment = Attachment("photo", file_id="PHOTO1")
	assert (
		transport.fetch_attachment(telegram, api.telegram_url, TOKEN, attachment, 100)
		== b"\xff\xd8jpeg-bytes"
	)
	with pytest.raises(TransportError) as wrong:
		transport.download(api.telegram_url, WRONG, path, max_bytes=100)
	assert wrong.value.status == 401
	no_token_in(wrong.value, WRONG)


def test_a_file_over_the_size_is_refused_with_or_without_its_length(api):
	api.add_file("BIG", b"x" * 5000)
	api.add_file("STREAMED", b"x" * 300_000, chunked=True)
	for file_id in ("BIG", "STREAMED"):
		path = telegram.file_url_path(transport.call(api.telegram_url, TOKEN, telegram.file_call(file_id)))
		with pytest.raises(TransportError) as large:
			transport.download(api.telegram_url, TOKEN, path, max_bytes=1000)
		assert large.value.status == 413 and not large.value.retryable
	# getFile tells the size: a file too large is not downloaded at all
	with pytest.raises(TransportError):
		transport.fetch_attachment(
			telegram, api.telegram_url, TOKEN, Attachment("photo", file_id="BIG"), 1000
		)
	assert len([entry for entry in api.log if entry["method"] == "getFile"]) == 3


def test_a_vk_photo_is_read_from_its_url_only_on_trusted_hosts(api):
	url = api.add_file("vkphoto", b"png-bytes")
	attachment = Attachment("photo", url=url)
	assert transport.fetch_attachment(vk, api.vk_url, VK_TOKEN, attachment, 100) == b"png-bytes"
	# the same address is not trusted for a channel whose API is elsewhere
	with pytest.raises(TransportError):
		transport.fetch_attachment(vk, "https://api.vk.com", VK_TOKEN, attachment, 100)
	for bad in ("file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)", ""):
		with pytest.raises(TransportError):
			transport.download_url(bad, 100)
	with pytest.raises(TransportError) as large:
		transport.download_url(url, 4)
	assert large.value.status == 413


def test_photos_go_up_the_way_each_messenger_takes_them(api):
	transport.send_photo(telegram, api.telegram_url, TOKEN, "42", "dress.jpg", b"jpeg", caption="Фото")
	(sent,) = api.sent(42)
	assert sent["photo"] == {"filename": "dress.jpg", "content": b"jpeg"} and sent["text"] == "Фото"
	api.reset()
	answer = transport.send_photo(
		vk, api.vk_url, VK_TOKEN, "42", "dress.jpg", b"jpeg", "Фото", dedupe_key="c1"
	)
	assert vk.result_id(answer)
	(sent,) = api.sent(42)
	assert sent["photo"] == ("dress.jpg", b"jpeg") and sent["text"] == "Фото"
	assert [entry["method"] for entry in api.log] == [
		"photos.getMessagesUploadServer",
		"photos.saveMessagesPhoto",
		"messages.send",
	]


def test_a_bad_address_or_token_is_refused_before_any_call():
	with pytest.raises(TransportError):
		transport.call("ftp://api.telegram.org", TOKEN, telegram.get_me_call())
	with pytest.raises(TransportError):
		transport.call("https://api.telegram.org", "a/../b", telegram.get_me_call())
	with pytest.raises(TransportError):
		transport.download("https://api.telegram.org", TOKEN, "../x", 10)
