"""A month's figures of what the desk costs, from plain rows, and the months themselves.

A month's requests are those opened in it; its orders those dated in it. Of its requests:
- resolved: Resolved or Closed now;
- resolved at first contact: resolved with exactly one answer of an agent and never reopened;
- reopened: opened again at least once after being resolved or closed; the reopen rate is over the
  requests that were resolved at some time (resolved now, or reopened);
- first answer: from the request's creation to the desk's first answer (calendar hours), median over
  the answered ones;
- resolution: from creation to resolution, median over the resolved ones;
- agent hours: for resolved requests that were assigned, the hours from the first assignment (an agent
  first had it) to the resolution, summed. Elapsed time on the clock, not time worked: Frappe records
  no working time. Requests without an assignment are left out and counted apart.

No `frappe` import.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from servicedesk_shop.insight.figures import percent

RESOLVED = ("Resolved", "Closed")


@dataclass
class RequestFacts:
	opened_on: datetime
	status: str
	first_answer_on: datetime | None = None
	resolved_on: datetime | None = None
	agent_answers: int = 0
	reopen_count: int = 0
	assigned_on: datetime | None = None  # the first assignment

	@property
	def resolved(self) -> bool:
		return self.status in RESOLVED

	@property
	def first_contact_resolution(self) -> bool:
		return self.resolved and self.agent_answers == 1 and not self.reopen_count


@dataclass
class CostFigures:
	requests: int = 0
	resolved: int = 0
	first_contact_resolved: int = 0
	first_contact_resolution: float | None = None  # % of the resolved
	reopened: int = 0
	ever_resolved: int = 0  # resolved now, or reopened since
	reopen_rate: float | None = None  # % of those resolved at some time
	median_first_answer_hours: float | None = None
	median_resolution_hours: float | None = None
	agent_hours: float = 0.0
	agent_hours_requests: int = 0


def hours(start: datetime | None, end: datetime | None) -> float | None:
	"""Hours from `start` to `end`; None when either is missing or `end` comes first."""
	if start is None or end is None or end < start:
		return None
	return (end - start).total_seconds() / 3600


def median_of(values) -> float | None:
	found = [v for v in values if v is not None]
	return round(median(found), 1) if found else None


def cost_figures(requests) -> CostFigures:
	"""The cost figures of a month's requests (RequestFacts)."""
	found = CostFigures()
	first_answers, resolutions = [], []
	for request in requests:
		found.requests += 1
		first_answers.append(hours(request.opened_on, request.first_answer_on))
		if request.reopen_count:
			found.reopened += 1
		if request.resolved or request.reopen_count:
			found.ever_resolved += 1
		if not request.resolved:
			continue
		found.resolved += 1
		found.first_contact_resolved += request.first_contact_resolution
		resolutions.append(hours(request.opened_on, request.resolved_on))
		held = hours(request.assigned_on, request.resolved_on)
		if held is not None:
			found.agent_hours += held
			found.agent_hours_requests += 1
	found.first_contact_resolution = percent(found.first_contact_resolved, found.resolved)
	found.reopen_rate = percent(found.reopened, found.ever_resolved)
	found.median_first_answer_hours = median_of(first_answers)
	found.median_resolution_hours = median_of(resolutions)
	found.agent_hours = round(found.agent_hours, 1)
	return found


def per_hundred(part: int, whole: int) -> float | None:
	"""`part` per 100 of `whole` (requests per 100 orders)."""
	return round(100.0 * part / whole, 1) if whole else None


# --- months -------------------------------------------------------------------------------------------


def month_key(day: date | datetime) -> str:
	"""The month of a day, as the Impact Month names it: YYYY-MM."""
	return f"{day.year:04d}-{day.month:02d}"


def month_bounds(key: str) -> tuple[date, date]:
	"""The first and last day of the month `key` (YYYY-MM)."""
	year, month = (int(part) for part in key.split("-"))
	first = date(year, month, 1)
	following = date(year + (month == 12), month % 12 + 1, 1)
	return first, following - timedelta(days=1)


def previous_month(key: str) -> str:
	first, _last = month_bounds(key)
	return month_key(first - timedelta(days=1))


def months_between(start: date, end: date) -> list[str]:
	"""The months from the one of `start` to the one of `end`, both included, oldest first."""
	keys, key = [], month_key(start)
	while key <= month_key(end):
		keys.append(key)
		_first, last = month_bounds(key)
		key = month_key(last + timedelta(days=1))
	return keys


@dataclass
class Contribution:
	"""What a month's saved orders add up to, from its conversions."""

	saved_orders: int = 0
	saved_revenue: float = 0.0
	saved_by_requests: int = 0
	saved_by_exit_feedback: int = 0
	saved_by_self_service: int = 0
	saved_reported_only: int = 0
	saved_without_value: int = 0


def contribution(conversions) -> Contribution:
	"""`conversions`: dicts with contact_doctype, base_value, value_kept_out (no exchange rate) and
	sales_order."""
	found = Contribution()
	for conversion in conversions:
		found.saved_orders += 1
		if conversion.get("value_kept_out"):
			found.saved_without_value += 1
		else:
			found.saved_revenue += float(conversion["base_value"])
		kind = conversion.get("contact_doctype")
		if kind == "Issue":
			found.saved_by_requests += 1
		elif kind == "Exit Feedback":
			found.saved_by_exit_feedback += 1
		elif kind == "Self Service Resolution":
			found.saved_by_self_service += 1
		if not conversion.get("sales_order"):
			found.saved_reported_only += 1
	found.saved_revenue = round(found.saved_revenue, 2)
	return found
