"""Which contact of the desk an order is counted for: the rules of a conversion, without `frappe`.

A contact is a request the desk answered (its moment: the first answer, Issue.first_responded_on), an exit
feedback (the tap) or a self-service resolution (the "Yes", the order looked up, "Back to my cart"). An
order converts a contact when it is submitted within the window after it: contacted_on <= ordered_on <=
contacted_on + days, both edges inclusive (an order at the very moment of the answer counts, as does one
exactly `days` days later; one a second before the answer or a second after the window does not). Each
order counts once, for the latest contact before it, so that the revenue is never doubled: of two
requests answered before one order, the later one gets it. Of contacts at the same moment, a request
answered by a person comes first, then a self-service resolution, then an exit feedback; then the name.
An order's moment is when it was submitted; one dated earlier than its submission counts from the start
of its date.

No `frappe` import.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

DEFAULT_WINDOW_DAYS = 3
REQUEST, SELF_SERVICE, EXIT_FEEDBACK = "Issue", "Self Service Resolution", "Exit Feedback"
RANK = {REQUEST: 2, SELF_SERVICE: 1, EXIT_FEEDBACK: 0}
"""Of contacts at the same moment, the higher rank gets the order."""


@dataclass(frozen=True)
class Contact:
	doctype: str
	name: str
	at: datetime
	facts: dict = field(default_factory=dict, compare=False, hash=False)
	"""What the conversion records of it (team, agent, source, category, exit reason)."""


def window_days(value) -> int:
	"""The setting as a number of days: DEFAULT_WINDOW_DAYS when empty, not a number or below 1."""
	try:
		days = int(value)
	except (TypeError, ValueError):
		return DEFAULT_WINDOW_DAYS
	return days if days >= 1 else DEFAULT_WINDOW_DAYS


def window_start(ordered_on: datetime, days: int) -> datetime:
	"""The earliest contact moment an order at `ordered_on` can convert (inclusive)."""
	return ordered_on - timedelta(days=days)


def in_window(contacted_on: datetime | None, ordered_on: datetime, days: int) -> bool:
	"""Whether an order at `ordered_on` follows the contact within `days` days, both edges inclusive."""
	if contacted_on is None:
		return False
	return contacted_on <= ordered_on <= contacted_on + timedelta(days=days)


def latest_contact(contacts, ordered_on: datetime, days: int) -> Contact | None:
	"""The contact the order is counted for: the latest one in the window before it; None without one."""
	eligible = [c for c in contacts if in_window(c.at, ordered_on, days)]
	if not eligible:
		return None
	return max(eligible, key=lambda c: (c.at, RANK.get(c.doctype, -1), c.name))


def order_moment(submitted_on: datetime | None, created: datetime, order_date: date) -> datetime:
	"""When an order was placed: when it was submitted (else made), unless it is dated earlier than that
	(an order taken before and entered later): then the start of its date, so that no contact after it
	is credited with it."""
	moment = submitted_on or created
	if order_date and order_date < moment.date():
		return datetime.combine(order_date, time.min)
	return moment


def hours_between(start: datetime, end: datetime) -> float:
	return round((end - start).total_seconds() / 3600, 1)
