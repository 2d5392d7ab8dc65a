# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""How often the agents kept what triage read: per category as the agents left it, the share where the
suggested category was the same, and the confusion table (agent's category x suggested category); the
same agreement for urgency (the priority the agents left) and mood (the mood as agents left it).

Counted over requests that agents labelled (resolved, or corrected the category or mood) in the
period, from three grouped queries over the labelled-on index. Beside what triage suggested when each
request came in, the published model reads the period's latest labelled requests again (at most
PUBLISHED_SAMPLE, half a millisecond each): after a retraining, the agents' corrections show up there."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import add_days, add_to_date, getdate, nowdate

from servicedesk_shop.service_desk.periods import period
from servicedesk_shop.service_desk.reports import chart, column
from servicedesk_shop.triage.rules import agreement_rows, share
from servicedesk_shop.triage.service import get_model, item_group_of, request_text, telling_source

PUBLISHED_SAMPLE = 1000


def execute(filters=None):
	filters = period(filters, days=90)
	pairs = {
		"category": grouped(filters, "issue_type", "triage_category"),
		"urgency": grouped(filters, "priority", "triage_urgency"),
		"mood": grouped(filters, "customer_mood", "triage_mood"),
	}
	predicted = sorted({guess for (_agent, guess) in pairs["category"]})
	rows = agreement_rows(pairs["category"])
	now = {row["label"]: row for row in agreement_rows(published_pairs(filters))}
	columns = get_columns(predicted)
	data = [
		{
			"category": row["label"],
			"requests": row["total"],
			"agreed": row["agreed"],
			"agreement": row["share"],
			"published_agreement": now[row["label"]]["share"] if row["label"] in now else None,
			**{column_name(guess): row["by_guess"].get(guess, 0) for guess in predicted},
		}
		for row in rows
	]
	summary = get_summary(pairs)
	total = sum(row["total"] for row in now.values())
	if total:
		summary.insert(
			3,
			{
				"label": _("Published Model Agreement"),
				"value": share(sum(row["agreed"] for row in now.values()), total),
				"datatype": "Percent",
				"indicator": "Blue",
			},
		)
	return columns, data, None, get_chart(rows), summary


def published_pairs(filters) -> dict[tuple[str, str], int]:
	"""(agent's category, the published model's category) counts over the latest labelled requests."""
	model = get_model()
	if model is None:
		return {}
	issue, query = labelled(filters)
	rows = (
		query.select(
			issue.subject, issue.description, issue.feedback_source, issue.item_code, issue.issue_type
		)
		.where(issue.issue_type.isnotnull())
		.where(issue.issue_type != "")
		.orderby(issue.triage_labelled_on, order=frappe.qb.desc)
		.limit(PUBLISHED_SAMPLE)
	).run(as_dict=True)
	counts: dict[tuple[str, str], int] = {}
	for row in rows:
		guess = model.predict(
			request_text(row.subject, row.description),
			telling_source(row.feedback_source),
			item_group_of(row.item_code),
			explain=0,
		).category
		if guess:
			key = (row.issue_type, guess.label)
			counts[key] = counts.get(key, 0) + 1
	return counts


def labelled(filters):
	issue = frappe.qb.DocType("Issue")
	query = (
		frappe.qb.from_(issue)
		.where(issue.triage_labelled_on >= filters.from_date)
		.where(issue.triage_labelled_on < add_to_date(filters.to_date, days=1))
	)
	if filters.model:
		query = query.where(issue.triage_model == filters.model)
	if filters.support_team:
		query = query.where(issue.support_team == filters.support_team)
	return issue, query


def grouped(filters, agent_field: str, guess_field: str) -> dict[tuple[str, str], int]:
	issue, query = labelled(filters)
	rows = (
		query.select(issue[agent_field], issue[guess_field], Count("*"))
		.where(issue[guess_field].isnotnull())
		.where(issue[guess_field] != "")
		.where(issue[agent_field].isnotnull())
		.where(issue[agent_field] != "")
		.groupby(issue[agent_field], issue[guess_field])
	).run()
	return {(agent, guess): count for agent, guess, count in rows}


def column_name(guess: str) -> str:
	return "guess_" + frappe.scrub(guess)


def get_columns(predicted: list[str]) -> list[dict]:
	return [
		column("category", _("Category (Agents)"), "Link", 180, "Issue Type"),
		column("requests", _("Requests"), "Int", 90),
		column("agreed", _("Triage Agreed"), "Int", 110),
		column("agreement", _("Agreement %"), "Percent", 110),
		column("published_agreement", _("Published Model Agrees %"), "Percent", 170),
		*(
			column(column_name(guess), _("Suggested: {0}").format(_(guess)), "Int", 130)
			for guess in predicted
		),
	]


def get_chart(rows):
	return chart(
		[_(row["label"]) for row in rows],
		{_("Agreement %"): [row["share"] for row in rows]},
		["#5e64ff"],
		fieldtype="Percent",
	)


def get_summary(pairs):
	summary = []
	for target, label in (
		("category", _("Category Agreement")),
		("urgency", _("Urgency Agreement")),
		("mood", _("Mood Agreement")),
	):
		total = sum(pairs[target].values())
		agreed = sum(count for (agent, guess), count in pairs[target].items() if agent == guess)
		value = share(agreed, total)
		summary.append(
			{
				"label": label,
				"value": value if value is not None else "-",
				"datatype": "Percent" if value is not None else "Data",
				"indicator": "Green" if (value or 0) >= 80 else "Orange" if (value or 0) >= 60 else "Red",
			}
		)
	published = frappe.db.get_value(
		"Triage Model",
		{"status": "Published"},
		["version", "category_accuracy", "site_examples"],
		as_dict=True,
		order_by="version desc",
	)
	if published:
		summary.append(
			{
				"label": _("Published Model"),
				"value": _("Version {0}: {1}% held-out, {2} site labels").format(
					published.version,
					round(published.category_accuracy or 0, 1),
					published.site_examples or 0,
				),
				"datatype": "Data",
				"indicator": "Blue",
			}
		)
	return summary
