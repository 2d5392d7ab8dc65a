"""Demo data for a shop: `bench --site SITE execute servicedesk_shop.demo.make_demo`.

Idempotent: running it again adds nothing twice. Creates (when missing) a company through ERPNext's
setup, customers with contacts and portal users, clothing items in sizes with stock, submitted Sales
Orders with Delivery Notes and Sales Invoices, and a few dozen requests sent through the real intake
(servicedesk_shop.intake.service.submit) as guests and as logged-in customers.
"""

import frappe
from frappe.utils import add_days, getdate, nowdate

from servicedesk_shop.setup.install import make_default_records

DEMO_PASSWORD = "Demo-Shop-2026"
SIZE_ATTRIBUTE = "Clothing Size"
SIZES = ["XS", "S", "M", "L", "XL"]

TEMPLATES = [
	("DEMO-WRAP-DRESS", "Платье на запах / Wrap Dress", 4990),
	("DEMO-LACE-BRA", "Кружевной бюстгальтер / Lace Bra", 2490),
	("DEMO-SILK-PYJAMA", "Шёлковая пижама / Silk Pyjama", 6990),
	("DEMO-LINEN-SHIRT", "Льняная рубашка / Linen Shirt", 3590),
]

CUSTOMERS = [
	("Анна Смирнова", "anna.smirnova@example.com"),
	("Мария Иванова", "maria.ivanova@example.com"),
	("Елена Кузнецова", "elena.kuznetsova@example.com"),
	("Ольга Попова", "olga.popova@example.com"),
	("Kate Miller", "kate.miller@example.com"),
	("Ирина Соколова", "irina.sokolova@example.com"),
]

# (customer index or None for a stranger, source, category, order index or None, item template, size, text)
# "{order}" is replaced by the customer's own order number, "{foreign}" by another customer's.
REQUESTS = [
	(
		0,
		"Product Page",
		"Size and Fit",
		None,
		"DEMO-WRAP-DRESS",
		"M",
		"Платье маломерит? Обычно ношу M, рост 170.",
	),
	(0, "Order Tracking", "Delivery", 0, None, None, "Где мой заказ {order}? Обещали доставить вчера."),
	(
		0,
		"Returns",
		"Return or Exchange",
		0,
		"DEMO-WRAP-DRESS",
		"M",
		"Хочу обменять платье из заказа {order} на размер L, село маломерит.",
	),
	(
		1,
		"Size Chart",
		"Size and Fit",
		None,
		"DEMO-LACE-BRA",
		"S",
		"В таблице размеров нет обхвата под грудью 68, какой размер выбрать?",
	),
	(1, "Delivery", "Delivery", 0, None, None, "Курьер привёз заказ {order} с помятой коробкой."),
	(1, "Cart", "Payment", None, None, None, "Промокод SPRING не применяется в корзине."),
	(2, "Checkout", "Payment", None, None, None, "Оплата картой Мир не проходит, страница зависает."),
	(
		2,
		"Order Tracking",
		"Quality or Defect",
		0,
		"DEMO-SILK-PYJAMA",
		"L",
		"В заказе {order} на пижаме затяжка на рукаве.",
	),
	(
		2,
		"Product Page",
		"Praise",
		None,
		"DEMO-SILK-PYJAMA",
		"L",
		"Пижама чудесная, спасибо! Хочу такую же в синем цвете.",
	),
	(
		3,
		"Widget",
		"Wish or Suggestion",
		None,
		None,
		None,
		"Добавьте, пожалуйста, примерку перед оплатой при доставке.",
	),
	(3, "Returns", "Size and Fit", 0, "DEMO-LINEN-SHIRT", "XL", "Рубашка из {order} велика, нужен возврат."),
	(3, "Order Tracking", "Delivery", None, None, None, "Статус заказа {foreign} не меняется третий день."),
	(
		4,
		"Product Page",
		"Product Question",
		None,
		"DEMO-LINEN-SHIRT",
		"M",
		"Is the linen shirt pre-washed? Will it shrink?",
	),
	(4, "Order Tracking", "Delivery", 0, None, None, "My order {order} has not arrived yet, any news?"),
	(
		4,
		"Checkout",
		"Website Problem",
		None,
		None,
		None,
		"The checkout page shows an error after I enter my address.",
	),
	(5, "Delivery", "Delivery", 0, None, None, "Заказ {order} привезли не в то время, ждала весь день."),
	(
		5,
		"Size Chart",
		"Size and Fit",
		None,
		"DEMO-WRAP-DRESS",
		"S",
		"Между S и M — что посоветуете для платья на запах?",
	),
	(5, "Cart", "Website Problem", None, None, None, "Товары пропадают из корзины после входа в аккаунт."),
	(
		None,
		"Widget",
		"Wish or Suggestion",
		None,
		None,
		None,
		"Сделайте, пожалуйста, раздел с бельём больших размеров.",
	),
	(None, "Cart", "Payment", None, None, None, "Can I pay in installments?"),
	(
		None,
		"Product Page",
		"Product Question",
		None,
		"DEMO-LACE-BRA",
		"M",
		"Бюстгальтер с косточками или без?",
	),
	(None, "Size Chart", "Size and Fit", None, None, None, "Таблица размеров не открывается на телефоне."),
	(
		None,
		"Order Tracking",
		"Delivery",
		None,
		None,
		None,
		"Где заказ {foreign}? Я его не оформляла, но пришло письмо.",
	),
	(None, "Delivery", "Praise", None, None, None, "Спасибо курьеру, очень вежливый!"),
	(
		0,
		"Cart",
		"Product Question",
		None,
		"DEMO-LACE-BRA",
		"S",
		"Когда будет в наличии бюстгальтер размера S?",
	),
	(
		1,
		"Returns",
		"Quality or Defect",
		0,
		"DEMO-LACE-BRA",
		"S",
		"Бюстгальтер из {order} — распустился шов после первой стирки.",
	),
	(2, "Widget", "Wish or Suggestion", None, None, None, "Хотелось бы подарочную упаковку."),
	(3, "Checkout", "Delivery", None, None, None, "Нет доставки в Калининград?"),
	(4, "Widget", "Praise", None, None, None, "Great quality, fast shipping!"),
	(5, "Order Tracking", "Payment", 0, None, None, "По заказу {order} деньги списали дважды."),
	# no category chosen: triage reads it from the words (and routing uses what it reads)
	(1, "Widget", None, None, None, None, "курьер второй день не приезжает, сколько можно!"),
	(
		3,
		"Widget",
		None,
		None,
		None,
		None,
		"The zip of my new coat broke after two days, really disappointed.",
	),
	(None, "Widget", None, None, None, None, "Не могу оплатить картой, пишет ошибка платежа. Что делать?"),
]


AGENTS = {
	"manager.fit@demo-shop.example": ("Светлана", "Руководитель примерки"),
	"fit1@demo-shop.example": ("Алина", "Консультант по размерам"),
	"fit2@demo-shop.example": ("Дарья", "Консультант по размерам"),
	"manager.logistics@demo-shop.example": ("Игорь", "Руководитель логистики"),
	"logistics1@demo-shop.example": ("Павел", "Логист"),
	"logistics2@demo-shop.example": ("Никита", "Логист"),
	"senior.logistics@demo-shop.example": ("Марина", "Старший логист"),
	"payments1@demo-shop.example": ("Ольга", "Специалист по оплате"),
	"quality1@demo-shop.example": ("Татьяна", "Специалист по качеству"),
	"care1@demo-shop.example": ("Екатерина", "Служба заботы"),
	"care2@demo-shop.example": ("Юлия", "Служба заботы"),
}

# what ERPNext asks of whoever makes a return or an exchange from a request: a Delivery Note return
# (Stock User), a Credit Note (Accounts User), an exchange Sales Order (Sales User)
RETURN_ROLES = ["Stock User", "Accounts User", "Sales User"]

# team: (manager, members, method)
TEAMS = {
	"Fit and Size": (
		"manager.fit@demo-shop.example",
		["fit1@demo-shop.example", "fit2@demo-shop.example"],
		"Round Robin",
	),
	"Logistics": (
		"manager.logistics@demo-shop.example",
		["logistics1@demo-shop.example", "logistics2@demo-shop.example"],
		"Load Balancing",
	),
	"Logistics Seniors": (
		"manager.logistics@demo-shop.example",
		["senior.logistics@demo-shop.example"],
		"Round Robin",
	),
	"Payments": ("manager.logistics@demo-shop.example", ["payments1@demo-shop.example"], "Round Robin"),
	"Quality and Returns": ("manager.fit@demo-shop.example", ["quality1@demo-shop.example"], "Round Robin"),
	"Customer Care": (
		"manager.fit@demo-shop.example",
		["care1@demo-shop.example", "care2@demo-shop.example"],
		"Round Robin",
	),
}

RULES = [
	# title, priority, team, conditions
	(
		"Size complaints from product pages",
		10,
		"Fit and Size",
		{"categories": ["Size and Fit"], "sources": ["Product Page", "Size Chart"]},
	),
	("Fit words anywhere", 15, "Fit and Size", {"keywords": "маломерит\nбольшемерит\nразмер\nsize\nfit"}),
	(
		"Big delivery problems to seniors",
		20,
		"Logistics Seniors",
		{"categories": ["Delivery"], "min_order_total": 10000, "set_priority": "High"},
	),
	(
		# the mood triage reads from the customer's words: angry customers wait for no queue
		"Angry delivery customers to seniors",
		25,
		"Logistics Seniors",
		{"categories": ["Delivery"], "mood_condition": "Angry", "set_priority": "High"},
	),
	("Delivery", 30, "Logistics", {"categories": ["Delivery"]}),
	("Payments", 40, "Payments", {"categories": ["Payment"], "set_priority": "High"}),
	(
		"Quality and returns",
		50,
		"Quality and Returns",
		{"categories": ["Quality or Defect", "Return or Exchange"]},
	),
	("Everything else", 100, "Customer Care", {}),
]


def make_demo():
	frappe.flags.in_demo = True
	make_default_records()
	company = ensure_company()
	items = make_items(company)
	customers = make_customers()
	orders = make_orders(company, customers, items)
	make_routing()
	make_sla_and_policies()
	issues = make_requests(customers, orders, items)
	make_overdue(OVERDUE_REQUESTS)
	make_returns(RETURN_REQUESTS)
	make_labels(LABELLED_REQUESTS)
	make_fit_evidence(items)
	make_exit_feedback()
	from servicedesk_shop.insight.service import update_fit_advice

	update_fit_advice()  # what the scheduled job does every 10 minutes
	order_count = sum(len(names) for names in orders)
	print(
		f"servicedesk_shop demo: company {company}, {len(customers)} customers, {order_count} orders, {issues} requests"
	)
	return {"company": company, "customers": len(customers), "orders": order_count, "requests": issues}


def make_user(
	email: str, full_name: str, roles=(), password: str | None = None, website: bool = False
) -> str:
	"""A desk user (or, with `website`, a portal user) with `roles`; an existing user is kept."""
	if not frappe.db.exists("User", email):
		first_name, _, last_name = full_name.partition(" ")
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"last_name": last_name,
				"user_type": "Website User" if website else "System User",
				"send_welcome_email": 0,
				"new_password": password,
				"roles": [{"role": role} for role in roles],
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	return email


RULE_LISTS = {
	"sources": ("feedback_sources", "feedback_source"),
	"categories": ("categories", "issue_type"),
	"item_groups": ("item_groups", "item_group"),
	"customer_groups": ("customer_groups", "customer_group"),
	"territories": ("territories", "territory"),
	"urgencies": ("urgencies", "priority"),
}


def make_rule(title: str, team: str, priority: int = 10, **conditions) -> str:
	"""A Routing Rule; list conditions as lists (sources, categories, item_groups, customer_groups,
	territories), the other fields as values."""
	rule = frappe.new_doc("Routing Rule")
	rule.update({"title": title, "team": team, "priority": priority, "enabled": 1})
	for key, value in conditions.items():
		if key in RULE_LISTS:
			table, field = RULE_LISTS[key]
			for entry in value:
				rule.append(table, {field: entry})
		else:
			rule.set(key, value)
	rule.insert(ignore_permissions=True)
	return rule.name


def make_routing():
	"""Support agents, their teams and the routing rules of the demo shop (existing ones are kept)."""
	for email, (first_name, last_name) in AGENTS.items():
		roles = ["Support Team", "Support Manager"] if email.startswith("manager.") else ["Support Team"]
		roles += RETURN_ROLES
		make_user(email, f"{first_name} {last_name}", roles, DEMO_PASSWORD)
		if missing := set(roles) - set(frappe.get_roles(email)):
			frappe.get_doc("User", email).add_roles(*sorted(missing))
	for name, (manager, members, method) in TEAMS.items():
		if not frappe.db.exists("Service Desk Team", name):
			frappe.get_doc(
				{
					"doctype": "Service Desk Team",
					"team_name": name,
					"manager": manager,
					"assignment_method": method,
					"members": [{"user": user, "active": 1, "max_open": 25} for user in members],
				}
			).insert(ignore_permissions=True)
	for title, priority, team, conditions in RULES:
		if not frappe.db.exists("Routing Rule", title):
			make_rule(title, team, priority, **conditions)
	settings = frappe.get_single("Service Desk Settings")
	if not settings.default_team:
		settings.default_team = "Customer Care"
		settings.routing_enabled = 1
		settings.save(ignore_permissions=True)


HOLIDAYS = [
	"01-01",
	"01-02",
	"01-03",
	"01-04",
	"01-05",
	"01-06",
	"01-07",
	"01-08",
	"02-23",
	"03-08",
	"05-01",
	"05-09",
	"06-12",
	"11-04",
]
OVERDUE_REQUESTS = {  # demo request number: hours since its SLA started
	2: 30,
	5: 6,
	8: 3,
	12: 20,
	23: 26,
}


def make_sla_and_policies():
	"""A default SLA on the shop's working hours and holidays, and an escalation policy per team."""
	year = getdate().year
	holiday_list = "Demo Shop Holidays"
	if not frappe.db.exists("Holiday List", holiday_list):
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": holiday_list,
				"from_date": f"{year}-01-01",
				"to_date": f"{year + 1}-12-31",
				"holidays": [
					{"holiday_date": f"{y}-{day}", "description": "Public holiday"}
					for y in (year, year + 1)
					for day in HOLIDAYS
				],
			}
		).insert(ignore_permissions=True)
	for priority in ("Low", "Medium", "High"):
		if not frappe.db.exists("Issue Priority", priority):
			frappe.get_doc({"doctype": "Issue Priority", "name": priority}).insert(ignore_permissions=True)
	frappe.db.set_single_value("Support Settings", "track_service_level_agreement", 1)
	if not frappe.db.exists(
		"Service Level Agreement", {"default_service_level_agreement": 1, "document_type": "Issue"}
	):
		frappe.get_doc(
			{
				"doctype": "Service Level Agreement",
				"service_level": "Shop Standard",
				"document_type": "Issue",
				"default_service_level_agreement": 1,
				"default_priority": "Medium",
				"holiday_list": holiday_list,
				"apply_sla_for_resolution": 1,
				"priorities": [
					{"priority": "Low", "response_time": 4 * 3600, "resolution_time": 48 * 3600},
					{
						"priority": "Medium",
						"response_time": 2 * 3600,
						"resolution_time": 24 * 3600,
						"default_priority": 1,
					},
					{"priority": "High", "response_time": 1800, "resolution_time": 8 * 3600},
				],
				"sla_fulfilled_on": [{"status": "Resolved"}, {"status": "Closed"}],
				"pause_sla_on": [{"status": "On Hold"}],
				"support_and_resolution": [
					{"workday": day, "start_time": "09:00:00", "end_time": "21:00:00"}
					for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
				],
			}
		).insert(ignore_permissions=True)
	for team in TEAMS:
		name = f"{team}: escalation"
		if frappe.db.exists("Escalation Policy", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Escalation Policy",
				"policy_name": name,
				"teams": [{"team": team}],
				"levels": [
					{"trigger": "Response Due In", "minutes": 30, "notify_team_manager": 1},
					{
						"trigger": "Response Overdue By",
						"minutes": 0,
						"notify_team_manager": 1,
						"notify_role": "Support Manager",
					},
					{
						"trigger": "Resolution Overdue By",
						"minutes": 120,
						"notify_team_manager": 1,
						"notify_role": "Support Manager",
						"raise_priority_to": "High",
					},
				],
			}
		).insert(ignore_permissions=True)


def make_overdue(requests: dict):
	"""Some demo requests started their SLA hours ago, so that they are late; then one sweep runs."""
	from frappe.utils import add_to_date, now_datetime

	from servicedesk_shop.escalation.service import sweep

	for number, hours in requests.items():
		name = frappe.db.get_value("Issue", {"intake_key": _demo_key(number)}, "name")
		if not name or frappe.db.get_value("Issue", name, "escalated"):
			continue
		issue = frappe.get_doc("Issue", name)
		started = add_to_date(now_datetime(), hours=-hours)
		issue.service_level_agreement_creation = started
		issue.opening_date = started.date()
		issue.flags.ignore_permissions = True
		issue.save()
	sweep(commit=False)


# demo request number: (return reason, submit the return?, exchange to size)
RETURN_REQUESTS = {
	3: ("Size too small", False, "L"),
	11: ("Size too big", True, None),
	26: ("Quality or defect", True, None),
	8: ("Quality or defect", False, None),
}


def make_returns(requests: dict):
	"""Some requests about delivered orders become returns (two booked) and one a size exchange."""
	from servicedesk_shop.returns.service import issue_line_values, make_exchange, make_return, order_lines

	for number, (reason, submit_it, new_size) in requests.items():
		name = frappe.db.get_value("Issue", {"intake_key": _demo_key(number)}, "name")
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


# demo request number: the category the agent left it in (None: as it came); the agent resolves it, a label
# triage learns from and the Triage Accuracy report counts
LABELLED_REQUESTS = {
	1: None,
	4: None,
	6: None,
	7: None,
	9: None,
	10: None,
	13: None,
	15: None,
	16: None,
	22: "Website Problem",  # "the size chart does not open on my phone": the site, not the size
	31: None,
	32: None,
}


def make_labels(requests: dict):
	"""Agents resolve some demo requests (one after correcting its category): labels for triage."""
	current_user = frappe.session.user
	try:
		for number, category in requests.items():
			name = frappe.db.get_value("Issue", {"intake_key": _demo_key(number)}, "name")
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


# size complaints that make the wrap dress run small (with the demo's own): (customer, size, text)
FIT_REQUESTS = [
	(1, "S", "Платье маломерит: S село как XS, в груди тесно."),
	(2, "M", "Wrap dress runs small, I had to size up to L."),
	(3, "M", "Маломерит на размер, M не застёгивается на талии."),
	(4, "L", "The dress is too tight across the shoulders, runs small."),
	(5, "S", "Маловато, берите на размер больше."),
	(3, "XL", "Платье великовато в плечах."),
]


def make_fit_evidence(items: dict):
	"""Size complaints about the wrap dress through the intake, as logged-in customers who bought it write
	them (a complaint is evidence of fit only from a buyer of the item, or once an agent resolved it)."""
	from servicedesk_shop.intake.service import find_customer, submit

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
	if frappe.db.exists("Sales Order", {"po_no": po_no, "docstatus": 1}):
		return
	company = ensure_company()
	warehouse = default_warehouse(company)
	order = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": customer,
			"company": company,
			"po_no": po_no,
			"transaction_date": add_days(nowdate(), -7),
			"delivery_date": add_days(nowdate(), -4),
			"set_warehouse": warehouse,
			"items": [{"item_code": item_code, "qty": 1, "rate": 4990, "warehouse": warehouse}],
		}
	)
	order.insert(ignore_permissions=True)
	order.submit()


# the exit question's taps of the last four weeks: (reason, share of the taps)
EXIT_MIX = [
	("The delivery cost", 30),
	("Unsure of the size", 18),
	("The price", 14),
	("Want to compare", 12),
	("The delivery time", 10),
	("Payment failed", 6),
	("Just looking", 8),
	("Other", 2),
]


def make_exit_feedback(count: int = 100):
	"""Exit Feedback spread over 28 days (more on the delivery cost at checkout), once (session keys)."""
	import random

	from frappe.utils import add_to_date, now_datetime

	if frappe.db.exists("Exit Feedback", {"session_key": "demo-exit-session-0000"}):
		return
	rng = random.Random(10)
	reasons = [reason for reason, weight in EXIT_MIX for _ in range(weight)]
	templates = [code for code, _name, _rate in TEMPLATES]
	now = now_datetime()
	for number in range(count):
		reason = rng.choice(reasons)
		page = (
			"Checkout" if reason in ("The delivery cost", "Payment failed") or rng.random() < 0.3 else "Cart"
		)
		items = rng.sample(templates, rng.randint(1, 3))
		value = sum(rate for code, _name, rate in TEMPLATES if code in items)
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
	from servicedesk_shop.service_desk.tokens import idempotency_key

	who = REQUESTS[number - 1][0]
	email = f"visitor{number}@example.net" if who is None else CUSTOMERS[who][1]
	return idempotency_key(f"demo-request-{number:03d}", email)


def ensure_company() -> str:
	company = frappe.defaults.get_defaults().get("company") or frappe.db.get_value("Company", {}, "name")
	if company:
		return company

	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	year = getdate().year
	setup_complete(
		{
			"currency": "RUB",
			"full_name": "Shop Admin",
			"company_name": "Demo Shop",
			"timezone": "Europe/Moscow",
			"company_abbr": "DS",
			"industry": "Retail",
			"country": "Russian Federation",
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"language": "english",
			"company_tagline": "Clothing and lingerie",
			"email": "admin@demo-shop.example",
			"password": DEMO_PASSWORD,
			"chart_of_accounts": "Standard",
		}
	)
	return frappe.db.get_value("Company", {}, "name")


def leaf(doctype: str, preferred: str) -> str:
	if frappe.db.exists(doctype, preferred) and not frappe.db.get_value(doctype, preferred, "is_group"):
		return preferred
	return frappe.db.get_value(doctype, {"is_group": 0}, "name") or preferred


def default_warehouse(company: str) -> str:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	return frappe.db.get_value("Warehouse", f"Stores - {abbr}") or frappe.db.get_value(
		"Warehouse", {"company": company, "is_group": 0}, "name"
	)


def make_items(company: str) -> dict[tuple[str, str], str]:
	"""Item templates in sizes, each variant with stock. Returns {(template, size): variant}."""
	from erpnext.controllers.item_variant import create_variant

	if not frappe.db.exists("Item Attribute", SIZE_ATTRIBUTE):
		frappe.get_doc(
			{
				"doctype": "Item Attribute",
				"attribute_name": SIZE_ATTRIBUTE,
				"item_attribute_values": [{"attribute_value": s, "abbr": s} for s in SIZES],
			}
		).insert(ignore_permissions=True)

	item_group = leaf("Item Group", "Products")
	variants = {}
	receipt = []
	for code, item_name, rate in TEMPLATES:
		if not frappe.db.exists("Item", code):
			frappe.get_doc(
				{
					"doctype": "Item",
					"item_code": code,
					"item_name": item_name,
					"item_group": item_group,
					"stock_uom": "Nos",
					"is_stock_item": 1,
					"has_variants": 1,
					"attributes": [{"attribute": SIZE_ATTRIBUTE}],
				}
			).insert(ignore_permissions=True)
		for size in SIZES:
			variant_code = f"{code}-{size}"
			if not frappe.db.exists("Item", variant_code):
				variant = create_variant(code, {SIZE_ATTRIBUTE: size})
				variant.item_code = variant_code
				variant.standard_rate = rate
				variant.insert(ignore_permissions=True)
				receipt.append((variant_code, rate))
			variants[(code, size)] = variant_code

	if receipt:
		receive_stock(company, [(code, 30, rate * 0.4) for code, rate in receipt])
	return variants


def receive_stock(company: str, lines: list[tuple[str, float, float]]):
	"""A submitted Material Receipt of (item, qty, rate) lines into the company's stores."""
	warehouse = default_warehouse(company)
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"company": company,
			"items": [
				{"item_code": code, "qty": qty, "t_warehouse": warehouse, "basic_rate": rate}
				for code, qty, rate in lines
			],
		}
	)
	entry.insert(ignore_permissions=True)
	entry.submit()


def ensure_stock(company: str, item_code: str, qty: float, rate: float = 1000):
	"""Top the stores up so that `qty` of `item_code` can be delivered."""
	warehouse = default_warehouse(company)
	available = (
		frappe.db.get_value("Bin", {"item_code": item_code, "warehouse": warehouse}, "actual_qty") or 0
	)
	if available < qty:
		receive_stock(company, [(item_code, qty - available + 20, rate)])


def make_customers() -> list[dict]:
	customer_group = leaf("Customer Group", "Individual")
	territory = leaf("Territory", "Russian Federation")
	customers = []
	for full_name, email in CUSTOMERS:
		name = frappe.db.get_value("Customer", {"customer_name": full_name})
		if not name:
			customer = frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": full_name,
					"customer_type": "Individual",
					"customer_group": customer_group,
					"territory": territory,
				}
			).insert(ignore_permissions=True)
			name = customer.name

		make_user(email, full_name, ["Customer"], DEMO_PASSWORD, website=True)

		contact_name = frappe.db.get_value(
			"Contact Email", {"email_id": email, "parenttype": "Contact"}, "parent"
		)
		contact = frappe.get_doc("Contact", contact_name) if contact_name else frappe.new_doc("Contact")
		if not contact_name:
			first_name, _, last_name = full_name.partition(" ")
			contact.first_name = first_name
			contact.last_name = last_name
			contact.add_email(email, is_primary=1)
		contact.user = email
		if not contact.get_link_for("Customer"):
			contact.append("links", {"link_doctype": "Customer", "link_name": name})
		contact.save(ignore_permissions=True)
		customers.append({"name": name, "email": email, "full_name": full_name})
	return customers


def make_orders(company: str, customers: list[dict], items: dict) -> list[list[str]]:
	"""Two submitted orders per customer: the first delivered and invoiced, the second only ordered.
	Returns the order names per customer."""
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note, make_sales_invoice

	warehouse = default_warehouse(company)
	rates = {code: rate for code, _, rate in TEMPLATES}
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
			template = TEMPLATES[(index + number) % len(TEMPLATES)][0]
			size = SIZES[(index + number) % len(SIZES)]
			lines = [(items[(template, size)], 1, rates[template])]
			if number == 1:
				other = TEMPLATES[(index + 2) % len(TEMPLATES)][0]
				lines.append((items[(other, "M")], 2, rates[other]))
			order = frappe.get_doc(
				{
					"doctype": "Sales Order",
					"customer": customer["name"],
					"company": company,
					"po_no": f"DEMO-{index + 1}-{number}",
					"transaction_date": add_days(nowdate(), -10 + number),
					"delivery_date": add_days(nowdate(), number),
					"set_warehouse": warehouse,
					"items": [
						{"item_code": code, "qty": qty, "rate": rate, "warehouse": warehouse}
						for code, qty, rate in lines
					],
				}
			)
			order.insert(ignore_permissions=True)
			order.submit()
			if number == 1:
				delivery = make_delivery_note(order.name)
				delivery.insert(ignore_permissions=True)
				delivery.submit()
				invoice = make_sales_invoice(order.name)
				invoice.insert(ignore_permissions=True)
				invoice.submit()
			names.append(order.name)
		orders.append(names)
	return orders


def make_requests(customers: list[dict], orders: list[list[str]], items: dict) -> int:
	from servicedesk_shop.intake.service import submit
	from servicedesk_shop.routing.service import route_again

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
