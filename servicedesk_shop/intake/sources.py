"""Feedback Sources as plain data, read once and kept in the site cache.

Every submission needs its source's rules; reading them costs no query after the first request, and any
change to a Feedback Source drops the cache (FeedbackSource.on_update / on_trash).
"""

import frappe

from servicedesk_shop.intake.text import series_prefix
from servicedesk_shop.intake.validation import SourceRules
from servicedesk_shop.service_desk.children import child_values
from servicedesk_shop.service_desk.queries import columns

CACHE_KEY = "servicedesk_shop:feedback_sources"
ISSUE_TYPES_KEY = "servicedesk_shop:issue_types"


def clear_source_cache(doc=None, method=None):
	"""Drop the cached sources and categories (on any change of a Feedback Source or an Issue Type)."""
	frappe.cache.delete_value([CACHE_KEY, ISSUE_TYPES_KEY])


def get_issue_types() -> set[str]:
	"""All Issue Types (the categories), from the site cache."""
	return set(
		frappe.cache.get_value(ISSUE_TYPES_KEY, generator=lambda: frappe.get_all("Issue Type", pluck="name"))
	)


def get_sources() -> dict[str, dict]:
	"""All Feedback Sources by name, each a dict of its settings with `categories` as a list."""
	return frappe.cache.get_value(CACHE_KEY, generator=_load_sources)


def _load_sources() -> dict[str, dict]:
	source = frappe.qb.DocType("Feedback Source")
	rows = (
		frappe.qb.from_(source)
		.select(
			*columns(source, "name enabled channel prompt allow_guest order_required"),
			*columns(source, "default_category default_priority typical_answer_hours"),
		)
		.orderby(source.name)
	).run(as_dict=True)
	categories = child_values("Feedback Source", {"categories": ("Feedback Source Category", "issue_type")})
	return {row.name: {**row, "categories": categories["categories"].get(row.name, [])} for row in rows}


def get_source(name) -> dict | None:
	if not name or not isinstance(name, str):
		return None
	return get_sources().get(name)


def form_categories(source: dict) -> list[str]:
	"""The categories a form offers for `source`: its own list, or every Issue Type when it has none."""
	if source["categories"]:
		return source["categories"]
	return sorted(get_issue_types())


def get_source_rules(name) -> SourceRules | None:
	source = get_source(name)
	if not source:
		return None
	return SourceRules(
		name=source["name"],
		enabled=bool(source["enabled"]),
		allow_guest=bool(source["allow_guest"]),
		order_required=bool(source["order_required"]),
		categories=tuple(source["categories"]),
		default_category=source["default_category"],
		default_priority=source["default_priority"],
	)


def get_order_prefixes() -> list[str]:
	"""The literal prefixes of the Sales Order naming series, to spot order numbers in messages."""
	field = frappe.get_meta("Sales Order").get_field("naming_series")
	options = (field.options or "").split("\n") if field else []
	return [prefix for prefix in (series_prefix(option) for option in options) if len(prefix) >= 2]
