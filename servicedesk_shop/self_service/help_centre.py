"""The help centre's documents: slugs made on save, the published categories and articles a page lists
in a language, an article's translation, and how often each article is read.

Views are counted in Redis (one HINCRBY per page view, no database write on a guest's GET) and added to
Help Article.views by `flush_views`, an hourly job; the most read are read from that field, so the count
the help centre ranks by is at most an hour behind.
"""

import re

import frappe
import redis
from frappe import _
from frappe.model.naming import append_number_if_name_exists
from frappe.query_builder.functions import Coalesce, Count

from servicedesk_shop.self_service.links import article_url, category_url, slugify, unique_slug
from servicedesk_shop.service_desk.counters import KEPT
from servicedesk_shop.service_desk.queries import columns

LANGUAGES = ("ru", "en")
VIEWS_KEY = KEPT + "help_views"
"""Under KEPT: views not yet flushed outlive a clearing of the cache."""
MOST_READ = 5
RELATED = 5
# crawlers and link previews open pages too; they are not shoppers reading
_ROBOT = re.compile(r"bot|crawl|spider|slurp|preview|facebookexternalhit|curl|wget|python-requests", re.I)


def help_language(lang: str | None = None) -> str:
	"""The help centre's language for Frappe's language `lang` (the request's by default): Russian for
	Russian, English for any other."""
	lang = (lang or getattr(frappe.local, "lang", None) or "en").lower()
	return "ru" if lang.split("-")[0] == "ru" else "en"


# Document events (hooks.py)


def set_article_name(doc, method=None):
	"""Help Article autoname, after Frappe's: it names an article by its title, so a second article of
	the same title (a draft made from a request twice asked) failed as a duplicate; it gets "-1", "-2", …"""
	if doc.name and frappe.db.exists("Help Article", doc.name):
		doc.name = append_number_if_name_exists("Help Article", doc.name)


def set_article_slug(doc, method=None):
	"""Help Article validate: its address from the title when empty (an editor's own made address-safe),
	unique; its language one the help centre serves; its translation another article in the other
	language."""
	doc.slug = unique_slug(
		slugify(doc.slug or doc.title),
		lambda slug: bool(frappe.db.exists("Help Article", {"slug": slug, "name": ("!=", doc.name)})),
	)
	if doc.get("language") and doc.language not in LANGUAGES:
		frappe.throw(_("A help article is in Russian (ru) or English (en)."), frappe.ValidationError)
	if doc.get("translation"):
		if doc.translation == doc.name:
			frappe.throw(_("An article cannot be its own translation."), frappe.ValidationError)
		language = frappe.db.get_value("Help Article", doc.translation, "language")
		if language and language == doc.language:
			frappe.throw(
				_("The translation must be in the other language than the article."), frappe.ValidationError
			)


def link_translation_back(doc, method=None):
	"""Help Article on_update: its translation links back to it when it links to nothing yet, so that
	either page offers the other."""
	if doc.get("translation") and not frappe.db.get_value("Help Article", doc.translation, "translation"):
		frappe.db.set_value("Help Article", doc.translation, "translation", doc.name, update_modified=False)


def set_category_slug(doc, method=None):
	"""Help Category validate: its address from the (English) name when empty, unique."""
	doc.slug = unique_slug(
		slugify(doc.get("slug") or doc.category_name),
		lambda slug: bool(frappe.db.exists("Help Category", {"slug": slug, "name": ("!=", doc.name)})),
		fallback="category",
	)


# What the pages read


def category_title(category, language: str) -> str:
	return (category.get("title_ru") if language == "ru" else None) or category.category_name


def category_description(category, language: str) -> str:
	return (
		(category.get("description_ru") if language == "ru" else None) or category.category_description or ""
	)


def categories(language: str) -> list[dict]:
	"""The published categories that have published articles in `language`, by position, each with its
	title and description in that language, its address and its number of articles."""
	category = frappe.qb.DocType("Help Category")
	article = frappe.qb.DocType("Help Article")
	counted = (
		frappe.qb.from_(article)
		.select(article.category, Count("*").as_("articles"))
		.where(article.published == 1)
		.where(article.language == language)
		.groupby(article.category)
	).run(as_dict=True)
	counts = {row.category: row.articles for row in counted}
	rows = (
		frappe.qb.from_(category)
		.select(
			*columns(
				category, "name category_name category_description title_ru description_ru slug position"
			)
		)
		.where(category.published == 1)
		.orderby(category.position)
		.orderby(category.category_name)
	).run(as_dict=True)
	return [
		{
			"name": row.name,
			"slug": row.slug,
			"title": category_title(row, language),
			"description": category_description(row, language),
			"url": category_url(row.slug),
			"articles": counts[row.name],
		}
		for row in rows
		if counts.get(row.name) and row.slug
	]


def published_category(slug: str | None):
	"""The published Help Category at the address `slug`, or None."""
	if not slug:
		return None
	return frappe.db.get_value(
		"Help Category",
		{"slug": slug, "published": 1},
		["name", "category_name", "category_description", "title_ru", "description_ru", "slug"],
		as_dict=True,
	)


def published_articles(language: str | None = None, **where):
	"""(query, Help Article, Help Category): the published articles with an address, in published categories
	with one, in `language` when given, with the fields equal to `where`. The query selects the article's
	name, title, slug, language, category and views and the category's slug (`category_slug`); callers
	add their own fields, conditions and order."""
	article = frappe.qb.DocType("Help Article")
	category = frappe.qb.DocType("Help Category")
	query = (
		frappe.qb.from_(article)
		.join(category)
		.on(category.name == article.category)
		.select(
			*columns(article, "name title slug language category views"), category.slug.as_("category_slug")
		)
		.where(article.published == 1)
		.where(category.published == 1)
		.where(article.slug.isnotnull())
		.where(category.slug.isnotnull())
	)
	if language:
		query = query.where(article.language == language)
	for field, value in where.items():
		query = query.where(article[field] == value)
	return query, article, category


def _with_urls(rows) -> list[dict]:
	for row in rows:
		row["url"] = article_url(row.category_slug, row.slug)
	return rows


def articles_of(category: str, language: str) -> list[dict]:
	"""The published articles of `category` in `language`, by title."""
	query, article, _category = published_articles(language, category=category)
	return _with_urls(query.orderby(article.title).run(as_dict=True))


def most_read(language: str, limit: int = MOST_READ) -> list[dict]:
	"""The published articles in `language` read most (Help Article.views)."""
	query, article, _category = published_articles(language)
	rows = query.orderby(article.views, order=frappe.qb.desc).orderby(article.title).limit(limit)
	return _with_urls(rows.run(as_dict=True))


def related_to(doc, limit: int = RELATED) -> list[dict]:
	"""Other published articles of the article's category, in its language, read most first."""
	query, article, _category = published_articles(doc.language, category=doc.category)
	query = query.where(article.name != doc.name)
	rows = query.orderby(article.views, order=frappe.qb.desc).orderby(article.title).limit(limit)
	return _with_urls(rows.run(as_dict=True))


def published_article(slug: str | None):
	"""The published Help Article at the address `slug` in a published category, or None."""
	if not slug:
		return None
	query, article, _category = published_articles(None, slug=slug)
	rows = query.select(article.content, article.translation, article.modified).run(as_dict=True)
	return _with_urls(rows)[0] if rows else None


def translation_of(doc) -> dict | None:
	"""The article's translation, when it is published: {"title", "url", "language"}."""
	if not doc.get("translation"):
		return None
	query, article, _category = published_articles(None)
	rows = _with_urls(query.where(article.name == doc.translation).run(as_dict=True))
	return rows[0] if rows and rows[0].language != doc.language else None


def url_of(name: str) -> str | None:
	"""The help centre's address of the article `name` (published or not), or None without a slug."""
	row = frappe.db.get_value("Help Article", name, ["slug", "category"], as_dict=True)
	if not row or not row.slug:
		return None
	category_slug = frappe.db.get_value("Help Category", row.category, "slug")
	return article_url(category_slug, row.slug) if category_slug else None


# How often each is read


def _views_key() -> bytes:
	# raw Redis commands (HINCRBY, RENAME, HSCAN) take the site's key as Frappe makes it; the wrapper's own
	# hgetall would unpickle the counts
	return frappe.cache.make_key(VIEWS_KEY)


def count_view(article: str):
	"""One read of `article`'s page, in Redis; a robot's is not counted, and a Redis that does not answer
	costs the count, not the page."""
	request = getattr(frappe.local, "request", None)
	agent = request.headers.get("User-Agent", "") if request else ""
	if request and (request.method != "GET" or not agent or _ROBOT.search(agent)):
		return
	try:
		frappe.cache.hincrby(_views_key(), article, 1)
	except redis.exceptions.ConnectionError:
		pass


def pending_views() -> dict[str, int]:
	"""The views counted in Redis and not yet in the database, by article."""
	counts: dict[str, int] = {}
	for key in (_views_key(), _views_key() + b":flushing"):
		for name, count in frappe.cache.hscan_iter(key):
			name = frappe.safe_decode(name)
			counts[name] = counts.get(name, 0) + int(count)
	return counts


def flush_views():
	"""Hourly: the views counted in Redis added to Help Article.views. The counts are moved aside first
	(RENAME is atomic), so a view counted meanwhile waits for the next run; they leave Redis only once the
	job's transaction is committed, so a run that fails leaves them for the next, which adds them first."""
	key = _views_key()
	pending = key + b":flushing"
	if not frappe.cache.exists(pending, shared=True):
		if not frappe.cache.exists(key, shared=True):
			return
		frappe.cache.rename(key, pending)
	article = frappe.qb.DocType("Help Article")
	for name, count in frappe.cache.hscan_iter(pending):
		(
			frappe.qb.update(article)
			.set(article.views, Coalesce(article.views, 0) + int(count))
			.where(article.name == frappe.safe_decode(name))
		).run()
	frappe.db.after_commit.add(lambda: frappe.cache.delete(pending))
