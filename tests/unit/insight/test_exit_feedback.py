"""The exit question's answer, checked without a site."""

import pytest

from servicedesk_shop.insight.exit import (
	MAX_ITEMS,
	ExitAnswer,
	answer_text,
	excerpt,
	fit_lines,
	validate_exit_feedback,
)
from servicedesk_shop.intake.validation import FeedbackError

REASONS = {"The price", "Payment failed", "Other"}
KEY = "3f2a9c1e-7b7d-4a36-9e1f-0c0ffee00001"


def check(**data):
	data.setdefault("reason", "The price")
	data.setdefault("session_key", KEY)
	return validate_exit_feedback(data, REASONS)


def error_of(**data):
	with pytest.raises(FeedbackError) as info:
		check(**data)
	return info.value


def test_a_tap_is_cleaned():
	feedback = check(
		page="Checkout",
		items="DRESS-M, BRA-75B,DRESS-M",
		cart_value="7 480,50".replace(" ", ""),
		currency="rub",
		trigger="Item Removed",
	)
	assert feedback.item_codes == ["DRESS-M", "BRA-75B"]
	assert feedback.cart_value == 7480.5 and feedback.currency == "RUB"
	assert (feedback.page, feedback.trigger) == ("Checkout", "Item Removed")
	assert not feedback.wants_contact and feedback.email is None  # no personal data


def test_defaults_and_lists():
	feedback = check(items=["A", "B"])
	assert (feedback.page, feedback.trigger, feedback.cart_value) == ("Cart", "Leave Window", 0.0)
	assert feedback.item_codes == ["A", "B"]


def test_contact_me_needs_an_email_and_a_text():
	assert check(comment="Доставка 500 ₽ — дорого", email="Olga@Example.com").wants_contact
	assert check(comment="Доставка дорого").wants_contact is False
	assert check(email="olga@example.com").wants_contact is False


@pytest.mark.parametrize(
	"data, code",
	[
		({"reason": ""}, "reason_required"),
		({"reason": "Aliens"}, "unknown_reason"),
		({"session_key": "short"}, "session_key_invalid"),
		({"session_key": "<script>alert(1)</script>aaaaaaaa"}, "session_key_invalid"),
		({"page": "Home"}, "page_invalid"),
		({"trigger": "Whenever"}, "trigger_invalid"),
		({"items": ["x"] * (MAX_ITEMS + 1)}, "items_invalid"),
		({"items": [{"code": 1}]}, "items_invalid"),
		# markup in a JSON-looking value passes Frappe's sanitizer and a read-only Small Text shows it raw
		({"items": '"<img src=x onerror=alert(1)>"'}, "items_invalid"),
		({"items": ["DRESS-M", "BRA\n75B"]}, "items_invalid"),
		({"items": ["x" * 141]}, "items_invalid"),
		({"cart_value": "-5"}, "cart_value_invalid"),
		({"cart_value": "NaN"}, "cart_value_invalid"),
		({"cart_value": "1e12"}, "cart_value_invalid"),
		({"cart_value": "много"}, "cart_value_invalid"),
		({"cart_value": True}, "cart_value_invalid"),
		({"currency": "рубли"}, "currency_invalid"),
		({"comment": "x" * 1001}, "too_long"),
		({"email": "not-an-email"}, "email_invalid"),
		({"page_url": "javascript:alert(1)"}, "page_url_invalid"),
		({"reason": {"a": 1}}, "invalid_value"),
		({"reason": "The price\ud800"}, "invalid_value"),
	],
)
def test_bad_input_is_refused_with_its_reason(data, code):
	assert error_of(**data).code == code


def test_the_answer_text_in_the_shoppers_language():
	assert answer_text("Free from 5,000 ₽", "Бесплатно от 5 000 ₽", "ru") == "Бесплатно от 5 000 ₽"
	assert answer_text("Free from 5,000 ₽", "Бесплатно от 5 000 ₽", "en") == "Free from 5,000 ₽"
	assert answer_text(" Free from 5,000 ₽ ", "", "ru") == "Free from 5,000 ₽"  # no Russian: the English
	assert answer_text(None, "Бесплатно", "en") == "Бесплатно"
	assert answer_text(None, "  ", "en") == ""


def test_an_articles_first_lines():
	assert excerpt("Delivery is free\nfrom 5,000 ₽.") == "Delivery is free from 5,000 ₽."
	long = "Delivery is free for orders from 5,000 ₽. " * 10
	cut = excerpt(long, 60)
	assert (
		len(cut) <= 60
		and cut.endswith("…")
		and cut == "Delivery is free for orders from 5,000 ₽. Delivery is free…"
	)


def test_the_fit_advice_of_the_cart_each_model_once():
	advices = [
		{"template": "DRESS", "fit": "Runs Small", "advice": "Runs small: take one size up."},
		{"template": "DRESS", "fit": "Runs Small", "advice": "Runs small: take one size up."},  # another size
		{"template": "BRA", "fit": None, "advice": ""},  # not enough evidence
		{"template": "PYJAMA", "fit": "Runs Large", "advice": "Runs large: take one size down."},
	]
	names = {"DRESS": "Wrap dress"}
	assert fit_lines(advices, names) == [
		"Wrap dress: Runs small: take one size up.",
		"PYJAMA: Runs large: take one size down.",
	]
	assert fit_lines(advices, names, limit=1) == ["Wrap dress: Runs small: take one size up."]
	assert fit_lines([], names) == []


def test_an_answer_shows_no_article_name():
	answer = ExitAnswer("Delivery", "Free from 5,000 ₽", "/support/help/delivery/cost", article="a1b2")
	assert answer.public() == {
		"title": "Delivery",
		"text": "Free from 5,000 ₽",
		"url": "/support/help/delivery/cost",
	}
