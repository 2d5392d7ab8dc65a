# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""How often the shop's answers settled a question, by week, source, category or article: the
self-service resolutions, the answers shown, how often shoppers found them helpful, the requests filed
all the same (after an answer: the articles that fail), and the automation rate, resolutions over
resolutions and requests. Read by self_service.automation (one grouped query per kind of record), the
figures are self_service.figures."""

import frappe
from frappe import _
from frappe.utils import add_days, escape_html, getdate, nowdate

from servicedesk_shop.self_service.automation import article_titles, facts
from servicedesk_shop.self_service.figures import GROUPS, self_service_rows, totals


def execute(filters=None):
	filters = frappe._dict(filters or {})
	filters.from_date = getdate(filters.from_date or add_days(nowdate(), -28))
	filters.to_date = getdate(filters.to_date or nowdate())
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
	group = {
		"Week": {"label": _("Week"), "fieldtype": "Date", "width": 110},
		"Source": {"label": _("Source"), "fieldtype": "Data", "width": 160},
		"Category": {"label": _("Category"), "fieldtype": "Link", "options": "Issue Type", "width": 160},
		# Frappe checks the reader's access to every linked doctype's rows: a link to the articles for
		# who may read them (the knowledge base's editors), their names as text for the rest
		"Article": {"label": _("Article"), "fieldtype": "Link", "options": "Help Article", "width": 120}
		if frappe.has_permission("Help Article", "read")
		else {"label": _("Article"), "fieldtype": "Data", "width": 120},
	}[group_by]
	columns = [{"fieldname": "group", **group}]
	if group_by == "Article":
		columns.append({"fieldname": "title", "label": _("Title"), "fieldtype": "Data", "width": 240})
	columns += [
		{
			"fieldname": "resolutions",
			"label": _("Self-Service Resolutions"),
			"fieldtype": "Int",
			"width": 170,
		},
		{"fieldname": "shown", "label": _("Answers Shown"), "fieldtype": "Int", "width": 130},
		{"fieldname": "helpful", "label": _("Helpful"), "fieldtype": "Int", "width": 90},
		{"fieldname": "not_helpful", "label": _("Not Helpful"), "fieldtype": "Int", "width": 110},
		{"fieldname": "helpful_share", "label": _("Helpful %"), "fieldtype": "Percent", "width": 100},
	]
	if group_by == "Article":
		columns.append(
			{
				"fieldname": "requests",
				"label": _("Requests After It Was Shown"),
				"fieldtype": "Int",
				"width": 200,
			}
		)
	else:
		columns += [
			{"fieldname": "requests", "label": _("Requests"), "fieldtype": "Int", "width": 100},
			{
				"fieldname": "after_answer",
				"label": _("Requests After an Answer"),
				"fieldtype": "Int",
				"width": 180,
			},
		]
	columns.append(
		{
			"fieldname": "automation_rate",
			"label": _("Automation Rate %"),
			"fieldtype": "Percent",
			"width": 150,
		}
	)
	return columns


def get_chart(data, group_by: str):
	if not data:
		return None
	if group_by == "Week":
		return {
			"data": {
				"labels": [row["group"] for row in data],
				"datasets": [
					{
						"name": _("Automation Rate %"),
						"values": [row["automation_rate"] or 0 for row in data],
					}
				],
			},
			"type": "line",
			"colors": ["#29cd42"],
			"fieldtype": "Percent",
		}
	top = data[:12]
	return {
		"data": {
			"labels": [str(row["title"] if group_by == "Article" else row["group"]) for row in top],
			"datasets": [
				{"name": _("Self-Service Resolutions"), "values": [row["resolutions"] for row in top]},
				{"name": _("Requests"), "values": [row["requests"] for row in top]},
			],
		},
		"type": "bar",
		"colors": ["#29cd42", "#ff5858"],
	}


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
