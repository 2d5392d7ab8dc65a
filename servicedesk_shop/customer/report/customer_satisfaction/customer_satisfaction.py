# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""How customers rated the answers, by team, agent, category, source or week: the ratings, the average
stars, the share satisfied (4-5 stars) and the unhappy ones (1-2), over the requests rated in the period
(one query over the rated-on index; by agent, one more over the requests' assignments).

A rating counts for every agent the request was assigned to and who did not hand it back: an open or a
closed ToDo, not a cancelled one. `Issue._assign` lists only the open ones, so an agent who closed the
assignment on resolving would lose the rating to "Not assigned"."""

import frappe
from frappe import _
from frappe.utils import add_days, add_to_date, getdate, nowdate

from servicedesk_shop.customer.rating import UNHAPPY, stars_from_fraction
from servicedesk_shop.service_desk.periods import period
from servicedesk_shop.service_desk.reports import chart, column

GROUPS = {
	"Team": "support_team",
	"Agent": "name",  # by the requests' ToDos (agents_of)
	"Category": "issue_type",
	"Source": "feedback_source",
	"Week": "csat_rated_on",
}


def execute(filters=None):
	filters = period(filters, days=90)
	group_by = filters.group_by if filters.group_by in GROUPS else "Team"
	rows = rated(filters)
	if group_by == "Agent":
		agents = agents_of(filters)
		for row in rows:
			row.agents = agents.get(row.name)
	rows = summarise(rows, group_by)
	return get_columns(group_by), rows, None, get_chart(rows), get_summary(rows)


def rated(filters) -> list[dict]:
	issue = frappe.qb.DocType("Issue")
	return (
		frappe.qb.from_(issue)
		.select(issue.name, issue.csat_rating, issue.csat_rated_on, *(issue[f] for f in set(GROUPS.values())))
		.where(issue.csat_rated_on >= filters.from_date)
		.where(issue.csat_rated_on < add_to_date(filters.to_date, days=1))
		.where(issue.csat_rating > 0)
	).run(as_dict=True)


def agents_of(filters) -> dict[str, list[str]]:
	"""The agents of the requests rated in the period, by request: their open and closed assignments."""
	issue = frappe.qb.DocType("Issue")
	todo = frappe.qb.DocType("ToDo")
	found: dict[str, list[str]] = {}
	for name, agent in (
		frappe.qb.from_(todo)
		.join(issue)
		.on((todo.reference_type == "Issue") & (todo.reference_name == issue.name))
		.select(issue.name, todo.allocated_to)
		.distinct()
		.where(issue.csat_rated_on >= filters.from_date)
		.where(issue.csat_rated_on < add_to_date(filters.to_date, days=1))
		.where(issue.csat_rating > 0)
		.where(todo.status != "Cancelled")
		.where(todo.allocated_to.isnotnull())
	).run():
		found.setdefault(name, []).append(agent)
	return found


def keys_of(row, group_by: str) -> list[str]:
	if group_by == "Agent":
		return row.get("agents") or [_("Not assigned")]
	if group_by == "Week":
		day = getdate(row.csat_rated_on)
		return [str(add_days(day, -day.weekday()))]
	return [row.get(GROUPS[group_by]) or _("None")]


def summarise(rows, group_by: str) -> list[dict]:
	groups: dict[str, list[int]] = {}
	for row in rows:
		stars = stars_from_fraction(row.csat_rating)
		for key in keys_of(row, group_by):
			groups.setdefault(key, []).append(stars)
	result = [
		{
			"group": key,
			"ratings": len(stars),
			"average": round(sum(stars) / len(stars), 2),
			"satisfied": round(100 * sum(1 for s in stars if s >= 4) / len(stars), 1),
			"unhappy": sum(1 for s in stars if s <= UNHAPPY),
		}
		for key, stars in groups.items()
	]
	if group_by == "Week":
		return sorted(result, key=lambda row: row["group"])
	return sorted(result, key=lambda row: (-row["ratings"], str(row["group"])))


def get_columns(group_by: str) -> list[dict]:
	labels = {
		"Team": _("Team"),
		"Agent": _("Agent"),
		"Category": _("Category"),
		"Source": _("Source"),
		"Week": _("Week"),
	}
	return [
		column("group", labels[group_by], "Data", 220),
		column("ratings", _("Ratings"), "Int", 90),
		column("average", _("Average Stars"), "Float", 120, precision=2),
		column("satisfied", _("Satisfied % (4-5 Stars)"), "Percent", 170),
		column("unhappy", _("Unhappy (1-2 Stars)"), "Int", 150),
	]


def get_chart(rows):
	return chart(
		[str(row["group"]) for row in rows],
		{_("Average Stars"): [row["average"] for row in rows]},
		["#f5a623"],
	)


def get_summary(rows):
	total = sum(row["ratings"] for row in rows)
	if not total:
		return []
	average = sum(row["average"] * row["ratings"] for row in rows) / total
	return [
		{"label": _("Ratings"), "value": total, "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Average Stars"),
			"value": round(average, 2),
			"datatype": "Float",
			"indicator": "Green" if average >= 4 else "Orange",
		},
		{
			"label": _("Unhappy (1-2 Stars)"),
			"value": sum(row["unhappy"] for row in rows),
			"datatype": "Int",
			"indicator": "Red",
		},
	]
