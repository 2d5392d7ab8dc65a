"""Fit evidence from buyers (issue 18): a size complaint counts only from a customer who had bought the
item, or when an agent resolved it, and a customer counts once per item whatever the channel. On existing
sites: who resolved each resolved request, from its change history (Version), and the fit advice job reads
every request and return again on its next run; the purchases are followed from now on (every request is
read with today's purchases)."""

import json

import frappe
from frappe.utils import add_to_date, now_datetime

from servicedesk_shop.insight.fit_advice import (
	OVERLAP_MINUTES,
	PURCHASE_WATERMARK,
	RESOLVED_STATUSES,
	WATERMARK,
	is_agent,
)
from servicedesk_shop.setup.install import sync_custom_fields

BATCH = 500


def execute():
	sync_custom_fields()  # the field first: custom fields are otherwise made after the patches
	note_resolvers()
	for key in WATERMARK.values():
		frappe.db.set_default(key, "2000-01-01")
	for key in PURCHASE_WATERMARK.values():
		frappe.db.set_default(key, str(add_to_date(now_datetime(), minutes=-OVERLAP_MINUTES)))


def note_resolvers():
	"""resolved_by of the resolved requests, as note_resolver would have set it: the desk user whose save
	made it Resolved, kept through Closed, cleared by a reopening. A change the history does not hold
	(a direct database write) names nobody."""
	issue = frappe.qb.DocType("Issue")
	names = (
		frappe.qb.from_(issue)
		.select(issue.name)
		.where(issue.status.isin(list(RESOLVED_STATUSES)))
		.where(issue.resolved_by.isnull() | (issue.resolved_by == ""))
	).run(pluck=True)
	version = frappe.qb.DocType("Version")
	for start in range(0, len(names), BATCH):
		batch = names[start : start + BATCH]
		resolvers = dict.fromkeys(batch)
		for docname, owner, data in (
			frappe.qb.from_(version)
			.select(version.docname, version.owner, version.data)
			.where(version.ref_doctype == "Issue")
			.where(version.docname.isin(batch))
			.where(version.data.like('%"status"%'))
			.orderby(version.creation)
			.orderby(version.name)
		).run():
			for new_status in status_changes(data):
				if new_status not in RESOLVED_STATUSES:
					resolvers[docname] = None
				elif new_status == "Resolved" and not resolvers[docname] and is_agent(owner):
					resolvers[docname] = owner
		for name, user in resolvers.items():
			if user:
				frappe.db.set_value("Issue", name, "resolved_by", user, update_modified=False)


def status_changes(data: str | None) -> list[str]:
	"""The statuses a Version's changes set, in order."""
	try:
		changed = (json.loads(data or "{}") or {}).get("changed") or []
	except (ValueError, AttributeError):
		return []
	return [row[2] for row in changed if isinstance(row, list) and len(row) == 3 and row[0] == "status"]
