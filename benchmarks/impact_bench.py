"""Impact benchmark: the Service Desk Impact report, the jobs that keep its figures, and what the Sales
Order hook adds to a submit, on a site with a shop's two years (benchmarks/impact_data.py).

    ~/frappe-bench/env/bin/python benchmarks/impact_data.py --site bench-impact.localhost
    ~/frappe-bench/env/bin/python benchmarks/impact_bench.py --site bench-impact.localhost --port 8107

Each part can be run alone (`--only build|report|incremental|hook`):
- build: the first fill of a site that never ran the jobs (the conversions and months dropped first):
  `attribute_orders` over every order, then `count_all_months`. Committed: the figures stay for the
  next parts.
- report: the report's `execute` in process over 12 and 24 months, cold (the first call after Frappe's
  cache is cleared) and warm (the median of `--repeat` calls), and over HTTP (`bench serve` on `--port`,
  `/api/method/frappe.desk.query_report.run` as Administrator, the median of `--repeat` requests).
- incremental: 1,000 new submitted orders (bulk-inserted, most of them within the window after a
  recent answer, as a day of a busy shop), then the attribution job and the months job, each timed;
  then the orders are dropped and the jobs run again, so the site is as it was.
- hook: `--submits` Sales Orders submitted with the app's Sales Order hooks and as many without them
  (`frappe.local.doc_events_hooks` without the app's entries), alternately, in one transaction that is
  rolled back; each submit timed with what it leaves to run after the commit (the job's enqueue), and
  the app's handlers and ERPNext's own `*` validate hook (the SLA's `apply`) timed inside it.
"""

import argparse
import json
import statistics
import time
from datetime import timedelta
from http.client import HTTPConnection
from urllib.parse import urlencode

from common import frappe_command, import_frappe, start_server

PARTS = ("build", "report", "incremental", "hook")
APP_HOOKS = {
	"before_submit": "servicedesk_shop.overrides.sales_order.before_submit",
	"on_submit": "servicedesk_shop.overrides.sales_order.on_submit",
}
SLA_APPLY = "erpnext.support.doctype.service_level_agreement.service_level_agreement.apply"


def command_line() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", default="bench-impact.localhost")
	parser.add_argument("--port", type=int, default=8107)
	parser.add_argument("--repeat", type=int, default=7)
	parser.add_argument("--submits", type=int, default=200)
	parser.add_argument("--new-orders", type=int, default=1000)
	parser.add_argument("--only", choices=PARTS, action="append")
	parser.add_argument("--password", default="admin", help="Administrator's password (for HTTP)")
	return parser.parse_args()


def ms(seconds: float) -> str:
	return f"{seconds * 1000:.2f} ms"


def median_ms(values) -> float:
	return statistics.median(values) * 1000


# --- hook -----------------------------------------------------------------------------------------------


class Stopwatch:
	"""Wraps a module's function: the time spent in it, added up until `take()`. What it leaves for
	after the commit (`frappe.db.after_commit`) is wrapped too, and timed apart (`take_after()`)."""

	def __init__(self, frappe, module, name: str):
		self.module, self.name = module, name
		self.spent = self.after = 0.0
		self.original = getattr(module, name)

		def timed_after(callback):
			def run():
				start = time.perf_counter()
				try:
					return callback()
				finally:
					self.after += time.perf_counter() - start

			return run

		def timed(*args, **kwargs):
			queued = len(frappe.db.after_commit._functions)
			start = time.perf_counter()
			try:
				return self.original(*args, **kwargs)
			finally:
				self.spent += time.perf_counter() - start
				pending = frappe.db.after_commit._functions
				for i in range(queued, len(pending)):
					pending[i] = timed_after(pending[i])

		setattr(module, name, timed)

	def take(self) -> tuple[float, float]:
		found = (self.spent, self.after)
		self.spent = self.after = 0.0
		return found

	def restore(self):
		setattr(self.module, self.name, self.original)


def p95(values) -> float:
	return sorted(values)[int(0.95 * (len(values) - 1))] * 1000


def measure_hook(frappe, args):
	"""Submits with and without the app's Sales Order hooks, alternately, rolled back."""
	# the bench's apps, once import_frappe() has set up frappe (common.py)
	import erpnext.support.doctype.service_level_agreement.service_level_agreement as sla
	from erpnext.selling.doctype.sales_order.sales_order import SalesOrder

	from servicedesk_shop.overrides import sales_order as overrides
	from servicedesk_shop.testing import make_sales_order

	frappe.db.rollback()
	customer = frappe.db.get_value("Customer", {"name": ("like", "SDIMP-C-%")}, "name", order_by="name")
	item = frappe.db.get_value("Item", {"variant_of": "DEMO-WRAP-DRESS"}, "name", order_by="name")
	with_app = frappe.get_doc_hooks()
	without_app = json.loads(json.dumps(with_app))
	for event, handler in APP_HOOKS.items():
		assert handler in with_app["Sales Order"][event], f"the app's {event} hook is not in hooks.py"
		without_app["Sales Order"][event] = [h for h in without_app["Sales Order"][event] if h != handler]
	watches = {
		"before_submit": Stopwatch(frappe, overrides, "before_submit"),
		"on_submit": Stopwatch(frappe, overrides, "on_submit"),
		"sla": Stopwatch(frappe, sla, "apply"),
		"erpnext_on_submit": Stopwatch(frappe, SalesOrder, "on_submit"),
		"erpnext_reserved": Stopwatch(frappe, SalesOrder, "update_reserved_qty"),
	}
	warmup = 20
	runs = {
		hooked: {"wall": [], "cpu": [], "app": [], "sla": [], "erpnext_on_submit": [], "erpnext_reserved": []}
		for hooked in (True, False)
	}
	frappe.db.savepoint("impact_bench_hook")
	try:
		drafts = [
			make_sales_order(customer, item, rate=4990, submit=False).sales_order
			for _ in range(args.submits * 2 + warmup)
		]
		for i, name in enumerate(drafts):
			hooked = i % 2 == 0
			doc = frappe.get_doc("Sales Order", name)
			frappe.local.doc_events_hooks = with_app if hooked else without_app
			for watch in watches.values():
				watch.take()
			start, cpu = time.perf_counter(), time.thread_time()
			doc.submit()
			frappe.db.after_commit.run()  # what the commit runs: the job's enqueue among the rest
			wall, cpu = time.perf_counter() - start, time.thread_time() - cpu
			if i < warmup:
				continue
			run = runs[hooked]
			run["wall"].append(wall)
			run["cpu"].append(cpu)
			run["app"].append(sum(sum(watches[k].take()) for k in ("before_submit", "on_submit")))
			for key in ("sla", "erpnext_on_submit", "erpnext_reserved"):
				run[key].append(sum(watches[key].take()))
	finally:
		frappe.local.doc_events_hooks = with_app
		for watch in watches.values():
			watch.restore()
		frappe.db.rollback(save_point="impact_bench_hook")
		frappe.db.rollback()
	plain, hooked = runs[False], runs[True]
	print(
		f"hook: {args.submits} submits each way, alternately, after {warmup} untimed (with what the commit runs)"
	)
	for label, key in (("wall clock", "wall"), ("CPU of this process", "cpu")):
		a, b = median_ms(plain[key]), median_ms(hooked[key])
		# each hooked submit beside the plain one after it: the machine's load changes slowly
		paired = median_ms([h - p for h, p in zip(hooked[key], plain[key], strict=True)])
		print(
			f"  {label}: plain submit median {a:.2f} ms, with the app's hooks {b:.2f} ms ({b - a:+.2f} ms); "
			f"median of the paired differences {paired:+.2f} ms"
		)
	print(
		f"  the app's handlers themselves, with the enqueue they leave for the commit: median "
		f"{median_ms(hooked['app']):.3f} ms, p95 {p95(hooked['app']):.3f} ms, max {max(hooked['app']) * 1000:.2f} ms"
	)
	print(
		f"  ERPNext's own work in the same plain submits: its '*' validate hook (the SLA's apply) median "
		f"{median_ms(plain['sla']):.3f} ms; SalesOrder.on_submit median {median_ms(plain['erpnext_on_submit']):.2f} ms, "
		f"of which update_reserved_qty {median_ms(plain['erpnext_reserved']):.2f} ms"
	)


# --- build ----------------------------------------------------------------------------------------------


def timed_call(fn, *args):
	start = time.perf_counter()
	result = fn(*args)
	return time.perf_counter() - start, result


def build(frappe):
	"""The jobs' first fill, as on a site that never ran them: conversions and months dropped first."""
	# the bench's apps, once import_frappe() has set up frappe (common.py)
	from servicedesk_shop.impact import conversions, months, returns_avoided

	for doctype in ("Service Desk Conversion", months.DOCTYPE, "Return Rate Change"):
		frappe.db.delete(doctype)
	for key in (*conversions.WATERMARKS.values(), *months.WATERMARKS.values()):
		frappe.db.set_default(key, None)
	frappe.db.commit()
	spent, read = timed_call(conversions.attribute_orders)
	saved = frappe.db.count("Service Desk Conversion")
	print(f"build: attribute_orders over every order: {spent:.1f} s ({read:,} orders read, {saved:,} saved)")
	spent, counted = timed_call(months.count_all_months)
	print(f"build: count_all_months: {spent:.1f} s ({len(counted)} months)")
	spent, changes = timed_call(returns_avoided.update_changes)
	frappe.db.commit()
	print(f"build: returns_avoided.update_changes: {spent:.1f} s ({changes} changes)")


# --- report ---------------------------------------------------------------------------------------------


def report_filters(months_back: int, view: str) -> dict:
	# the bench's apps, once import_frappe() has set up frappe (common.py)
	from frappe.utils import add_months, nowdate

	return {"from_date": add_months(nowdate(), -(months_back - 1)), "to_date": nowdate(), "view": view}


VIEWS = [
	(12, "By Month"),
	(24, "By Month"),
	(12, "By Team"),
	(24, "By Agent"),
	(24, "By Exit Reason"),
	(12, "Returns Avoided"),
]


def measure_report(frappe, args):
	"""The report's execute in process, cold and warm, then over HTTP."""
	# the bench's apps, once import_frappe() has set up frappe (common.py)
	from servicedesk_shop.impact.report.service_desk_impact.service_desk_impact import execute

	print(
		f"report in process (cold: the first call after frappe.clear_cache(); warm: median of {args.repeat})"
	)
	for months_back, view in VIEWS:
		filters = report_filters(months_back, view)
		frappe.clear_cache()
		cold, result = timed_call(execute, filters)
		warm = [timed_call(execute, filters)[0] for _ in range(args.repeat)]
		print(
			f"  {view}, {months_back} months: {len(result[1])} rows, cold {cold:.3f} s, "
			f"warm median {statistics.median(warm):.3f} s, worst {max(warm):.3f} s"
		)
	# the bench's apps, once import_frappe() has set up frappe (common.py)
	from servicedesk_shop.impact import cards

	for name in sorted(n for n in dir(cards) if n.endswith("_card")):
		fn = getattr(cards, name)
		cold = timed_call(fn)[0]
		warm = [timed_call(fn)[0] for _ in range(args.repeat)]
		print(f"  workspace card {name}: cold {cold * 1000:.0f} ms, warm median {median_ms(warm):.0f} ms")
	# before the months job ever ran (a new install): the report counts each missing month itself
	from servicedesk_shop.impact.months import DOCTYPE

	frappe.db.savepoint("impact_bench_report")
	frappe.db.delete(DOCTYPE)
	spent, result = timed_call(execute, report_filters(12, "By Month"))
	frappe.db.rollback(save_point="impact_bench_report")
	print(f"  By Month, 12 months, no month counted by the job yet: {len(result[1])} rows, {spent:.3f} s")
	measure_report_http(frappe, args)


def measure_report_http(frappe, args):
	command = frappe_command("--site", args.site, "serve", "--port", str(args.port), "--noreload")
	server = start_server(command, args.port, args.site)
	try:
		connection = HTTPConnection("127.0.0.1", args.port, timeout=120)
		headers = {"Host": args.site, "Content-Type": "application/x-www-form-urlencoded"}
		connection.request(
			"POST", "/api/method/login", urlencode({"usr": "Administrator", "pwd": args.password}), headers
		)
		response = connection.getresponse()
		response.read()
		cookie = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
		headers["Cookie"] = cookie
		print(
			f"report over HTTP (a fresh bench serve on port {args.port}: the first request, then {args.repeat} more)"
		)
		for months_back, view in VIEWS:
			query = urlencode(
				{
					"report_name": "Service Desk Impact",
					"filters": json.dumps(report_filters(months_back, view)),
				}
			)
			times = []
			for _ in range(args.repeat + 1):
				start = time.perf_counter()
				connection.request(
					"GET", f"/api/method/frappe.desk.query_report.run?{query}", headers=headers
				)
				response = connection.getresponse()
				body = response.read()
				if response.status != 200:
					raise RuntimeError(f"{response.status}: {body[:300]}")
				times.append(time.perf_counter() - start)
			rows = len(json.loads(body)["message"]["result"])
			print(
				f"  {view}, {months_back} months: {rows} rows, first {times[0]:.3f} s, then median "
				f"{statistics.median(times[1:]):.3f} s, worst {max(times[1:]):.3f} s"
			)
	finally:
		server.terminate()
		server.wait(timeout=30)


# --- incremental ----------------------------------------------------------------------------------------


def incremental(frappe, args):
	"""New orders, then each job's next run (what it reads grows with them, not with the history);
	then the orders dropped and the jobs run again."""
	# the bench's apps, once import_frappe() has set up frappe (common.py)
	from frappe.utils import now_datetime

	from servicedesk_shop.impact import conversions, months

	frappe.db.commit()
	now = now_datetime()
	customers = frappe.db.sql(
		"""select customer, first_responded_on from `tabIssue`
		where first_responded_on between %s and %s and customer like 'SDIMP-C-%%'
		order by first_responded_on desc limit %s""",
		(now - timedelta(days=3), now, args.new_orders),
	)
	template = frappe.get_all(
		"Sales Order",
		filters={"docstatus": 1, "name": ("like", "SDIMP-SO-%")},
		fields=["name"],
		order_by="name desc",
		limit=1,
		pluck="name",
	)[0]
	names = [f"SDIMP-NEW-{i:05d}" for i in range(args.new_orders)]
	drop_new_orders(frappe, names)
	order_columns = frappe.db.get_table_columns("Sales Order")
	line_columns = frappe.db.get_table_columns("Sales Order Item")
	copy = frappe.db.sql("select * from `tabSales Order` where name = %s", template, as_dict=True)[0]
	line = frappe.db.sql(
		"select * from `tabSales Order Item` where parent = %s limit 1", template, as_dict=True
	)[0]
	anyone = frappe.get_all(
		"Customer",
		filters={"name": ("like", "SDIMP-C-%")},
		fields=["name", "email_id"],
		limit=5000,
		as_list=True,
	)
	emails = dict(anyone)
	answered = [customer for customer, _answered_on in customers]
	emails.update(
		frappe.get_all(
			"Customer", filters={"name": ("in", answered or [""])}, fields=["name", "email_id"], as_list=True
		)
	)
	orders, lines = [], []
	for i, name in enumerate(names):
		# four in five after a recent answer to the customer, within the window; the rest anyone's
		customer = answered[i % len(answered)] if answered and i % 5 else anyone[(i * 7919) % len(anyone)][0]
		moment = now - timedelta(milliseconds=10 * (args.new_orders - i))  # as they come, 10 ms apart
		orders.append(
			{
				**copy,
				"name": name,
				"customer": customer,
				"contact_email": emails.get(customer),
				"creation": moment,
				"modified": moment,
				"servicedesk_submitted_on": moment,
				"transaction_date": moment.date(),
			}
		)
		lines.append({**line, "name": f"{name}-1", "parent": name, "creation": moment, "modified": moment})
	insert_rows(frappe, "Sales Order", order_columns, orders)
	insert_rows(frappe, "Sales Order Item", line_columns, lines)
	frappe.db.commit()
	spent, read = timed_call(conversions.attribute_orders)
	saved = frappe.db.count("Service Desk Conversion", {"sales_order": ("like", "SDIMP-NEW-%")})
	print(
		f"incremental: {len(names):,} new orders: attribute_orders {spent:.2f} s ({read:,} read, {saved:,} saved)"
	)
	spent, counted = timed_call(months.update_months)
	print(f"incremental: update_months {spent:.2f} s ({', '.join(counted)})")
	spent, read = timed_call(conversions.attribute_orders)
	print(f"incremental: attribute_orders with nothing new: {spent * 1000:.0f} ms ({read} read)")
	spent, counted = timed_call(months.update_months)
	print(f"incremental: update_months with nothing new: {spent:.2f} s ({', '.join(counted)})")
	drop_new_orders(frappe, names)
	months.mark_stale({str(now.date())[:7]})
	frappe.db.commit()
	months.update_months()
	frappe.db.commit()


def insert_rows(frappe, doctype, columns, rows):
	query = "insert into `tab{}` ({}) values ({})".format(
		doctype, ", ".join(f"`{c}`" for c in columns), ", ".join(["%s"] * len(columns))
	)
	frappe.db._cursor.executemany(query, [tuple(row.get(c) for c in columns) for row in rows])


def drop_new_orders(frappe, names):
	frappe.db.delete("Service Desk Conversion", {"sales_order": ("in", names)})
	frappe.db.delete("Sales Order Item", {"parent": ("in", names)})
	frappe.db.delete("Sales Order", {"name": ("in", names)})
	frappe.db.commit()


def main():
	args = command_line()
	parts = args.only or PARTS
	frappe = import_frappe()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		if "build" in parts:
			build(frappe)
		if "report" in parts:
			measure_report(frappe, args)
		if "incremental" in parts:
			incremental(frappe, args)
		if "hook" in parts:
			measure_hook(frappe, args)
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
