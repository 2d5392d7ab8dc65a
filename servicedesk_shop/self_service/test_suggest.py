# Answers while the shopper types, on a real site: `bench --site SITE run-tests --module
# servicedesk_shop.self_service.test_suggest`.

import json
import random

import frappe
from frappe.tests.test_api import FrappeAPITestCase, make_request

from servicedesk_shop.api import answer_feedback, suggest_answers
from servicedesk_shop.intake import service as intake
from servicedesk_shop.self_service import service
from servicedesk_shop.self_service.links import article_url
from servicedesk_shop.self_service.session import session_hash
from servicedesk_shop.service_desk.errors import ServiceDeskError, ServiceDeskNotFound
from servicedesk_shop.service_desk.permissions import GUEST
from servicedesk_shop.service_desk.ratelimit import clear_limits, suggest_limit

SUGGEST = "/api/method/servicedesk_shop.api.suggest_answers"
FEEDBACK = "/api/method/servicedesk_shop.api.answer_feedback"
SHOPPER = "shopper.self-service@example.com"


def make_category(name: str) -> str:
	# Frappe publishes every new Help Category
	return (
		frappe.get_doc({"doctype": "Help Category", "category_name": name})
		.insert(ignore_permissions=True)
		.name
	)


def make_article(category, title, content, language="ru", published=1, issue_types=(), sources=()):
	return frappe.get_doc(
		{
			"doctype": "Help Article",
			"title": title,
			"category": category,
			"content": content,
			"language": language,
			"published": published,
			"issue_types": [{"issue_type": t} for t in issue_types],
			"sources": [{"feedback_source": s} for s in sources],
		}
	).insert(ignore_permissions=True)


def counters(name: str) -> tuple[int, int]:
	helpful, not_helpful = frappe.db.get_value("Help Article", name, ["helpful", "not_helpful"])
	return int(helpful or 0), int(not_helpful or 0)


def session(label: str) -> str:
	"""A page's session key, new for each test run (the feedback is once per session, for good)."""
	return f"test-{label}-{frappe.generate_hash(length=16)}"


def show_to(key: str, text: str, article: str) -> str:
	"""`text` typed in the page of session `key`, whose answers include `article` (now shown to it)."""
	answers = service.suggest_answers(text, session_key=session_hash(key))
	assert article in [answer["article"] for answer in answers], answers
	return key


def remove_airships():
	"""The test's categories and articles, and what was recorded of them (the answers shown still counted
	in Redis first, so that no later flush writes them for articles that are gone)."""
	service.flush_answers_shown()
	categories = frappe.get_all(
		"Help Category", filters={"category_name": ("like", "Airships %")}, pluck="name"
	)
	names = frappe.get_all("Help Article", filters={"category": ("in", categories or [""])}, pluck="name")
	for doctype in ("Answer Feedback", "Self Service Resolution", "Self Service Tally"):
		frappe.db.delete(doctype, {"article": ("in", names or [""])})
	for name in names:
		frappe.delete_doc("Help Article", name, force=True, ignore_permissions=True)
	for name in categories:
		frappe.delete_doc("Help Category", name, force=True, ignore_permissions=True)


class TestSuggestAnswers(FrappeAPITestCase):
	"""Articles about delivery by airship (words no demo article has, so the demo's articles on a site do
	not outrank them), in Russian and English, one unpublished and one in an unpublished category.
	Committed: the in-process HTTP requests see them; removed at the end."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		remove_airships()  # what a run that stopped half-way left
		# digits in the titles: unique names, and no word a question matches
		cls.tag = run = str(random.randrange(10**7, 10**8))
		cls.category = make_category(f"Airships {run}")
		cls.hidden_category = make_category(f"Airships hidden {run}")
		cls.delivery_ru = make_article(
			cls.category,
			f"Доставка дирижаблем {run}",
			"<p>Доставка дирижаблем стоит 900 ₽ по городу.</p><p>При заказе от 20000 ₽ доставка "
			"дирижаблем бесплатная.</p><p>Дирижабль прилетает за два дня.</p>",
			issue_types=["Delivery"],
		)
		cls.payment_ru = make_article(
			cls.category,
			f"Оплата полёта дирижабля {run}",
			"<p>Полёт дирижабля оплачивают картой на сайте.</p>",
			issue_types=["Payment"],
		)
		cls.delivery_en = make_article(
			cls.category,
			f"Airship delivery {run}",
			"<p>Delivery by airship costs 900 RUB in town.</p><p>Airships deliver within two days.</p>",
			language="en",
			issue_types=["Delivery"],
		)
		cls.unpublished = make_article(
			cls.category,
			f"Доставка дирижаблем в Антарктиду дирижаблем {run}",
			"<p>Доставка дирижаблем в Антарктиду: дирижабль, доставка, дирижабли.</p>",
			published=0,
		)
		cls.in_hidden_category = make_article(
			cls.hidden_category,
			f"Доставка дирижаблем на Луну {run}",
			"<p>Доставка дирижаблем на Луну, доставка дирижаблем.</p>",
		)
		# a category unpublished with a published article left in it (Frappe's Help Category unpublishes
		# its articles when it is saved unpublished; an editor may publish one again)
		frappe.db.set_value("Help Category", cls.hidden_category, "published", 0)
		service.invalidate_index()
		cls.articles = [
			cls.delivery_ru,
			cls.payment_ru,
			cls.delivery_en,
			cls.unpublished,
			cls.in_hidden_category,
		]
		frappe.db.commit()  # nosemgrep: the in-process HTTP requests run on their own connection

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		remove_airships()
		frappe.db.commit()  # nosemgrep: undo the committed fixtures
		super().tearDownClass()

	def setUp(self):
		clear_limits()
		frappe.set_user("Administrator")

	def suggested(self, text, **kwargs) -> list[str]:
		return [a["article"] for a in suggest_answers(text, **kwargs)["answers"]]

	# --- ranking ---------------------------------------------------------------------------------------

	def test_russian_word_forms_find_the_delivery_article(self):
		for text in (
			"сколько стоит доставка дирижаблем",
			"нет доставки дирижаблем в мой город",
			"хочу оформить доставку дирижаблем",
		):
			self.assertEqual(self.suggested(text)[0], self.delivery_ru.name, text)

	def test_english_word_forms_find_the_delivery_article(self):
		for text in ("how much do airship deliveries cost", "is delivering by airship free"):
			self.assertEqual(self.suggested(text)[0], self.delivery_en.name, text)

	def test_an_answer_is_its_title_snippet_and_page(self):
		answer = suggest_answers("бесплатная доставка дирижаблем")["answers"][0]
		self.assertEqual(set(answer), {"article", "title", "url", "snippet"})
		self.assertEqual(answer["title"], f"Доставка дирижаблем {self.tag}")
		self.assertTrue(answer["snippet"].startswith("При заказе от 20000 ₽ доставка дирижаблем бесплатная."))
		slugs = frappe.db.get_value("Help Category", self.category, "slug"), self.delivery_ru.slug
		self.assertTrue(answer["url"].endswith(article_url(*slugs)), answer["url"])
		self.assertTrue(answer["url"].startswith("http"))

	def test_at_most_three_and_nothing_for_junk(self):
		self.assertLessEqual(
			len(suggest_answers("доставка дирижаблем оплата полёта дирижабля")["answers"]), 3
		)
		for text in ("", "ой", "asdf qwer zxcv", "и как это у меня", None):
			self.assertEqual(suggest_answers(text)["answers"], [], text)

	def test_unpublished_is_never_suggested(self):
		for text in ("доставка дирижаблем в антарктиду", "доставка дирижаблем на луну"):
			found = self.suggested(text)
			self.assertNotIn(self.unpublished.name, found)
			self.assertNotIn(self.in_hidden_category.name, found)
			self.assertIn(self.delivery_ru.name, found)

	def test_the_language_of_the_text_or_the_one_given(self):
		russian = self.suggested("доставка дирижаблем")
		self.assertIn(self.delivery_ru.name, russian)
		self.assertNotIn(self.delivery_en.name, russian)
		english = self.suggested("airship delivery")
		self.assertIn(self.delivery_en.name, english)
		self.assertNotIn(self.delivery_ru.name, english)
		# an English page asking with a Russian word: English first
		self.assertEqual(self.suggested("доставка airship", language="en")[0], self.delivery_en.name)

	def test_bad_arguments_are_4xx(self):
		for kwargs in (
			{"text": "x" * 5001},
			{"text": "доставка дирижаблем", "source": "No Such Source"},
			{"text": "доставка дирижаблем", "language": "de"},
			{"text": "доставка дирижаблем", "session": "short"},
		):
			with self.assertRaises(ServiceDeskError) as refused:
				suggest_answers(**kwargs)
			self.assertEqual(refused.exception.http_status_code, 400, kwargs)

	# --- the index follows the articles ----------------------------------------------------------------

	def test_the_index_is_rebuilt_when_an_article_changes(self):
		text = "доставка дирижаблем"
		self.assertIn(self.delivery_ru.name, self.suggested(text))
		doc = frappe.get_doc("Help Article", self.delivery_ru.name)
		doc.published = 0
		doc.save(ignore_permissions=True)
		self.assertNotIn(self.delivery_ru.name, self.suggested(text))
		doc.published = 1
		doc.title = f"Доставка дирижаблем и цеппелином {self.tag}"
		doc.save(ignore_permissions=True)
		self.assertEqual(self.suggested("доставка цеппелином")[0], self.delivery_ru.name)
		# another process sees the change at its next request: it reads the version from the cache
		frappe.local.servicedesk_answers_index = None
		self.assertEqual(self.suggested("цеппелины доставляют?")[0], self.delivery_ru.name)
		doc.title = f"Доставка дирижаблем {self.tag}"
		doc.save(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: the committed fixture as it was

	# --- "Did this answer your question?" ---------------------------------------------------------------

	def test_yes_counts_once_per_session_and_records_a_resolution(self):
		key = show_to(session("yes"), "сколько стоит доставка дирижаблем", self.delivery_ru.name)
		before = counters(self.delivery_ru.name)
		frappe.set_user("Guest")
		first = answer_feedback(
			self.delivery_ru.name, 1, source="Cart", text=" сколько стоит <b>доставка</b> ", session=key
		)
		again = answer_feedback(self.delivery_ru.name, "1", source="Cart", text="ещё раз", session=key)
		changed_mind = answer_feedback(self.delivery_ru.name, 0, source="Cart", session=key)
		frappe.set_user("Administrator")
		self.assertEqual(first, {"recorded": True})
		self.assertEqual(again, {"recorded": False})
		self.assertEqual(changed_mind, {"recorded": False})
		self.assertEqual(counters(self.delivery_ru.name), (before[0] + 1, before[1]))
		stored = session_hash(key)
		self.assertEqual(
			frappe.get_all(
				"Answer Feedback", filters={"session_key": stored}, fields=["helped", "article", "query"]
			),
			[{"helped": 1, "article": self.delivery_ru.name, "query": "сколько стоит доставка"}],
		)
		resolution = frappe.get_all(
			"Self Service Resolution",
			filters={"session_key": stored},
			fields=["kind", "article", "issue_type", "source", "language", "query"],
		)
		self.assertEqual(
			resolution,
			[
				{
					"kind": "Answer",
					"article": self.delivery_ru.name,
					"issue_type": "Delivery",
					"source": "Cart",
					"language": "ru",
					"query": "сколько стоит доставка",
				}
			],
		)
		self.assertNotIn(key, json.dumps(resolution))  # the session key itself is never stored

	def test_no_counts_not_helpful_once_and_records_no_resolution(self):
		key = show_to(session("no"), "оплата полёта дирижабля", self.payment_ru.name)
		other = show_to(session("other"), "оплата полёта дирижабля", self.payment_ru.name)
		before = counters(self.payment_ru.name)
		self.assertEqual(
			answer_feedback(self.payment_ru.name, "0", source="Checkout", session=key), {"recorded": True}
		)
		self.assertEqual(answer_feedback(self.payment_ru.name, "false", session=key), {"recorded": False})
		self.assertEqual(counters(self.payment_ru.name), (before[0], before[1] + 1))
		self.assertFalse(frappe.db.exists("Self Service Resolution", {"session_key": session_hash(key)}))
		# another session counts again
		self.assertEqual(answer_feedback(self.payment_ru.name, 0, session=other), {"recorded": True})
		self.assertEqual(counters(self.payment_ru.name), (before[0], before[1] + 2))

	def test_feedback_on_an_answer_the_session_never_saw_counts_nowhere(self):
		"""A script's or another site's vote: the session was never shown the article, nor is the vote
		sent from the article's own page."""
		key = session("unseen")
		before = counters(self.delivery_ru.name)
		frappe.set_user("Guest")
		try:
			self.assertEqual(answer_feedback(self.delivery_ru.name, 1, session=key), {"recorded": False})
			# the same vote from the article's page ("Was this helpful?") is counted
			page = "http://shop.test" + service.get_index().get(self.delivery_ru.name).url
			frappe.local.request = frappe._dict(
				headers={"Referer": "http://other.test/x", "Host": "shop.test"}
			)
			self.assertEqual(answer_feedback(self.delivery_ru.name, 1, session=key), {"recorded": False})
			frappe.local.request = frappe._dict(headers={"Referer": page, "Host": "shop.test"})
			self.assertEqual(answer_feedback(self.delivery_ru.name, 1, session=key), {"recorded": True})
		finally:
			frappe.local.request = None
			frappe.set_user("Administrator")
		self.assertEqual(counters(self.delivery_ru.name), (before[0] + 1, before[1]))

	def test_feedback_on_an_unknown_or_unpublished_article_is_404(self):
		for name in ("no-such-article", self.unpublished.name, self.in_hidden_category.name):
			with self.assertRaises(ServiceDeskNotFound) as refused:
				answer_feedback(name, 1, session=session("404"))
			self.assertEqual(refused.exception.http_status_code, 404)
		for kwargs in (
			{"helped": "maybe"},
			{"helped": None},
			{"helped": 1, "text": "x" * 5001},
			{"helped": 1, "source": "Nowhere"},
			{"helped": 1, "session": "bad key with spaces"},
		):
			with self.assertRaises(ServiceDeskError) as refused:
				answer_feedback(self.delivery_ru.name, **kwargs)
			self.assertEqual(refused.exception.http_status_code, 400, kwargs)

	# --- the answers shown, for the report -------------------------------------------------------------

	def test_answers_shown_are_counted_once_per_session_and_day(self):
		service.flush_answers_shown()  # what earlier tests showed
		first, second = session("shown-1"), session("shown-2")
		for key in (first, first, second):
			suggest_answers("сколько стоит доставка дирижаблем", source="Widget", session=key)
		# a clearing of the whole cache (Frappe's, when a global default is set) loses no count
		frappe.clear_cache()
		suggest_answers("сколько стоит доставка дирижаблем", source="Widget", session=first)
		service.flush_answers_shown()
		shown = frappe.get_all(
			"Self Service Tally",
			filters={"article": self.delivery_ru.name, "source": "Widget"},
			fields=["issue_type", "language", "shown"],
		)
		self.assertEqual(shown, [{"issue_type": "Delivery", "language": "ru", "shown": 2}])
		self.assertEqual(service.flush_answers_shown(), 0)  # nothing counted twice

	# --- the intake records the answers shown ----------------------------------------------------------

	def test_a_request_sent_anyway_records_the_answers_shown(self):
		key = show_to(session("intake"), "доставка дирижаблем", self.delivery_ru.name)
		show_to(key, "оплата полёта дирижабля", self.payment_ru.name)
		before = counters(self.delivery_ru.name), counters(self.payment_ru.name)
		shown = [self.delivery_ru.name, self.payment_ru.name, "no-such-article", self.unpublished.name]
		frappe.set_user("Guest")
		try:
			answer = intake.submit(
				{
					"source": "Cart",
					"email": SHOPPER,
					"message": "Доставка дирижаблем не пришла, что делать?",
					"answers_shown": json.dumps(shown),
					"session": key,
				}
			)
			# the same page sends another request: the answers counted once
			intake.submit(
				{
					"source": "Cart",
					"email": SHOPPER,
					"message": "И ещё вопрос про оплату полёта дирижабля",
					"answers_shown": [self.payment_ru.name],
					"session": key,
				}
			)
		finally:
			frappe.set_user("Administrator")
		stored = json.loads(frappe.db.get_value("Issue", answer["issue"], "answers_shown"))
		self.assertEqual(stored, [self.delivery_ru.name, self.payment_ru.name])
		self.assertEqual(counters(self.delivery_ru.name), (before[0][0], before[0][1] + 1))
		self.assertEqual(counters(self.payment_ru.name), (before[1][0], before[1][1] + 1))
		self.assertEqual(
			frappe.db.count("Answer Feedback", {"session_key": session_hash(key), "helped": 0}), 2
		)

	def test_a_request_with_a_malformed_list_is_400_and_one_without_is_as_before(self):
		frappe.set_user("Guest")
		try:
			with self.assertRaises(ServiceDeskError) as refused:
				intake.submit(
					{"source": "Cart", "email": SHOPPER, "message": "Вопрос", "answers_shown": "{not a list"}
				)
			self.assertEqual(refused.exception.http_status_code, 400)
			answer = intake.submit({"source": "Cart", "email": SHOPPER, "message": "Вопрос без ответов"})
		finally:
			frappe.set_user("Administrator")
		self.assertFalse(frappe.db.get_value("Issue", answer["issue"], "answers_shown"))

	# --- over HTTP: a guest, the rate limit --------------------------------------------------------------

	def post(self, path, data):
		return make_request(
			target=self.TEST_CLIENT.post,
			args=(path,),
			kwargs={"data": data, "headers": {"Accept": "application/json"}},
		)

	def test_guests_are_answered_over_http_and_rate_limited(self):
		ok = self.post(SUGGEST, {"text": "доставка дирижаблем", "source": "Cart"})
		self.assertEqual(ok.status_code, 200)
		self.assertEqual(ok.json["message"]["answers"][0]["article"], self.delivery_ru.name)
		limit = suggest_limit(GUEST)
		statuses = [self.post(SUGGEST, {"text": f"доставка {n}"}).status_code for n in range(limit)]
		self.assertEqual(statuses, [200] * (limit - 1) + [429])
		refused = self.post(SUGGEST, {"text": "доставка"})
		self.assertEqual(refused.status_code, 429)
		self.assertEqual(refused.json["exc_type"], "RateLimitExceededError")
		self.assertNotIn("Traceback", refused.get_data(as_text=True))

	def test_bad_input_over_http_is_4xx_without_a_traceback(self):
		for path, data, status in (
			(SUGGEST, {"text": "x" * 5001}, 400),
			(FEEDBACK, {"article": "no-such-article", "helped": 1}, 404),
			(FEEDBACK, {"article": self.unpublished.name, "helped": 1}, 404),
			(FEEDBACK, {"article": self.delivery_ru.name, "helped": "perhaps"}, 400),
		):
			response = self.post(path, data)
			self.assertEqual(response.status_code, status, (path, data, response.get_data(as_text=True)))
			self.assertNotIn("Traceback", response.get_data(as_text=True))
			self.assertNotIn("exception", response.json)
