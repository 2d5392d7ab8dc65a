"""Whether the customer may still answer a request, and whether their answer reopens it: rules without
`frappe`.

An open or answered request takes replies. A resolved one is reopened by the customer's reply within
the days of Service Desk Settings' "Reopen Within Days" after it was resolved; later, and once it is
closed, they send a new request instead (the page says so and links the form).

No `frappe` import.
"""

from datetime import datetime, timedelta

DEFAULT_REOPEN_DAYS = 14

OPEN = "open"  # a reply is added; the request stays or becomes Open (Frappe's own rule)
REOPEN = "reopen"  # a reply reopens the resolved request
NEW_REQUEST = "new"  # no reply: a new request


def reply_kind(status: str, resolved_on: datetime | None, now: datetime, days: int) -> str:
	if status == "Closed":
		return NEW_REQUEST
	if status != "Resolved":
		return OPEN
	if days <= 0 or resolved_on is None or now > resolved_on + timedelta(days=days):
		return NEW_REQUEST
	return REOPEN


def reopen_until(resolved_on: datetime | None, days: int) -> datetime | None:
	"""The last moment a resolved request can be reopened, or None when it cannot be."""
	if days <= 0 or resolved_on is None:
		return None
	return resolved_on + timedelta(days=days)
