import pytest

from servicedesk_shop.intake.validation import (
	LIMITS,
	FeedbackError,
	SourceRules,
	clean_email,
	validate_feedback,
)

CART = SourceRules(
	name="Cart",
	allow_guest=True,
	categories=("Payment", "Website Problem"),
	default_category="Website Problem",
)
CHECKOUT = SourceRules(name="Order Tracking", allow_guest=True, order_required=True)
PRIVATE = SourceRules(name="Returns", allow_guest=False)


def submit(source=CART, is_guest=True, session_email=None, **data):
	data.setdefault("source", source.name if source else "Nowhere")
	data.setdefault("email", "anna@example.com")
	data.setdefault("message", "The coupon field does not accept my code")
	return validate_feedback(data, source, is_guest, session_email=session_email, order_prefixes=["SAL-ORD-"])


def error_of(**kwargs):
	with pytest.raises(FeedbackError) as info:
		submit(**kwargs)
	return info.value


def test_valid_submission_is_cleaned():
	feedback = submit(email="  Anna@Example.COM ", full_name="Anna <b>K</b>")
	assert feedback.email == "anna@example.com"
	assert feedback.full_name == "Anna K"
	assert feedback.subject == "The coupon field does not accept my code"
	assert feedback.category == "Website Problem"
	assert feedback.order_candidates == []


def test_given_subject_wins_and_is_plain():
	assert submit(subject="<i>Coupon</i>").subject == "Coupon"


def test_source_required_unknown_and_disabled():
	assert error_of(source=None).code == "unknown_source"
	assert error_of(source=SourceRules(name="Old", enabled=False, allow_guest=True)).code == "source_disabled"
	with pytest.raises(FeedbackError) as info:
		validate_feedback({"message": "hello"}, CART, True)
	assert info.value.code == "source_required"


def test_guest_only_where_allowed():
	assert error_of(source=PRIVATE).code == "login_required"
	feedback = submit(source=PRIVATE, is_guest=False, session_email="user@example.com")
	assert feedback.email == "user@example.com"


def test_session_email_wins_over_given_email():
	assert (
		submit(is_guest=False, session_email="me@example.com", email="other@example.com").email
		== "me@example.com"
	)


@pytest.mark.parametrize("message", [None, "", "  ", "ok"])
def test_message_required(message):
	assert error_of(message=message).code == "message_required"


def test_oversized_fields_are_refused_not_cut():
	err = error_of(message="x" * (LIMITS["message"] + 1))
	assert (err.code, err.field, err.params["limit"]) == ("too_long", "message", LIMITS["message"])
	assert error_of(page_url="https://shop.example/" + "a" * 600).field == "page_url"


def test_non_text_values_are_refused():
	assert error_of(message=["a", "b"]).code == "invalid_value"
	assert error_of(email={"x": 1}).code == "invalid_value"


@pytest.mark.parametrize(
	"email",
	["", "anna", "anna@", "@example.com", "an na@example.com", "anna@example", "a@b..com", "<a@b.com>"],
)
def test_malformed_email(email):
	with pytest.raises(FeedbackError) as info:
		clean_email(email)
	assert info.value.field == "email"


def test_category_must_be_allowed_for_source():
	err = error_of(category="Praise")
	assert (err.code, err.params["category"]) == ("category_not_allowed", "Praise")
	assert submit(category="Payment").category == "Payment"


def test_source_without_category_list_accepts_any_category():
	assert submit(source=CHECKOUT, category="Praise", order="SAL-ORD-2026-00001").category == "Praise"


def test_order_required_is_met_by_a_number_in_the_text():
	assert error_of(source=CHECKOUT).code == "order_required"
	feedback = submit(source=CHECKOUT, message="Where is sal-ord-2026-00012 ?")
	assert feedback.order_candidates == ["SAL-ORD-2026-00012"]


def test_given_order_comes_first_then_numbers_from_text():
	feedback = submit(order="sal-ord-2026-00005", message="also SAL-ORD-2026-00007 and SAL-ORD-2026-00005")
	assert feedback.order_candidates == ["SAL-ORD-2026-00005", "SAL-ORD-2026-00007"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.y/z", "https://", "https://a b.c/"])
def test_page_url_must_be_http(url):
	assert error_of(page_url=url).code == "page_url_invalid"


def test_page_url_kept():
	assert (
		submit(page_url="https://shop.example/p/dress?size=M").page_url
		== "https://shop.example/p/dress?size=M"
	)


@pytest.mark.parametrize("token", ["short", "has space 12345", "x" * 101, "юникод-токен-123"])
def test_client_token_format(token):
	assert error_of(client_token=token).code in ("client_token_invalid", "too_long")


def test_client_token_kept():
	assert submit(client_token="c1a2b3c4-d5e6").client_token == "c1a2b3c4-d5e6"


# --- hardening (issue 13) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
	"url",
	[
		"http://[x",  # urlsplit raises ValueError
		"http://[x]/",
		"https://shop.example:99999/",
		"https://shop.example:port/",
		"https://user:secret@shop.example/",
		"https://shop.example@evil.example/",
		"https://sh<op.example/",
		"https://'.example/",
	],
)
def test_malformed_page_url_is_a_clear_refusal(url):
	assert error_of(page_url=url).code == "page_url_invalid"


@pytest.mark.parametrize(
	"url, stored",
	[
		('https://shop.example/a"onmouseover="alert(1)', "https://shop.example/a%22onmouseover=%22alert(1)"),
		("https://shop.example/x'y", "https://shop.example/x%27y"),
		("https://shop.example/p?q=<b>&r=`x`", "https://shop.example/p?q=%3Cb%3E&r=%60x%60"),
		("https://shop.example/%zz%41", "https://shop.example/%25zz%41"),
		("HTTPS://Shop.Example:8443/A#x", "https://shop.example:8443/A#x"),
		("http://[::1]:8000/a", "http://[::1]:8000/a"),
		("https://магазин.рф/платье", "https://xn--80aairftm.xn--p1ai/%D0%BF%D0%BB%D0%B0%D1%82%D1%8C%D0%B5"),
	],
)
def test_page_url_is_stored_re_encoded(url, stored):
	assert submit(page_url=url).page_url == stored


def test_stored_page_url_has_no_raw_quote_or_bracket():
	for url in [
		'https://a.example/"',
		"https://a.example/?'",
		"https://a.example/#<script>",
		"https://a.example/\\",
	]:
		stored = submit(page_url=url).page_url
		assert not set(stored) & set("\"'<>`\\ "), stored


@pytest.mark.parametrize("field", ["message", "subject", "email", "full_name", "order", "client_token"])
def test_lone_surrogate_is_invalid_text(field):
	value = "Платье маломерит \ud800 очень"
	assert error_of(**{field: value}).code == "invalid_value"


def test_control_characters_are_dropped_from_text():
	feedback = submit(message="Hello\x00 there\x1b, size\tM\nthanks")
	assert feedback.message == "Hello there, size\tM\nthanks"


def test_an_answer_by_phone_needs_a_number():
	feedback = submit(
		message="Please call me about my order",
		email="a@example.com",
		call_me="1",
		phone=" +7 (916) 123-45-67 ",
	)
	assert feedback.call_me and feedback.phone == "+7 (916) 123-45-67"
	assert (
		error_of(message="Please call me back", email="a@example.com", call_me="true").code
		== "phone_required"
	)
	plain = submit(message="Just write back to me", email="a@example.com", call_me="0")
	assert not plain.call_me and plain.phone is None


@pytest.mark.parametrize(
	"phone",
	[
		"123",
		"call me",
		"+7 916 <script>",
		"1" * 16,
		"+7 (916) 123-45-67 ext. 5",
		"+7 916/123-45-67",
		"+7 (916) 123 - 45 - 67 00",
	],
)
def test_malformed_phone(phone):
	error = error_of(message="Please call me back", email="a@example.com", call_me="1", phone=phone)
	assert error.field == "phone" and error.code in ("phone_invalid", "too_long"), error.code


@pytest.mark.parametrize("value", [["1"], {"a": 1}])
def test_call_me_that_is_not_text_is_refused_or_ignored(value):
	feedback = submit(message="Please call me back", email="a@example.com", call_me=value)
	assert not feedback.call_me


def test_a_typed_messenger_chat_address_is_refused_but_a_channel_may_name_its_own():
	chat = "telegram-123456789@shop-bot.messenger.invalid"
	assert error_of(email=chat).code == "email_invalid"
	# the messengers' job names the chat's own address as the proven sender
	assert submit(is_guest=False, session_email=chat).email == chat
