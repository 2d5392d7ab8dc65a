"""Returns before and after a change (an item's fit advice first shown, a complaint's cause fixed): equal
windows of days on either side, the return rate in each, and whether there is enough data to tell.

The "after" window starts on the day of the change and holds whole days up to yesterday, at most
MAX_WINDOW_DAYS; the "before" window is as many days, ending the day before the change. Both are dates,
both edges inclusive. The return rate is returned over delivered quantity in the window (as the insight's
Complaints and Returns report counts it). There is enough data when each window is at least
MIN_WINDOW_DAYS days long and delivered at least MIN_DELIVERED units; otherwise the figures are shown
with "not enough data" and the thresholds.

No `frappe` import.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from servicedesk_shop.insight.figures import percent

MAX_WINDOW_DAYS = 90
MIN_WINDOW_DAYS = 14
MIN_DELIVERED = 20

TOO_EARLY = "too_early"  # the change is less than MIN_WINDOW_DAYS days old
TOO_FEW_BEFORE = "too_few_before"  # fewer than MIN_DELIVERED units delivered before
TOO_FEW_AFTER = "too_few_after"  # fewer than MIN_DELIVERED units delivered after


@dataclass(frozen=True)
class Windows:
	before_from: date
	before_to: date
	after_from: date
	after_to: date
	days: int


def equal_windows(changed_on: date, today: date, max_days: int = MAX_WINDOW_DAYS) -> Windows:
	"""The windows around a change on `changed_on`, seen on `today` (which is not yet whole and is left
	out). `days` is 0 when the change is today or later: both windows are then empty."""
	days = max(0, min(max_days, (today - changed_on).days))
	return Windows(
		before_from=changed_on - timedelta(days=days),
		before_to=changed_on - timedelta(days=1),
		after_from=changed_on,
		after_to=changed_on + timedelta(days=days - 1),
		days=days,
	)


@dataclass
class Effect:
	delivered_before: float
	returned_before: float
	delivered_after: float
	returned_after: float
	days: int
	rate_before: float | None = None
	rate_after: float | None = None
	change: float | None = None  # in percentage points, after minus before
	lacking: tuple[str, ...] = ()  # why there is not enough data (TOO_EARLY, TOO_FEW_BEFORE, ...)

	@property
	def enough_data(self) -> bool:
		return not self.lacking


def effect(
	delivered_before: float,
	returned_before: float,
	delivered_after: float,
	returned_after: float,
	days: int,
	min_delivered: float = MIN_DELIVERED,
	min_days: int = MIN_WINDOW_DAYS,
) -> Effect:
	"""The return rates of the two windows and their change; `lacking` says what is too little."""
	found = Effect(delivered_before, returned_before, delivered_after, returned_after, days)
	found.rate_before = percent(returned_before, delivered_before)
	found.rate_after = percent(returned_after, delivered_after)
	if found.rate_before is not None and found.rate_after is not None:
		found.change = round(found.rate_after - found.rate_before, 1)
	lacking = []
	if days < min_days:
		lacking.append(TOO_EARLY)
	if delivered_before < min_delivered:
		lacking.append(TOO_FEW_BEFORE)
	if delivered_after < min_delivered:
		lacking.append(TOO_FEW_AFTER)
	found.lacking = tuple(lacking)
	return found


def pooled_change(effects) -> float | None:
	"""The change of the return rate over all items with enough data, weighted by what each delivered:
	returned over delivered of all of them after, minus the same before (percentage points)."""
	usable = [e for e in effects if e.enough_data]
	before = percent(sum(e.returned_before for e in usable), sum(e.delivered_before for e in usable))
	after = percent(sum(e.returned_after for e in usable), sum(e.delivered_after for e in usable))
	if before is None or after is None:
		return None
	return round(after - before, 1)


def returns_avoided(effect_: Effect) -> float | None:
	"""Units not returned thanks to the change: the before rate applied to what was delivered after, minus
	what came back (negative when more came back); None without enough data."""
	if not effect_.enough_data or effect_.rate_before is None:
		return None
	return round(effect_.delivered_after * effect_.rate_before / 100 - effect_.returned_after, 1)
