"""Intake benchmark: servicedesk_shop.api.submit_feedback (with order linking) against a plain ERPNext
Issue insert over REST, on the same site, in the same run, served by gunicorn as production serves it.

Run with the bench's Python (README, "Benchmarks"):

    ~/frappe-bench/env/bin/python benchmarks/intake_benchmark.py --site shop.localhost

It prepares an API user and a customer with a submitted order (demo data), starts gunicorn on a free
local port, warms up, then sends the two kinds of request in alternating rounds from `--concurrency`
client threads and reports median, p95 and throughput of each. Nothing is tuned for it: the intake runs
exactly as in production; only the logged-in user's rate limit (`servicedesk_customer_rate_limit`, per
user and minute) is raised for the run and restored afterwards, since a benchmark is by design a flood
from one user.

With `--guest --workers 2` it measures instead what a shop feels (issue 12): a plain Issue insert by
Administrator (session cookie) against a guest's `submit_feedback` from the Product Page (a customer's
e-mail with a contact, an order number in the message, category, item, page URL, a fresh client token),
on 2 sync gunicorn workers with `--preload`: 150 sequential interleaved requests of each (median, p95),
then 8 client threads for 10 s without and with a background worker, and the CPU per request of the
gunicorn workers and the background worker together, the background job included (process CPU over the
run, after the queue has drained, divided by the requests).

It also times the order-number scan (`find_order_numbers`) on hostile 5,000-character messages, with the
site's own Sales Order naming series and with a site that has many series (`--scan-only` runs just that,
without a server). The quadratic scan took 850 ms on "SAL-ORD-1 1 1 …".
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

from common import BENCH, frappe_command, quietly, start_server


def prepare(site: str) -> dict:
	"""API user, customer and order on `site` (through Frappe, committed)."""
	sys.path.insert(0, str(BENCH / "apps" / "frappe"))
	os.chdir(BENCH / "sites")
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		from servicedesk_shop.testing import (
			ensure_company,
			ensure_shop_setup,
			make_customer,
			make_sales_order,
		)

		items = ensure_shop_setup()
		email = "bench.customer@example.com"
		customer = make_customer(email, "Bench Customer")
		order = make_sales_order(customer, items[("DEMO-LINEN-SHIRT", "M")], deliver=True, invoice=True)

		user = "bench.api@example.com"
		if not frappe.db.exists("User", user):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": user,
					"first_name": "Bench API",
					"send_welcome_email": 0,
					"roles": [{"role": "System Manager"}, {"role": "Support Team"}],
				}
			).insert(ignore_permissions=True)
		api_key = frappe.db.get_value("User", user, "api_key") or frappe.generate_hash(length=15)
		api_secret = frappe.generate_hash(length=15)
		doc = frappe.get_doc("User", user)
		doc.api_key = api_key
		doc.api_secret = api_secret
		doc.save(ignore_permissions=True)

		previous_limit = frappe.conf.get("servicedesk_user_rate_limit")
		frappe.db.commit()
		return {
			"site": site,
			"email": email,
			"order": order.sales_order,
			"token": f"token {api_key}:{api_secret}",
			"previous_limit": previous_limit,
			"company": ensure_company(),
		}
	finally:
		frappe.destroy()


RATE_LIMIT_KEY = "servicedesk_customer_rate_limit"


def set_rate_limit(site: str, value):
	"""Set (or, with None, remove) the logged-in users' rate limit in the site's config."""
	set_site_config(site, {RATE_LIMIT_KEY: value})


HOSTILE_MESSAGES = {
	"one number, endless spaced groups": "SAL-ORD-1" + " 1" * 2500,
	"spaced groups": "SAL-ORD-1 1 1 " * 400,
	"a 5,000-digit number": "SAL-ORD-" + "1" * 5000,
	"dashed groups": "SAL-ORD-1-" * 500,
	"prefix repeated": "SAL-ORD-SAL-ORD-" * 320,
	"mixed case mentions": "Sal-Ord-1 sal-ord-1 " * 250,
	"prose": ("Платье маломерит, заказ SAL-ORD-2026-00012 пришёл вчера. " * 100),
}


def scan_benchmark(site_prefixes: list[str], runs: int = 20) -> dict:
	"""Median and worst ms of find_order_numbers on each hostile 5,000-character message."""
	sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
	from servicedesk_shop.intake.text import find_order_numbers

	many = [*site_prefixes, *(f"SO-{n:02d}-" for n in range(40)), "ORD", "S-O-R-D-", "SAL ORD "]
	report = {}
	for label, prefixes in (("site series", site_prefixes), ("45 series", many)):
		rows = {}
		for name, text in HOSTILE_MESSAGES.items():
			text = text[:5000]
			times = []
			for _ in range(runs):
				start = time.perf_counter()
				find_order_numbers(text, prefixes)
				times.append((time.perf_counter() - start) * 1000)
			rows[name] = {"median_ms": round(statistics.median(times), 3), "max_ms": round(max(times), 3)}
		report[label] = rows
	return report


def site_prefixes(site: str) -> list[str]:
	sys.path.insert(0, str(BENCH / "apps" / "frappe"))
	os.chdir(BENCH / "sites")
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		from servicedesk_shop.intake.sources import get_order_prefixes

		return get_order_prefixes()
	finally:
		frappe.destroy()


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def start_gunicorn(port: int, workers: int, site: str):
	command = [BENCH / "env" / "bin" / "gunicorn", f"--bind=127.0.0.1:{port}", f"--workers={workers}"]
	return start_server([*command, "--timeout=120", "--preload", "frappe.app:application"], port, site)


class Client:
	def __init__(self, port: int, site: str, token: str):
		self.connection = HTTPConnection("127.0.0.1", port, timeout=60)
		self.headers = {
			"Host": site,
			"Authorization": token,
			"Accept": "application/json",
		}

	def post(self, path: str, body: bytes, content_type: str) -> float:
		start = time.perf_counter()
		self.connection.request(
			"POST", path, body=body, headers={**self.headers, "Content-Type": content_type}
		)
		response = self.connection.getresponse()
		data = response.read()
		elapsed = time.perf_counter() - start
		if response.status != 200:
			raise RuntimeError(f"{path}: HTTP {response.status}: {data[:300]!r}")
		return elapsed


def plain_insert(client: Client, context: dict, n: int) -> float:
	body = json.dumps(
		{
			"subject": f"Plain issue {n}",
			"raised_by": context["email"],
			"description": f"<p>Where is my order {context['order']}? ({n})</p>",
		}
	).encode()
	return client.post("/api/resource/Issue", body, "application/json")


def intake(client: Client, context: dict, n: int) -> float:
	body = urlencode(
		{
			"source": "External Shop",
			"email": context["email"],
			"message": f"Where is my order {context['order']}? ({n})",
			"client_token": f"bench-{uuid.uuid4().hex}",
		}
	).encode()
	return client.post(
		"/api/method/servicedesk_shop.api.submit_feedback", body, "application/x-www-form-urlencoded"
	)


def run_round(kind, port, context, requests, concurrency) -> tuple[list[float], float]:
	latencies: list[float] = []
	lock = threading.Lock()
	counter = iter(range(requests))
	errors: list[Exception] = []

	def worker():
		client = Client(port, context["site"], context["token"])
		while True:
			with lock:
				n = next(counter, None)
			if n is None:
				return
			try:
				elapsed = kind(client, context, n)
			except Exception as error:
				errors.append(error)
				return
			with lock:
				latencies.append(elapsed)

	threads = [threading.Thread(target=worker) for _ in range(concurrency)]
	start = time.perf_counter()
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	wall = time.perf_counter() - start
	if errors:
		raise errors[0]
	return latencies, wall


def summary(latencies: list[float], wall: float) -> dict:
	ordered = sorted(latencies)
	return {
		"requests": len(ordered),
		"median_ms": round(statistics.median(ordered) * 1000, 1),
		"p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
		"throughput_per_s": round(len(ordered) / wall, 1),
	}


# --- the guest comparison (issue 12): what a shop feels ------------------------------------------------

GUEST_LIMIT_KEYS = ("servicedesk_guest_rate_limit", "servicedesk_acknowledgements_per_hour")


def set_site_config(site: str, values: dict):
	"""Set (a value of None: remove) keys of the site's config; returns the previous values."""
	path = BENCH / "sites" / site / "site_config.json"
	config = json.loads(path.read_text())
	previous = {key: config.get(key) for key in values}
	for key, value in values.items():
		if value is None:
			config.pop(key, None)
		else:
			config[key] = value
	path.write_text(json.dumps(config, indent=1))
	return previous


def prepare_guest(site: str) -> dict:
	"""A customer with a contact and a submitted order, and an item, on `site` (committed)."""
	return {**prepare(site), "item": "DEMO-WRAP-DRESS-M"}


class SessionClient(Client):
	"""Administrator with a session cookie (the plain insert), or a guest (the intake)."""

	def __init__(self, port: int, site: str, password: str | None = None, forwarded_for: str | None = None):
		self.connection = HTTPConnection("127.0.0.1", port, timeout=60)
		self.headers = {"Host": site, "Accept": "application/json"}
		if forwarded_for:
			self.headers["X-Forwarded-For"] = forwarded_for
		if password:
			body = urlencode({"usr": "Administrator", "pwd": password}).encode()
			self.connection.request(
				"POST",
				"/api/method/login",
				body=body,
				headers={**self.headers, "Content-Type": "application/x-www-form-urlencoded"},
			)
			response = self.connection.getresponse()
			response.read()
			cookie = response.getheader("Set-Cookie") or ""
			sid = next(
				(part.split("=", 1)[1] for part in cookie.split("; ") if part.startswith("sid=")), None
			)
			if response.status != 200 or not sid:
				raise RuntimeError("Administrator could not log in: pass --admin-password")
			self.headers["Cookie"] = f"sid={sid}"


def guest_intake(client: Client, context: dict, n: int) -> float:
	body = urlencode(
		{
			"source": "Product Page",
			"email": context["email"],
			"category": "Size and Fit",
			"item_code": context["item"],
			"page_url": f"https://shop.example/product/wrap-dress?n={n}",
			"message": f"The dress runs small. Order {context['order']}, size M. ({n})",
			"client_token": f"bench-{uuid.uuid4().hex}",
		}
	).encode()
	return client.post(
		"/api/method/servicedesk_shop.api.submit_feedback", body, "application/x-www-form-urlencoded"
	)


def process_cpu(pids) -> float:
	"""CPU seconds (user + system, with waited-for children) of the processes `pids` and their children."""
	import psutil

	total = 0.0
	for pid in pids:
		try:
			process = psutil.Process(pid)
			for member in [process, *process.children(recursive=True)]:
				times = member.cpu_times()
				total += times.user + times.system + times.children_user + times.children_system
		except psutil.NoSuchProcess:
			continue
	return total


def start_worker():
	return quietly(frappe_command("worker", "--queue", "short,default"))


def wait_for_background_work(site: str, timeout: float = 900):
	"""Until no Issue waits for its timeline copy or assignment and the queues are empty. The queues are
	the bench's, shared by its sites: jobs other sites left (a test run's, say) are drained first, so
	that the CPU measured afterwards is this run's alone."""
	code = (
		f"import frappe, json; frappe.init(site={site!r}, sites_path='.'); frappe.connect()\n"
		"from frappe.utils.background_jobs import get_queue\n"
		"pending = frappe.db.count('Issue', {'intake_pending': 1}) + frappe.db.count('Issue', {'assignment_pending': 1})\n"
		"print(json.dumps([pending, sum(len(get_queue(q)) for q in ('short', 'default'))]))"
	)
	deadline = time.time() + timeout
	while time.time() < deadline:
		out = subprocess.run(
			[str(BENCH / "env" / "bin" / "python"), "-c", code],
			cwd=BENCH / "sites",
			capture_output=True,
			text=True,
		)
		pending, queued = json.loads(out.stdout.strip().splitlines()[-1])
		if not pending and not queued:
			return
		time.sleep(1)
	raise RuntimeError("the background work did not finish")


def timed_run(kind, make_client, context, seconds: float, threads: int) -> tuple[int, float]:
	"""`threads` clients send `kind` requests for `seconds`; returns (requests done, wall seconds)."""
	done = []
	errors = []
	stop = time.perf_counter() + seconds

	def loop():
		client = make_client()
		n = 0
		while time.perf_counter() < stop:
			try:
				kind(client, context, n)
			except Exception as error:
				errors.append(error)
				return
			n += 1
		done.append(n)

	start = time.perf_counter()
	workers = [threading.Thread(target=loop) for _ in range(threads)]
	for thread in workers:
		thread.start()
	for thread in workers:
		thread.join()
	if errors:
		raise errors[0]
	return sum(done), time.perf_counter() - start


def guest_comparison(args) -> dict:
	"""Issue 12's pair: a plain Issue insert by Administrator (session cookie) against a guest's
	submit_feedback, on 2 sync gunicorn workers with --preload: sequential interleaved medians and p95,
	throughput of 8 client threads with and without a background worker, and the CPU per request of the
	server and the worker together, the background job included."""
	context = prepare_guest(args.site)
	previous = set_site_config(args.site, dict.fromkeys(GUEST_LIMIT_KEYS, 10_000_000))
	port = free_port()
	server = start_gunicorn(port, args.workers, args.site)
	kinds = {
		"plain_issue_insert": (plain_insert, lambda: SessionClient(port, args.site, args.admin_password)),
		"submit_feedback_guest": (guest_intake, lambda: SessionClient(port, args.site)),
	}
	report = {}
	try:
		clients = {name: make() for name, (_kind, make) in kinds.items()}
		for _ in range(20):  # warm up both workers and the caches
			for name, (kind, _make) in kinds.items():
				kind(clients[name], context, 0)
		sequential = {name: [] for name in kinds}
		for n in range(args.sequential):
			for name, (kind, _make) in kinds.items():
				sequential[name].append(kind(clients[name], context, n))
		for name, latencies in sequential.items():
			ordered = sorted(latencies)
			report[name] = {
				"sequential_median_ms": round(statistics.median(ordered) * 1000, 1),
				"sequential_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
			}
		for name, (kind, make) in kinds.items():
			count, wall = timed_run(kind, make, context, args.seconds, args.concurrency)
			report[name]["throughput_no_worker_per_s"] = round(count / wall, 1)
		worker = start_worker()
		try:
			wait_for_background_work(args.site)  # what the runs above left
			for name, (kind, make) in kinds.items():
				before = process_cpu([server.pid, worker.pid])
				count, wall = timed_run(kind, make, context, args.seconds, args.concurrency)
				wait_for_background_work(args.site)
				cpu = process_cpu([server.pid, worker.pid]) - before
				report[name]["throughput_with_worker_per_s"] = round(count / wall, 1)
				report[name]["cpu_ms_per_request_with_job"] = round(cpu * 1000 / count, 1)
		finally:
			worker.terminate()
			worker.wait()
	finally:
		server.terminate()
		server.wait()
		set_site_config(args.site, previous)
	plain, guest = report["plain_issue_insert"], report["submit_feedback_guest"]
	report["ratios"] = {
		"sequential_median": round(guest["sequential_median_ms"] / plain["sequential_median_ms"], 2),
		"throughput_with_worker": round(
			guest["throughput_with_worker_per_s"] / plain["throughput_with_worker_per_s"], 2
		),
		"cpu_per_request_with_job": round(
			guest["cpu_ms_per_request_with_job"] / plain["cpu_ms_per_request_with_job"], 2
		),
	}
	report["setup"] = {
		"cores": os.cpu_count(),
		"gunicorn_workers": args.workers,
		"client_threads": args.concurrency,
		"sequential_requests_per_kind": args.sequential,
		"seconds_per_throughput_run": args.seconds,
	}
	return report


def main():
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", default="shop.localhost")
	parser.add_argument("--requests", type=int, default=300, help="requests of each kind per round")
	parser.add_argument("--rounds", type=int, default=3)
	parser.add_argument("--concurrency", type=int, default=8)
	parser.add_argument(
		"--workers",
		type=int,
		default=(os.cpu_count() or 1) * 2 + 1,
		help="gunicorn workers (bench's production default: 2 x cores + 1)",
	)
	parser.add_argument(
		"--no-worker",
		dest="worker",
		action="store_false",
		help="do not run a background worker during the run",
	)
	parser.add_argument("--scan-only", action="store_true", help="only time the order-number scan")
	parser.add_argument(
		"--guest",
		action="store_true",
		help="the guest comparison: Administrator's plain insert against a guest's submit_feedback "
		"(use with --workers 2)",
	)
	parser.add_argument("--admin-password", default=os.environ.get("SERVICEDESK_ADMIN_PASSWORD", "admin"))
	parser.add_argument("--sequential", type=int, default=150, help="sequential requests of each kind")
	parser.add_argument("--seconds", type=float, default=10, help="seconds of each throughput run")
	args = parser.parse_args()

	if args.guest:
		print(json.dumps({"guest_comparison": guest_comparison(args)}, indent=2))
		return

	scan = scan_benchmark(site_prefixes(args.site))
	if args.scan_only:
		print(json.dumps({"order_number_scan_5000_chars": scan}, indent=2))
		return

	context = prepare(args.site)
	set_rate_limit(args.site, 1_000_000)
	port = free_port()
	server = start_gunicorn(port, args.workers, args.site)
	# a background worker, as production runs one: the timeline copy of each message is made by it
	worker = start_worker() if args.worker else None
	try:
		kinds = {"plain_issue_insert": plain_insert, "submit_feedback": intake}
		for kind in kinds.values():  # warm up every worker
			run_round(kind, port, context, args.workers * 10, args.concurrency)
		results = {name: ([], 0.0) for name in kinds}
		for _ in range(args.rounds):
			for name, kind in kinds.items():
				latencies, wall = run_round(kind, port, context, args.requests, args.concurrency)
				results[name] = (results[name][0] + latencies, results[name][1] + wall)
	finally:
		server.terminate()
		server.wait()
		if worker:
			worker.terminate()
			worker.wait()
		set_rate_limit(args.site, context["previous_limit"])

	report = {name: summary(*value) for name, value in results.items()}
	report["ratio_median"] = round(
		report["submit_feedback"]["median_ms"] / report["plain_issue_insert"]["median_ms"], 2
	)
	report["order_number_scan_5000_chars"] = scan
	report["setup"] = {
		"cores": os.cpu_count(),
		"gunicorn_workers": args.workers,
		"client_threads": args.concurrency,
		"requests_per_kind": args.requests * args.rounds,
		"background_worker": args.worker,
	}
	print(json.dumps(report, indent=2))


if __name__ == "__main__":
	main()
