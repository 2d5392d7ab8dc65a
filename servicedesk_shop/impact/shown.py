"""How often each item's fit advice was shown, on a site: the insight counts each showing in Redis
(insight.fit_advice.count_shown, the core's counters: no database write on the product page), and the
hourly job `flush_fit_advice_shown` adds the counts to Fit Advice Tally rows, one upsert each. The earliest
day of an item's tally is when its advice was first shown (returns_avoided.py)."""

import hashlib
import json

import frappe
from frappe.utils import now_datetime
from pypika.terms import Values

from servicedesk_shop.insight.fit_advice import SHOWN_COUNTER
from servicedesk_shop.service_desk import counters


def flush_fit_advice_shown() -> int:
	"""Hourly: the fit advice shown, counted in Redis, into Fit Advice Tally. Returns how many showings."""
	return counters.flush(SHOWN_COUNTER, add_counted)


def add_counted(day: str, field: str, shown: int) -> None:
	try:
		template, channel = json.loads(field)
	except (ValueError, TypeError):
		return  # not a field count_shown wrote
	add_to_tally(day, template, channel, shown)


def tally_name(day: str, template: str, channel: str) -> str:
	return hashlib.sha256(json.dumps([str(day), template, channel]).encode()).hexdigest()[:20]


def add_to_tally(day: str, template: str, channel: str, shown: int) -> None:
	"""One upsert: the day's row gets `shown` more."""
	counters.add_to_row(
		"Fit Advice Tally",
		tally_name(day, template, channel),
		{"date": day, "template": template, "channel": channel},
		"shown",
		shown,
	)
