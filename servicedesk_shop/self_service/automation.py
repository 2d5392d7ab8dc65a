"""What the Self-Service report, the workspace's Automation Rate card and the daily digest count: the
period's self-service resolutions, answers shown, answer feedback and requests, each read with one
grouped query (over the creation, date and opening-date indexes). The figures are figures.py."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Date, Sum
from frappe.utils import add_days, add_to_date, escape_html, get_datetime, getdate

from servicedesk_shop.self_service import figures
from servicedesk_shop.service_desk.guards import endpoint

CARD_DAYS = 30
"""The workspace's Automation Rate card: the last 30 days, today included."""
DIGEST_ARTICLES = 3
"""The digest names at most this many articles that failed."""


def facts(filters) -> figures.Facts:
	"""The figures' rows for `filters`: from_date and to_date (dates, both included), and optionally
	source, issue_type and language."""
	start = get_datetime(getdate(filters.from_date))
	end = add_to_date(get_datetime(getdate(filters.to_date)), days=1)
	found = figures.Facts()
	found.resolutions = counted("Self Service Resolution", filters, start, end)
	for helped, count in counted("Answer Feedback", filters, start, end, by_helped=True):
		(found.helpful if helped else found.not_helpful).append(count)
	found.shown = shown(filters)
	found.requests, found.answered = requests(filters)
	return found


def counted(doctype: str, filters, start, end, by_helped: bool = False) -> list:
	"""Resolutions or feedback of the period counted by day, source, category and article (with
	`by_helped`, (helped, count) pairs)."""
	table = frappe.qb.DocType(doctype)
	day = Date(table.creation)
	fields = [day, table.source, table.issue_type, table.article] + ([table.helped] if by_helped else [])
	query = (
		frappe.qb.from_(table)
		.select(*fields, Count("*"))
		.where(table.creation >= start)
		.where(table.creation < end)
		.groupby(*fields)
	)
	query = narrowed(query, table, filters, table.source, table.language)
	rows = []
	for day_, source, category, article, *rest in query.run():
		count = figures.Counted(getdate(day_), source, category, article, rest[-1])
		rows.append((rest[0], count) if by_helped else count)
	return rows


def shown(filters) -> list[figures.Counted]:
	"""The answers shown in the period, as the Self Service Tally counts them per day."""
	table = frappe.qb.DocType("Self Service Tally")
	query = (
		frappe.qb.from_(table)
		.select(table.date, table.source, table.issue_type, table.article, Sum(table.shown))
		.where(table.date >= getdate(filters.from_date))
		.where(table.date <= getdate(filters.to_date))
		.groupby(table.date, table.source, table.issue_type, table.article)
	)
	query = narrowed(query, table, filters, table.source, table.language)
	return [
		figures.Counted(getdate(day), source, category, article, int(total or 0))
		for day, source, category, article, total in query.run()
		if total
	]


def requests(filters) -> tuple[list[figures.Counted], list[figures.Answered]]:
	"""The requests opened in the period counted by day, source and category, and each of them that
	was filed after answers were shown, with their articles."""
	issue = frappe.qb.DocType("Issue")

	def of_period():
		query = (
			frappe.qb.from_(issue)
			.where(issue.opening_date >= getdate(filters.from_date))
			.where(issue.opening_date <= getdate(filters.to_date))
		)
		return narrowed(query, issue, filters, issue.feedback_source, issue.customer_language)

	fields = (issue.opening_date, issue.feedback_source, issue.issue_type)
	every = [
		figures.Counted(getdate(day), source, category, None, count)
		for day, source, category, count in of_period().select(*fields, Count("*")).groupby(*fields).run()
	]
	answered = []
	for day, source, category, shown_ in (
		of_period()
		.select(*fields, issue.answers_shown)
		.where(issue.answers_shown.isnotnull())
		.where(issue.answers_shown.notin(["", "[]"]))
	).run():
		if articles := figures.articles_of(shown_):
			answered.append(figures.Answered(getdate(day), source, category, tuple(articles)))
	return every, answered


def narrowed(query, table, filters, source, language):
	if filters.get("source"):
		query = query.where(source == filters.source)
	if filters.get("issue_type"):
		query = query.where(table.issue_type == filters.issue_type)
	if filters.get("language"):
		query = query.where(language == filters.language)
	return query


def article_titles(names) -> dict[str, str]:
	names = [name for name in names if name]
	if not names:
		return {}
	return dict(
		frappe.get_all(
			"Help Article", filters={"name": ("in", names)}, fields=["name", "title"], as_list=True
		)
	)


def period(days: int, end=None) -> frappe._dict:
	"""The `days` days up to `end` (today), both included."""
	end = getdate(end)
	return frappe._dict(from_date=add_days(end, 1 - days), to_date=end)


@endpoint("GET", "POST")
def automation_rate_card(filters=None) -> dict:
	"""The workspace's Automation Rate number card: the last 30 days' self-service resolutions over
	those and the requests, in %. For whoever may read the resolutions."""
	frappe.has_permission("Self Service Resolution", "read", throw=True)
	return {"value": rate_of_days(CARD_DAYS) or 0, "fieldtype": "Percent", "precision": 1}


def rate_of_days(days: int, end=None) -> float | None:
	"""The automation rate of the `days` days up to `end` (today); None without resolutions or requests."""
	found = figures.totals(facts(period(days, end)))
	return figures.automation_rate(found.resolutions, found.requests)


def digest_section(manager: str, teams: list[str], today=None) -> str:
	"""The daily digest's part on self-service: the week's automation rate against the week before,
	and the articles after which most requests were filed (the same for every manager: the shop's
	help centre). Nothing while the shop's self-service is unused."""
	today = getdate(today)
	week = facts(period(7, today))
	now, before = figures.totals(week), figures.totals(facts(period(7, add_days(today, -7))))
	if not (now.resolutions or now.shown or now.after_answer):
		return ""
	rate, earlier = now.automation_rate or 0, before.automation_rate
	html = (
		f"<h4>{escape_html(_('Self-service this week'))}</h4><p>"
		+ escape_html(
			_("{0} questions answered without a request, {1} requests: automation rate {2}%").format(
				now.resolutions, now.requests, rate
			)
		)
		+ (escape_html(" " + _("({0}% the week before)").format(earlier)) if earlier is not None else "")
		+ "</p>"
	)
	failing = [row for row in figures.self_service_rows(week, "Article") if row.key and row.after_answer]
	failing = failing[:DIGEST_ARTICLES]
	if failing:
		titles = article_titles(row.key for row in failing)
		html += f"<p>{escape_html(_('Answers after which requests were still filed:'))}</p><ul>"
		for row in failing:
			html += "<li>{title}: {line}</li>".format(
				title=escape_html(titles.get(row.key) or row.key),
				line=escape_html(
					_("{0} requests after it was shown {1} times").format(row.after_answer, row.shown)
				),
			)
		html += "</ul>"
	return html
