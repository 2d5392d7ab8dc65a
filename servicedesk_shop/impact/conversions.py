"""The orders the desk saved, on a site: each submitted Sales Order (and each order the storefront reported
that matches none) is counted for the latest contact of its customer in the window before it
(attribution.py), as one Service Desk Conversion.

A Sales Order's submit costs next to nothing: `before_submit` notes when (a field saved with the order,
no query of its own) and `on_submit` enqueues the deduplicated job after the commit. The job
(`attribute_orders`, also every five minutes) follows the Sales Orders and Storefront Orders changed since
its watermark, a batch at a time, one transaction each, and reads the contacts of a batch in a few
queries: a customer's requests (by customer or e-mail) answered in the window, their exit feedback (by
e-mail), the self-service resolutions of their orders, and what the storefront said of the order (its
session's exit feedback and self-service). Nothing older is read again; a run on a site that never ran
reads every order once. A cancelled order loses its conversion at once (`on_cancel`). The months a change
touches are marked to be counted again (months.py)."""

import json
from datetime import date, datetime, timedelta

import frappe
from erpnext.setup.utils import get_exchange_rate
from frappe.query_builder import Order
from frappe.utils import add_to_date, flt, get_datetime, getdate, now_datetime

from servicedesk_shop.impact.attribution import (
	EXIT_FEEDBACK,
	REQUEST,
	SELF_SERVICE,
	Contact,
	hours_between,
	latest_contact,
	order_moment,
	window_days,
)
from servicedesk_shop.impact.months import default_company, mark_stale
from servicedesk_shop.self_service.session import session_hash
from servicedesk_shop.service_desk.queries import columns
from servicedesk_shop.service_desk.settings import DOCTYPE as SETTINGS
from servicedesk_shop.service_desk.watermarks import one_at_a_time, set_watermark, watermark

JOB_ID = "servicedesk-impact-attribute"
KICK = "servicedesk_shop:impact_attribute_kick"
KICK_SECONDS = 60
WATERMARKS = {
	"Sales Order": "servicedesk_impact_orders_until",
	"Storefront Order": "servicedesk_impact_storefront_until",
}
BATCH = 1000
OVERLAP_MINUTES = 10
"""The job reads the last minutes again: a transaction that committed late is not missed (attributing
an order again changes nothing)."""
ORDER_FIELDS = (
	"name",
	"docstatus",
	"customer",
	"contact_email",
	"company",
	"currency",
	"grand_total",
	"base_grand_total",
	"transaction_date",
	"servicedesk_submitted_on",
	"creation",
	"po_no",
	"modified",
)


def conversion_window() -> int:
	return window_days(frappe.db.get_single_value(SETTINGS, "conversion_window_days", cache=True))


# --- the Sales Order's events -------------------------------------------------------------------------


def note_submitted(doc, method=None):
	"""Sales Order before_submit: when it was submitted, saved with it (the window is measured to it)."""
	doc.servicedesk_submitted_on = now_datetime()


def on_submit(doc, method=None):
	"""Sales Order on_submit: the attribution, soon, in the background. One job for the orders of a minute:
	a flag in Redis (one round trip) stands for the job enqueued; what comes after its run waits for the
	next (every five minutes)."""
	if frappe.cache.set(frappe.cache.make_key(KICK), 1, ex=KICK_SECONDS, nx=True):
		enqueue_attribution()


def enqueue_attribution():
	frappe.enqueue(
		attribute_orders, queue="short", job_id=JOB_ID, deduplicate=True, enqueue_after_commit=True
	)


def on_cancel(doc, method=None):
	"""Sales Order on_cancel: a cancelled order was not saved; its month is counted again."""
	drop_conversions([doc.name])
	mark_stale({str(getdate(doc.transaction_date))[:7]})


# --- the job ------------------------------------------------------------------------------------------


def attribute_orders() -> int:
	"""The job: the Sales Orders and Storefront Orders changed since the last run, attributed. Returns how
	many orders were read. One run at a time (a lock in Redis)."""
	with one_at_a_time("impact_attribute") as held:
		if not held:
			return 0
		read = follow("Sales Order", ORDER_FIELDS, attribute_batch)
		read += follow(
			"Storefront Order", ("name", "order_id", "sales_order", "modified"), attribute_storefront_batch
		)
		return read


def follow(doctype: str, fields, work) -> int:
	"""`work(rows)` for the documents of `doctype` changed since the watermark, BATCH at a time by
	(modified, name), each batch committed with the watermark moved past it."""
	key = WATERMARKS[doctype]
	since, after = get_datetime(watermark(key) or "2000-01-01"), ""
	table = frappe.qb.DocType(doctype)
	read = 0
	while True:
		query = (
			frappe.qb.from_(table)
			.select(*(table[f] for f in fields))
			.where((table.modified > since) | ((table.modified == since) & (table.name > after)))
		)
		if doctype == "Sales Order":
			query = query.where(table.docstatus > 0)
		rows = query.orderby(table.modified).orderby(table.name).limit(BATCH).run(as_dict=True)
		if not rows:
			break
		work(rows)
		read += len(rows)
		since, after = rows[-1].modified, rows[-1].name
		set_watermark(key, add_to_date(since, minutes=-OVERLAP_MINUTES))
		if not frappe.flags.in_test:
			frappe.db.commit()  # nosemgrep: a background job, one transaction per batch
		if len(rows) < BATCH:
			break
	return read


def attribute_batch(rows) -> None:
	"""A batch of Sales Orders: submitted ones attributed, cancelled ones dropped."""
	drop_conversions([r.name for r in rows if r.docstatus == 2])
	mark_stale({str(getdate(r.transaction_date))[:7] for r in rows if r.docstatus == 2})
	attribute_sales_orders([r for r in rows if r.docstatus == 1])


def attribute(names: list[str]) -> None:
	"""Attribute the Sales Orders `names` now (tests, and a shop that fixes data by hand)."""
	if not names:
		return
	table = frappe.qb.DocType("Sales Order")
	rows = (
		frappe.qb.from_(table).select(*(table[f] for f in ORDER_FIELDS)).where(table.name.isin(names))
	).run(as_dict=True)
	attribute_batch(rows)


def moment_of(row):
	"""When the order was placed (attribution.order_moment): submitted (the field before_submit sets),
	else made, or its date when that is earlier."""
	submitted = get_datetime(row.servicedesk_submitted_on) if row.servicedesk_submitted_on else None
	return order_moment(submitted, get_datetime(row.creation), getdate(row.transaction_date))


def attribute_sales_orders(orders) -> None:
	if not orders:
		return
	days = conversion_window()
	for order in orders:
		order.moment = moment_of(order)
	reported = storefront_orders_of(orders)
	contacts = contacts_of(orders, reported, days)
	months = set()
	found = {}
	for order in orders:
		winner = latest_contact(contacts.get(order.name, ()), order.moment, days)
		if winner:
			found[order.name] = winner
	stored = stored_conversions([o.name for o in orders])
	agents = first_agents([c.name for c in found.values() if c.doctype == REQUEST])
	new_rows = []
	for order in orders:
		winner = found.get(order.name)
		before = stored.get(order.name)
		if not winner:
			if before:
				drop_conversions([order.name])
				months.add(str(before.order_date)[:7])
			continue
		currency = frappe.get_cached_value("Company", order.company, "default_currency")
		values = conversion_values(winner, order.moment, agents)
		values.update(
			order_key=f"Sales Order:{order.name}",
			sales_order=order.name,
			storefront_order=(reported.get(order.name) or {}).get("name"),
			customer=order.customer,
			order_date=getdate(order.transaction_date),
			ordered_on=order.moment,
			value=flt(order.grand_total),
			currency=order.currency,
			base_value=flt(order.base_grand_total),
			base_currency=currency,
			value_kept_out=0,
			note=None,
		)
		if before and unchanged(before, values):
			continue  # read again (the last minutes of the previous run): nothing to write
		months.add(str(values["order_date"])[:7])
		if before:
			months.add(str(before.order_date)[:7])
			frappe.db.set_value("Service Desk Conversion", before.name, values)
		else:
			new_rows.append(values)
	insert_conversions(new_rows)
	# an order the storefront reported before its Sales Order was there: counted once, as the order
	drop_keys([f"Storefront:{r['order_id']}" for r in reported.values()])
	mark_stale(months)


def storefront_orders_of(orders) -> dict[str, dict]:
	"""{sales order: its Storefront Order} for the orders the storefront reported (by the order's name or
	its customer's PO number); each found one is linked to its Sales Order."""
	ids = {o.name: o.name for o in orders}
	ids.update({o.po_no: o.name for o in orders if o.po_no})
	table = frappe.qb.DocType("Storefront Order")
	rows = (
		frappe.qb.from_(table)
		.select(table.name, table.order_id, table.exit_feedback, table.session_hash, table.sales_order)
		.where(table.order_id.isin(list(ids)))
	).run(as_dict=True)
	# the database matched without regard to case or trailing spaces (its collation): so does this, and a
	# row it matched that this does not is passed over, never a KeyError that stalls every later batch
	by_key = {key.strip().casefold(): name for key, name in ids.items()}
	found = {}
	for row in rows:
		order = by_key.get((row.order_id or "").strip().casefold())
		if not order:
			continue
		found[order] = row
		if row.sales_order != order:
			frappe.db.set_value("Storefront Order", row.name, "sales_order", order, update_modified=False)
	return found


def contacts_of(orders, reported: dict, days: int) -> dict[str, list[Contact]]:
	"""{order: its customer's contacts that may precede it}: read for the whole batch at once."""
	start = min(o.moment for o in orders) - timedelta(days=days)
	end = max(o.moment for o in orders)
	customers = sorted({o.customer for o in orders if o.customer})
	emails = sorted({o.contact_email.strip().lower() for o in orders if o.contact_email})
	by_customer, by_email, by_order = {}, {}, {}
	for contact, customer, email in requests_of(customers, emails, start, end):
		if customer:
			by_customer.setdefault(customer, []).append(contact)
		if email:
			by_email.setdefault(email, []).append(contact)
	for contact, email in exit_feedback_of(emails, start, end):
		by_email.setdefault(email, []).append(contact)
	for contact, customer in tracked_orders_of(customers, start, end):
		by_customer.setdefault(customer, []).append(contact)
	reported_contacts = session_contacts(list(reported.values()), start, end)
	for order, row in reported.items():
		by_order[order] = reported_contacts.get(row.name, [])
	found = {}
	for order in orders:
		email = (order.contact_email or "").strip().lower()
		contacts = {
			(c.doctype, c.name): c
			for c in (
				*by_customer.get(order.customer, ()),
				*by_email.get(email, ()),
				*by_order.get(order.name, ()),
			)
		}
		found[order.name] = list(contacts.values())
	return found


def requests_of(customers, emails, start, end):
	"""(Contact, customer, e-mail) of the requests of these customers or senders first answered between
	`start` and `end`: two indexed queries (by customer, by sender)."""
	issue = frappe.qb.DocType("Issue")
	fields = (
		issue.name,
		issue.customer,
		issue.raised_by,
		issue.first_responded_on,
		issue.support_team,
		issue.issue_type,
		issue.feedback_source,
		issue._assign,
	)
	rows = {}
	for column, values in ((issue.customer, customers), (issue.raised_by, emails)):
		if not values:
			continue
		for row in (
			frappe.qb.from_(issue)
			.select(*fields)
			.where(column.isin(values))
			.where(issue.first_responded_on[start:end])
		).run(as_dict=True):
			rows[row.name] = row
	for row in rows.values():
		contact = Contact(
			REQUEST,
			row.name,
			get_datetime(row.first_responded_on),
			{
				"team": row.support_team,
				"category": row.issue_type,
				"source": row.feedback_source,
				"assigned": first_assignee(row._assign),
			},
		)
		yield contact, row.customer, (row.raised_by or "").strip().lower()


def first_assignee(value) -> str | None:
	try:
		assigned = json.loads(value or "[]")
	except ValueError:
		return None
	return assigned[0] if assigned else None


def exit_feedback_of(emails, start, end):
	"""(Contact, e-mail) of the exit feedback these addresses left between `start` and `end`."""
	if not emails:
		return
	table = frappe.qb.DocType("Exit Feedback")
	for row in (
		frappe.qb.from_(table)
		.select(table.name, table.email, table.creation, table.exit_reason, table.feedback_source, table.page)
		.where(table.email.isin(emails))
		.where(table.creation[start:end])
	).run(as_dict=True):
		yield exit_contact(row), (row.email or "").strip().lower()


def exit_contact(row) -> Contact:
	return Contact(
		EXIT_FEEDBACK,
		row.name,
		get_datetime(row.creation),
		{
			"exit_reason": row.exit_reason,
			"source": row.feedback_source or row.page,
			"category": exit_reason_category(row.exit_reason),
		},
	)


def exit_reason_category(reason: str | None) -> str | None:
	return frappe.get_cached_value("Exit Reason", reason, "issue_type") if reason else None


def tracked_orders_of(customers, start, end):
	"""(Contact, customer) of the self-service resolutions about these customers' orders (an order looked
	up on the order tracking page) between `start` and `end`."""
	if not customers:
		return
	resolution = frappe.qb.DocType("Self Service Resolution")
	order = frappe.qb.DocType("Sales Order")
	for row in (
		frappe.qb.from_(resolution)
		.join(order)
		.on(order.name == resolution.sales_order)
		.select(*columns(resolution, "name creation kind source issue_type"), order.customer)
		.where(order.customer.isin(customers))
		.where(resolution.creation[start:end])
	).run(as_dict=True):
		yield resolution_contact(row), row.customer


def resolution_contact(row) -> Contact:
	return Contact(
		SELF_SERVICE,
		row.name,
		get_datetime(row.creation),
		{"source": row.source or row.kind, "category": row.issue_type},
	)


def session_contacts(reported, start, end) -> dict[str, list[Contact]]:
	"""{storefront order: the contacts of the browser session that placed it}: its exit feedback, and the
	self-service resolutions of its session, between `start` and `end`."""
	found: dict[str, list[Contact]] = {}
	exits = [r.exit_feedback for r in reported if r.exit_feedback]
	if exits:
		table = frappe.qb.DocType("Exit Feedback")
		rows = {
			row.name: row
			for row in (
				frappe.qb.from_(table)
				.select(*columns(table, "name creation exit_reason feedback_source page email"))
				.where(table.name.isin(exits))
				.where(table.creation[start:end])
			).run(as_dict=True)
		}
		for row in reported:
			if row.exit_feedback in rows:
				found.setdefault(row.name, []).append(exit_contact(rows[row.exit_feedback]))
	hashes = [r.session_hash for r in reported if r.session_hash]
	if hashes:
		table = frappe.qb.DocType("Self Service Resolution")
		by_hash: dict[str, list] = {}
		for row in (
			frappe.qb.from_(table)
			.select(table.name, table.creation, table.kind, table.source, table.issue_type, table.session_key)
			.where(table.session_key.isin(hashes))
			.where(table.creation[start:end])
		).run(as_dict=True):
			by_hash.setdefault(row.session_key, []).append(resolution_contact(row))
		for row in reported:
			found.setdefault(row.name, []).extend(by_hash.get(row.session_hash, []))
	return found


def first_agents(issues: list[str]) -> dict[str, str]:
	"""{request: the desk user who sent its first answer} (the agent a conversion is counted for)."""
	if not issues:
		return {}
	table = frappe.qb.DocType("Communication")
	found = {}
	for name, user, sender in (
		frappe.qb.from_(table)
		.select(table.reference_name, table.user, table.sender)
		.where(table.reference_doctype == "Issue")
		.where(table.reference_name.isin(issues))
		.where(table.communication_type == "Communication")
		.where(table.sent_or_received == "Sent")
		.orderby(table.communication_date, order=Order.desc)
	).run():
		# the earliest comes last: it wins
		found[name] = user if user and user != "Guest" else sender
	# one query for the batch; the database matched names without regard to case, and so does this
	users = {user for user in found.values() if user}
	known = {
		name.casefold(): name
		for name in (
			frappe.get_all("User", filters={"name": ("in", list(users))}, pluck="name") if users else []
		)
	}
	return {
		issue: known[user.casefold()] for issue, user in found.items() if user and user.casefold() in known
	}


def conversion_values(contact: Contact, ordered_on, agents: dict) -> dict:
	facts = contact.facts
	return {
		"contact_doctype": contact.doctype,
		"contact_name": contact.name,
		"contacted_on": contact.at,
		"hours_to_order": hours_between(contact.at, ordered_on),
		"team": facts.get("team"),
		"agent": (agents.get(contact.name) or facts.get("assigned")) if contact.doctype == REQUEST else None,
		"source": facts.get("source"),
		"category": facts.get("category"),
		"exit_reason": facts.get("exit_reason"),
	}


# --- storing ------------------------------------------------------------------------------------------


FIELDS = (
	"order_key",
	"sales_order",
	"storefront_order",
	"customer",
	"order_date",
	"ordered_on",
	"value",
	"currency",
	"base_value",
	"base_currency",
	"value_kept_out",
	"note",
	"contact_doctype",
	"contact_name",
	"contacted_on",
	"hours_to_order",
	"team",
	"agent",
	"source",
	"category",
	"exit_reason",
)
"""A conversion's values, as conversion_values and the attribution write them."""


def stored_conversions(orders: list[str]) -> dict:
	if not orders:
		return {}
	table = frappe.qb.DocType("Service Desk Conversion")
	return {
		row.sales_order: row
		for row in (
			frappe.qb.from_(table)
			.select(table.name, *(table[f] for f in FIELDS))
			.where(table.sales_order.isin(orders))
		).run(as_dict=True)
	}


def unchanged(stored, values: dict) -> bool:
	"""Whether the stored conversion holds `values` already (as the database returns them)."""
	for field, value in values.items():
		had = stored.get(field)
		if isinstance(value, bool | int | float):
			if round(flt(had), 2) != round(flt(value), 2):
				return False
		elif isinstance(value, datetime):
			if not had or get_datetime(had) != value:
				return False
		elif isinstance(value, date):
			if not had or getdate(had) != value:
				return False
		elif (had or None) != (value or None):
			return False
	return True


def insert_conversions(rows: list[dict]) -> None:
	"""New conversions, in one multi-row INSERT (every link was just read; the doctype has no hooks)."""
	if not rows:
		return
	now = now_datetime()
	user = frappe.session.user
	frappe.db.bulk_insert(
		"Service Desk Conversion",
		["name", "creation", "modified", "owner", "modified_by", *FIELDS],
		[
			[frappe.generate_hash(length=12), now, now, user, user, *(row.get(f) for f in FIELDS)]
			for row in rows
		],
	)


def save_conversion(values: dict, before=None) -> None:
	"""The order's conversion written (its existing row updated, else a new one)."""
	name = (
		before.name
		if before
		else frappe.db.get_value("Service Desk Conversion", {"order_key": values["order_key"]}, "name")
	)
	if name:
		frappe.db.set_value("Service Desk Conversion", name, values)
		return
	doc = frappe.get_doc({"doctype": "Service Desk Conversion", **values})
	doc.flags.ignore_links = True  # every link was just read
	doc.insert(ignore_permissions=True)


def drop_conversions(orders: list[str]) -> None:
	if orders:
		table = frappe.qb.DocType("Service Desk Conversion")
		frappe.qb.from_(table).delete().where(table.sales_order.isin(orders)).run()


def drop_keys(keys: list[str]) -> None:
	if keys:
		table = frappe.qb.DocType("Service Desk Conversion")
		dropped = (frappe.qb.from_(table).select(table.order_date).where(table.order_key.isin(keys))).run(
			pluck=True
		)
		if dropped:
			frappe.qb.from_(table).delete().where(table.order_key.isin(keys)).run()
			mark_stale({str(day)[:7] for day in dropped})


# --- orders only the storefront reported ----------------------------------------------------------------


def attribute_storefront_batch(rows) -> None:
	"""A batch of Storefront Orders: one that matches a Sales Order attributes that order (its own value
	counts); one that matches none is counted on its own, its value in the company's currency."""
	matched = match_sales_orders(rows)
	attribute([order for order in matched.values() if order])
	# "" is a cancelled Sales Order's: matched, so neither attributed nor counted on its own
	attribute_reported_only([row.name for row in rows if matched.get(row.name) is None])


def match_sales_orders(rows) -> dict[str, str | None]:
	"""{storefront order: the submitted or cancelled Sales Order it names (by name or PO number)}."""
	ids = [row.order_id for row in rows]
	if not ids:
		return {}
	table = frappe.qb.DocType("Sales Order")
	orders = {}
	for name, po_no, docstatus in (
		frappe.qb.from_(table)
		.select(table.name, table.po_no, table.docstatus)
		.where(table.name.isin(ids) | table.po_no.isin(ids))
		.where(table.docstatus > 0)
	).run():
		# keys as the database compared them (its collation): without regard to case or trailing spaces
		orders.setdefault(name.strip().casefold(), (name, docstatus))
		if po_no:
			orders.setdefault(po_no.strip().casefold(), (name, docstatus))
	found = {}
	for row in rows:
		order = orders.get((row.order_id or "").strip().casefold()) or (
			(row.sales_order, 1) if row.sales_order else None
		)
		# a cancelled order is matched (so that the report is not counted on its own), never attributed
		found[row.name] = order[0] if order and order[1] == 1 else ("" if order else None)
		if order and row.sales_order != order[0]:
			frappe.db.set_value("Storefront Order", row.name, "sales_order", order[0], update_modified=False)
	return found


def attribute_reported_only(names: list[str]) -> None:
	if not names:
		return
	table = frappe.qb.DocType("Storefront Order")
	reported = (
		frappe.qb.from_(table)
		.select(
			*columns(table, "name order_id value currency reported_on exit_feedback session_hash sales_order")
		)
		.where(table.name.isin(names))
	).run(as_dict=True)
	days = conversion_window()
	company = default_company()
	base_currency = frappe.get_cached_value("Company", company, "default_currency") if company else None
	months = set()
	for row in reported:
		moment = get_datetime(row.reported_on)
		start = moment - timedelta(days=days)
		winner = latest_contact(session_contacts([row], start, moment).get(row.name, ()), moment, days)
		key = f"Storefront:{row.order_id}"
		before = frappe.db.get_value("Service Desk Conversion", {"order_key": key}, ["name", "order_date"])
		if before:
			months.add(str(before[1])[:7])
		if not winner:
			if before:
				drop_keys([key])
			continue
		base_value, note = in_company_currency(row.value, row.currency, base_currency, getdate(moment))
		kept_out = base_value is None
		values = conversion_values(winner, moment, {})
		values.update(
			order_key=key,
			sales_order=None,
			storefront_order=row.name,
			customer=None,
			order_date=getdate(moment),
			ordered_on=moment,
			value=flt(row.value),
			currency=row.currency,
			base_value=base_value or 0,
			base_currency=base_currency,
			value_kept_out=1 if kept_out else 0,
			note=note,
		)
		save_conversion(values, frappe._dict(name=before[0]) if before else None)
		months.add(str(getdate(moment))[:7])
	mark_stale(months)


def in_company_currency(value, currency, base_currency, day) -> tuple[float | None, str | None]:
	"""A reported value in the company's currency, by ERPNext's exchange rate of the day; (None, note)
	when there is none: the order is counted, its value kept out of the revenue."""
	if not currency or currency == base_currency:
		return flt(value), None
	rate = flt(get_exchange_rate(currency, base_currency, day))
	if rate <= 0:
		return None, frappe._("No exchange rate from {0} to {1} on {2}: the value is kept out.").format(
			currency, base_currency, day
		)
	return flt(flt(value) * rate, 2), None
