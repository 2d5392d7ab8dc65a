"""The insight reports' figures from plain rows, without `frappe` (the Script Reports read the rows
with one query each and call these).

No `frappe` import.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median


def week_of(moment) -> date | None:
	"""The Monday of the ISO week of a date or datetime."""
	if moment is None:
		return None
	day = moment.date() if isinstance(moment, datetime) else moment
	return day - timedelta(days=day.weekday())


def percent(part: float, whole: float) -> float | None:
	return round(100.0 * part / whole, 1) if whole else None


# --- Service Desk Overview ---------------------------------------------------------------------------


@dataclass
class RequestFacts:
	"""One Issue as the overview counts it."""

	group: str
	first_response_seconds: float | None  # ERPNext's first_response_time
	responded_on: datetime | None
	response_by: datetime | None
	resolved_on: datetime | None  # sla_resolution_date
	resolution_by: datetime | None
	escalated: bool = False
	stars: int | None = None  # 1-5 where rated


@dataclass
class OverviewRow:
	group: str
	requests: int = 0
	median_first_response_hours: float | None = None
	answered_in_sla: float | None = None  # % of the requests whose response was due
	resolved_in_sla: float | None = None  # % of the requests whose resolution was due
	escalations: int = 0
	rated: int = 0
	csat: float | None = None  # average stars


def sla_kept(done_on, due_by, now) -> bool | None:
	"""True: done by the deadline; False: done late, or not done and past it; None: not due yet, or
	no deadline."""
	if due_by is None:
		return None
	if done_on is not None:
		return done_on <= due_by
	return False if now > due_by else None


@dataclass
class GroupCounts:
	"""A group's requests counted (in SQL by the report, or from single requests by `overview`)."""

	group: str
	requests: int = 0
	answered_due: int = 0  # whose response was due: answered, or unanswered past the deadline
	answered_kept: int = 0  # of those, answered by the deadline
	resolved_due: int = 0
	resolved_kept: int = 0
	escalations: int = 0
	rated: int = 0
	stars: int = 0  # the sum of the ratings' stars


def overview_rows(counts, response_times: dict[str, list[float]]) -> list[OverviewRow]:
	"""The overview's rows from each group's counts and its first response times (seconds)."""
	rows = []
	for count in counts:
		row = OverviewRow(group=count.group, requests=count.requests)
		times = [t for t in response_times.get(count.group, ()) if t]
		if times:
			row.median_first_response_hours = round(median(times) / 3600, 2)
		row.answered_in_sla = percent(count.answered_kept, count.answered_due)
		row.resolved_in_sla = percent(count.resolved_kept, count.resolved_due)
		row.escalations = count.escalations
		row.rated = count.rated
		row.csat = round(count.stars / count.rated, 2) if count.rated else None
		rows.append(row)
	return sorted(rows, key=lambda r: (-r.requests, r.group))


def overview(facts, now: datetime) -> list[OverviewRow]:
	"""The overview from single requests (RequestFacts): what the report's SQL counts, by the same rules
	(sla_kept)."""
	counts: dict[str, GroupCounts] = {}
	times: dict[str, list[float]] = defaultdict(list)
	for fact in facts:
		group = fact.group or ""
		count = counts.setdefault(group, GroupCounts(group))
		count.requests += 1
		if fact.first_response_seconds:
			times[group].append(fact.first_response_seconds)
		answered = sla_kept(fact.responded_on, fact.response_by, now)
		if answered is not None:
			count.answered_due += 1
			count.answered_kept += answered
		resolved = sla_kept(fact.resolved_on, fact.resolution_by, now)
		if resolved is not None:
			count.resolved_due += 1
			count.resolved_kept += resolved
		count.escalations += bool(fact.escalated)
		if fact.stars:
			count.rated += 1
			count.stars += fact.stars
	return overview_rows(counts.values(), times)


# --- Complaints and Returns by Item, Size and Reason -------------------------------------------------


@dataclass
class ItemSizeRow:
	template: str
	size: str
	size_complaints: int = 0
	quality_complaints: int = 0
	returned_qty: float = 0.0
	returned_for_size: float = 0.0
	returned_for_quality: float = 0.0
	delivered_qty: float = 0.0
	reasons: Counter = field(default_factory=Counter)

	@property
	def return_rate(self) -> float | None:
		"""Returned over delivered quantity, in percent."""
		return percent(self.returned_qty, self.delivered_qty)

	@property
	def main_reason(self) -> str:
		return self.reasons.most_common(1)[0][0] if self.reasons else ""


SIZE_REASONS = {"Size too small", "Size too big", "Size too large", "Fit"}
QUALITY_REASONS = {"Quality or defect"}
SIZE_CATEGORY, QUALITY_CATEGORY = "Size and Fit", "Quality or Defect"


def complaints_and_returns(complaints, returns, deliveries) -> list[ItemSizeRow]:
	"""`complaints`: (template, size, category, count) of requests about an item; `returns`: (template,
	size, reason, qty) of returned lines (qty positive); `deliveries`: (template, size, qty); each may
	come summed per item or one a line. Rows with a complaint or a return, most returned and
	complained about first."""
	rows: dict[tuple, ItemSizeRow] = {}

	def row(template, size):
		return rows.setdefault((template, size or ""), ItemSizeRow(template, size or ""))

	for template, size, category, count in complaints:
		if category == SIZE_CATEGORY:
			row(template, size).size_complaints += count
		elif category == QUALITY_CATEGORY:
			row(template, size).quality_complaints += count
	for template, size, reason, qty in returns:
		line = row(template, size)
		line.returned_qty += qty
		line.reasons[reason or ""] += qty
		if reason in SIZE_REASONS:
			line.returned_for_size += qty
		elif reason in QUALITY_REASONS:
			line.returned_for_quality += qty
	delivered = defaultdict(float)
	for template, size, qty in deliveries:
		delivered[(template, size or "")] += qty
	for key, line in rows.items():
		line.delivered_qty = delivered.get(key, 0.0)
	return sorted(
		rows.values(),
		key=lambda r: (-(r.returned_qty + r.size_complaints + r.quality_complaints), r.template, r.size),
	)


def top_items(rows: list[ItemSizeRow], limit: int = 5) -> list[dict]:
	"""The templates with the most complaints and returns, with their return rate (the digest)."""
	by_template: dict[str, dict] = {}
	for line in rows:
		item = by_template.setdefault(
			line.template,
			{
				"template": line.template,
				"complaints": 0,
				"returned": 0.0,
				"delivered": 0.0,
				"sizes": Counter(),
			},
		)
		item["complaints"] += line.size_complaints + line.quality_complaints
		item["returned"] += line.returned_qty
		item["delivered"] += line.delivered_qty
		item["sizes"][line.size] += line.returned_qty + line.size_complaints + line.quality_complaints
	for item in by_template.values():
		item["return_rate"] = percent(item["returned"], item["delivered"])
		item["sizes"] = [size for size, count in item["sizes"].most_common(3) if size and count]
	ranked = sorted(
		by_template.values(),
		key=lambda i: (-(i["complaints"] + i["returned"]), -(i["return_rate"] or 0), i["template"]),
	)
	return [i for i in ranked if i["complaints"] or i["returned"]][:limit]


# --- Exit Reasons ------------------------------------------------------------------------------------


@dataclass
class ExitRow:
	key: tuple
	count: int = 0
	cart_value: float = 0.0  # of the taps whose cart is in the report's currency
	share: float | None = None  # of all exit feedback in the period, %
	priced: int = 0  # the taps whose cart is in the report's currency

	@property
	def average_cart(self) -> float:
		return round(self.cart_value / self.priced, 2) if self.priced else 0.0


def exit_reasons(feedback, dimensions=("reason",)) -> list[ExitRow]:
	"""`feedback`: dicts with reason, page, week (and count, cart_value, and priced: how many of the
	count have their cart value in the report's currency, all by default); grouped by `dimensions`.
	Every tap counts in the shares, whatever its currency."""
	rows: dict[tuple, ExitRow] = {}
	total = 0
	for entry in feedback:
		key = tuple(entry.get(d) for d in dimensions)
		line = rows.setdefault(key, ExitRow(key))
		count = entry.get("count", 1)
		line.count += count
		line.priced += entry.get("priced", count)
		line.cart_value += float(entry.get("cart_value") or 0)
		total += count
	for line in rows.values():
		line.share = percent(line.count, total)
	return sorted(rows.values(), key=lambda r: (-r.count, tuple(str(k) for k in r.key)))


def reason_changes(this_week: Counter, last_week: Counter, limit: int = 5) -> list[dict]:
	"""The main exit reasons of the week with their change against the week before (count and %)."""
	result = []
	for reason, count in this_week.most_common(limit):
		before = last_week.get(reason, 0)
		result.append(
			{
				"reason": reason,
				"count": count,
				"previous": before,
				"change": count - before,
				"change_percent": percent(count - before, before),
			}
		)
	return result
