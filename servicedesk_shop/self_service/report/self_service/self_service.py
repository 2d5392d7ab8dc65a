# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""How often the shop's answers settled a question, by week, source, category or article: the
self-service resolutions, the answers shown, how often shoppers found them helpful, the requests filed
all the same (after an answer: the articles that fail), and the automation rate, resolutions over
resolutions and requests. Read by self_service.automation (one grouped query per kind of record), the
figures are self_service.figures."""

import frappe
from frappe import _
from frappe.utils import escape_html

from servicedesk_shop.self_service.automation import article_titles, facts
from servicedesk_shop.self_service.figures import GROUPS, self_service_rows, totals
from servicedesk_shop.service_desk.periods import period
from servicedesk_shop.service_desk.reports import chart, column


def execute(filters=None):
	filters = period(filters, 28)
	group_by = filters.group_by if filters.group_by in GROUPS else "Week"
	found = facts(filters)
	rows = self_service_rows(found, group_by, (filters.from_date, filters.to_date))
	titles = article_titles(row.key for row in rows) if group_by == "Article" else {}
	data = [
		{
			"group": label(row.key, group_by),
			"title": escape_html(titles.get(row.key) or row.key) if row.key else _("No Article"),
			"resolutions": row.resolutions,
			"shown": row.shown,
			"helpful": row.helpful,
			"not_helpful": row.not_helpful,
			"helpful_share": row.helpful_share,
			"requests": row.requests,
			"after_answer": row.after_answer,
			"automation_rate": row.automation_rate,
		}
		for row in rows
	]
	return get_columns(group_by), data, None, get_chart(data, group_by), get_summary(totals(found))


def label(key, group_by: str):
	if group_by == "Week":
		return str(key)
	if group_by == "Source":
		# a guest's page names the source of a resolution: shown as text, never as markup
		return escape_html(key) if key else _("None")
	if group_by == "Category":
		return key or _("None")
	return key


def get_columns(group_by: str) -> list[dict]:
	if group_by == "Article":
		# Frappe checks the reader's access to every linked doctype's rows: a link to the articles for
		# who may read them (the knowledge base's editors), their names as text for the rest
		readable = frappe.has_permission("Help Article", "read")
		group = [
			column(
				"group",
				_("Article"),
				"Link" if readable else "Data",
				120,
				"Help Article" if readable else None,
			),
			column("title", _("Title"), "Data", 240),
		]
	else:
		group = [
			{
				"Week": column("group", _("Week"), "Date", 110),
				"Source": column("group", _("Source"), "Data", 160),
				"Category": column("group", _("Category"), "Link", 160, "Issue Type"),
			}[group_by]
		]
	requests = (
		[column("requests", _("Requests After It Was Shown"), "Int", 200)]
		if group_by == "Article"
		else [
			column("requests", _("Requests"), "Int", 100),
			column("after_answer", _("Requests After an Answer"), "Int", 180),
		]
	)
	return [
		*group,
		column("resolutions", _("Self-Service Resolutions"), "Int", 170),
		column("shown", _("Answers Shown"), "Int", 130),
		column("helpful", _("Helpful"), "Int", 90),
		column("not_helpful", _("Not Helpful"), "Int", 110),
		column("helpful_share", _("Helpful %"), "Percent", 100),
		*requests,
		column("automation_rate", _("Automation Rate %"), "Percent", 150),
	]


def get_chart(data, group_by: str):
	if not data:
		return None
	if group_by == "Week":
		rates = [row["automation_rate"] or 0 for row in data]
		labels = [row["group"] for row in data]
		return chart(labels, {_("Automation Rate %"): rates}, ["#29cd42"], kind="line", fieldtype="Percent")
	top = data[:12]
	return chart(
		[str(row["title"] if group_by == "Article" else row["group"]) for row in top],
		{
			_("Self-Service Resolutions"): [row["resolutions"] for row in top],
			_("Requests"): [row["requests"] for row in top],
		},
		["#29cd42", "#ff5858"],
	)


def get_summary(total):
	rate = total.automation_rate
	helpful = total.helpful_share
	return [
		{
			"label": _("Automation Rate"),
			"value": rate if rate is not None else "-",
			"datatype": "Percent" if rate is not None else "Data",
			"indicator": "Green" if (rate or 0) >= 30 else "Orange" if (rate or 0) >= 10 else "Red",
		},
		{
			"label": _("Self-Service Resolutions"),
			"value": total.resolutions,
			"datatype": "Int",
			"indicator": "Green",
		},
		{"label": _("Requests"), "value": total.requests, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Answers Shown"), "value": total.shown, "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Helpful %"),
			"value": helpful if helpful is not None else "-",
			"datatype": "Percent" if helpful is not None else "Data",
			"indicator": "Green" if (helpful or 0) >= 50 else "Orange",
		},
		{
			"label": _("Requests After an Answer"),
			"value": total.after_answer,
			"datatype": "Int",
			"indicator": "Red" if total.after_answer else "Grey",
		},
	]
