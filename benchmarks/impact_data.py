"""The impact benchmark's data: a shop's two years of orders, requests, deliveries, returns and exit
feedback, written into a site with multi-row INSERTs in a few minutes, and kept (committed).

    ~/frappe-bench/env/bin/python benchmarks/impact_data.py --site bench-impact.localhost
    ~/frappe-bench/env/bin/python benchmarks/impact_data.py --site bench-impact.localhost --drop

Made once: running it again on a site that has the data (the same sizes) does nothing; a run that
stopped half-way, or other sizes, drops the data and makes it anew; `--drop` only drops it. Every
document the script writes is named `SDIMP-…` (items `SDIMP-<KIND>-<NN>` and their sizes), so it can be
told from the shop's own and dropped (the demo templates' Fit Advice it adds stays). Don't run it on a site that matters: it is for a benchmark site
(`bench new-site bench-impact.localhost --source_sql …`). The scheduler should stay off on it while
the data is there, or the shop's jobs will read two years of documents they never saw.

What it writes, over the last 730 days (more orders every month, peaks in November and December, more on
weekends), deterministic for `--seed`:
- `--customers` Customers, each with a Contact (its e-mail in Contact Email, linked by a Dynamic Link,
  as the intake finds a customer by e-mail); some order often, most seldom;
- 30 item templates in five sizes (Item Variant Attribute rows as ERPNext's variants have), beside the
  demo catalogue (`testing.make_catalogue`: the wrap dress and three more, made through the ORM);
- three Service Desk Teams of four agents and a lead each (made through the ORM);
- `--orders` submitted Sales Orders (1-3 lines, 6% in a foreign currency with its rate), plus
  1.5% cancelled and 0.5% drafts; a share of them follows a request's first answer, an exit
  feedback or a self-service resolution within three days (and some just after that), so that
  conversions exist to find; `servicedesk_submitted_on` on those of the last 180 days (the app's
  install: older ones have only `creation`);
- `--issues` Issues from customers (88%) and guests: category, source, team, the order and item they
  are about, first response and resolution times as ERPNext records them, SLA deadlines and status,
  ratings, escalations, `reopen_count`, and `cause_fixed` on some quality complaints; with their thread
  (Communications: the customer's message, the agents' answers, the replies between) and the agent's
  assignment (a ToDo, closed once resolved, and `_assign`);
- deliveries of the orders (Delivery Notes, or Sales Invoices that deliver themselves), and `--returns`
  returns as the insight's and returns' reports count them: Delivery Note returns against a delivery's
  line, and Credit Notes with `update_stock` against such invoices, with a reason. Nine templates'
  size returns fall by a third from `ADVICE_FROM` (the fit advice shown), three templates' quality
  returns fall from `FIXED_FROM` (the cause fixed);
- `--exits` Exit Feedback (reasons, cart values and items; a quarter leave an e-mail);
- `--resolutions` Self Service Resolutions over the last year (answers, exit answers, orders looked
  up), Storefront Orders (the widget's `orderPlaced` after some exits and sessions, a few for orders
  ERPNext never got), and the advised templates' Fit Advice and daily Fit Advice Tally.

The columns written are the mandatory ones, those ERPNext fills on submit that lists and reports read
(status, totals in both currencies, percentages delivered and billed), and what the desk's reports query.
No ledger or stock entries are made: reports on stock or accounts will not see these documents.
"""

import argparse
import bisect
import hashlib
import json
import math
import random
import time
from datetime import datetime, timedelta
from typing import NamedTuple

from common import import_frappe

PREFIX = "SDIMP-"
MARKER = "servicedesk_bench_impact_data"  # a default holding the sizes of the data made in full
DAYS = 730
ADVICE_TEMPLATES = 9  # the first templates (the wrap dress first) get fit advice half-way
ADVICE_FROM = DAYS - 365  # days after the start
QUALITY_FIXED = 3  # the next templates get a quality fix
FIXED_FROM = DAYS - 200
INSTALLED = DAYS - 180  # the app's first day: orders since have servicedesk_submitted_on
ANSWER = "<p>Здравствуйте! Спасибо, что написали. / Hello, thank you for writing.</p>"
SIZES = ["XS", "S", "M", "L", "XL"]
SIZE_WEIGHTS = [0.1, 0.25, 0.3, 0.22, 0.13]
KINDS = [
	("DRESS", "Платье / Dress"),
	("SHIRT", "Рубашка / Shirt"),
	("JEANS", "Джинсы / Jeans"),
	("BRA", "Бюстгальтер / Bra"),
	("PYJAMA", "Пижама / Pyjama"),
	("COAT", "Пальто / Coat"),
	("SKIRT", "Юбка / Skirt"),
	("TSHIRT", "Футболка / T-shirt"),
	("SWEATER", "Свитер / Sweater"),
	("TROUSERS", "Брюки / Trousers"),
]
RATES = [990, 1490, 1990, 2490, 2990, 3590, 4990, 5990, 6990, 8990, 12990]
SEASON = {
	1: 0.8,
	2: 0.85,
	3: 1.0,
	4: 1.0,
	5: 1.05,
	6: 0.95,
	7: 0.9,
	8: 1.0,
	9: 1.05,
	10: 1.1,
	11: 1.5,
	12: 1.4,
}
HOURS = list(range(24))
HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4.5, 5, 5.5, 5.5, 5, 3.5, 2]
CATEGORIES = [
	("Delivery", 22),
	("Size and Fit", 18),
	("Return or Exchange", 15),
	("Product Question", 14),
	("Payment", 8),
	("Quality or Defect", 8),
	("Website Problem", 5),
	("Wish or Suggestion", 5),
	("Praise", 5),
]
ABOUT_AN_ORDER = {"Delivery", "Size and Fit", "Return or Exchange", "Payment", "Quality or Defect"}
ABOUT_AN_ITEM = {"Size and Fit", "Quality or Defect", "Return or Exchange"}
SUBJECTS = {
	"Delivery": ["Где мой заказ?", "Where is my order?", "Курьер не приехал", "Delivery is late"],
	"Size and Fit": ["Маломерит", "Runs small", "Какой размер выбрать?", "Too big in the waist"],
	"Return or Exchange": ["Хочу вернуть", "Exchange for another size", "Возврат денег", "Return label"],
	"Product Question": ["Состав ткани?", "Is it lined?", "Будет ли в наличии?", "Care instructions"],
	"Payment": ["Не проходит оплата", "Charged twice", "Оплата частями", "Refund not received"],
	"Quality or Defect": ["Разошёлся шов", "Colour faded", "Брак молнии", "Loose threads"],
	"Website Problem": ["Не работает корзина", "Promo code fails", "Ошибка при входе", "Page is blank"],
	"Wish or Suggestion": ["Добавьте размер XXL", "More colours please", "Хочу уведомления", "Gift cards"],
	"Praise": ["Спасибо!", "Great service", "Отличное платье", "Fast delivery, thanks"],
}
TEAMS = {
	"Front Line": ["Product Question", "Website Problem", "Wish or Suggestion", "Praise"],
	"Orders and Delivery": ["Delivery", "Payment"],
	"Returns and Fit": ["Size and Fit", "Quality or Defect", "Return or Exchange"],
}
AGENTS_PER_TEAM = 4
OTHER_RETURN_REASONS = [
	("Changed mind", 40),
	("Quality or defect", 25),
	("Not as described", 15),
	("Damaged in delivery", 10),
	("Wrong item sent", 5),
	("Late delivery", 5),
]
FIRST_NAMES = ["Анна", "Мария", "Елена", "Ольга", "Ирина", "Наталья", "Alice", "Emma", "Sofia", "Julia"]
LAST_NAMES = ["Иванова", "Смирнова", "Кузнецова", "Попова", "Соколова", "Lebedeva", "Novak", "Berg", "Kim"]
EXIT_REASONS = [
	("The price", 22),
	("The delivery cost", 18),
	("The delivery time", 10),
	("Unsure of the size", 16),
	("Payment failed", 5),
	("Want to compare", 12),
	("Just looking", 14),
	("Other", 3),
]
CHUNK = 5000
SOURCES = [
	("Product Page", 20),
	("Size Chart", 6),
	("Cart", 8),
	("Checkout", 8),
	("Order Tracking", 14),
	("Delivery", 6),
	("Returns", 8),
	("E-mail", 22),
	("Widget", 8),
]
RATINGS = [0.2, 0.4, 0.6, 0.8, 0.8, 1.0, 1.0, 1.0]

# the tables the script writes, each with the column its rows are told by (children by their own name)
TABLES = [
	"Customer",
	"Contact",
	"Contact Email",
	"Dynamic Link",
	"Item",
	"Item Variant Attribute",
	"Sales Order",
	"Sales Order Item",
	"Delivery Note",
	"Delivery Note Item",
	"Sales Invoice",
	"Sales Invoice Item",
	"Issue",
	"Communication",
	"ToDo",
	"Exit Feedback",
	"Self Service Resolution",
	"Storefront Order",
	"Fit Advice",
	"Fit Advice Tally",
]


class Clock:
	"""Moments in the last DAYS days, more of them as the shop grows, in its season and its waking hours."""

	def __init__(self, rng: random.Random, end: datetime):
		self.rng, self.end = rng, end
		self.start = (end - timedelta(days=DAYS)).replace(hour=0, minute=0, second=0, microsecond=0)
		weights = []
		for d in range(DAYS):
			day = self.start + timedelta(days=d)
			weekend = 1.15 if day.weekday() >= 5 else 1.0
			weights.append((1 + 0.8 * d / DAYS) * SEASON[day.month] * weekend)
		self.cumulative = list(_accumulate(weights))
		self.hours = list(_accumulate(HOUR_WEIGHTS))

	def moment(self) -> datetime:
		while True:
			day = self.rng.choices(range(DAYS), cum_weights=self.cumulative)[0]
			hour = self.rng.choices(HOURS, cum_weights=self.hours)[0]
			when = self.start + timedelta(days=day, hours=hour, seconds=self.rng.randrange(3600))
			if when < self.end:
				return when

	def day(self, when: datetime) -> int:
		return (when - self.start).days


def _accumulate(values):
	total = 0.0
	for value in values:
		total += value
		yield total


def weighted(rng: random.Random, pairs):
	values, weights = zip(*pairs, strict=True)
	return rng.choices(values, weights=weights)[0]


def seconds(moment: datetime) -> datetime:
	return moment.replace(microsecond=0)


def hours_lognormal(rng: random.Random, median_hours: float, sigma: float, cap_hours: float) -> float:
	return min(math.exp(rng.gauss(math.log(median_hours), sigma)), cap_hours)


class Shop:
	"""The data, planned in memory (deterministic for the seed) before anything is written."""

	def __init__(self, args, site: "Site"):
		self.args, self.site = args, site
		self.company, self.currency, self.warehouse = site.company, site.currency, site.warehouse
		self.rng = random.Random(args.seed)
		self.end = site.now.replace(microsecond=0) - timedelta(hours=1)
		self.clock = Clock(self.rng, self.end)
		# a foreign currency's rate to the company's
		self.foreign = "EUR" if self.currency != "EUR" else "USD"
		self.foreign_rate = {"USD": 1.08, "RUB": 98.0}.get(self.currency, 1.1)
		self.agents = site.agents  # team -> [user]
		self.team_of = {category: team for team, categories in TEAMS.items() for category in categories}
		self.plan_items(site.demo)
		self.plan_customers()

	# --- items and customers ---

	def plan_items(self, demo_variants: dict):
		rng = self.rng
		self.templates = []  # (code, name, rate, popularity, return propensity, runs small)
		demo = {}
		for (template, size), variant in demo_variants.items():
			demo.setdefault(template, {})[size] = variant
		catalogue_rates = {code: rate for code, _name, rate in self.site.catalogue}
		for template in sorted(demo, key=lambda code: code != "DEMO-WRAP-DRESS"):
			self.templates.append((template, None, catalogue_rates.get(template, 4990), 3.0, 0.3, True))
		for number in range(30):
			kind, label = KINDS[number % len(KINDS)]
			self.templates.append(
				(
					f"{PREFIX}{kind}-{number // len(KINDS) + 1:02d}",
					label,
					rng.choice(RATES),
					rng.uniform(0.3, 2.0),
					rng.uniform(0.12, 0.35),
					rng.random() < 0.4,
				)
			)
		self.variants = {}  # code -> (template index, size)
		for index, (code, _label, _rate, _pop, _ret, _small) in enumerate(self.templates):
			for size in SIZES:
				variant = demo.get(code, {}).get(size) or f"{code}-{size}"
				self.variants[variant] = (index, size)
		self.new_items = [t for t in self.templates if t[1] is not None]
		# picking a line: a template by popularity, then a size
		self.template_weights = list(_accumulate(t[3] for t in self.templates))
		self.variant_of_template = {
			index: [v for v, (i, _s) in self.variants.items() if i == index]
			for index in range(len(self.templates))
		}
		self.advice_templates = [t[0] for t in self.templates[:ADVICE_TEMPLATES]]
		self.fixed_templates = [
			t[0] for t in self.templates[ADVICE_TEMPLATES : ADVICE_TEMPLATES + QUALITY_FIXED]
		]

	def pick_line(self):
		rng = self.rng
		index = rng.choices(range(len(self.templates)), cum_weights=self.template_weights)[0]
		size = rng.choices(SIZES, weights=SIZE_WEIGHTS)[0]
		variants = self.variant_of_template[index]
		variant = variants[SIZES.index(size)] if len(variants) == len(SIZES) else rng.choice(variants)
		return variant, 1 if rng.random() < 0.88 else 2, self.templates[index][2]

	def plan_customers(self):
		rng = self.rng
		self.customers = []  # (name, customer_name, email)
		activity = []
		for i in range(self.args.customers):
			name = f"{PREFIX}C-{i:06d}"
			self.customers.append(
				(
					name,
					f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {i}",
					f"shopper{i}@bench-impact.example",
				)
			)
			activity.append(min(rng.paretovariate(1.3), 40))
		self.customer_weights = list(_accumulate(activity))

	def pick_customer(self) -> int:
		return self.rng.choices(range(len(self.customers)), cum_weights=self.customer_weights)[0]

	# --- the plan ---

	def plan(self):
		rng, clock = self.rng, self.clock
		started = time.perf_counter()
		self.issues = self.plan_issues()
		self.exits = self.plan_exits()
		orders = []  # dicts: at, customer, docstatus, lines, currency
		for issue in self.issues:
			if issue["customer"] is None or issue["responded"] is None:
				continue
			chance = rng.random()
			if chance < 0.22:
				at = issue["responded"] + timedelta(hours=rng.uniform(0.05, 71.9))
			elif chance < 0.25:
				at = issue["responded"] + timedelta(hours=rng.uniform(72.5, 120))
			elif chance < 0.26:  # ordered, then cancelled: never a conversion
				at = issue["responded"] + timedelta(hours=rng.uniform(0.05, 71.9))
				if at < self.end:
					orders.append(self.order(at, issue["customer"], docstatus=2))
				continue
			else:
				continue
			if at < self.end:
				orders.append(self.order(at, issue["customer"]))
		self.storefront = []  # what the widget's orderPlaced reported: dicts of order, exit, session, at
		for feedback in self.exits:
			if feedback["customer"] is not None and rng.random() < 0.15:
				at = feedback["at"] + timedelta(hours=rng.uniform(0.05, 71.9))
				if at < self.end:
					orders.append(self.order(at, feedback["customer"]))
					if rng.random() < 0.4:
						self.storefront.append(
							{"order": orders[-1], "exit": feedback, "session": None, "at": at}
						)
			elif feedback["email"] and rng.random() < 0.03:
				# an order the storefront reported that ERPNext never got (a marketplace's, say)
				at = feedback["at"] + timedelta(hours=rng.uniform(0.05, 71.9))
				if at < self.end:
					self.storefront.append({"order": None, "exit": feedback, "session": None, "at": at})
		self.resolutions = self.plan_resolutions()
		for resolution in self.resolutions:
			chance = rng.random()
			at = resolution["at"] + timedelta(hours=rng.uniform(0.05, 71.9))
			if at >= self.end:
				continue
			if resolution["kind"] == "Order Tracking" and chance < 0.1:
				orders.append(self.order(at, resolution["customer"]))
			elif resolution["kind"] != "Order Tracking" and chance < 0.05:
				# a guest's session: the order is known by the storefront's report of the session
				orders.append(self.order(at, self.pick_customer()))
				self.storefront.append({"order": orders[-1], "exit": None, "session": resolution, "at": at})
		self.converted = sum(1 for order in orders if order["docstatus"] == 1)
		submitted = self.converted
		while submitted < self.args.orders:
			orders.append(self.order(clock.moment(), self.pick_customer()))
			submitted += 1
		cancelled = sum(1 for order in orders if order["docstatus"] == 2)
		for _ in range(max(int(self.args.orders * 0.015) - cancelled, 0)):
			orders.append(self.order(clock.moment(), self.pick_customer(), docstatus=2))
		for _ in range(int(self.args.orders * 0.005)):
			orders.append(self.order(clock.moment(), self.pick_customer(), docstatus=0))
		orders.sort(key=lambda order: order["at"])
		for number, order in enumerate(orders, 1):
			order["name"] = f"{PREFIX}SO-{number:07d}"
		self.orders = orders
		self.link_issues_to_orders()
		self.plan_deliveries()
		self.plan_returns()
		print(
			f"planned in {time.perf_counter() - started:.1f} s: {len(orders):,} orders "
			f"({self.converted:,} following a contact), {len(self.issues):,} Issues, {len(self.exits):,} "
			f"Exit Feedback, {len(self.resolutions):,} self-service resolutions, {len(self.storefront):,} "
			f"storefront orders, {len(self.deliveries):,} deliveries, {len(self.returns):,} returns"
		)

	def plan_resolutions(self) -> list[dict]:
		"""Self-service resolutions of the last year (the self-service came later than the desk): an answer
		that helped or an exit answer (a guest's session), or an order looked up (its customer's)."""
		rng, clock = self.rng, self.clock
		resolutions = []
		while len(resolutions) < self.args.resolutions:
			at = clock.moment()
			if clock.day(at) < DAYS - 365:
				continue
			kind = weighted(rng, [("Answer", 50), ("Order Tracking", 40), ("Exit Answer", 10)])
			number = len(resolutions) + 1
			resolutions.append(
				{
					"name": f"{PREFIX}SSR-{number:07d}",
					"at": at,
					"kind": kind,
					"customer": self.pick_customer() if kind == "Order Tracking" else None,
					"session": hashlib.sha256(f"sdimp-ss-{number}".encode()).hexdigest()[:32],
					"order": None,
				}
			)
		return resolutions

	def order(self, at: datetime, customer: int, docstatus: int = 1) -> dict:
		rng = self.rng
		lines = [self.pick_line() for _ in range(rng.choices([1, 2, 3], weights=[60, 30, 10])[0])]
		foreign = rng.random() < 0.06
		return {
			"at": at,
			"customer": customer,
			"docstatus": docstatus,
			"lines": lines,
			"currency": self.foreign if foreign else self.currency,
			"rate": self.foreign_rate if foreign else 1.0,
		}

	def plan_issues(self) -> list[dict]:
		rng, clock = self.rng, self.clock
		teams = list(TEAMS)
		issues = []
		for i in range(self.args.issues):
			opened = clock.moment()
			category = weighted(rng, CATEGORIES)
			customer = self.pick_customer() if rng.random() < 0.88 else None
			age_hours = (self.end - opened).total_seconds() / 3600
			responded = None
			if rng.random() < (0.97 if age_hours > 48 else 0.6):
				responded = seconds(opened + timedelta(hours=hours_lognormal(rng, 1.5, 1.1, 96)))
				if responded >= self.end:
					responded = None
			resolved = None
			if responded and rng.random() < (0.97 if age_hours > 96 else 0.4):
				resolved = seconds(responded + timedelta(hours=hours_lognormal(rng, 16, 1.0, 400)))
				if resolved >= self.end:
					resolved = None
			team = self.team_of.get(category) or rng.choice(teams)
			issue = {
				"name": f"{PREFIX}ISS-{i + 1:07d}",
				"at": opened,
				"category": category,
				"customer": customer,
				"responded": responded,
				"resolved": resolved,
				"team": team,
				"agent": rng.choice(self.agents[team]),
				"order": None,
				"item": None,
				"reopened": weighted(rng, [(0, 93), (1, 6), (2, 1)]) if resolved else 0,
			}
			# assigned by the routing job within minutes (a few unanswered ones never were)
			issue["assigned"] = (
				seconds(opened + timedelta(minutes=rng.uniform(0.2, 20)))
				if responded or rng.random() < 0.8
				else None
			)
			issue["thread"] = self.thread(issue)
			issues.append(issue)
		return issues

	def thread(self, issue: dict) -> list[tuple[datetime, str]]:
		"""The request's messages, (moment, "Received" or "Sent"): the customer's first, the agent's
		answers (the first at first_responded_on), the customer's replies between them, and for each
		reopening a message after an answer that seemed to resolve it, and one more answer."""
		rng = self.rng
		messages = [(issue["at"], "Received")]
		responded, resolved = issue["responded"], issue["resolved"]
		if not responded:
			return messages
		messages.append((responded, "Sent"))
		more = weighted(rng, [(0, 60), (1, 25), (2, 10), (3, 5)]) + issue["reopened"]
		until = resolved or self.end
		span = (until - responded).total_seconds()
		for k in range(more):
			# a customer's reply, then the agent's answer, each inside the request's life
			reply = responded + timedelta(seconds=span * (k + rng.uniform(0.1, 0.5)) / (more + 1))
			answer = responded + timedelta(seconds=span * (k + rng.uniform(0.6, 0.95)) / (more + 1))
			messages += [(seconds(reply), "Received"), (seconds(answer), "Sent")]
		return messages

	def plan_exits(self) -> list[dict]:
		rng, clock = self.rng, self.clock
		exits = []
		for i in range(self.args.exits):
			with_email = rng.random() < 0.25
			exits.append(
				{
					"name": f"{PREFIX}EX-{i + 1:07d}",
					"at": clock.moment(),
					"customer": self.pick_customer() if with_email and rng.random() < 0.8 else None,
					"email": with_email,
				}
			)
		return exits

	def link_issues_to_orders(self):
		"""A request about an order names the customer's latest submitted order of the 60 days before it,
		and its item one of that order's; size and quality complaints without one name an item."""
		rng = self.rng
		by_customer = {}
		for order in self.orders:
			if order["docstatus"] == 1:
				by_customer.setdefault(order["customer"], []).append(order)
		times = {customer: [o["at"] for o in orders] for customer, orders in by_customer.items()}
		for issue in self.issues:
			if issue["category"] not in ABOUT_AN_ORDER:
				continue
			customer = issue["customer"]
			if customer is not None and customer in times:
				position = bisect.bisect_left(times[customer], issue["at"]) - 1
				if position >= 0 and (issue["at"] - times[customer][position]).days < 60:
					order = by_customer[customer][position]
					issue["order"] = order["name"]
					if issue["category"] in ABOUT_AN_ITEM:
						issue["item"] = rng.choice(order["lines"])[0]
			if issue["category"] in ABOUT_AN_ITEM and issue["item"] is None:
				issue["item"] = self.pick_line()[0]
		for resolution in self.resolutions:
			customer = resolution["customer"]
			position = bisect.bisect_left(times.get(customer, []), resolution["at"]) - 1
			if position >= 0:
				resolution["order"] = by_customer[customer][position]["name"]
			elif resolution["kind"] == "Order Tracking":
				resolution["kind"], resolution["customer"] = "Answer", None

	def plan_deliveries(self):
		"""Most orders older than three days delivered 1-5 days after, by a Delivery Note (or 8% by an
		invoice that delivers itself)."""
		rng = self.rng
		self.deliveries = []  # dicts: name, doctype, order, at, lines
		notes = invoices = 0
		for order in self.orders:
			order["delivered_by"] = None
			if order["docstatus"] != 1 or (self.end - order["at"]).days < 3 or rng.random() < 0.03:
				continue
			at = order["at"] + timedelta(days=rng.randint(1, 5), hours=rng.uniform(0, 8))
			if at >= self.end:
				continue
			if rng.random() < 0.08:
				invoices += 1
				doctype, name = "Sales Invoice", f"{PREFIX}SI-{invoices:07d}"
			else:
				notes += 1
				doctype, name = "Delivery Note", f"{PREFIX}DN-{notes:07d}"
			order["delivered_by"] = doctype
			self.deliveries.append({"name": name, "doctype": doctype, "order": order, "at": at})

	def return_weight(self, delivery: dict) -> float:
		"""How likely a delivery comes back: its first line's template's propensity, less after the
		template's fit advice or quality fix."""
		index, _size = self.variants[delivery["order"]["lines"][0][0]]
		code, _label, _rate, _pop, propensity, _small = self.templates[index]
		day = self.clock.day(delivery["at"])
		if code in self.advice_templates and day >= ADVICE_FROM:
			propensity *= 0.67
		if code in self.fixed_templates and day >= FIXED_FROM:
			propensity *= 0.85
		return propensity

	def plan_returns(self):
		"""`--returns` returns, 6% of them Credit Notes, drawn by weight (Efraimidis-Spirakis: the largest
		u^(1/w)) among deliveries whose return would fall before now; each returns the delivery's first
		line with a reason that follows the template (and its advice or fix)."""
		rng = self.rng
		wanted = {"Sales Invoice": int(self.args.returns * 0.06)}
		wanted["Delivery Note"] = self.args.returns - wanted["Sales Invoice"]
		candidates = {"Delivery Note": [], "Sales Invoice": []}
		for delivery in self.deliveries:
			at = delivery["at"] + timedelta(days=rng.randint(5, 30), hours=rng.uniform(0, 8))
			if at >= self.end:
				continue
			key = rng.random() ** (1 / self.return_weight(delivery))
			candidates[delivery["doctype"]].append((key, at, delivery))
		self.returns = []
		for doctype, rows in candidates.items():
			rows.sort(key=lambda row: row[0], reverse=True)
			for number, (_key, at, delivery) in enumerate(rows[: wanted[doctype]], 1):
				variant, qty, _rate = delivery["order"]["lines"][0]
				index, size = self.variants[variant]
				code, _label, _rate, _pop, _prop, runs_small = self.templates[index]
				day = self.clock.day(at)
				size_share = 0.35 if code in self.advice_templates and day >= ADVICE_FROM else 0.55
				if rng.random() < size_share:
					small = 0.8 if runs_small else {"XS": 0.3, "S": 0.4, "M": 0.5, "L": 0.55, "XL": 0.6}[size]
					reason = "Size too small" if rng.random() < small else rng.choice(["Size too big", "Fit"])
				else:
					reason = weighted(rng, OTHER_RETURN_REASONS)
					if reason == "Quality or defect" and code in self.fixed_templates and day >= FIXED_FROM:
						reason = "Changed mind" if rng.random() < 0.6 else reason
				short = "DN" if doctype == "Delivery Note" else "SI"
				self.returns.append(
					{
						"name": f"{PREFIX}{short}R-{number:07d}",
						"doctype": doctype,
						"delivery": delivery,
						"at": at,
						"item": variant,
						"qty": qty,
						"reason": reason,
					}
				)


def insert(frappe, doctype: str, rows: list[dict]) -> int:
	"""Multi-row INSERTs of `rows` (dicts of the same columns) into `doctype`'s table, CHUNK rows a
	statement (pymysql's executemany writes one INSERT of many rows)."""
	if not rows:
		return 0
	columns = list(rows[0])
	query = "insert into `tab{}` ({}) values ({})".format(
		doctype, ", ".join(f"`{column}`" for column in columns), ", ".join(["%s"] * len(columns))
	)
	for start in range(0, len(rows), CHUNK):
		frappe.db._cursor.executemany(query, [tuple(row.values()) for row in rows[start : start + CHUNK]])
	return len(rows)


def document(name: str, when: datetime, docstatus: int = 0, owner: str = "Administrator", **values) -> dict:
	"""A row with the columns every document has."""
	return {
		"name": name,
		"creation": when,
		"modified": when,
		"owner": owner,
		"modified_by": owner,
		"docstatus": docstatus,
		"idx": 0,
		**values,
	}


def line(name: str, parent: str, parenttype: str, parentfield: str, idx: int, when, docstatus=0, **values):
	"""A child table's row."""
	return document(
		name,
		when,
		docstatus,
		idx=idx,
		parent=parent,
		parenttype=parenttype,
		parentfield=parentfield,
		**values,
	)


def amounts(qty: float, price: float, rate: float) -> dict:
	"""An item line's quantities and amounts in the document's and the company's currency (no discount,
	no tax: net is the same)."""
	return {
		"qty": qty,
		"stock_qty": qty,
		"uom": "Nos",
		"stock_uom": "Nos",
		"conversion_factor": 1,
		"price_list_rate": price,
		"base_price_list_rate": price * rate,
		"rate": price,
		"amount": qty * price,
		"base_rate": price * rate,
		"base_amount": qty * price * rate,
		"net_rate": price,
		"net_amount": qty * price,
		"base_net_rate": price * rate,
		"base_net_amount": qty * price * rate,
	}


def totals(qty: float, total: float, rate: float) -> dict:
	return {
		"total_qty": qty,
		"total": total,
		"base_total": total * rate,
		"net_total": total,
		"base_net_total": total * rate,
		"grand_total": total,
		"base_grand_total": total * rate,
		"rounded_total": total,
		"base_rounded_total": total * rate,
	}


class Writer:
	"""Writes a planned Shop into the site, table by table, with the columns ERPNext would fill."""

	def __init__(self, frappe, shop: Shop):
		self.frappe, self.shop, self.site = frappe, shop, shop.site
		self.item_names = {}

	def write(self, doctype: str, rows: list[dict]):
		start = time.perf_counter()
		count = insert(self.frappe, doctype, rows)
		self.frappe.db.commit()
		print(f"  {doctype}: {count:,} rows in {time.perf_counter() - start:.1f} s")

	def all(self):
		self.customers()
		self.items()
		self.orders()
		self.deliveries()
		self.returns()
		self.issues()
		self.exits()
		self.resolutions()
		self.storefront()
		self.fit_advice()

	def customers(self):
		shop, site, when = self.shop, self.site, self.shop.clock.start
		customers, contacts, emails, links = [], [], [], []
		for i, (name, customer_name, email) in enumerate(shop.customers):
			contact = f"{PREFIX}CT-{i:06d}"
			first_name, last_name = customer_name.split(" ", 1)
			customers.append(
				document(
					name,
					when,
					naming_series="CUST-.YYYY.-",
					customer_name=customer_name,
					customer_type="Individual",
					customer_group=site.group,
					territory=site.territory,
					customer_primary_contact=contact,
					email_id=email,
					language="ru",
				)
			)
			contacts.append(
				document(
					contact,
					when,
					first_name=first_name,
					last_name=last_name,
					full_name=customer_name,
					email_id=email,
					status="Passive",
					is_primary_contact=1,
				)
			)
			emails.append(
				line(
					f"{PREFIX}CE-{i:06d}",
					contact,
					"Contact",
					"email_ids",
					1,
					when,
					email_id=email,
					is_primary=1,
				)
			)
			links.append(
				line(
					f"{PREFIX}DL-{i:06d}",
					contact,
					"Contact",
					"links",
					1,
					when,
					link_doctype="Customer",
					link_name=name,
					link_title=customer_name,
				)
			)
		self.write("Customer", customers)
		self.write("Contact", contacts)
		self.write("Contact Email", emails)
		self.write("Dynamic Link", links)

	def items(self):
		shop, site, when = self.shop, self.site, self.shop.clock.start
		items, attributes = [], []

		def item(code: str, name: str, rate: float, template: str | None):
			items.append(
				document(
					code,
					when,
					item_code=code,
					item_name=name,
					description=name,
					item_group=site.item_group,
					stock_uom="Nos",
					is_stock_item=1,
					is_sales_item=1,
					has_variants=0 if template else 1,
					variant_of=template,
					variant_based_on="Item Attribute",
					standard_rate=rate,
				)
			)
			attributes.append(
				line(
					f"{code}-ATTR",
					code,
					"Item",
					"attributes",
					1,
					when,
					variant_of=template,
					attribute=site.size_attribute,
					attribute_value=code.rsplit("-", 1)[1] if template else None,
				)
			)
			self.item_names[code] = name

		for code, label, rate, *_rest in shop.new_items:
			item(code, f"{label} {code[-2:]}", rate, None)
			for size in SIZES:
				item(f"{code}-{size}", f"{label} {code[-2:]} {size}", rate, code)
		self.item_names.update(
			self.frappe.get_all(
				"Item", filters={"variant_of": ("like", "DEMO-%")}, fields=["name", "item_name"], as_list=True
			)
		)
		self.write("Item", items)
		self.write("Item Variant Attribute", attributes)

	def orders(self):
		shop, site = self.shop, self.site
		status = {0: "Draft", 2: "Cancelled"}
		orders, lines = [], []
		number = 0
		for order in shop.orders:
			at = order["at"]
			# drafted a few minutes before the submit; a cancelled order was cancelled within two days
			created = at - timedelta(minutes=shop.rng.uniform(0.5, 10))
			if order["docstatus"] == 2:
				modified = min(at + timedelta(hours=shop.rng.uniform(1, 48)), shop.end)
			else:
				modified = at
			delivery_date = (at + timedelta(days=4)).date()
			customer, customer_name, email = shop.customers[order["customer"]]
			rate, docstatus = order["rate"], order["docstatus"]
			delivered = docstatus == 1 and order["delivered_by"] is not None
			billed = docstatus == 1 and order["delivered_by"] == "Sales Invoice"
			order["lines_named"] = []
			for idx, (code, qty, price) in enumerate(order["lines"], 1):
				number += 1
				name = f"{PREFIX}SOI-{number:07d}"
				order["lines_named"].append((name, code, qty, price))
				lines.append(
					line(
						name,
						order["name"],
						"Sales Order",
						"items",
						idx,
						created,
						docstatus,
						item_code=code,
						item_name=self.item_names[code],
						item_group=site.item_group,
						**amounts(qty, price, rate),
						delivery_date=delivery_date,
						transaction_date=at.date(),
						warehouse=site.warehouse,
						delivered_qty=qty if delivered else 0,
						billed_amt=qty * price if billed else 0,
					)
				)
			row = document(
				order["name"],
				created,
				docstatus,
				# the app records the submit's moment since it was installed (older orders: creation)
				servicedesk_submitted_on=at if docstatus and shop.clock.day(at) >= INSTALLED else None,
				naming_series="SAL-ORD-.YYYY.-",
				title=customer_name,
				customer=customer,
				customer_name=customer_name,
				customer_group=site.group,
				territory=site.territory,
				order_type="Sales",
				transaction_date=at.date(),
				delivery_date=delivery_date,
				company=site.company,
				currency=order["currency"],
				conversion_rate=rate,
				selling_price_list="Standard Selling",
				price_list_currency=order["currency"],
				plc_conversion_rate=rate,
				party_account_currency=site.currency,
				contact_email=email,
				set_warehouse=site.warehouse,
				**totals(
					sum(q for _c, q, _p in order["lines"]), sum(q * p for _c, q, p in order["lines"]), rate
				),
				status=status.get(docstatus)
				or ("Completed" if billed else "To Bill" if delivered else "To Deliver and Bill"),
				delivery_status="Fully Delivered" if delivered else "Not Delivered",
				billing_status="Fully Billed" if billed else "Not Billed",
				per_delivered=100 if delivered else 0,
				per_billed=100 if billed else 0,
			)
			row["modified"] = modified
			orders.append(row)
		self.write("Sales Order", orders)
		self.write("Sales Order Item", lines)

	def head(self, name: str, doctype: str, at: datetime, order: dict, qty: float, total: float, **values):
		"""A submitted Delivery Note's or Sales Invoice's row."""
		site = self.site
		customer, customer_name, _email = self.shop.customers[order["customer"]]
		invoice = doctype == "Sales Invoice"
		extra = (
			{"update_stock": 1, "due_date": at.date(), "outstanding_amount": 0, "debit_to": site.receivable}
			if invoice
			else {"per_billed": 0, "per_returned": 0}
		)
		return document(
			name,
			at,
			1,
			naming_series="ACC-SINV-.YYYY.-" if invoice else "MAT-DN-.YYYY.-",
			title=customer_name,
			customer=customer,
			customer_name=customer_name,
			company=site.company,
			posting_date=at.date(),
			posting_time=at.time(),
			set_posting_time=1,
			currency=order["currency"],
			conversion_rate=order["rate"],
			selling_price_list="Standard Selling",
			price_list_currency=order["currency"],
			plc_conversion_rate=order["rate"],
			set_warehouse=site.warehouse,
			**totals(qty, total, order["rate"]),
			**values,
			**extra,
		)

	def item_line(self, name, parent, doctype, idx, at, code, qty, price, order, so_line, reason, returned):
		"""A Delivery Note's or Sales Invoice's item line, from the order's line `so_line`; a return's
		names the line it returns (`returned`)."""
		invoice = doctype == "Sales Invoice"
		values = {
			"item_code": code,
			"item_name": self.item_names[code],
			"item_group": self.site.item_group,
			**amounts(qty, price, order["rate"]),
			"warehouse": self.site.warehouse,
			"return_reason": reason,
			("sales_order" if invoice else "against_sales_order"): order["name"],
			"so_detail": so_line,
			("sales_invoice_item" if invoice else "dn_detail"): returned,
		}
		return line(name, parent, doctype, "items", idx, at, 1, **values)

	def deliveries(self):
		documents = {"Delivery Note": ([], []), "Sales Invoice": ([], [])}
		for delivery in self.shop.deliveries:
			order, at, doctype = delivery["order"], delivery["at"], delivery["doctype"]
			heads, lines = documents[doctype]
			delivery["lines_named"] = []
			for idx, (so_line, code, qty, price) in enumerate(order["lines_named"], 1):
				name = f"{delivery['name']}-{idx}"
				delivery["lines_named"].append(name)
				lines.append(
					self.item_line(
						name, delivery["name"], doctype, idx, at, code, qty, price, order, so_line, None, None
					)
				)
			heads.append(
				self.head(
					delivery["name"],
					doctype,
					at,
					order,
					sum(q for _c, q, _p in order["lines"]),
					sum(q * p for _c, q, p in order["lines"]),
					is_return=0,
					return_against=None,
					return_reason=None,
					status="Paid" if doctype == "Sales Invoice" else "To Bill",
				)
			)
		for doctype, (heads, lines) in documents.items():
			self.write(doctype, heads)
			self.write(f"{doctype} Item", lines)

	def returns(self):
		documents = {"Delivery Note": ([], []), "Sales Invoice": ([], [])}
		for back in self.shop.returns:
			delivery, at, doctype = back["delivery"], back["at"], back["doctype"]
			order = delivery["order"]
			so_line, code, qty, price = order["lines_named"][0]
			heads, lines = documents[doctype]
			lines.append(
				self.item_line(
					f"{back['name']}-1",
					back["name"],
					doctype,
					1,
					at,
					code,
					-qty,
					price,
					order,
					so_line,
					back["reason"],
					delivery["lines_named"][0],
				)
			)
			heads.append(
				self.head(
					back["name"],
					doctype,
					at,
					order,
					-qty,
					-qty * price,
					is_return=1,
					return_against=delivery["name"],
					return_reason=back["reason"],
					status="Return",
				)
			)
		for doctype, (heads, lines) in documents.items():
			self.write(doctype, heads)
			self.write(f"{doctype} Item", lines)

	def issues(self):
		shop, site, rng = self.shop, self.site, self.shop.rng
		rows, messages, todos = [], [], []
		fixed_on = (shop.clock.start + timedelta(days=FIXED_FROM)).date()
		for issue in shop.issues:
			opened, responded, resolved = issue["at"], issue["responded"], issue["resolved"]
			known = issue["customer"] is not None
			customer, customer_name, email = (
				shop.customers[issue["customer"]] if known else (None, None, None)
			)
			response_by = opened + timedelta(hours=4)
			resolution_by = opened + timedelta(hours=24)
			if resolved:
				status = "Closed" if (shop.end - opened).days > 7 and rng.random() < 0.8 else "Resolved"
				agreement = (
					"Fulfilled" if resolved <= resolution_by and responded <= response_by else "Failed"
				)
			elif responded:
				status = "Replied" if rng.random() < 0.5 else "Open"
				agreement = "Resolution Due" if shop.end < resolution_by else "Failed"
			else:
				status = "Open"
				agreement = "First Response Due" if shop.end < response_by else "Failed"
			subject = rng.choice(SUBJECTS[issue["category"]])
			first_response = (responded - opened).total_seconds() if responded else None
			resolution = (resolved - opened).total_seconds() if resolved else None
			sender = email or f"guest{rng.randrange(10**7)}@mail.example"
			# an agent fixed the cause of some quality complaints about the fixed templates
			template = shop.templates[shop.variants[issue["item"]][0]][0] if issue["item"] else None
			cause_fixed = (
				issue["category"] == "Quality or Defect"
				and template in shop.fixed_templates
				and resolved is not None
				and resolved.date() <= fixed_on
				and rng.random() < 0.3
			)
			for at, direction in issue["thread"]:
				sent = direction == "Sent"
				messages.append(
					document(
						f"{PREFIX}COM-{len(messages) + 1:07d}",
						at,
						owner=issue["agent"] if sent else "Guest",
						subject=f"Re: {subject}" if sent else subject,
						communication_medium="Email",
						communication_type="Communication",
						sender=issue["agent"] if sent else sender,
						sender_full_name=None if sent else customer_name,
						recipients=sender if sent else None,
						content=ANSWER if sent else f"<p>{subject}</p>",
						status="Linked",
						sent_or_received=direction,
						communication_date=at,
						reference_doctype="Issue",
						reference_name=issue["name"],
						user=issue["agent"] if sent else None,
						email_status="Open",
						delivery_status="Sent" if sent else None,
						seen=1,
						has_attachment=0,
					)
				)
			if issue["assigned"]:
				todo = document(
					f"{PREFIX}TD-{len(todos) + 1:07d}",
					issue["assigned"],
					status="Closed" if resolved else "Open",
					priority="Medium",
					date=issue["assigned"].date(),
					allocated_to=issue["agent"],
					description=f"<p>{subject}</p>",
					reference_type="Issue",
					reference_name=issue["name"],
					assigned_by="Administrator",
				)
				todo["modified"] = resolved or issue["assigned"]
				todos.append(todo)
			row = document(
				issue["name"],
				opened,
				naming_series="ISS-.YYYY.-",
				subject=subject,
				description=f"<p>{subject}</p>",
				customer=customer,
				customer_name=customer_name,
				contact=f"{PREFIX}CT-{issue['customer']:06d}" if known else None,
				raised_by=email or f"guest{rng.randrange(10**7)}@mail.example",
				status=status,
				priority="Medium",
				issue_type=issue["category"],
				company=site.company,
				feedback_source=weighted(rng, SOURCES),
				sales_order=issue["order"],
				item_code=issue["item"],
				support_team=issue["team"],
				# Frappe keeps the open assignments' users here; a resolved request's ToDo is closed
				_assign=json.dumps([issue["agent"]] if issue["assigned"] and not resolved else []),
				opening_date=opened.date(),
				opening_time=opened.time(),
				response_by=response_by,
				sla_resolution_by=resolution_by,
				agreement_status=agreement,
				first_responded_on=responded,
				first_response_time=first_response,
				avg_response_time=first_response,
				sla_resolution_date=resolved,
				resolution_time=resolution,
				user_resolution_time=resolution,
				resolved_on=resolved,
				resolved_by=issue["agent"] if resolved else None,
				escalated=1 if rng.random() < 0.04 else 0,
				csat_rating=rng.choice(RATINGS) if resolved and rng.random() < 0.3 else None,
				reopen_count=issue["reopened"],
				cause_fixed=1 if cause_fixed else 0,
				cause_fixed_on=fixed_on if cause_fixed else None,
			)
			row["modified"] = resolved or responded or opened
			rows.append(row)
		self.write("Issue", rows)
		self.write("Communication", messages)
		self.write("ToDo", todos)

	def resolutions(self):
		shop, rng = self.shop, self.shop.rng
		categories = [category for category, _weight in CATEGORIES]
		rows = []
		for resolution in shop.resolutions:
			kind = resolution["kind"]
			rows.append(
				document(
					resolution["name"],
					resolution["at"],
					owner="Guest",
					kind=kind,
					issue_type=None if kind == "Order Tracking" else rng.choice(categories),
					source=weighted(rng, SOURCES),
					language="ru",
					session_key=resolution["session"],
					sales_order=resolution["order"],
				)
			)
		self.write("Self Service Resolution", rows)

	def storefront(self):
		"""What the widget's orderPlaced reported: the Sales Order's name as its id (matched), or an
		id ERPNext does not know."""
		shop = self.shop
		rows = []
		for number, report in enumerate(shop.storefront, 1):
			order = report["order"]
			if order:
				value = sum(qty * price for _code, qty, price in order["lines"])
				currency, order_id = order["currency"], order["name"]
			else:
				value, currency, order_id = shop.rng.choice(RATES) * 2, shop.currency, f"WEB-{number:07d}"
			session = report["session"]
			at = report["at"] + timedelta(seconds=2)
			rows.append(
				document(
					f"{PREFIX}SF-{number:07d}",
					at,
					owner="Guest",
					order_id=order_id,
					value=value,
					currency=currency,
					reported_on=at,
					exit_feedback=report["exit"]["name"] if report["exit"] else None,
					session_hash=session["session"]
					if session
					else hashlib.sha256(report["exit"]["name"].encode()).hexdigest()[:32],
					sales_order=order["name"] if order else None,
				)
			)
		self.write("Storefront Order", rows)

	def fit_advice(self):
		"""The advised templates' Fit Advice (where the site has none) and how often it was shown each day
		since ADVICE_FROM, on product pages and in exit answers (Fit Advice Tally)."""
		shop, rng = self.shop, self.shop.rng
		first = shop.clock.start + timedelta(days=ADVICE_FROM)
		advice = [
			document(
				code,
				first,
				item=code,
				fit="Runs Small" if runs_small else "True to Size",
				share=65 if runs_small else 50,
				observations=60,
				updated_on=first,
			)
			for code, _label, _rate, _pop, _ret, runs_small in shop.templates[:ADVICE_TEMPLATES]
			if not self.frappe.db.exists("Fit Advice", code)
		]
		self.write("Fit Advice", advice)
		tallies = []
		for code, _label, _rate, popularity, _ret, _small in shop.templates[:ADVICE_TEMPLATES]:
			for day in range(ADVICE_FROM, DAYS):
				date = (shop.clock.start + timedelta(days=day)).date()
				for channel, shown in (
					("Product Page", int(popularity * rng.uniform(20, 60))),
					("Exit Answer", rng.randint(0, 8)),
				):
					if shown:
						tallies.append(
							document(
								f"{PREFIX}FAT-{len(tallies) + 1:07d}",
								shop.clock.start + timedelta(days=day + 1),
								date=date,
								template=code,
								channel=channel,
								shown=shown,
							)
						)
		self.write("Fit Advice Tally", tallies)

	def exits(self):
		shop, rng = self.shop, self.shop.rng
		rows = []
		for feedback in shop.exits:
			lines = [shop.pick_line() for _ in range(rng.choices([1, 2, 3, 4], weights=[45, 30, 15, 10])[0])]
			email = None
			if feedback["customer"] is not None:
				email = shop.customers[feedback["customer"]][2]
			elif feedback["email"]:
				email = f"visitor{rng.randrange(10**7)}@mail.example"
			rows.append(
				document(
					feedback["name"],
					feedback["at"],
					owner="Guest",
					exit_reason=weighted(rng, EXIT_REASONS),
					page=rng.choice(["Cart", "Checkout"]),
					trigger=rng.choice(["Leave Window", "Page Hidden", "Item Removed"]),
					cart_value=sum(qty * price for _code, qty, price in lines),
					currency=shop.currency,
					item_codes=",".join(code for code, _qty, _price in lines),
					item_count=len(lines),
					email=email,
					session_key=f"sdimp-session-{feedback['name'][-7:]}",
					went_back_to_cart=1 if rng.random() < 0.12 else 0,
				)
			)
		self.write("Exit Feedback", rows)


def drop(frappe):
	"""Every row the script wrote (named SDIMP-…), and the marker."""
	for doctype in TABLES:
		start = time.perf_counter()
		frappe.db.sql(f"delete from `tab{doctype}` where name like %s", (f"{PREFIX}%",))
		frappe.db.commit()
		print(f"  dropped {doctype} in {time.perf_counter() - start:.1f} s")
	frappe.db.set_default(MARKER, None)
	frappe.db.commit()


class Site(NamedTuple):
	company: str
	currency: str
	warehouse: str
	demo: dict  # (template, size) -> variant: the demo catalogue
	catalogue: list  # (template, name, rate)
	size_attribute: str
	agents: dict  # team -> [user]
	group: str
	territory: str
	item_group: str
	receivable: str
	now: datetime  # in the site's time zone, as Frappe stores every moment


def prepare(frappe) -> Site:
	"""What the data needs that the ORM makes: defaults, the company, the demo catalogue, the teams."""
	# the bench's apps, once import_frappe() has set up frappe (common.py)
	from frappe.utils import now_datetime

	from servicedesk_shop.setup.records import make_default_records
	from servicedesk_shop.testing import ensure_company, leaf, make_agent, make_catalogue
	from servicedesk_shop.testing.desk import ensure_priorities, make_team
	from servicedesk_shop.testing.shop import CATALOGUE, SIZE_ATTRIBUTE, default_warehouse

	make_default_records()
	ensure_priorities()
	company = ensure_company()
	demo = make_catalogue()
	agents = {}
	for number, team in enumerate(TEAMS):
		members = [
			make_agent(f"agent{number * AGENTS_PER_TEAM + i + 1}@bench-impact.example")
			for i in range(AGENTS_PER_TEAM)
		]
		manager = make_agent(
			f"lead{number + 1}@bench-impact.example", roles=("Support Team", "Support Manager")
		)
		if not frappe.db.exists("Service Desk Team", team):
			make_team(team, manager, members)
		agents[team] = members
	frappe.db.commit()
	return Site(
		company,
		frappe.get_cached_value("Company", company, "default_currency"),
		default_warehouse(company),
		demo,
		CATALOGUE,
		SIZE_ATTRIBUTE,
		agents,
		leaf("Customer Group", "Individual"),
		leaf("Territory", "Russian Federation"),
		leaf("Item Group", "Products"),
		frappe.get_cached_value("Company", company, "default_receivable_account"),
		now_datetime(),
	)


def command_line() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", default="bench-impact.localhost")
	for name, default in SIZES_DEFAULT.items():
		parser.add_argument(f"--{name}", type=int, default=default)
	parser.add_argument("--drop", action="store_true", help="only drop the data")
	return parser.parse_args()


SIZES_DEFAULT = {
	"customers": 60_000,
	"orders": 200_000,
	"issues": 100_000,
	"returns": 50_000,
	"exits": 200_000,
	"resolutions": 40_000,
	"seed": 23,
}


def main():
	args = command_line()
	frappe = import_frappe()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		sizes = json.dumps({name: getattr(args, name) for name in SIZES_DEFAULT}, sort_keys=True)
		made = frappe.db.get_default(MARKER)
		if args.drop:
			drop(frappe)
			return
		if made == sizes:
			print(f"{args.site} has the impact data already ({made}); --drop to remove it")
			return
		started = time.perf_counter()
		if made or frappe.db.exists("Sales Order", f"{PREFIX}SO-0000001"):
			print("dropping the data of an earlier run")
			drop(frappe)
		shop = Shop(args, prepare(frappe))
		shop.plan()
		Writer(frappe, shop).all()
		frappe.db.set_default(MARKER, sizes)
		frappe.db.commit()
		print(f"{args.site}: the impact data made in {time.perf_counter() - started:.0f} s")
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
