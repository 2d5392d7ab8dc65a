# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""The service desk at a glance, by source, category, team or week: the requests opened in the period,
the median first response, the shares answered and resolved within the SLA, the escalations and the
customers' rating where they rated. One query over the opening-date index; the figures are
insight.figures.overview."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, now_datetime, nowdate

from servicedesk_shop.customer.rating import stars_from_fraction
from servicedesk_shop.insight.figures import RequestFacts, overview, week_of

GROUPS = {
	"Source": "feedback_source",
	"Category": "issue_type",
	"Team": "support_team",
	"Week": "opening_date",
}
FILTERS = {"feedback_source": "feedback_source", "issue_type": "issue_type", "support_team": "support_team"}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	filters.from_date = getdate(filters.from_date or add_days(nowdate(), -28))
	filters.to_date = getdate(filters.to_date or nowdate())
	group_by = filters.group_by if filters.group_by in GROUPS else "Source"
	rows = overview(facts(filters, group_by), now_datetime())
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


def facts(filters, group_by: str) -> list[RequestFacts]:
	issue = frappe.qb.DocType("Issue")
	field = GROUPS[group_by]
	query = (
		frappe.qb.from_(issue)
		.select(
			issue[field],
			issue.first_response_time,
			issue.first_responded_on,
			issue.response_by,
			issue.sla_resolution_date,
			issue.sla_resolution_by,
			issue.escalated,
			issue.csat_rating,
		)
		.where(issue.opening_date[filters.from_date : filters.to_date])
	)
	for name, column in FILTERS.items():
		if filters.get(name):
			query = query.where(issue[column] == filters.get(name))
	return [
		RequestFacts(
			group=str(week_of(getdate(key))) if group_by == "Week" and key else key,
			first_response_seconds=first_response,
			responded_on=responded,
			response_by=response_by,
			resolved_on=resolved,
			resolution_by=resolution_by,
			escalated=bool(escalated),
			stars=stars_from_fraction(rating) if rating else None,
		)
		for key, first_response, responded, response_by, resolved, resolution_by, escalated, rating in query.run()
	]


def get_columns(group_by: str) -> list[dict]:
	labels = {"Source": _("Source"), "Category": _("Category"), "Team": _("Team"), "Week": _("Week")}
	options = {"Source": "Feedback Source", "Category": "Issue Type", "Team": "Service Desk Team"}
	group = {"fieldname": "group", "label": labels[group_by], "width": 200}
	group.update(
		{"fieldtype": "Link", "options": options[group_by]} if group_by in options else {"fieldtype": "Data"}
	)
	return [
		group,
		{"fieldname": "requests", "label": _("Requests"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "median_first_response",
			"label": _("Median First Response (h)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 190,
		},
		{
			"fieldname": "answered_in_sla",
			"label": _("Answered within SLA %"),
			"fieldtype": "Percent",
			"width": 170,
		},
		{
			"fieldname": "resolved_in_sla",
			"label": _("Resolved within SLA %"),
			"fieldtype": "Percent",
			"width": 170,
		},
		{"fieldname": "escalations", "label": _("Escalations"), "fieldtype": "Int", "width": 110},
		{"fieldname": "rated", "label": _("Ratings"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "csat",
			"label": _("Average Rating"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 130,
		},
	]


def get_chart(data, group_by: str):
	top = data if group_by == "Week" else data[:12]
	if not top:
		return None
	return {
		"data": {
			"labels": [row["group"] for row in top],
			"datasets": [
				{"name": _("Requests"), "values": [row["requests"] for row in top]},
				{"name": _("Escalations"), "values": [row["escalations"] for row in top]},
			],
		},
		"type": "line" if group_by == "Week" else "bar",
		"colors": ["#5e64ff", "#e24c4c"],
	}


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
