"""Insight benchmark: the three reports with 100,000 Issues, 50,000 returns and 200,000 exit feedbacks,
the fit advice API, the fit advice job, and an exit feedback's cost beside an intake's.

    ~/frappe-bench/env/bin/python benchmarks/insight_benchmark.py --site bench.localhost

In one transaction that is rolled back: 100,000 Issues over 90 days (sources, categories, teams, SLA
deadlines met and missed, escalations, ratings; a fifth are size or quality complaints about the demo
items, from 20,000 customers who each ordered one variant, most about what they bought), 50,000 returns
(Delivery Notes with a line and a reason) beside 50,000 deliveries, and 200,000 Exit Feedback,
bulk-inserted. Then, each `--repeat` times after a warm-up (median and worst):
- each report's `execute` over the last 90 days (Service Desk Overview by source and by week; Complaints
  and Returns by Item, Size and Reason; Exit Reasons by reason and by week and reason);
- `get_fit_advice` of a variant, warm (what a product page asks);
- the fit advice job on all of it (the first run), then after one more complaint (the incremental run);
- `record_exit_feedback` beside the intake's `submit`, each as a guest (rolled back per call).
"""

import os
import random
import statistics
import time

from common import command_line, rolled_back_site, timed

ITEM_COLUMNS = ["name", "parent", "parenttype", "parentfield", "item_code", "qty", "creation", "modified"]


def insert_items(frappe, doctype: str, lines: list[tuple], when):
	"""Bulk-inserts the item rows of bulk-inserted `doctype` documents, each (name, parent, item_code, qty)."""
	frappe.db.bulk_insert(
		f"{doctype} Item",
		ITEM_COLUMNS,
		[
			(name, parent, doctype, "items", item_code, qty, when, when)
			for name, parent, item_code, qty in lines
		],
		chunk_size=5000,
	)


def main():
	args = command_line(
		__doc__,
		site="bench.localhost",
		issues=100_000,
		customers=20_000,
		returns=50_000,
		exits=200_000,
		repeat=5,
	)

	rng = random.Random(7)
	with rolled_back_site(args.site, report_rollback=True) as frappe:
		from frappe.utils import add_days, add_to_date, getdate, now_datetime, nowdate

		from servicedesk_shop.insight import exit_feedback, fit_advice
		from servicedesk_shop.setup.install import make_default_records
		from servicedesk_shop.testing import ensure_company, leaf, make_catalogue

		make_default_records()
		company = ensure_company()
		items = make_catalogue()
		variants = list(items.values())
		now = now_datetime()
		sources = frappe.get_all("Feedback Source", pluck="name")
		categories = frappe.get_all("Issue Type", pluck="name")
		teams = frappe.get_all("Service Desk Team", pluck="name") or [None]
		reasons = frappe.get_all("Exit Reason", pluck="name")
		return_reasons = ["Size too small", "Size too big", "Quality or defect", "Changed mind", "Fit"]

		started = time.perf_counter()
		# the shop's customers, each with a submitted order of one variant 100 days ago: a size complaint
		# counts as fit evidence only from a buyer of the item (or once an agent resolved it)
		buyers, bought = [], {}
		group, territory = (
			leaf("Customer Group", "Individual"),
			leaf("Territory", "Russian Federation"),
		)
		orders, order_lines = [], []
		ordered = add_days(nowdate(), -100)
		for i in range(args.customers):
			name = f"SDINS-C-{i:06d}"
			buyers.append(
				(name, name, "Individual", group, territory, now, now, "Administrator", "Administrator")
			)
			bought[name] = rng.choice(variants)
			orders.append((f"SDINS-SO-{i:06d}", name, company, ordered, ordered, 1, ordered, ordered))
			order_lines.append((f"SDINS-SOI-{i:06d}", f"SDINS-SO-{i:06d}", bought[name], 1))
		frappe.db.bulk_insert(
			"Customer",
			[
				"name",
				"customer_name",
				"customer_type",
				"customer_group",
				"territory",
				"creation",
				"modified",
				"owner",
				"modified_by",
			],
			buyers,
			chunk_size=5000,
		)
		frappe.db.bulk_insert(
			"Sales Order",
			[
				"name",
				"customer",
				"company",
				"transaction_date",
				"delivery_date",
				"docstatus",
				"creation",
				"modified",
			],
			orders,
			chunk_size=5000,
		)
		insert_items(frappe, "Sales Order", order_lines, now)
		customers = list(bought)
		rows = []
		for i in range(args.issues):
			opened = add_to_date(now, days=-rng.randint(0, 89), hours=-rng.randint(0, 23))
			response_by = add_to_date(opened, hours=4)
			responded = add_to_date(opened, hours=rng.choice([1, 2, 3, 5, 8])) if rng.random() < 0.9 else None
			resolution_by = add_to_date(opened, days=1)
			resolved = add_to_date(opened, hours=rng.choice([6, 20, 30])) if rng.random() < 0.7 else None
			complaint = rng.random() < 0.2
			who = rng.choice(customers)
			# most complain about what they bought; some about what they never did (no evidence)
			item = (bought[who] if rng.random() < 0.8 else rng.choice(variants)) if complaint else None
			rows.append(
				(
					f"SDINS-{i:06d}",
					"Size" if complaint else f"Request {i}",
					"маломерит" if complaint and rng.random() < 0.6 else "",
					"Open" if resolved is None else "Resolved",
					rng.choice(["Size and Fit", "Quality or Defect"])
					if complaint
					else rng.choice(categories),
					rng.choice(sources),
					rng.choice(teams),
					item,
					who,
					getdate(opened),
					response_by,
					responded,
					(responded - opened).total_seconds() if responded else None,
					resolution_by,
					resolved,
					1 if rng.random() < 0.05 else 0,
					rng.choice([0.2, 0.4, 0.6, 0.8, 1.0]) if resolved and rng.random() < 0.3 else None,
					opened,
					opened,
					"Administrator",
					"Administrator",
				)
			)
		frappe.db.bulk_insert(
			"Issue",
			[
				"name",
				"subject",
				"description",
				"status",
				"issue_type",
				"feedback_source",
				"support_team",
				"item_code",
				"customer",
				"opening_date",
				"response_by",
				"first_responded_on",
				"first_response_time",
				"sla_resolution_by",
				"sla_resolution_date",
				"escalated",
				"csat_rating",
				"creation",
				"modified",
				"owner",
				"modified_by",
			],
			rows,
			chunk_size=5000,
		)
		notes, lines = [], []
		for i in range(args.returns * 2):
			is_return = i % 2
			posted = add_days(nowdate(), -rng.randint(0, 89))
			name = f"SDINS-DN-{i:06d}"
			notes.append(
				(
					name,
					rng.choice(customers),
					company,
					posted,
					is_return,
					1,
					rng.choice(return_reasons) if is_return else None,
					posted,
					posted,
					"Administrator",
					"Administrator",
				)
			)
			lines.append(
				(f"SDINS-DNI-{i:06d}", name, rng.choice(variants), -1 if is_return else rng.randint(1, 3))
			)
		frappe.db.bulk_insert(
			"Delivery Note",
			[
				"name",
				"customer",
				"company",
				"posting_date",
				"is_return",
				"docstatus",
				"return_reason",
				"creation",
				"modified",
				"owner",
				"modified_by",
			],
			notes,
			chunk_size=5000,
		)
		insert_items(frappe, "Delivery Note", lines, now)
		exits = []
		for i in range(args.exits):
			when = add_to_date(now, days=-rng.randint(0, 89), minutes=-rng.randint(0, 1439))
			exits.append(
				(
					f"SDINS-EX-{i:07d}",
					rng.choice(reasons),
					rng.choice(["Cart", "Checkout"]),
					rng.randint(0, 30_000),
					f"bench-exit-session-{i:07d}",
					when,
					when,
					"Guest",
					"Guest",
				)
			)
		frappe.db.bulk_insert(
			"Exit Feedback",
			[
				"name",
				"exit_reason",
				"page",
				"cart_value",
				"session_key",
				"creation",
				"modified",
				"owner",
				"modified_by",
			],
			exits,
			chunk_size=10_000,
		)
		print(
			f"{args.site}: inserted {args.issues:,} Issues, {args.returns:,} returns beside {args.returns:,} "
			f"deliveries, {args.exits:,} Exit Feedback in {time.perf_counter() - started:.1f} s; in the tables: "
			f"{frappe.db.count('Issue'):,} Issues, {frappe.db.count('Delivery Note', {'is_return': 1}):,} returns, "
			f"{frappe.db.count('Exit Feedback'):,} Exit Feedback"
		)

		period = {"from_date": add_days(nowdate(), -89), "to_date": nowdate()}
		reports = [
			(
				"Service Desk Overview by source",
				"service_desk_overview.service_desk_overview",
				{"group_by": "Source"},
			),
			(
				"Service Desk Overview by week",
				"service_desk_overview.service_desk_overview",
				{"group_by": "Week"},
			),
			(
				"Complaints and Returns by Item, Size and Reason",
				"complaints_and_returns_by_item,_size_and_reason.complaints_and_returns_by_item,_size_and_reason",
				{},
			),
			("Exit Reasons by reason", "exit_reasons.exit_reasons", {"group_by": "Reason"}),
			("Exit Reasons by week and reason", "exit_reasons.exit_reasons", {"group_by": "Week and Reason"}),
		]
		if os.environ.get("SD_PROFILE"):
			import cProfile
			import pstats

			execute = frappe.get_attr(f"servicedesk_shop.insight.report.{reports[2][1]}.execute")
			cProfile.runctx(
				"execute(period)", globals(), {"execute": execute, "period": period}, "/tmp/sd.prof"
			)
			pstats.Stats("/tmp/sd.prof").sort_stats("cumulative").print_stats(18)
		for label, module, filters in reports:
			execute = frappe.get_attr(f"servicedesk_shop.insight.report.{module}.execute")
			t = timed(lambda e=execute, f=filters: e({**period, **f}), args.repeat, warmup=1)
			print(
				f"  {label}: {len(t.result[1])} rows, median {t.median_ms / 1000:.3f} s, worst {t.max_ms / 1000:.3f} s"
			)

		# the fit advice job: everything once, then one more complaint
		for key in fit_advice.WATERMARK.values():
			frappe.db.set_default(key, "2000-01-01")
		start = time.perf_counter()
		touched = fit_advice.update_fit_advice()
		first = time.perf_counter() - start
		frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": "маломерит",
				"raised_by": "bench@example.net",
				"issue_type": "Size and Fit",
				"item_code": variants[0],
			}
		).insert(ignore_permissions=True)
		start = time.perf_counter()
		fit_advice.update_fit_advice()
		incremental = time.perf_counter() - start
		observations = frappe.db.count("Fit Observation")
		print(
			f"  fit advice job: first run over all of it {first:.1f} s ({observations:,} observations, "
			f"{len(touched)} templates), the next run after one complaint {incremental * 1000:.0f} ms"
		)

		from servicedesk_shop import api

		frappe.set_user("Guest")
		t = timed(lambda: api.get_fit_advice(variants[rng.randrange(len(variants))]), 2000, warmup=1)
		print(
			f"  get_fit_advice (warm, {len(variants)} variants): median {t.median_ms:.3f} ms, "
			f"p95 {t.p95_ms:.3f} ms, max {t.max_ms:.2f} ms (e.g. {t.result['template']}: {t.result['fit']})"
		)

		# an exit feedback beside an intake, each as a guest, each rolled back to a savepoint
		from servicedesk_shop.intake.service import submit

		def one(fn):
			frappe.db.savepoint("sd_bench")
			start = time.perf_counter()
			fn()
			elapsed = time.perf_counter() - start
			frappe.db.rollback(save_point="sd_bench")
			return elapsed

		intake_times, exit_times = [], []
		for i in range(200):
			intake_times.append(
				one(
					lambda i=i: submit(
						{
							"source": "Cart",
							"email": f"bench{i}@example.net",
							"message": "Не проходит оплата картой",
						}
					)
				)
			)
			exit_times.append(
				one(
					lambda i=i: exit_feedback.record_exit_feedback(
						{
							"reason": "The price",
							"session_key": f"bench-cost-session-{i:06d}",
							"items": "A,B",
							"cart_value": 100,
						}
					)
				)
			)
		print(
			f"  one request through the intake: median {statistics.median(intake_times) * 1000:.2f} ms; "
			f"one exit feedback: median {statistics.median(exit_times) * 1000:.2f} ms"
		)


if __name__ == "__main__":
	main()
