"""The fit advice on a site: size complaints and size returns read into Fit Observations (as far as they
count as evidence: from a buyer of the item, or resolved by an agent), kept current by a scheduled job
that reads only what changed, recounted into each template's Fit Advice, and answered per item from the
cache. The rules are in fit.py."""

import json
from collections import Counter

import frappe
from frappe import _
from frappe.utils import add_to_date, escape_html, get_datetime, getdate, now_datetime, strip_html

from servicedesk_shop.insight import fit as fit_rules
from servicedesk_shop.insight.complaints import RETURNS_REPORT
from servicedesk_shop.insight.items import sizes_of, templates_of
from servicedesk_shop.intake.service import TYPED_ADDRESS
from servicedesk_shop.service_desk import counters
from servicedesk_shop.service_desk.permissions import INTEGRATION_ROLE
from servicedesk_shop.service_desk.queries import columns
from servicedesk_shop.service_desk.settings import value as setting
from servicedesk_shop.service_desk.watermarks import set_watermark, watermark

RESOLVED_STATUSES = ("Resolved", "Closed")
FIT_CACHE = "servicedesk_shop:fit_advice"  # hash: template -> advice
TEMPLATE_CACHE = "servicedesk_shop:item_template"  # hash: item -> template
ANSWER_CACHE = "servicedesk_shop:fit_answer"  # hash: "item|lang" -> get_fit_advice's answer
SHOWN_COUNTER = "fit_advice_shown"
"""The counter (service_desk.counters) of the advice shown, per template and where: the impact's report
compares an item's returns before and after its advice was first shown."""
PRODUCT_PAGE, EXIT_ANSWER = "Product Page", "Exit Answer"
WATERMARK = {
	"Issue": "servicedesk_fit_issues_until",
	"Delivery Note": "servicedesk_fit_returns_until",
	"Sales Invoice": "servicedesk_fit_credit_notes_until",
}
# purchases submitted or cancelled: the size requests of their customers are read again
PURCHASE_WATERMARK = {
	"Sales Order": "servicedesk_fit_orders_until",
	"Sales Invoice": "servicedesk_fit_invoices_until",
}
OVERLAP_MINUTES = 10  # a transaction that committed late is read again (processing is idempotent)
BATCH = 2000


def min_observations() -> int:
	return max(setting("fit_min_observations", fit_rules.DEFAULT_MIN_OBSERVATIONS), 1)


def size_requests(names: list[str]) -> list[dict]:
	"""The requests among `names` with what the observations read of them and what tells whether they
	count (`credible`): their customer, sender, order and who resolved them."""
	if not names:
		return []
	issue = frappe.qb.DocType("Issue")
	return (
		frappe.qb.from_(issue)
		.select(
			*columns(issue, "name subject description item_code opening_date creation customer"),
			*columns(issue, "sender_identity sales_order status resolved_by"),
		)
		.where(issue.name.isin(names))
	).run(as_dict=True)


def issue_observations(issues: list[dict]) -> list[dict]:
	"""Fit Observations of size complaints: each item the request names, with its size, as far as the
	request counts as evidence of that item (`credible`)."""
	if not issues:
		return []
	line = frappe.qb.DocType("Issue Order Line")
	lines: dict[str, list] = {}
	for parent, item_code, variant, reason in (
		frappe.qb.from_(line)
		.select(line.parent, line.item_code, line.variant, line.return_reason)
		.where(line.parenttype == "Issue")
		.where(line.parent.isin([i.name for i in issues]))
	).run():
		lines.setdefault(parent, []).append((item_code, variant, reason))
	codes = [i.item_code for i in issues] + [c for rows in lines.values() for c, *_ in rows]
	templates, sizes = templates_of(codes), sizes_of(codes)
	found = []
	for issue in issues:
		text_direction = fit_rules.direction_of_text(
			f"{issue.subject or ''}\n{strip_html(issue.description or '')}"
		)
		named = lines.get(issue.name) or ([(issue.item_code, None, None)] if issue.item_code else [])
		for item_code, variant, reason in named:
			direction = fit_rules.direction_of_reason(reason) or text_direction
			if not direction or item_code not in templates:
				continue
			found.append(
				{
					"template": templates[item_code],
					"item_code": item_code,
					"size": sizes.get(item_code) or variant or "",
					"direction": direction,
					"kind": fit_rules.COMPLAINT,
					"weight": 1,
					"reference_doctype": "Issue",
					"reference_name": issue.name,
					"case_reference": fit_rules.case_of(issue.customer, issue.name),
					"observed_on": getdate(issue.opening_date or issue.creation),
				}
			)
	return credible(issues, found)


def resolved_by_agent(issue) -> bool:
	return bool(issue.resolved_by) and issue.status in RESOLVED_STATUSES


def credible(issues: list[dict], observations: list[dict]) -> list[dict]:
	"""The observations whose request counts as evidence of their item (fit.request_counts): resolved by
	an agent, or from a customer who had bought the item by then. The purchases in one query."""
	by_name = {issue.name: issue for issue in issues}
	wanted = {
		(by_name[o["reference_name"]].customer, o["template"])
		for o in observations
		if by_name[o["reference_name"]].customer and not resolved_by_agent(by_name[o["reference_name"]])
	}
	bought = first_purchases(wanted)
	kept = []
	for observation in observations:
		issue = by_name[observation["reference_name"]]
		if fit_rules.request_counts(
			resolved_by_agent=resolved_by_agent(issue),
			typed_address=issue.sender_identity == TYPED_ADDRESS,
			names_order=bool(issue.sales_order),
			first_bought=bought.get((issue.customer, observation["template"])),
			opened_on=observation["observed_on"],
		):
			kept.append(observation)
	return kept


def first_purchases(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], object]:
	"""{(customer, template): the first day the customer bought the template or a variant of it} for the
	pairs asked: submitted Sales Orders and Sales Invoices that are not returns, in one query."""
	if not pairs:
		return {}
	customers = sorted({customer for customer, _template in pairs})
	templates = sorted({template for _customer, template in pairs})
	rows = frappe.db.sql(
		"""
		select bought.customer, coalesce(nullif(item.variant_of, ''), item.name) as template,
			min(bought.day) as day
		from (
			select parent.customer, child.item_code, parent.transaction_date as day
			from `tabSales Order Item` child
			join `tabSales Order` parent on parent.name = child.parent
			where child.parenttype = 'Sales Order' and parent.docstatus = 1
				and parent.customer in %(customers)s
			union all
			select parent.customer, child.item_code, parent.posting_date as day
			from `tabSales Invoice Item` child
			join `tabSales Invoice` parent on parent.name = child.parent
			where child.parenttype = 'Sales Invoice' and parent.docstatus = 1 and parent.is_return = 0
				and parent.customer in %(customers)s
		) bought
		join `tabItem` item on item.name = bought.item_code
		where item.name in %(templates)s or item.variant_of in %(templates)s
		group by bought.customer, template
		""",
		{"customers": customers, "templates": templates},
		as_dict=True,
	)
	return {(r.customer, r.template): getdate(r.day) for r in rows if (r.customer, r.template) in pairs}


def note_resolver(doc, method=None):
	"""Issue validate: the desk user who set the request Resolved, kept while it stays Resolved or Closed
	and cleared when it opens again. Such a request counts as fit evidence whoever wrote it. A customer's
	own change, ERPNext closing a replied request after some days, and an agent closing one without
	resolving it (spam) set nothing; nor does a value sent with the document (only this hook writes it)."""
	before = doc.get_doc_before_save()
	previous = before.get("resolved_by") if before else None
	if doc.status not in RESOLVED_STATUSES:
		doc.resolved_by = None
	elif doc.status == "Resolved" and not previous and is_agent(frappe.session.user):
		doc.resolved_by = frappe.session.user
	else:
		doc.resolved_by = previous


def is_agent(user: str) -> bool:
	"""A desk user who is not the shop's integration (which speaks for its customers)."""
	if not user or user == "Guest":
		return False
	if frappe.get_cached_value("User", user, "user_type") != "System User":
		return False
	return INTEGRATION_ROLE not in frappe.get_roles(user)


def return_observations(notes: list[dict], doctype: str = "Delivery Note") -> list[dict]:
	"""Fit Observations of submitted returns with a size reason (the line's, else the return's): Delivery
	Note returns, and the Credit Note lines that are returns of their own, as the returns report counts
	them (CREDIT_NOTE_LINE_OF_ITS_OWN: a credit note for delivered goods is the money of their Delivery
	Note return). One per line, whatever its quantity, as the case of its customer (a return is a
	purchase: no further check)."""
	submitted = [n for n in notes if n.docstatus == 1]
	if not submitted:
		return []
	names = [n.name for n in submitted]
	if doctype == "Sales Invoice":
		own = frappe.get_attr(f"{RETURNS_REPORT}.CREDIT_NOTE_LINE_OF_ITS_OWN")
		rows = frappe.db.sql(
			f"""
			select child.parent, child.item_code, child.qty, child.return_reason
			from `tabSales Invoice Item` child
			join `tabSales Invoice` parent on parent.name = child.parent
			where child.parent in %(names)s and {own}
			""",
			{"names": names},
			as_dict=True,
		)
	else:
		child = frappe.qb.DocType(f"{doctype} Item")
		rows = (
			frappe.qb.from_(child)
			.select(child.parent, child.item_code, child.qty, child.return_reason)
			.where(child.parent.isin(names))
		).run(as_dict=True)
	by_name = {n.name: n for n in submitted}
	codes = [r.item_code for r in rows]
	templates, sizes = templates_of(codes), sizes_of(codes)
	found = []
	for row in rows:
		note = by_name[row.parent]
		direction = fit_rules.direction_of_reason(row.return_reason or note.return_reason)
		if not direction or row.item_code not in templates:
			continue
		found.append(
			{
				"template": templates[row.item_code],
				"item_code": row.item_code,
				"size": sizes.get(row.item_code, ""),
				"direction": direction,
				"kind": fit_rules.RETURN,
				"weight": 1,
				"reference_doctype": doctype,
				"reference_name": row.parent,
				"case_reference": fit_rules.case_of(note.get("customer"), note.get("issue") or row.parent),
				"observed_on": getdate(note.posting_date),
			}
		)
	return found


def replace_observations(doctype: str, names: list[str], observations: list[dict]) -> set[str]:
	"""The documents' observations replaced by `observations`; the templates touched (before and after)."""
	if not names:
		return set()
	table = frappe.qb.DocType("Fit Observation")
	fields = (
		"reference_name",
		"template",
		"item_code",
		"size",
		"direction",
		"kind",
		"weight",
		"case_reference",
	)
	stored = (
		frappe.qb.from_(table)
		.select(*(table[f] for f in fields))
		.where(table.reference_doctype == doctype)
		.where(table.reference_name.isin(names))
	).run(as_dict=True)

	def same(rows):
		return Counter(tuple(row.get(f) or (0 if f == "weight" else "") for f in fields) for row in rows)

	if same(stored) == same(observations):
		return set()  # read again (the overlap of the last run, a save that changed nothing of it)
	frappe.qb.from_(table).delete().where(table.reference_doctype == doctype).where(
		table.reference_name.isin(names)
	).run()
	touched = {row.template for row in stored}
	for values in observations:
		fast_insert("Fit Observation", values)
		touched.add(values["template"])
	return touched


def fast_insert(doctype: str, values: dict, name: str | None = None):
	"""A row the job writes: straight into the table (no hooks of its own, no timeline)."""
	now = now_datetime()
	doc = frappe.get_doc({"doctype": doctype, **values})
	doc.name = name or frappe.generate_hash(length=12)
	doc.owner = doc.modified_by = frappe.session.user
	doc.creation = doc.modified = now
	doc.db_insert()


def changed_since(doctype: str, since, after_name: str, fields, conditions) -> list:
	"""The next BATCH documents by (modified, name) after the position (since, after_name): documents
	saved in the same instant are neither skipped nor read twice at a batch's edge."""
	table = frappe.qb.DocType(doctype)
	query = (
		frappe.qb.from_(table)
		.select(*(table[f] for f in fields))
		.where((table.modified > since) | ((table.modified == since) & (table.name > after_name)))
	)
	for condition in conditions(table):
		query = query.where(condition)
	return query.orderby(table.modified).orderby(table.name).limit(BATCH).run(as_dict=True)


def update_fit_advice() -> set[str]:
	"""The scheduled job: the requests and returns changed since the last run become observations (a
	document's observations are replaced, so a changed category, a resolution or a cancelled return
	counts right), the size requests of customers whose orders or invoices changed since are read again
	(a cancelled purchase is no purchase), and the advice of the templates they touch is recounted from
	their observations. Nothing older is read again. Returns the templates updated."""
	touched: set[str] = set()
	touched |= follow(
		"Issue",
		WATERMARK["Issue"],
		["name", "issue_type", "modified"],
		lambda t: [],
		lambda rows: replace_observations(
			"Issue",
			[r.name for r in rows],
			issue_observations(
				size_requests([r.name for r in rows if r.issue_type == fit_rules.SIZE_CATEGORY])
			),
		),
	)
	for doctype in ("Delivery Note", "Sales Invoice"):
		touched |= follow(
			doctype,
			WATERMARK[doctype],
			["name", "docstatus", "return_reason", "posting_date", "modified", "issue", "customer"],
			lambda t: [t.is_return == 1],
			lambda rows, doctype=doctype: replace_observations(
				doctype, [r.name for r in rows], return_observations(rows, doctype)
			),
		)
	for doctype, conditions in (
		("Sales Order", lambda t: [t.docstatus > 0]),
		("Sales Invoice", lambda t: [t.is_return == 0, t.docstatus > 0]),
	):
		touched |= follow(
			doctype,
			PURCHASE_WATERMARK[doctype],
			["name", "customer", "modified"],
			conditions,
			lambda rows: read_requests_of({r.customer for r in rows if r.customer}),
			from_now=True,
		)
	recount(touched)
	return touched


def follow(doctype: str, key: str, fields, conditions, read, from_now: bool = False) -> set[str]:
	"""The documents of `doctype` changed since the watermark `key`, BATCH at a time, each batch given to
	`read` (which answers the templates it touched); the watermark moved on. `from_now`: on a site where
	it was never run, from now (the requests themselves are read on their own)."""
	touched: set[str] = set()
	stored = watermark(key)
	if stored is None and from_now:
		set_watermark(key, add_to_date(now_datetime(), minutes=-OVERLAP_MINUTES))
		return touched
	stored = get_datetime(stored or "2000-01-01")
	since, after = stored, ""
	while True:
		rows = changed_since(doctype, since, after, fields, conditions)
		if rows:
			touched |= read(rows)
		if not rows:
			break
		since, after = rows[-1].modified, rows[-1].name
		if len(rows) < BATCH:
			break
	moved = add_to_date(since, minutes=-OVERLAP_MINUTES)
	if moved > stored:
		# the next run reads the last minutes again: a transaction that committed late is not missed
		set_watermark(key, moved)
	return touched


def read_requests_of(customers: set[str]) -> set[str]:
	"""The size requests of `customers` read again: a purchase submitted or cancelled changes whether
	they count. One query for the requests, one for the purchases."""
	if not customers:
		return set()
	issue = frappe.qb.DocType("Issue")
	names = (
		frappe.qb.from_(issue)
		.select(issue.name)
		.where(issue.customer.isin(sorted(customers)))
		.where(issue.issue_type == fit_rules.SIZE_CATEGORY)
	).run(pluck=True)
	return replace_observations("Issue", names, issue_observations(size_requests(names)))


def recount(templates) -> None:
	if not templates:
		return
	table = frappe.qb.DocType("Fit Observation")
	rows = (
		frappe.qb.from_(table)
		.select(table.template, table.size, table.direction, table.kind, table.weight, table.case_reference)
		.where(table.template.isin(list(templates)))
		.orderby(table.observed_on)
		.orderby(table.kind)  # of one case on one day, the complaint (the customer's words) counts
		.orderby(table.reference_name)
		.orderby(table.item_code)
	).run(as_dict=True)
	by_template: dict[str, list] = {t: [] for t in templates}
	for row in rows:
		by_template[row.template].append(
			fit_rules.Observation(
				row.template,
				row.size or "",
				row.direction,
				row.kind,
				row.weight or 1,
				row.case_reference or "",
			)
		)
	needed = min_observations()
	for template, observations in by_template.items():
		signal = fit_rules.fit_signal(template, observations, needed)
		values = {
			"fit": signal.fit or "",
			"share": signal.share if signal.fit else 0,
			"observations": signal.observations,
			"too_small": signal.small,
			"too_large": signal.large,
			"complaints": signal.complaints,
			"returns": signal.returns,
			"sizes": ", ".join(f"{size} ({count:g})" for size, count in list(signal.sizes.items())[:6])[:240],
			"updated_on": now_datetime(),
		}
		if frappe.db.exists("Fit Advice", template):
			frappe.db.set_value("Fit Advice", template, values, update_modified=False)
		elif frappe.db.exists("Item", template):
			fast_insert("Fit Advice", {"item": template, **values}, name=template)
	forget_advice(templates)
	# again once the new counts are committed: a request between now and the commit may have cached
	# the old ones
	frappe.db.after_commit.add(lambda: forget_advice(templates))


def forget_advice(templates):
	for template in templates:
		frappe.cache.hdel(FIT_CACHE, template)
	frappe.cache.delete_value(ANSWER_CACHE)


def forget_evidence(doc, method=None):
	"""on_trash of an Issue, a Delivery Note or a Sales Invoice: its observations go, and the advice of
	their templates is recounted (a deleted spam request is no evidence)."""
	table = frappe.qb.DocType("Fit Observation")
	templates = set(
		(
			frappe.qb.from_(table)
			.select(table.template)
			.distinct()
			.where(table.reference_doctype == doc.doctype)
			.where(table.reference_name == doc.name)
		).run(pluck=True)
	)
	if templates:
		frappe.qb.from_(table).delete().where(table.reference_doctype == doc.doctype).where(
			table.reference_name == doc.name
		).run()
		recount(templates)


def clear_item_template(doc, method=None):
	"""An Item saved or deleted: its template is read again (a variant_of may have changed)."""
	frappe.cache.hdel(TEMPLATE_CACHE, doc.name)
	frappe.cache.delete_value(ANSWER_CACHE)


def recount_all():
	"""Every template's advice again from its observations (the evidence threshold changed)."""
	table = frappe.qb.DocType("Fit Observation")
	templates = set((frappe.qb.from_(table).select(table.template).distinct()).run(pluck=True))
	advice = frappe.qb.DocType("Fit Advice")
	templates |= set((frappe.qb.from_(advice).select(advice.item)).run(pluck=True))
	recount(templates)


def on_settings_change(doc, method=None):
	"""Service Desk Settings saved: a new evidence threshold recounts the advice (in the background)."""
	if doc.has_value_changed("fit_min_observations"):
		frappe.enqueue(
			recount_all, queue="long", enqueue_after_commit=True, job_id="sd-fit-recount", deduplicate=True
		)


def template_of(item: str) -> str | None:
	template = frappe.cache.hget(TEMPLATE_CACHE, item)
	if template is None:
		found = frappe.db.get_value("Item", item, ["name", "variant_of"], as_dict=True)
		if not found:
			return None  # not cached: probing item codes must not grow the cache
		template = found.variant_of or found.name
		frappe.cache.hset(TEMPLATE_CACHE, item, template)
	return template


def fit_advice(item: str, lang: str | None = None) -> dict:
	"""The fit advice of an item template or variant: {item, template, fit, share, observations,
	sizes, advice}; `fit` None below the evidence needed. The answer is cached per item and language (one
	cache read a call), until the job recounts or an item changes; an unknown item is not cached."""
	lang = lang or frappe.local.lang or "en"
	key = f"{item}|{lang}"
	answer = frappe.cache.hget(ANSWER_CACHE, key)
	if answer is None:
		answer = fit_answer(item, lang)
		frappe.cache.hset(ANSWER_CACHE, key, answer)
	return answer


def fit_answer(item: str, lang: str) -> dict:
	template = template_of(item)
	if not template:
		raise frappe.DoesNotExistError(_("Item {0} not found.").format(escape_html(item)))
	cached = frappe.cache.hget(FIT_CACHE, template)
	if cached is None:
		row = frappe.db.get_value(
			"Fit Advice",
			template,
			["fit", "share", "observations", "too_small", "too_large", "complaints", "returns", "sizes"],
			as_dict=True,
		)
		cached = dict(row or {})
		frappe.cache.hset(FIT_CACHE, template, cached)
	fit = cached.get("fit") or None
	signal = fit_rules.FitSignal(
		template=template,
		fit=fit,
		observations=cached.get("observations") or 0,
		small=cached.get("too_small") or 0,
		large=cached.get("too_large") or 0,
		complaints=cached.get("complaints") or 0,
		returns=cached.get("returns") or 0,
		sizes={part.rsplit(" (", 1)[0]: 1 for part in (cached.get("sizes") or "").split(", ") if part},
	)
	return {
		"item": item,
		"template": template,
		"fit": fit,
		"label": _(fit) if fit else None,
		"share": cached.get("share") if fit else None,
		"observations": signal.observations,
		"sizes": list(signal.sizes) if fit else [],
		"advice": fit_rules.advice_text(signal, lang) if fit else "",
	}


def count_shown(template: str, channel: str) -> None:
	"""One showing of a template's advice (`channel`: PRODUCT_PAGE or EXIT_ANSWER), counted in Redis."""
	counters.count(SHOWN_COUNTER, json.dumps([template, channel]))
