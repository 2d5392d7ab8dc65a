"""The demo shop, built: `bench --site SITE execute servicedesk_shop.demo.make_demo`.

Idempotent: running it again adds nothing twice. Makes (when missing) a company through ERPNext's setup,
the records of data.py with testing's builders (customers with contacts and portal users, clothing in
sizes with stock, submitted Sales Orders with Delivery Notes and Sales Invoices, agents, teams, rules, an
SLA), then sends its requests through the real intake (servicedesk_shop.intake.service.submit) as guests
and as logged-in customers, and lets agents, returns and shoppers act on them.
"""

import random

import frappe
from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note
from frappe.core.doctype.communication.email import make as make_communication
from frappe.utils import add_days, add_to_date, getdate, now_datetime, nowdate

from servicedesk_shop.customer.replies import reopen
from servicedesk_shop.demo.data import (
	AGENTS,
	ANSWERS,
	CAUSE_FIXED,
	COMPANY,
	CUSTOMERS,
	DEMO_PASSWORD,
	ESCALATION_LEVELS,
	EXIT_MIX,
	FIT_ADVICE_SHOWN_DAYS_AGO,
	FIT_ADVICE_SHOWN_PER_DAY,
	FIT_REQUESTS,
	HOLIDAY_LIST,
	HOLIDAYS,
	LABELLED_REQUESTS,
	MAX_OPEN,
	ORDERS_AFTER_ANSWERS,
	ORDERS_AFTER_EXIT,
	OVERDUE_REQUESTS,
	REOPENED,
	REQUESTS,
	RETURN_REQUESTS,
	RETURN_ROLES,
	RULES,
	SLA,
	TEAMS,
	WRAP_DRESS_DELIVERIES,
)
from servicedesk_shop.escalation.service import sweep
from servicedesk_shop.impact.conversions import attribute_orders
from servicedesk_shop.impact.months import count_all_months
from servicedesk_shop.impact.returns_avoided import update_changes
from servicedesk_shop.impact.shown import add_to_tally
from servicedesk_shop.insight.fit_advice import update_fit_advice
from servicedesk_shop.intake.service import find_customer, submit
from servicedesk_shop.returns.service import (
	draft_return,
	issue_line_values,
	make_exchange,
	make_return,
	order_lines,
)
from servicedesk_shop.routing.service import route_again
from servicedesk_shop.self_service.demo_orders import ship_order
from servicedesk_shop.self_service.help_seed import make_help_centre
from servicedesk_shop.service_desk.tokens import idempotency_key
from servicedesk_shop.setup.records import make_default_records
from servicedesk_shop.testing import (
	CATALOGUE,
	SIZE_ATTRIBUTE,
	SIZES,
	default_warehouse,
	ensure_company,
	make_agent,
	make_catalogue,
	make_customer,
	make_holiday_list,
	make_rule,
	make_sales_order,
	make_sla,
	make_team,
)


def make_demo():
	frappe.flags.in_demo = True
	make_default_records()
	company = ensure_company(**COMPANY)
	items = make_catalogue()
	customers = make_customers()
	orders = make_orders(customers, items)
	ship_order(orders[0][1], "СДЭК", "1093847561")  # Anna's second order: on its way, for /support/order
	make_routing()
	make_sla_and_policies()
	issues = make_requests(customers, orders, items)
	make_overdue(OVERDUE_REQUESTS)
	make_returns(RETURN_REQUESTS)
	make_answers(ANSWERS)
	make_labels(LABELLED_REQUESTS)
	make_fit_evidence(items)
	make_help_centre()
	make_exit_feedback()
	update_fit_advice()  # what the scheduled job does every 10 minutes
	make_impact(items)
	order_count = sum(len(names) for names in orders)
	print(
		f"servicedesk_shop demo: company {company}, {len(customers)} customers, {order_count} orders, {issues} requests"
	)
	return {"company": company, "customers": len(customers), "orders": order_count, "requests": issues}


def make_customers() -> list[dict]:
	"""The CUSTOMERS, each with a contact and a portal user (DEMO_PASSWORD)."""
	return [
		{
			"name": make_customer(email, full_name, with_user=True, password=DEMO_PASSWORD),
			"email": email,
			"full_name": full_name,
		}
		for full_name, email in CUSTOMERS
	]


def make_orders(customers: list[dict], items: dict) -> list[list[str]]:
	"""Two submitted orders per customer: the first delivered and invoiced, the second only ordered.
	Returns the order names per customer."""
	rates = {code: rate for code, _, rate in CATALOGUE}
	orders = []
	for index, customer in enumerate(customers):
		existing = frappe.get_all(
			"Sales Order",
			filters={"customer": customer["name"], "docstatus": 1, "po_no": ("like", "DEMO-%")},
			order_by="po_no",
			pluck="name",
		)
		if len(existing) >= 2:
			orders.append(existing)
			continue
		names = []
		for number in (1, 2):
			template = CATALOGUE[(index + number) % len(CATALOGUE)][0]
			size = SIZES[(index + number) % len(SIZES)]
			lines = [(items[(template, size)], 1, rates[template])]
			if number == 1:
				other = CATALOGUE[(index + 2) % len(CATALOGUE)][0]
				lines.append((items[(other, "M")], 2, rates[other]))
			order = make_sales_order(
				customer["name"],
				lines=lines,
				po_no=f"DEMO-{index + 1}-{number}",
				transaction_date=add_days(nowdate(), -10 + number),
				delivery_date=add_days(nowdate(), number),
				deliver=number == 1,
				invoice=number == 1,
			)
			names.append(order.sales_order)
		orders.append(names)
	return orders


def make_routing():
	"""Support agents, their teams and the routing rules of the demo shop (existing ones are kept)."""
	for email, (first_name, last_name) in AGENTS.items():
		roles = ["Support Team", "Support Manager"] if email.startswith("manager.") else ["Support Team"]
		make_agent(email, roles + RETURN_ROLES, f"{first_name} {last_name}", DEMO_PASSWORD)
	for name, (manager, members, method) in TEAMS.items():
		if not frappe.db.exists("Service Desk Team", name):
			make_team(name, manager, [{"user": user, "max_open": MAX_OPEN} for user in members], method)
	for title, priority, team, conditions in RULES:
		if not frappe.db.exists("Routing Rule", title):
			make_rule(title, team, priority, **conditions)
	settings = frappe.get_single("Service Desk Settings")
	if not settings.default_team:
		settings.default_team = "Customer Care"
		settings.routing_enabled = 1
		settings.save(ignore_permissions=True)


def make_sla_and_policies():
	"""A default SLA on the shop's working hours and holidays, and an escalation policy per team."""
	year = getdate().year
	holidays = [f"{y}-{day}" for y in (year, year + 1) for day in HOLIDAYS]
	holiday_list = make_holiday_list(HOLIDAY_LIST, holidays)
	frappe.db.set_single_value("Support Settings", "track_service_level_agreement", 1)
	if not frappe.db.exists(
		"Service Level Agreement", {"default_service_level_agreement": 1, "document_type": "Issue"}
	):
		make_sla(**SLA, holiday_list=holiday_list)
	for team in TEAMS:
		name = f"{team}: escalation"
		if not frappe.db.exists("Escalation Policy", name):
			frappe.get_doc(
				{
					"doctype": "Escalation Policy",
					"policy_name": name,
					"teams": [{"team": team}],
					"levels": [dict(level) for level in ESCALATION_LEVELS],
				}
			).insert(ignore_permissions=True)


def make_requests(customers: list[dict], orders: list[list[str]], items: dict) -> int:
	"""The REQUESTS through the real intake, as guests and as logged-in customers. Returns how many."""
	count = 0
	current_user = frappe.session.user
	try:
		for number, (who, source, category, order_index, template, size, text) in enumerate(REQUESTS, 1):
			stranger = who is None
			customer = customers[0 if stranger else who]
			foreign = orders[(0 if stranger else who + 1) % len(orders)][0]
			order = orders[who][order_index] if not stranger and order_index is not None else None
			message = text.format(order=order or "", foreign=foreign)
			frappe.set_user("Guest" if stranger or source != "Returns" else customer["email"])
			data = {
				"source": source,
				"category": category,
				"message": message,
				"email": f"visitor{number}@example.net" if stranger else customer["email"],
				"full_name": "Гость" if stranger else customer["full_name"],
				"item_code": items.get((template, size)) if template else None,
				"page_url": f"https://shop.example/{source.lower().replace(' ', '-')}",
				"client_token": f"demo-request-{number:03d}",
			}
			issue = submit(data, record_now=True)["issue"]
			if not frappe.db.get_value("Issue", issue, "support_team"):
				# made by a demo of before routing existed: route it now
				frappe.set_user("Administrator")
				route_again(issue)
			count += 1
	finally:
		frappe.set_user(current_user)
	return count


def make_overdue(requests: dict):
	"""Some demo requests started their SLA hours ago, so that they are late; then one sweep runs."""
	for number, hours in requests.items():
		name = demo_issue(number)
		if name and not frappe.db.get_value("Issue", name, "escalated"):
			started = add_to_date(now_datetime(), hours=-hours)
			save_demo_issue(name, service_level_agreement_creation=started, opening_date=started.date())
	sweep(commit=False)


def make_returns(requests: dict):
	"""Some requests about delivered orders become returns (two booked) and one a size exchange."""
	for number, (reason, submit_it, new_size) in requests.items():
		name = demo_issue(number)
		if not name or frappe.db.exists("Delivery Note", {"issue": name}):
			continue
		issue = frappe.get_doc("Issue", name)
		if not issue.sales_order:
			continue
		if not issue.order_lines:
			for line in order_lines(issue.sales_order)[:1]:
				issue.append("order_lines", issue_line_values(line, issue.sales_order, qty=1, reason=reason))
			issue.flags.ignore_permissions = True
			issue.save()
		if not issue.order_lines:
			continue
		line = issue.order_lines[0]
		if new_size:
			make_exchange(issue.name, line.name, SIZE_ATTRIBUTE, new_size, 1)
			continue
		for made in make_return(issue.name, [{"line": line.name, "qty": 1, "reason": reason}], reason):
			if submit_it:
				frappe.get_doc(
					"Delivery Note" if frappe.db.exists("Delivery Note", made) else "Sales Invoice", made
				).submit()


def make_labels(requests: dict):
	"""Agents resolve some demo requests (one after correcting its category): labels for triage."""
	current_user = frappe.session.user
	try:
		for number, category in requests.items():
			name = demo_issue(number)
			if not name or frappe.db.get_value("Issue", name, "triage_labelled_on"):
				continue
			issue = frappe.get_doc("Issue", name)
			agents = frappe.get_all(
				"ToDo",
				filters={"reference_type": "Issue", "reference_name": name},
				pluck="allocated_to",
				limit=1,
			)
			frappe.set_user(agents[0] if agents else "Administrator")
			if category:
				issue.issue_type = category
			issue.status = "Resolved"
			issue.flags.ignore_permissions = True
			issue.save()
	finally:
		frappe.set_user(current_user)


def make_fit_evidence(items: dict):
	"""Size complaints about the wrap dress through the intake, as logged-in customers who bought it write
	them (a complaint is evidence of fit only from a buyer of the item, or once an agent resolved it)."""
	current_user = frappe.session.user
	try:
		for number, (who, size, text) in enumerate(FIT_REQUESTS, 1):
			name, email = CUSTOMERS[who]
			buy(find_customer(email)[0], items[("DEMO-WRAP-DRESS", size)], f"DEMO-FIT-{number}")
			frappe.set_user(email)
			submit(
				{
					"source": "Product Page",
					"category": "Size and Fit",
					"message": text,
					"email": email,
					"full_name": name,
					"item_code": items.get(("DEMO-WRAP-DRESS", size)),
					"page_url": "https://shop.example/product/wrap-dress",
					"client_token": f"demo-fit-{number:03d}",
				},
				record_now=True,
			)
	finally:
		frappe.set_user(current_user)


def buy(customer: str, item_code: str, po_no: str):
	"""A submitted Sales Order of one `item_code` a week ago, once per `po_no`."""
	if not frappe.db.exists("Sales Order", {"po_no": po_no, "docstatus": 1}):
		make_sales_order(
			customer,
			item_code,
			rate=4990,
			po_no=po_no,
			transaction_date=add_days(nowdate(), -7),
			delivery_date=add_days(nowdate(), -4),
		)


def make_exit_feedback(count: int = 100):
	"""Exit Feedback spread over 28 days (more on the delivery cost at checkout), once (session keys)."""
	if frappe.db.exists("Exit Feedback", {"session_key": "demo-exit-session-0000"}):
		return
	rng = random.Random(10)
	reasons = [reason for reason, weight in EXIT_MIX for _ in range(weight)]
	templates = [code for code, _name, _rate in CATALOGUE]
	now = now_datetime()
	for number in range(count):
		reason = rng.choice(reasons)
		page = (
			"Checkout" if reason in ("The delivery cost", "Payment failed") or rng.random() < 0.3 else "Cart"
		)
		items = rng.sample(templates, rng.randint(1, 3))
		value = sum(rate for code, _name, rate in CATALOGUE if code in items)
		when = add_to_date(
			now, days=-rng.randint(0, 27), hours=-rng.randint(0, 12), minutes=-rng.randint(0, 59)
		)
		doc = frappe.get_doc(
			{
				"doctype": "Exit Feedback",
				"exit_reason": reason,
				"page": page,
				"feedback_source": page,
				"trigger": rng.choice(["Leave Window", "Leave Window", "Page Hidden", "Item Removed"]),
				"cart_value": value,
				"currency": frappe.db.get_default("currency") or None,
				"item_codes": ",".join(f"{code}-M" for code in items),
				"item_count": len(items),
				"page_url": f"https://shop.example/{page.lower()}",
				"session_key": f"demo-exit-session-{number:04d}",
			}
		)
		doc.name = frappe.generate_hash(length=10)
		doc.creation = doc.modified = when
		doc.owner = doc.modified_by = "Guest"
		doc.db_insert()


def _demo_key(number: int) -> str:
	who = REQUESTS[number - 1][0]
	email = f"visitor{number}@example.net" if who is None else CUSTOMERS[who][1]
	return idempotency_key(f"demo-request-{number:03d}", email)


def demo_issue(number) -> str | None:
	"""The name of the request made from REQUESTS[number - 1], once the demo made it."""
	return frappe.db.get_value("Issue", {"intake_key": _demo_key(number)}, "name")


def save_demo_issue(name: str, **values):
	issue = frappe.get_doc("Issue", name)
	issue.update(values)
	issue.flags.ignore_permissions = True
	issue.save()


# --- impact: what the desk saved and cost ----------------------------------------------------------------


def agent_of(issue: str) -> str:
	"""Who answers a demo request: its assignee, else its team's manager."""
	assigned = frappe.get_all(
		"ToDo", filters={"reference_type": "Issue", "reference_name": issue}, pluck="allocated_to", limit=1
	)
	team = frappe.db.get_value("Issue", issue, "support_team")
	manager = frappe.db.get_value("Service Desk Team", team, "manager") if team else None
	return (assigned and assigned[0]) or manager or "Administrator"


def make_answers(answers: dict):
	"""Agents answer some demo requests by e-mail, as the desk's reply box does (their first answer), once;
	then the request, its assignment and its answers are dated back as the answers say (the demo is made in
	a minute: its answer and resolution times would all be nought)."""
	current_user = frappe.session.user
	try:
		for number, (waited, hours_ago, texts) in answers.items():
			name = demo_issue(number)
			if not name or frappe.db.get_value("Issue", name, "first_responded_on"):
				continue
			subject, raised_by = frappe.db.get_value("Issue", name, ["subject", "raised_by"])
			frappe.set_user(agent_of(name))
			for text in texts:
				make_communication(
					doctype="Issue",
					name=name,
					content=text,
					subject=f"Re: {subject}",
					recipients=raised_by,
					send_email=False,
					communication_medium="Email",
					sent_or_received="Sent",
				)
			frappe.set_user(current_user)
			date_back(name, waited, hours_ago)
	finally:
		frappe.set_user(current_user)


def date_back(issue: str, waited: float, hours_ago: float):
	"""The request made `waited` hours before its first answer, which came `hours_ago` hours ago; its
	assignment ten minutes after it came, its later answers an hour apart."""
	answered = add_to_date(now_datetime(), hours=-hours_ago)
	made = add_to_date(answered, hours=-waited)
	frappe.db.set_value(
		"Issue",
		issue,
		{
			"creation": made,
			"opening_date": made.date(),
			"opening_time": made.time(),
			"first_responded_on": answered,
		},
		update_modified=False,
	)
	for kind, moment in (("Received", made), ("Sent", answered)):
		for position, message in enumerate(
			frappe.get_all(
				"Communication",
				filters={"reference_doctype": "Issue", "reference_name": issue, "sent_or_received": kind},
				pluck="name",
				order_by="creation asc",
			)
		):
			at = add_to_date(moment, hours=position)
			frappe.db.set_value(
				"Communication", message, {"creation": at, "communication_date": at}, update_modified=False
			)
	for todo in frappe.get_all(
		"ToDo", filters={"reference_type": "Issue", "reference_name": issue}, pluck="name"
	):
		frappe.db.set_value("ToDo", todo, "creation", add_to_date(made, minutes=10), update_modified=False)


def make_impact(items: dict):
	"""What the Service Desk Impact report shows: a reopened request, orders placed after the desk's
	answers and after an exit question, a quality complaint's cause fixed, and the wrap dress's returns
	before and after its fit advice was first shown; then what the impact's jobs do."""
	make_reopenings(REOPENED)
	make_orders_after_answers(items)
	make_orders_after_exit(items)
	make_fixed_causes(CAUSE_FIXED)
	make_fit_advice_history(items)
	update_fit_advice()  # the size returns just made are fit evidence too
	attribute_orders()  # every five minutes: the orders attributed to the desk's contacts
	update_changes()  # daily: the return rates before and after each change
	count_all_months()  # hourly the months that changed; here every month once


def make_reopenings(requests: dict):
	"""A customer writes again about a resolved request: it is reopened."""
	for number, text in requests.items():
		name = demo_issue(number)
		if not name or frappe.db.get_value("Issue", name, "reopen_count"):
			continue
		if frappe.db.get_value("Issue", name, "status") not in ("Resolved", "Closed"):
			continue
		reopen(name)
		make_communication(
			doctype="Issue",
			name=name,
			content=text,
			sender=frappe.db.get_value("Issue", name, "raised_by"),
			send_email=False,
			communication_medium="Email",
			sent_or_received="Received",
		)


def demo_order(customer: str, email: str, item_code: str, po_no: str) -> str | None:
	"""A submitted order of one `item_code` placed now by `customer`, once per `po_no`."""
	if frappe.db.exists("Sales Order", {"po_no": po_no, "docstatus": 1}):
		return None
	rate = next(rate for code, _name, rate in CATALOGUE if item_code.startswith(code))
	name = make_sales_order(customer, item_code, rate=rate, po_no=po_no).sales_order
	if not frappe.db.get_value("Sales Order", name, "contact_email"):
		frappe.db.set_value("Sales Order", name, "contact_email", email, update_modified=False)
	return name


def make_orders_after_answers(items: dict):
	"""The customers of some answered requests order soon after: orders the desk saved."""
	for number, template, size in ORDERS_AFTER_ANSWERS:
		_full_name, email = CUSTOMERS[REQUESTS[number - 1][0]]
		demo_order(find_customer(email)[0], email, items[(template, size)], f"DEMO-IMPACT-ANSWER-{number}")


def make_orders_after_exit(items: dict):
	"""Shoppers who answered the exit question with their e-mail, and ordered within the day."""
	for position, (who, reason, hours, template, size) in enumerate(ORDERS_AFTER_EXIT, 1):
		_full_name, email = CUSTOMERS[who]
		key = f"demo-impact-exit-session-{position:04d}"
		if not frappe.db.exists("Exit Feedback", {"session_key": key}):
			when = add_to_date(now_datetime(), hours=-hours)
			doc = frappe.get_doc(
				{
					"doctype": "Exit Feedback",
					"exit_reason": reason,
					"page": "Checkout",
					"feedback_source": "Checkout",
					"trigger": "Leave Window",
					"email": email,
					"item_codes": items[(template, size)],
					"item_count": 1,
					"page_url": "https://shop.example/checkout",
					"session_key": key,
				}
			)
			doc.name = frappe.generate_hash(length=10)
			doc.creation = doc.modified = when
			doc.owner = doc.modified_by = "Guest"
			doc.db_insert()
		demo_order(find_customer(email)[0], email, items[(template, size)], f"DEMO-IMPACT-EXIT-{position}")


def make_fixed_causes(requests: dict):
	"""An agent marks a quality complaint's cause fixed (the supplier changed the fabric), days ago."""
	for number, days in requests.items():
		name = demo_issue(number)
		if name and not frappe.db.get_value("Issue", name, "cause_fixed"):
			save_demo_issue(name, cause_fixed=1, cause_fixed_on=add_days(nowdate(), -days))


def make_fit_advice_history(items: dict):
	"""The wrap dress delivered and returned before and after its fit advice was first shown (the
	documents dated then, the stock received before them), and the advice shown every day since."""
	if not frappe.db.exists("Sales Order", {"po_no": "DEMO-IMPACT-DELIVERY-1", "docstatus": 1}):
		first = add_days(nowdate(), -max(days for days, *_rest in WRAP_DRESS_DELIVERIES) - 5)
		needed: dict[str, float] = {}
		for _days, size, qty, _returned in WRAP_DRESS_DELIVERIES:
			needed[size] = needed.get(size, 0) + qty
		receive_back_then(first, [(items[("DEMO-WRAP-DRESS", size)], qty) for size, qty in needed.items()])
		for number, (days, size, qty, returned) in enumerate(WRAP_DRESS_DELIVERIES, 1):
			_full_name, email = CUSTOMERS[number % len(CUSTOMERS)]
			deliver_back_then(
				find_customer(email)[0],
				items[("DEMO-WRAP-DRESS", size)],
				qty,
				returned,
				add_days(nowdate(), -days),
				f"DEMO-IMPACT-DELIVERY-{number}",
			)
	if not frappe.db.exists("Fit Advice Tally", {"template": "DEMO-WRAP-DRESS"}):
		for days in range(FIT_ADVICE_SHOWN_DAYS_AGO, 0, -1):
			for channel, shown in FIT_ADVICE_SHOWN_PER_DAY.items():
				add_to_tally(add_days(nowdate(), -days), "DEMO-WRAP-DRESS", channel, shown)


def receive_back_then(day: str, lines: list[tuple[str, float]]):
	"""A Material Receipt of (item, qty) into the stores, dated `day`."""
	company = ensure_company()
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"company": company,
			"set_posting_time": 1,
			"posting_date": day,
			"items": [
				{"item_code": code, "qty": qty, "t_warehouse": default_warehouse(company), "basic_rate": 2000}
				for code, qty in lines
			],
		}
	)
	entry.insert(ignore_permissions=True)
	entry.submit()


def deliver_back_then(customer: str, item_code: str, qty: float, returned: float, day: str, po_no: str):
	"""An order of `qty` pieces delivered on `day`, `returned` of them sent back three days later as too
	small."""
	order = make_sales_order(
		customer, item_code, qty=qty, rate=4990, po_no=po_no, transaction_date=day, delivery_date=day
	)
	delivery = make_delivery_note(order.sales_order)
	delivery.set_posting_time = 1
	delivery.posting_date = day
	delivery.insert(ignore_permissions=True)
	delivery.submit()
	if not returned:
		return
	row = frappe.get_all("Delivery Note Item", filters={"parent": delivery.name}, pluck="name")[0]
	reason = "Size too small"
	back = draft_return("Delivery Note", delivery.name, {row: returned}, {row: reason}, None, reason)
	back.set_posting_time = 1
	back.posting_date = add_days(day, 3)
	back.save(ignore_permissions=True)
	back.submit()
