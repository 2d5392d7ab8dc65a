"""Context of the help centre's pages (www/support/help/*.py call these): /support/help with its search,
/support/help/<category> and /support/help/<category>/<article>, for guests too.

Lists and the pages' own words are in the shopper's language (Frappe's, `?_lang=ru|en` to choose, which
the page then remembers in Frappe's `preferred_language` cookie); an article's page is in the article's
language, its words included. Only published articles of published categories are shown: anything else,
as an unknown address, is a 404 page.
"""

import frappe
from frappe import _

from servicedesk_shop.self_service.help_centre import (
	LANGUAGES,
	articles_of,
	categories,
	category_description,
	category_title,
	count_view,
	help_language,
	most_read,
	published_article,
	published_category,
	related_to,
	translation_of,
)
from servicedesk_shop.self_service.links import HELP_ROOT, article_url, category_url
from servicedesk_shop.self_service.service import suggest_answers
from servicedesk_shop.service_desk.ratelimit import WINDOW, caller_identity, count, suggest_limit, too_many
from servicedesk_shop.service_desk.sanitize import article_html

QUERY_LIMIT = 200
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
"""Each language in its own words: the switch reads the same whatever the page's language."""


def text_argument(name: str, limit: int = QUERY_LIMIT) -> str:
	"""A query-string value as text, empty when missing or not a string; cut at `limit`."""
	value = frappe.form_dict.get(name)
	return value.strip()[:limit] if isinstance(value, str) else ""


def not_found():
	raise frappe.PageDoesNotExistError


def common_context(context, language: str):
	"""What every help page has: no cache (the language and the view count vary per request), the portal
	sidebar for a logged-in customer, the language switch, and the choice of `?_lang` kept in the
	preferred-language cookie, as Frappe's own language switcher keeps it."""
	chosen = text_argument("_lang", 8).lower()
	if (
		chosen in LANGUAGES
		and frappe.session.user == "Guest"
		and getattr(frappe.local, "cookie_manager", None)
	):
		frappe.local.cookie_manager.set_cookie("preferred_language", chosen)
	context.no_cache = 1
	context.show_sidebar = frappe.session.user != "Guest"
	context.no_breadcrumbs = True  # the pages draw their own, escaped
	context.help_language = language
	context.help_root = HELP_ROOT
	context.languages = [
		{"code": code, "name": LANGUAGE_NAMES[code], "current": code == language, "url": f"?_lang={code}"}
		for code in LANGUAGES
	]
	return context


def search_results(text: str, language: str) -> list[dict]:
	"""The self-service search's answers to `text` in `language` (the few best, as the widget shows them):
	[{"title", "url", "snippet"}]. Limited per caller as the suggestions are (a 429 page past it)."""
	identity, kind = caller_identity()
	if count(f"help_search:{identity}", WINDOW) > suggest_limit(kind):
		too_many()
	return [
		{"title": answer["title"], "url": answer["url"], "snippet": answer.get("snippet") or ""}
		for answer in suggest_answers(text, language=language)
	]


def home_context(context):
	"""/support/help: the categories by position, the search box (and its results for `?q=`), the most read."""
	language = help_language()
	common_context(context, language)
	query = text_argument("q")
	context.title = _("Help Centre")
	context.query = query
	context.results = search_results(query, language) if query else []
	context.categories = categories(language)
	context.most_read = most_read(language)
	return context


def category_context(context):
	"""/support/help/<category>: its articles in the shopper's language."""
	language = help_language()
	category = published_category(text_argument("category"))
	if not category:
		not_found()
	common_context(context, language)
	context.category = category
	context.title = category_title(category, language)
	context.description = category_description(category, language)
	context.articles = articles_of(category.name, language)
	context.url = category_url(category.slug)
	context.help_parents = [{"url": HELP_ROOT, "title": _("Help Centre")}]
	return context


def article_context(context):
	"""/support/help/<category>/<article>: the article (its content sanitized again, whatever an editor
	pasted), in its own language; an old address of an article moved to another category is sent on."""
	article = published_article(text_argument("article"))
	if not article:
		not_found()
	if article.category_slug != text_argument("category"):
		frappe.local.flags.redirect_location = article.url
		raise frappe.Redirect(301)
	# the page speaks the article's language: its words, dates and the <html lang> are the article's
	language = article.language if article.language in LANGUAGES else help_language()
	frappe.local.lang = language
	if context.get("boot"):
		context.boot = {**context.boot, "lang": language}
	common_context(context, language)
	count_view(article.name)
	category = published_category(article.category_slug)
	context.article = article
	context.title = article.title
	context.content = article_html(article.content)
	context.category = category
	context.category_title = category_title(category, language)
	context.category_url = category_url(category.slug)
	context.url = article_url(article.category_slug, article.slug)
	context.translation = translation_of(article)
	if context.translation:
		# in the translation's language: the reader it is for may not read this one
		other = context.translation.language
		context.translation_label = (
			_("Read in Russian", lang=other) if other == "ru" else _("Read in English", lang=other)
		)
	context.help_parents = [
		{"url": HELP_ROOT, "title": _("Help Centre")},
		{"url": context.category_url, "title": context.category_title},
	]
	context.related = related_to(article)
	context.modified = frappe.utils.format_date(article.modified)
	# the other language is the translation, or the help centre's start in it
	for choice in context.languages:
		if not choice["current"]:
			translated = context.translation and context.translation.language == choice["code"]
			choice["url"] = context.translation.url if translated else f"{HELP_ROOT}?_lang={choice['code']}"
	context.new_request_url = "/support/new?" + frappe.utils.urlencode(
		{"page": frappe.utils.get_url(context.url)}
	)
	return context
