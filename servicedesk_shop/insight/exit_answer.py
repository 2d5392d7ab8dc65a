"""What the exit question answers back after a tap: for a reason about sizes, how the cart's items fit
(fit_advice.py); else the reason's help article, in the shopper's language where it has a translation;
else the shop's short text ("Delivery is free from 5,000 ₽"). The rules are in exit.py."""

import frappe
from frappe import _
from frappe.utils import get_url

from servicedesk_shop.insight.exit import ExitAnswer, answer_text, excerpt, fit_lines
from servicedesk_shop.insight.fit_advice import EXIT_ANSWER, count_shown, fit_advice
from servicedesk_shop.self_service.help_centre import help_language, published_articles
from servicedesk_shop.self_service.links import article_url
from servicedesk_shop.self_service.search import language_code
from servicedesk_shop.self_service.service import article_text

CART_ITEMS = 10
"""The fit advice is looked up for at most this many of the cart's items (each a cache read)."""


def answer_for(
	reason, item_codes: list[str], language: str | None = None, shown: bool = True
) -> ExitAnswer | None:
	"""The answer to `reason` (a row of exit_feedback.exit_reasons()) for a cart of `item_codes`, in
	`language` ("ru" or "en"; the request's by default), or None when the reason has none. `shown`: the
	shopper sees it now (fit advice in it is counted as shown)."""
	if not reason:
		return None
	language = help_language(language)
	if reason.get("answer_fit_advice") and item_codes:
		lines = fit_lines_of(item_codes, language, shown)
		if lines:
			return ExitAnswer(title=_("How these items fit"), text="\n".join(lines))
	if reason.get("answer_article"):
		answer = article_answer(reason.answer_article, language)
		if answer:
			return answer
	text = answer_text(reason.get("answer_text"), reason.get("answer_text_ru"), language)
	return ExitAnswer(title=_(reason.name), text=text) if text else None


def fit_lines_of(item_codes: list[str], language: str, shown: bool = True) -> list[str]:
	"""The fit advice of the cart's items that have some (each read from fit_advice's cache); with
	`shown`, each template's advice counted as shown in the exit answer."""
	advices = []
	for code in item_codes[:CART_ITEMS]:
		try:
			advices.append(fit_advice(code, language))
		except frappe.DoesNotExistError:
			continue  # an item the shop no longer sells: nothing to say about it
	templates = {a["template"] for a in advices if a.get("fit")}
	if not templates:
		return []
	if shown:
		for template in sorted(templates):
			count_shown(template, EXIT_ANSWER)
	names = dict(
		frappe.get_all(
			"Item", filters={"name": ("in", list(templates))}, fields=["name", "item_name"], as_list=True
		)
	)
	return fit_lines(advices, names)


def article_answer(name: str, language: str) -> ExitAnswer | None:
	"""The help article `name`, or its translation in `language`, when published in a published
	category: its title, first lines and address."""
	query, article, _category = published_articles()
	# the article and the articles that name it their translation (translations link both ways)
	query = query.select(article.content).where((article.name == name) | (article.translation == name))
	rows = query.run(as_dict=True)
	if not rows:
		return None
	row = next((r for r in rows if language_code(r.language) == language), None) or next(
		(r for r in rows if r.name == name), rows[0]
	)
	return ExitAnswer(
		title=row.title,
		text=excerpt(article_text(row.content)),
		url=get_url(article_url(row.category_slug, row.slug)),
		article=row.name,
	)
