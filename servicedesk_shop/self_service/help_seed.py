"""The demo shop's help centre, for a mono-brand clothing and lingerie web shop: its categories and
articles in Russian and English, each linked to its translation. Idempotent: what exists (by name or
address) is left as it is, so a shop's edits survive another run.

    bench --site SITE execute servicedesk_shop.self_service.help_seed.make_help_centre

The articles are content, kept as data in self_service/help_articles/: `categories.json`,
`articles.json` (each article's key, category, titles, the request categories (Issue Types) and
storefront points (Feedback Sources) it answers, so that the suggestions rank it first there, and its
demo readership) and the text of each in `<language>/<key>.html`. A table's rows, the same in every
language, are kept once in `tables/<name>-rows.html` and stand in an article's text for its
`<!-- rows: <name> -->` line, so a size changes in one place. The shop's figures (free delivery from
5,000 ₽, the prices and times) are the demo's; a shop edits the articles in the desk.
"""

import json
import re
from pathlib import Path

import frappe

from servicedesk_shop.self_service.links import slugify

LANGUAGES = ("ru", "en")
FOLDER = Path(__file__).parent / "help_articles"
ROWS = re.compile(r"<!-- rows: ([a-z0-9-]+) -->")


def categories() -> list[dict]:
	return json.loads((FOLDER / "categories.json").read_text(encoding="utf-8"))


def articles() -> list[dict]:
	"""The demo's articles, each with its title and content in each language under the language's code."""
	found = json.loads((FOLDER / "articles.json").read_text(encoding="utf-8"))
	for article in found:
		for language in LANGUAGES:
			content = with_rows((FOLDER / language / f"{article['key']}.html").read_text(encoding="utf-8"))
			article[language] = {"title": article["title"][language], "content": content}
	return found


def with_rows(html: str) -> str:
	"""The article's text with each `<!-- rows: NAME -->` line replaced by the shared rows of that table."""
	return ROWS.sub(lambda placeholder: table_rows(placeholder.group(1)), html)


def table_rows(name: str) -> str:
	return (FOLDER / "tables" / f"{name}-rows.html").read_text(encoding="utf-8").rstrip("\n")


def make_help_centre() -> dict:
	"""The demo's help categories and articles, made when missing; answers how many of each it made."""
	made_categories = sum(make_category(category) for category in categories())
	issue_types = set(frappe.get_all("Issue Type", pluck="name"))
	sources = set(frappe.get_all("Feedback Source", pluck="name"))
	made_articles = 0
	for article in articles():
		names = {}
		for language in LANGUAGES:
			names[language], made = make_article(article, language, issue_types, sources)
			made_articles += made
		link_translations(names["ru"], names["en"])
	return {"categories": made_categories, "articles": made_articles}


def make_category(category: dict) -> bool:
	if frappe.db.exists("Help Category", category["name"]):
		return False
	frappe.get_doc(
		{
			"doctype": "Help Category",
			"category_name": category["name"],
			"category_description": category["description"],
			"title_ru": category["title_ru"],
			"description_ru": category["description_ru"],
			"position": category["position"],
			"published": 1,
		}
	).insert(ignore_permissions=True)
	return True


def article_slug(article: dict, language: str) -> str:
	"""The English article's address is its key; the Russian one's its title in Latin letters."""
	return article["key"] if language == "en" else slugify(article[language]["title"])


def make_article(article: dict, language: str, issue_types: set, sources: set) -> tuple[str, bool]:
	"""(name, made) of the article in `language`: the one at its address, else a new published one."""
	slug = article_slug(article, language)
	name = frappe.db.get_value("Help Article", {"slug": slug})
	if name:
		return name, False
	text = article[language]
	doc = frappe.get_doc(
		{
			"doctype": "Help Article",
			"title": text["title"],
			"category": article["category"],
			"content": text["content"].strip(),
			"language": language,
			"slug": slug,
			"published": 1,
			"level": "Beginner",
			"author": "Demo Shop",
			# the demo's readership, so that the help centre's "most read" has an order from the start
			"views": article.get("views", 0) * (2 if language == "ru" else 1),
			"issue_types": [{"issue_type": t} for t in article["issue_types"] if t in issue_types],
			"sources": [{"feedback_source": s} for s in article["sources"] if s in sources],
		}
	).insert(ignore_permissions=True)
	return doc.name, True


def link_translations(russian: str, english: str):
	"""Each article names the other as its translation, unless an editor linked it elsewhere."""
	for name, other in ((russian, english), (english, russian)):
		if not frappe.db.get_value("Help Article", name, "translation"):
			frappe.db.set_value("Help Article", name, "translation", other, update_modified=False)
