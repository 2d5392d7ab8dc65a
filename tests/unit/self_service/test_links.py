"""The help centre's slugs and addresses (self_service/links.py)."""

from servicedesk_shop.self_service.links import SLUG_LENGTH, article_url, category_url, slugify, unique_slug


def test_russian_titles_become_latin_slugs():
	assert slugify("Сколько стоит доставка?") == "skolko-stoit-dostavka"
	assert slugify("Размер бюстгальтера: как подобрать") == "razmer-biustgaltera-kak-podobrat"


def test_english_titles_keep_their_words():
	assert slugify("Returns & Exchanges") == "returns-exchanges"
	assert slugify("  Care labels — washing lingerie  ") == "care-labels-washing-lingerie"
	assert slugify("Café crème") == "cafe-creme"


def test_a_title_without_letters_makes_no_slug():
	assert slugify("!!! ???") == ""
	assert slugify(None) == ""


def test_a_slug_never_holds_markup_or_path_characters():
	slug = slugify('<script>alert("x")</script>/../?a=1&b')
	assert slug == "script-alert-x-script-a-1-b"
	assert all(c.isalnum() or c == "-" for c in slug)


def test_long_titles_are_cut_at_a_word():
	slug = slugify(" ".join(["доставка"] * 30))
	assert len(slug) <= SLUG_LENGTH
	assert not slug.endswith("-")
	assert slug.split("-")[-1] == "dostavka"


def test_unique_slug_numbers_the_taken():
	taken = {"dostavka", "dostavka-2"}
	assert unique_slug("dostavka", taken.__contains__) == "dostavka-3"
	assert unique_slug("oplata", taken.__contains__) == "oplata"
	assert unique_slug("", taken.__contains__) == "article"


def test_addresses():
	assert category_url("delivery") == "/support/help/delivery"
	assert article_url("delivery", "skolko-stoit-dostavka") == "/support/help/delivery/skolko-stoit-dostavka"
