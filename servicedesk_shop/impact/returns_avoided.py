"""The returns the desk avoided, on a site: each item template's return rate in equal windows before and
after a change (windows.py), kept daily in Return Rate Change rows.

Two kinds of change: an item's fit advice first shown (the earliest day of its Fit Advice Tally: the
product page's advice and the exit question's answer, counted in Redis and flushed hourly, shown.py), and
the cause of its quality complaints fixed (the earliest Cause Fixed On of the quality requests about it:
the item they name, else the items of their order lines). Returned and delivered quantities are the
returns report's own (`returned_lines`, `delivered_lines`: Delivery Note returns and Credit Notes that are
returns of their own, over Delivery Notes and invoices that deliver), as the insight's Complaints and
Returns report counts them. A window is read once a day per item: the cost grows with the items that
changed, not with the history."""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from servicedesk_shop.impact import windows
from servicedesk_shop.insight.complaints import RETURNS_REPORT
from servicedesk_shop.insight.figures import QUALITY_CATEGORY, QUALITY_REASONS
from servicedesk_shop.insight.items import templates_of

FIT_ADVICE, CAUSE_FIXED = "Fit Advice", "Cause Fixed"


def quantities(templates, from_date, to_date) -> dict[str, dict]:
	"""{template: {"delivered", "returned", "quality"}} of the period (both days included), as the
	returns report counts them."""
	period = frappe._dict(from_date=getdate(from_date), to_date=getdate(to_date))
	found = {t: {"delivered": 0.0, "returned": 0.0, "quality": 0.0} for t in templates}
	if not templates or period.to_date < period.from_date:
		return found
	returned = frappe.get_attr(f"{RETURNS_REPORT}.returned_lines")(period)
	delivered = frappe.get_attr(f"{RETURNS_REPORT}.delivered_lines")(period)
	owners = templates_of({code for code, *_rest in returned} | {code for code, _qty in delivered})
	for code, reason, qty, _value, _doctype, _names in returned:
		template = owners.get(code, code)
		if template in found:
			found[template]["returned"] += qty
			if reason in QUALITY_REASONS:
				found[template]["quality"] += qty
	for code, qty in delivered:
		template = owners.get(code, code)
		if template in found:
			found[template]["delivered"] += qty or 0
	return found


def advice_changes() -> dict[str, tuple]:
	"""{template: (first day its advice was shown, times shown)} of the templates whose advice was shown."""
	tally = frappe.qb.DocType("Fit Advice Tally")
	return {
		template: (getdate(first), int(shown or 0))
		for template, first, shown in (
			frappe.qb.from_(tally)
			.select(
				tally.template,
				frappe.query_builder.functions.Min(tally.date),
				frappe.query_builder.functions.Sum(tally.shown),
			)
			.where(tally.shown > 0)
			.groupby(tally.template)
		).run()
	}


def fixed_causes() -> dict[str, tuple]:
	"""{template: (earliest Cause Fixed On, [requests])} of the quality complaints marked Cause Fixed."""
	issue = frappe.qb.DocType("Issue")
	rows = (
		frappe.qb.from_(issue)
		.select(issue.name, issue.item_code, issue.cause_fixed_on)
		.where(issue.cause_fixed == 1)
		.where(issue.cause_fixed_on.isnotnull())
		.where(issue.issue_type == QUALITY_CATEGORY)
	).run(as_dict=True)
	if not rows:
		return {}
	line = frappe.qb.DocType("Issue Order Line")
	codes: dict[str, set] = {row.name: {row.item_code} if row.item_code else set() for row in rows}
	unnamed = [row.name for row in rows if not row.item_code]
	for parent, item_code in (
		(
			frappe.qb.from_(line)
			.select(line.parent, line.item_code)
			.where(line.parenttype == "Issue")
			.where(line.parent.isin(unnamed))
		).run()
		if unnamed
		else ()
	):
		codes[parent].add(item_code)
	owners = templates_of({c for found in codes.values() for c in found if c})
	fixes: dict[str, tuple] = {}
	for row in rows:
		for code in codes[row.name]:
			template = owners.get(code)
			if not template:
				continue
			day, names = fixes.get(template, (None, []))
			fixed_on = getdate(row.cause_fixed_on)
			fixes[template] = (min(day, fixed_on) if day else fixed_on, [*names, row.name])
	return fixes


def lacking_note(found) -> str:
	"""What there is too little of, with the thresholds, in words."""
	notes = {
		windows.TOO_EARLY: _(
			"Not enough data: the change is {0} days old, {1} days are needed on each side."
		).format(found.days, windows.MIN_WINDOW_DAYS),
		windows.TOO_FEW_BEFORE: _("Not enough data: {0} delivered before, at least {1} are needed.").format(
			f"{found.delivered_before:g}", windows.MIN_DELIVERED
		),
		windows.TOO_FEW_AFTER: _("Not enough data: {0} delivered after, at least {1} are needed.").format(
			f"{found.delivered_after:g}", windows.MIN_DELIVERED
		),
	}
	return " ".join(notes[code] for code in found.lacking)


def change_of(template: str, changed_on, day=None) -> dict:
	"""The Return Rate Change values of one template changed on `changed_on`, seen on `day` (today)."""
	span = windows.equal_windows(getdate(changed_on), getdate(day or today()))
	before = quantities([template], span.before_from, span.before_to)[template]
	after = quantities([template], span.after_from, span.after_to)[template]
	found = windows.effect(
		before["delivered"], before["returned"], after["delivered"], after["returned"], span.days
	)
	return {
		"item": template,
		"changed_on": getdate(changed_on),
		"window_days": span.days,
		"delivered_before": found.delivered_before,
		"returned_before": found.returned_before,
		"quality_returned_before": before["quality"],
		"rate_before": found.rate_before or 0,
		"delivered_after": found.delivered_after,
		"returned_after": found.returned_after,
		"quality_returned_after": after["quality"],
		"rate_after": found.rate_after or 0,
		"change": found.change or 0,
		"returns_avoided": windows.returns_avoided(found) or 0,
		"enough_data": 1 if found.enough_data else 0,
		"note": lacking_note(found) or None,
		"updated_on": now_datetime(),
	}


def update_changes(day=None) -> int:
	"""Daily: every template's Return Rate Change (its fit advice, its fixed quality complaints) counted
	again; the rows of changes that no longer stand (advice never shown, a fix unmarked) deleted. Returns
	how many rows were written."""
	wanted = {}
	for template, (first, shown) in advice_changes().items():
		wanted[(FIT_ADVICE, template)] = (first, {"shown": shown, "issues": None})
	for template, (fixed_on, issues) in fixed_causes().items():
		wanted[(CAUSE_FIXED, template)] = (fixed_on, {"shown": 0, "issues": "\n".join(issues[:50])})
	table = frappe.qb.DocType("Return Rate Change")
	stored = {
		(row.change_kind, row.item): row.name
		for row in (frappe.qb.from_(table).select(table.name, table.change_kind, table.item)).run(
			as_dict=True
		)
	}
	for key, name in stored.items():
		if key not in wanted:
			frappe.delete_doc("Return Rate Change", name, ignore_permissions=True, force=True)
	for (kind, template), (changed_on, extra) in wanted.items():
		values = {"change_kind": kind, **change_of(template, changed_on, day), **extra}
		name = stored.get((kind, template))
		if name:
			frappe.db.set_value("Return Rate Change", name, values)
		else:
			doc = frappe.get_doc({"doctype": "Return Rate Change", **values})
			doc.flags.ignore_links = True
			doc.insert(ignore_permissions=True)
	return len(wanted)


def change_rows() -> list[frappe._dict]:
	return frappe.get_all(
		"Return Rate Change",
		fields=["*"],
		order_by="change_kind asc, enough_data desc, delivered_after desc, item asc",
		limit_page_length=0,
	)


def fit_advice_change() -> float | None:
	"""The return rate change over the items with fit advice and enough data, weighted by what each
	delivered (points)."""
	return windows.pooled_change(
		windows.effect(
			r.delivered_before, r.returned_before, r.delivered_after, r.returned_after, r.window_days
		)
		for r in change_rows()
		if r.change_kind == "Fit Advice"
	)
