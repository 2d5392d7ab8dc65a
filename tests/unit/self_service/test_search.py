"""The answers index without a site: word forms in Russian and English, the language, the boosts, junk
text, ties and the snippet."""

import numpy as np
import pytest

pytest.importorskip("sklearn", reason="scikit-learn is not installed (pyproject.toml declares it)")
pytest.importorskip("snowballstemmer", reason="snowballstemmer is not installed (pyproject.toml declares it)")

from servicedesk_shop.self_service.search import (
	MIN_SCORE,
	SNIPPET_LENGTH,
	AnswerIndex,
	Article,
	language_code,
	language_of,
	shorten,
	text_of_html,
)


def article(name, title, html, language="ru", issue_types=(), sources=(), item_groups=()):
	return Article(
		name=name,
		title=title,
		content=text_of_html(html),
		language=language,
		category="c",
		issue_types=tuple(issue_types),
		sources=tuple(sources),
		item_groups=tuple(item_groups),
		url=f"/support/help/c/{name}",
	)


DELIVERY_RU = article(
	"delivery-ru",
	"Сколько стоит доставка",
	"<p>Доставка курьером по Москве стоит 350 ₽.</p><p>При заказе от 5000 ₽ доставка бесплатная.</p>"
	"<p>В другие города посылку везёт транспортная компания.</p>",
	issue_types=["Delivery"],
)
PAYMENT_RU = article(
	"payment-ru",
	"Способы оплаты",
	"<p>Оплатить заказ можно картой на сайте или наличными курьеру при получении.</p>",
	issue_types=["Payment"],
)
SIZES_RU = article(
	"sizes-ru",
	"Как выбрать размер",
	"<p>Измерьте обхват груди, талии и бёдер сантиметровой лентой.</p>"
	"<p>Сравните мерки с таблицей размеров.</p>",
	issue_types=["Size and Fit"],
)
RETURNS_RU = article(
	"returns-ru",
	"Возврат и обмен",
	"<p>Вернуть товар можно в течение 14 дней.</p><p>Обменять размер можно бесплатно.</p>",
	issue_types=["Return or Exchange"],
)
DELIVERY_EN = article(
	"delivery-en",
	"How much does delivery cost",
	"<p>Courier delivery in Moscow costs 350 RUB.</p><p>Delivery is free for orders over 5,000 RUB.</p>",
	language="en",
	issue_types=["Delivery"],
)
RETURNS_EN = article(
	"returns-en",
	"Returns and exchanges",
	"<p>You can return an item within 14 days.</p><p>Exchanging a size is free.</p>",
	language="en",
	issue_types=["Return or Exchange"],
)
SHOP = [DELIVERY_RU, PAYMENT_RU, SIZES_RU, RETURNS_RU, DELIVERY_EN, RETURNS_EN]


@pytest.fixture(scope="module")
def index():
	return AnswerIndex(SHOP)


def names(answers):
	return [a.article for a in answers]


@pytest.mark.parametrize(
	"text",
	["доставка", "доставки", "доставку", "доставкой", "Сколько стоит доставку в Казань?", "ДОСТАВКА"],
)
def test_russian_word_forms_find_the_delivery_article(index, text):
	assert names(index.suggest(text))[0] == "delivery-ru"


@pytest.mark.parametrize("text", ["delivery", "deliveries", "how much does shipping and delivery cost"])
def test_english_word_forms_find_the_delivery_article(index, text):
	assert names(index.suggest(text))[0] == "delivery-en"


@pytest.mark.parametrize("text", ["returning", "I want to return it", "returns", "exchanged"])
def test_english_returns(index, text):
	assert names(index.suggest(text))[0] == "returns-en"


def test_up_to_the_limit_best_first(index):
	answers = index.suggest("доставка оплата размер возврат", limit=3)
	assert len(answers) == 3
	assert [a.score for a in answers] == sorted((a.score for a in answers), reverse=True)
	assert index.suggest("доставка", limit=0) == []
	assert len(index.suggest("доставка оплата размер возврат", limit=10)) == 4  # the Russian ones


@pytest.mark.parametrize(
	"text",
	["", "   ", "asdf qwerty zxcv", "и как это", "у меня вопрос", "привет", "12345 !!!", "the and of", None],
)
def test_junk_or_empty_text_gets_nothing(index, text):
	assert index.suggest(text) == []


def test_an_empty_index_answers_nothing():
	assert AnswerIndex([]).suggest("доставка") == []
	assert AnswerIndex([article("x", "и", "<p>в на</p>")]).suggest("доставка") == []


def test_the_language_given_or_read_from_the_letters(index):
	# "return" is English, but a Russian shopper's page asks in Russian
	assert names(index.suggest("return доставка вернуть"))[0] in {"delivery-ru", "returns-ru"}
	assert all(a.language == "ru" for a in index.suggest("вернуть товар"))
	assert all(a.language == "en" for a in index.suggest("return the item"))
	# the language given wins over the letters: a word known in both, asked on an English page
	answers = index.suggest("доставка delivery", language="en")
	assert answers and all(a.language == "en" for a in answers)
	answers = index.suggest("доставка delivery", language="ru-RU")
	assert answers and all(a.language == "ru" for a in answers)


def test_the_other_language_when_none_of_its_own_matches():
	index = AnswerIndex([DELIVERY_EN, RETURNS_EN, SIZES_RU])
	# a Russian page, a question no Russian article answers
	assert names(index.suggest("доставка delivery", language="ru")) == ["delivery-en"]
	# one that a Russian article answers gets only that
	assert names(index.suggest("размер delivery", language="ru")) == ["sizes-ru"]


def test_language_of_and_codes():
	assert language_of("Где мой заказ?") == "ru"
	assert language_of("Where is my order SO-123?") == "en"
	assert language_of("12345") is None
	assert language_code("en-US") == "en" and language_code("RU") == "ru" and language_code("de") is None


def both_delivery(**extra):
	first = article("a-first", "Доставка по городу", "<p>Курьер привезёт заказ.</p>", **extra.get("a", {}))
	second = article("b-second", "Доставка по городу", "<p>Курьер привезёт заказ.</p>", **extra.get("b", {}))
	return AnswerIndex([first, second, PAYMENT_RU])


def test_ties_keep_the_index_order():
	index = both_delivery()
	for _ in range(5):
		assert names(index.suggest("доставка курьером")) == ["a-first", "b-second"]
	reversed_index = AnswerIndex(list(reversed(index.articles)))
	assert names(reversed_index.suggest("доставка курьером"))[:2] == ["b-second", "a-first"]


def test_the_predicted_category_weighs_in():
	index = both_delivery(b={"issue_types": ["Delivery"]})
	assert names(index.suggest("доставка курьером", issue_type="Delivery"))[0] == "b-second"
	assert names(index.suggest("доставка курьером", issue_type="Payment"))[0] == "a-first"


def test_the_source_weighs_in():
	index = both_delivery(b={"sources": ["Checkout"]})
	assert names(index.suggest("доставка курьером", source="Checkout"))[0] == "b-second"
	assert names(index.suggest("доставка курьером", source="Cart"))[0] == "a-first"


def test_the_item_group_and_its_parents_weigh_in():
	index = both_delivery(b={"item_groups": ["Lingerie"]})
	assert names(index.suggest("доставка курьером", item_group="Lingerie"))[0] == "b-second"
	assert names(index.suggest("доставка курьером", item_group=("Bras", "Lingerie", "All Item Groups")))[
		0
	] == ("b-second")
	assert names(index.suggest("доставка курьером", item_group="Dresses"))[0] == "a-first"


def test_boosts_reorder_what_matched_and_add_nothing(index):
	assert index.suggest("asdf qwerty", issue_type="Delivery", source="Cart", item_group="X") == []
	# the payment article matches nothing of the text: a Delivery boost does not make it an answer
	assert "payment-ru" not in names(index.suggest("обхват талии", issue_type="Payment"))


def test_a_weak_match_is_below_the_minimum(index):
	scores = index.scores("заказ")  # a word many articles mention in passing
	answers = index.suggest("заказ")
	assert all(scores[index.position[a.article]] >= MIN_SCORE for a in answers)


def test_the_query_row_is_the_vectorizers_row(index):
	for text in ("Сколько стоит доставка доставка?", "return exchange size", "asdf"):
		columns, weights = index.query(text)
		expected = index.vectorizer.transform([text])
		row = np.zeros(expected.shape[1])
		row[columns] = weights
		assert np.allclose(row, expected.toarray().ravel())


def test_the_snippet_is_the_matching_sentence_in_plain_text(index):
	answer = index.suggest("бесплатная доставка от какой суммы")[0]
	assert answer.article == "delivery-ru"
	assert answer.snippet.startswith("При заказе от 5000 ₽ доставка бесплатная.")
	assert "<" not in answer.snippet
	answer = index.suggest("сантиметровой лентой")[0]
	assert answer.snippet.startswith("Измерьте обхват")
	assert answer.title == "Как выбрать размер" and answer.url == "/support/help/c/sizes-ru"


def test_a_title_only_match_shows_the_first_sentences():
	index = AnswerIndex([article("x", "Подарочные сертификаты", "<p>Первое предложение. Второе.</p>")])
	assert index.suggest("сертификат")[0].snippet == "Первое предложение. Второе."


def test_a_long_sentence_is_cut_around_the_match():
	words = " ".join(["слово"] * 80)
	text = f"{words} доставка бесплатная {words}"
	cut = shorten(text, {"доставк"})
	assert "доставка" in cut and cut.startswith("… ") and cut.endswith("…")
	assert len(cut) <= SNIPPET_LENGTH + 2
	assert shorten("короткий текст", {"текст"}) == "короткий текст"
	assert shorten("a" * 500, set()).endswith("…")


def test_text_of_html_reads_blocks_entities_and_drops_scripts():
	html = (
		"<h2>Оплата</h2><p>Картой&nbsp;или <b>наличными</b> &lt;курьеру&gt;</p>"
		"<ul><li>Visa</li><li>Мир</li></ul><script>alert(1)</script><style>p{}</style>"
	)
	assert text_of_html(html) == "Оплата\nКартой\xa0или наличными <курьеру>\nVisa\nМир"
	assert text_of_html(None) == ""


def test_html_in_the_article_is_never_in_an_answer():
	index = AnswerIndex(
		[article("x", "Доставка", '<p onclick="x()">Доставка <img src=x onerror=alert(1)> курьером</p>')]
	)
	answer = index.suggest("доставка")[0]
	assert answer.snippet == "Доставка курьером"


def test_text_of_html_keeps_a_tables_cells_apart():
	html = "<table><tr><th>Способ</th><th>Цена</th></tr><tr><th>Москва</th><td>350 ₽</td></tr></table>"
	assert text_of_html(html) == "Способ Цена\nМосква 350 ₽"
