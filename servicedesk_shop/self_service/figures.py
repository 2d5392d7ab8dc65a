"""The Self-Service report's figures from plain rows: how often the shop's answers settled a question
(self-service resolutions) against the requests filed all the same, by week, source, category or
article. The report, the workspace's card and the digest read the rows with a few grouped queries and
call these.

No `frappe` import.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

GROUPS = {"Week": "week", "Source": "source", "Category": "category", "Article": "article"}
"""The report's "Group By" choices and the fact each groups on."""


def week_of(moment) -> date | None:
	"""The Monday of the ISO week of a date or datetime."""
	if moment is None:
		return None
	day = moment.date() if isinstance(moment, datetime) else moment
	return day - timedelta(days=day.weekday())


def weeks_between(start: date, end: date) -> list[date]:
	"""The Mondays of every week that has a day in [start, end]."""
	weeks, week = [], week_of(start)
	while week <= end:
		weeks.append(week)
		week += timedelta(days=7)
	return weeks


def percent(part: float, whole: float) -> float | None:
	return round(100.0 * part / whole, 1) if whole else None


def automation_rate(resolutions: int, requests: int) -> float | None:
	"""The share of questions settled without a request: resolutions / (resolutions + requests), in %."""
	return percent(resolutions, resolutions + requests)


def articles_of(answers_shown) -> list[str]:
	"""The article names of a request's `answers_shown` (a JSON list), each once, in their order; nothing
	for empty or malformed text (the intake stores what the browser sent)."""
	if not answers_shown:
		return []
	if isinstance(answers_shown, str):
		try:
			answers_shown = json.loads(answers_shown)
		except ValueError:
			return []
	if not isinstance(answers_shown, list):
		return []
	return list(dict.fromkeys(name for name in answers_shown if isinstance(name, str) and name))


@dataclass(frozen=True)
class Counted:
	"""A grouped count from one of the report's queries: a day, where and about what, how many."""

	day: date
	source: str | None = None
	category: str | None = None
	article: str | None = None
	count: int = 1

	@property
	def week(self) -> date:
		return week_of(self.day)


@dataclass(frozen=True)
class Answered:
	"""One request filed after its writer was shown answers (`articles`: their names)."""

	day: date
	source: str | None = None
	category: str | None = None
	articles: tuple[str, ...] = ()

	@property
	def week(self) -> date:
		return week_of(self.day)


@dataclass
class Facts:
	"""What the report counts over a period."""

	resolutions: list[Counted] = field(default_factory=list)  # Self Service Resolutions
	shown: list[Counted] = field(default_factory=list)  # answers shown (the tallies' sums)
	helpful: list[Counted] = field(default_factory=list)  # Answer Feedback "Yes"
	not_helpful: list[Counted] = field(default_factory=list)  # Answer Feedback "No"
	requests: list[Counted] = field(default_factory=list)  # every request of the period
	answered: list[Answered] = field(default_factory=list)  # those filed after answers were shown


@dataclass
class Row:
	"""A group's figures. By article, `requests` are the requests filed after the article was shown,
	and the group without an article holds the requests filed without any answer shown."""

	key: object
	resolutions: int = 0
	shown: int = 0
	helpful: int = 0
	not_helpful: int = 0
	requests: int = 0
	after_answer: int = 0  # requests filed after an answer was shown

	@property
	def helpful_share(self) -> float | None:
		return percent(self.helpful, self.helpful + self.not_helpful)

	@property
	def automation_rate(self) -> float | None:
		return automation_rate(self.resolutions, self.requests)


def self_service_rows(facts: Facts, group_by: str, period: tuple[date, date] | None = None) -> list[Row]:
	"""The report's rows grouped by `group_by` (a key of GROUPS). By week, every week of `period` has a
	row, oldest first; otherwise the busiest first (by article: the most requests after it first, the
	articles that fail)."""
	attribute = GROUPS[group_by]
	rows: dict[object, Row] = {}

	def row(key) -> Row:
		return rows.setdefault(key, Row(key))

	def add(counts: list[Counted], figure: str):
		for count in counts:
			target = row(getattr(count, attribute))
			setattr(target, figure, getattr(target, figure) + count.count)

	add(facts.resolutions, "resolutions")
	add(facts.shown, "shown")
	add(facts.helpful, "helpful")
	add(facts.not_helpful, "not_helpful")
	if attribute == "article":
		# a request belongs to each article its writer was shown; the rest to no article
		unanswered = sum(count.count for count in facts.requests) - len(facts.answered)
		if unanswered > 0:
			row(None).requests += unanswered
		for request in facts.answered:
			for article in request.articles:
				target = row(article)
				target.requests += 1
				target.after_answer += 1
	else:
		add(facts.requests, "requests")
		for request in facts.answered:
			row(getattr(request, attribute)).after_answer += 1
	if attribute == "week":
		if period:
			for week in weeks_between(*period):
				row(week)
		return sorted(rows.values(), key=lambda r: r.key)
	if attribute == "article":
		return sorted(rows.values(), key=lambda r: (r.key is None, -r.after_answer, -r.shown, str(r.key)))
	return sorted(rows.values(), key=lambda r: (-(r.resolutions + r.requests + r.shown), str(r.key or "")))


def totals(facts: Facts) -> Row:
	"""The period's figures over every group: each request once, however many answers it was shown."""
	return Row(
		key=None,
		resolutions=sum(count.count for count in facts.resolutions),
		shown=sum(count.count for count in facts.shown),
		helpful=sum(count.count for count in facts.helpful),
		not_helpful=sum(count.count for count in facts.not_helpful),
		requests=sum(count.count for count in facts.requests),
		after_answer=len(facts.answered),
	)
