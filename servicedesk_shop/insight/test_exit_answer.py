# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""The exit question answers back on a real site: the shop's figures for the delivery cost, a help
article in the shopper's language, the fit advice of the cart's items for the size; "Back to my cart"
marked on the Exit Feedback and counted once as a self-service resolution, for the tapping session only."""

import frappe
from frappe.tests.utils import FrappeTestCase

from servicedesk_shop import api
from servicedesk_shop.insight import exit_feedback, fit_advice
from servicedesk_shop.insight.exit_answer import answer_for
from servicedesk_shop.self_service.session import session_hash
from servicedesk_shop.testing import (
	ShopTestCase,
	as_guest,
	delete_help_articles,
	make_help_article,
	make_help_category,
)

KEY = "test-exit-answer-000000000000001"
OTHER = "test-exit-answer-000000000000002"
CATEGORY = "Exit Answer Test"


def tap(reason: str, session_key: str = KEY, **fields):
	return as_guest(api.record_exit_feedback, reason=reason, session_key=session_key, **fields)


def back(feedback, session=KEY):
	return as_guest(api.exit_back_to_cart, feedback=feedback, session=session)


def in_language(lang: str, fn, *args, **kwargs):
	"""`fn` for a shopper reading in `lang` (Frappe's language of the request)."""
	before = frappe.local.lang
	frappe.local.lang = lang
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.local.lang = before


def resolutions(session: str = KEY) -> list[dict]:
	return frappe.get_all(
		"Self Service Resolution",
		filters={"session_key": session_hash(session)},
		fields=["kind", "article", "issue_type", "source", "query", "page", "language"],
	)


class TestExitAnswer(ShopTestCase):
	@classmethod
	def make_fixtures(cls):
		exit_feedback.make_exit_reasons()
		exit_feedback.clear_reasons_cache()
		make_help_category(CATEGORY, slug="exit-answer-test", published=1)
		# the class's own articles, made anew: an earlier run's (another version's) may differ
		delete_help_articles(frappe.get_all("Help Article", {"category": CATEGORY}, pluck="name"))
		cls.english = cls.article("Delivery times by region", "en", "exit-answer-delivery-times")
		cls.russian = cls.article("Сроки доставки по регионам", "ru", "exit-answer-sroki-dostavki")
		frappe.db.set_value("Help Article", cls.english, "translation", cls.russian)
		frappe.db.set_value("Help Article", cls.russian, "translation", cls.english)

	@classmethod
	def article(cls, title: str, language: str, slug: str) -> str:
		content = f"<p>{title}: Moscow in 1–2 working days.</p><p>Other regions later.</p>"
		return make_help_article(CATEGORY, title, content, language, slug=slug)

	def setUp(self):
		frappe.db.delete("Exit Feedback", {"session_key": ("in", [KEY, OTHER])})
		frappe.db.delete(
			"Self Service Resolution", {"session_key": ("in", [session_hash(KEY), session_hash(OTHER)])}
		)

	def tearDown(self):
		super().tearDown()
		exit_feedback.clear_reasons_cache()
		frappe.cache.delete_value(fit_advice.FIT_CACHE)
		frappe.cache.delete_value(fit_advice.ANSWER_CACHE)

	def answer_with(self, reason: str, **values):
		doc = frappe.get_doc("Exit Reason", reason)
		doc.update(values)
		doc.save()  # clears the reasons' cache (hooks.py)

	def test_the_delivery_cost_answers_with_the_shops_figures(self):
		result = tap("The delivery cost", item_codes="DEMO-WRAP-DRESS-M", cart_value=3990)
		self.assertTrue(result["recorded"])
		answer = result["answer"]
		self.assertEqual((answer["title"], answer["url"]), ("The delivery cost", None))
		self.assertTrue(answer["text"].startswith("Delivery is free from 5,000 ₽"), answer)
		# the same session again answers the same
		self.assertEqual(tap("The delivery cost")["answer"], answer)

	def test_in_russian_the_russian_text(self):
		answer = in_language("ru", tap, "The delivery cost")["answer"]
		self.assertTrue(answer["text"].startswith("Доставка бесплатная от 5 000 ₽"), answer)
		self.assertEqual(answer["title"], "Стоимость доставки")

	def test_a_reason_without_an_answer_answers_nothing(self):
		self.assertIsNone(tap("The price")["answer"])

	def test_an_article_answers_in_the_shoppers_language(self):
		self.answer_with("The delivery time", answer_article=self.english)
		answer = tap("The delivery time")["answer"]
		self.assertEqual(answer["title"], "Delivery times by region")
		self.assertTrue(answer["url"].endswith("/support/help/exit-answer-test/exit-answer-delivery-times"))
		self.assertEqual(
			answer["text"], "Delivery times by region: Moscow in 1–2 working days. Other regions later."
		)
		russian = in_language("ru", tap, "The delivery time", session_key=OTHER)["answer"]
		self.assertEqual(russian["title"], "Сроки доставки по регионам")
		self.assertTrue(russian["url"].endswith("/exit-answer-sroki-dostavki"))

	def test_an_unpublished_article_gives_way_to_the_text(self):
		self.answer_with("The delivery time", answer_article=self.english)
		for article in (self.english, self.russian):
			frappe.db.set_value("Help Article", article, "published", 0)
		answer = tap("The delivery time")["answer"]
		self.assertIsNone(answer["url"])
		self.assertTrue(answer["text"].startswith("Orders placed by 14:00"), answer)

	def test_unsure_of_the_size_answers_with_the_fit_advice_of_the_cart(self):
		dress = self.items[("DEMO-WRAP-DRESS", "M")]
		# no advice yet (another test's, committed on this site, is gone until the rollback)
		frappe.db.delete("Fit Advice", {"item": "DEMO-WRAP-DRESS"})
		fit_advice.forget_advice(["DEMO-WRAP-DRESS"])
		no_advice = tap("Unsure of the size", item_codes=dress)["answer"]
		self.assertTrue(no_advice["text"].startswith("Not the right size?"), no_advice)  # the text meanwhile
		frappe.get_doc(
			{
				"doctype": "Fit Advice",
				"item": "DEMO-WRAP-DRESS",
				"fit": "Runs Small",
				"share": 80,
				"observations": 6,
				"too_small": 5,
				"complaints": 6,
				"sizes": "M (3), S (2)",
			}
		).insert(ignore_permissions=True)
		fit_advice.forget_advice(["DEMO-WRAP-DRESS"])
		name = frappe.db.get_value("Item", "DEMO-WRAP-DRESS", "item_name")
		answer = tap("Unsure of the size", session_key=OTHER, item_codes=f"{dress},NO-SUCH-ITEM")["answer"]
		self.assertEqual(answer["title"], "How these items fit")
		self.assertTrue(answer["text"].startswith(f"{name}: Runs small"), answer)
		self.assertEqual(answer["text"].count("\n"), 0)  # one model, however many sizes
		russian = in_language("ru", answer_for, self.reason("Unsure of the size"), [dress])
		self.assertEqual(russian.title, "Как сидят эти вещи")
		self.assertIn(f"{name}: Маломерит", russian.text)

	def reason(self, name: str):
		return {r.name: r for r in exit_feedback.exit_reasons()}[name]

	def test_back_to_the_cart_is_recorded_and_counted_once(self):
		tapped = tap(
			"The delivery cost", page="Checkout", source="Checkout", page_url="https://shop.example/checkout"
		)
		self.assertEqual(back(tapped["exit_feedback"]), {"went_back_to_cart": True, "counted": True})
		self.assertEqual(
			frappe.db.get_value("Exit Feedback", tapped["exit_feedback"], "went_back_to_cart"), 1
		)
		self.assertEqual(
			resolutions(),
			[
				{
					"kind": "Exit Answer",
					"article": None,
					"issue_type": "Delivery",
					"source": "Checkout",
					"query": "The delivery cost",
					"page": "https://shop.example/checkout",
					"language": "en",
				}
			],
		)
		# a second click, or the page sending it again: counted once
		self.assertEqual(back(tapped["exit_feedback"]), {"went_back_to_cart": True, "counted": False})
		self.assertEqual(len(resolutions()), 1)

	def test_an_article_answer_counts_for_the_article(self):
		self.answer_with("The delivery time", answer_article=self.english)
		tapped = tap("The delivery time")
		back(tapped["exit_feedback"])
		self.assertEqual([r.article for r in resolutions()], [self.english])

	def test_only_the_tapping_session_may_say_it_went_back(self):
		tapped = tap("The delivery cost")
		with self.assertRaises(exit_feedback.ExitFeedbackNotFound) as refused:
			back(tapped["exit_feedback"], session=OTHER)
		missing = self.assertRaises(exit_feedback.ExitFeedbackNotFound)
		with missing:
			back("no-such-feedback", session=KEY)
		# a stranger's key and a missing record: the same 404 and the same words
		self.assertEqual(str(refused.exception), str(missing.exception))
		self.assertEqual(refused.exception.http_status_code, 404)
		self.assertEqual(
			frappe.db.get_value("Exit Feedback", tapped["exit_feedback"], "went_back_to_cart"), 0
		)
		self.assertEqual(resolutions(), [])
		self.assertEqual(resolutions(OTHER), [])

	def test_bad_input_is_a_400(self):
		tapped = tap("The delivery cost")
		for feedback, session in (
			(None, KEY),
			("x" * 141, KEY),
			(tapped["exit_feedback"], None),
			(tapped["exit_feedback"], "short"),
			(tapped["exit_feedback"], "<script>alert(1)</script>-0000000"),
		):
			with self.assertRaises(exit_feedback.ExitFeedbackError) as refused:
				back(feedback, session)
			self.assertEqual(refused.exception.http_status_code, 400)
		self.assertEqual(resolutions(), [])

	def test_a_reason_without_an_answer_marks_the_way_back_and_counts_nothing(self):
		tapped = tap("The price")
		self.assertEqual(back(tapped["exit_feedback"]), {"went_back_to_cart": True, "counted": False})
		self.assertEqual(
			frappe.db.get_value("Exit Feedback", tapped["exit_feedback"], "went_back_to_cart"), 1
		)
		self.assertEqual(resolutions(), [])

	def test_the_default_answers_leave_a_shops_own_alone(self):
		self.answer_with("The delivery cost", answer_text="Free delivery from 3,000 ₽", answer_text_ru="")
		self.answer_with(
			"Payment failed", answer_text="", answer_text_ru="", answer_article=None, answer_fit_advice=0
		)
		exit_feedback.make_exit_reasons()
		text, russian = frappe.db.get_value(
			"Exit Reason", "The delivery cost", ["answer_text", "answer_text_ru"]
		)
		self.assertEqual((text, russian or None), ("Free delivery from 3,000 ₽", None))
		# a reason left without any answer gets the default one
		self.assertTrue(
			frappe.db.get_value("Exit Reason", "Payment failed", "answer_text").startswith("Your order")
		)

	def test_the_endpoint_is_served_under_the_apis_name(self):
		self.assertIn("exit_back_to_cart", api.ENDPOINTS)
		labels = as_guest(api.get_exit_reasons)["labels"]
		self.assertEqual(labels["back_to_cart"], "Back to my cart")
