# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""The service desk at a glance, by source, category, team or week: the requests opened in the period,
the median first response, the shares answered and resolved within the SLA, the escalations and the
customers' rating where they rated. Counted in SQL over the opening-date index, by the rules of
insight.figures (sla_kept), with one more query for the first response times behind the medians; the
rows are insight.figures.overview_rows. Reading 100,000 requests' deadlines into Python cost seconds."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, getdate, now_datetime, nowdate

from servicedesk_shop.insight.figures import GroupCounts, overview_rows
from servicedesk_shop.service_desk.periods import period
from servicedesk_shop.service_desk.reports import chart, column

GROUPS = {
	"Source": "feedback_source",
	"Category": "issue_type",
	"Team": "support_team",
	"Week": "opening_date",
}
FILTERS = {"feedback_source": "feedback_source", "issue_type": "issue_type", "support_team": "support_team"}


def execute(filters=None):
	filters = period(filters, days=28)
	group_by = filters.group_by if filters.group_by in GROUPS else "Source"
	rows = overview_rows(*counted(filters, group_by, now_datetime()))
	if group_by == "Week":
		rows.sort(key=lambda row: row.group)
	data = [
		{
			"group": row.group or _("None"),
			"requests": row.requests,
			"median_first_response": row.median_first_response_hours,
			"answered_in_sla": row.answered_in_sla,
			"resolved_in_sla": row.resolved_in_sla,
			"escalations": row.escalations,
			"rated": row.rated,
			"csat": row.csat,
		}
		for row in rows
	]
	return get_columns(group_by), data, None, get_chart(data, group_by), get_summary(rows)


# sla_kept in SQL: due = done, or not done and past the deadline; kept = done by the deadline
DUE = "(case when {by} is null then 0 when {done} is not null then 1 when %(now)s > {by} then 1 else 0 end)"
KEPT = "(case when {by} is not null and {done} is not null and {done} <= {by} then 1 else 0 end)"


def counted(filters, group_by: str, now) -> tuple[list[GroupCounts], dict[str, list[float]]]:
	"""Each group's counts, and its first response times (seconds), for the requests of the period."""
	field = GROUPS[group_by]
	group = (
		"date_sub(opening_date, interval weekday(opening_date) day)"
		if group_by == "Week"
		else f"ifnull(`{field}`, '')"
	)
	conditions = ["opening_date between %(from_date)s and %(to_date)s"]
	values = {"from_date": filters.from_date, "to_date": filters.to_date, "now": now}
	for name, fieldname in FILTERS.items():
		if filters.get(name):
			conditions.append(f"`{fieldname}` = %({name})s")
			values[name] = filters.get(name)
	where = " and ".join(conditions)
	answered = {"by": "response_by", "done": "first_responded_on"}
	resolved = {"by": "sla_resolution_by", "done": "sla_resolution_date"}
	counts = [
		GroupCounts(str(key), *(int(n or 0) for n in numbers))
		for key, *numbers in frappe.db.sql(
			f"""
			select {group}, count(*),
				sum({DUE.format(**answered)}), sum({KEPT.format(**answered)}),
				sum({DUE.format(**resolved)}), sum({KEPT.format(**resolved)}),
				sum(ifnull(escalated, 0) != 0),
				sum(ifnull(csat_rating, 0) > 0),
				sum(case when csat_rating > 0 then greatest(1, least(5, round(csat_rating * 5))) else 0 end)
			from `tabIssue`
			where {where}
			group by 1
			""",
			values,
		)
	]
	times: dict[str, list[float]] = defaultdict(list)
	for key, seconds in frappe.db.sql(
		f"select {group}, first_response_time from `tabIssue` where {where} and first_response_time > 0",
		values,
	):
		times[str(key)].append(seconds)
	return counts, times


def get_columns(group_by: str) -> list[dict]:
	labels = {"Source": _("Source"), "Category": _("Category"), "Team": _("Team"), "Week": _("Week")}
	options = {"Source": "Feedback Source", "Category": "Issue Type", "Team": "Service Desk Team"}
	linked = options.get(group_by)
	return [
		column("group", labels[group_by], "Link" if linked else "Data", 200, linked),
		column("requests", _("Requests"), "Int", 100),
		column("median_first_response", _("Median First Response (h)"), "Float", 190, precision=2),
		column("answered_in_sla", _("Answered within SLA %"), "Percent", 170),
		column("resolved_in_sla", _("Resolved within SLA %"), "Percent", 170),
		column("escalations", _("Escalations"), "Int", 110),
		column("rated", _("Ratings"), "Int", 90),
		column("csat", _("Average Rating"), "Float", 130, precision=2),
	]


def get_chart(data, group_by: str):
	top = data if group_by == "Week" else data[:12]
	return chart(
		[row["group"] for row in top],
		{
			_("Requests"): [row["requests"] for row in top],
			_("Escalations"): [row["escalations"] for row in top],
		},
		["#5e64ff", "#e24c4c"],
		kind="line" if group_by == "Week" else "bar",
	)


def get_summary(rows):
	requests = sum(row.requests for row in rows)
	escalations = sum(row.escalations for row in rows)
	return [
		{"label": _("Requests"), "value": requests, "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Escalations"),
			"value": escalations,
			"datatype": "Int",
			"indicator": "Red" if escalations else "Green",
		},
	]
