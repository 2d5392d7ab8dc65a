"""Where a guest's submit_feedback spends its time, in one process, through Frappe's own WSGI app.

    ~/frappe-bench/env/bin/python benchmarks/profile_intake.py --site shop.localhost [--requests 200]

It sends `--requests` guest intakes (and as many plain Issue inserts by Administrator, for comparison)
to `frappe.app.application` under cProfile, with no network and no server in between, and prints the
cumulative milliseconds per request of the parts that matter: Frappe's request set-up (init, session,
auth) before our code, the rate limiter, our validation and look-ups, ERPNext's `set_lead_contact` and
SLA, routing, the insert, the enqueue, the commit. The background job is profiled too (the timeline copy
and the acknowledgement), per Issue.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(os.environ.get("SERVICEDESK_BENCH", Path.home() / "frappe-bench"))

# (label, a function's file fragment and name): cumulative time per request of each
PARTS = [
	("whole request (frappe.app.application)", "frappe/app.py", "application"),
	("  init_request (site config, DB connect, session)", "frappe/app.py", "init_request"),
	("  validate_auth", "frappe/auth.py", "validate_auth"),
	("  frappe.api handle -> our endpoint", "frappe/handler.py", "execute_cmd"),
	("    rate limit (servicedesk_shop.service_desk.ratelimit)", "servicedesk_shop/ratelimit.py", "count"),
	("    submit (servicedesk_shop.intake.service)", "servicedesk_shop/intake/service.py", "submit"),
	("      validate_feedback", "servicedesk_shop/intake/validation.py", "validate_feedback"),
	("      find_customer", "servicedesk_shop/intake/service.py", "find_customer"),
	("      find_order_links", "servicedesk_shop/intake/service.py", "find_order_links"),
	("      make_issue (look-ups, the new document)", "servicedesk_shop/intake/service.py", "make_issue"),
	(
		"        the order line of the named item",
		"servicedesk_shop/returns/service.py",
		"fill_lines_from_intake",
	),
	("      Issue.insert", "frappe/model/document.py", "insert"),
	("        Frappe link validation", "frappe/model/document.py", "_validate_links"),
	("        routing: route_new_issue", "servicedesk_shop/routing/service.py", "route_new_issue"),
	("        ERPNext Issue.validate", "erpnext/support/doctype/issue/issue.py", "validate"),
	("        ERPNext set_lead_contact", "erpnext/support/doctype/issue/issue.py", "set_lead_contact"),
	("        ERPNext SLA apply", "service_level_agreement.py", "apply"),
	("        db_insert", "frappe/model/base_document.py", "db_insert"),
	("        sanitize hook", "servicedesk_shop/sanitize.py", "sanitize_issue"),
	("      enqueue (after commit)", "servicedesk_shop/jobs.py", "enqueue_pending"),
	("  commit", "frappe/database/database.py", "commit"),
	("  process_response / after_request", "frappe/app.py", "process_response"),
	("job: record_intake_message", "servicedesk_shop/intake/service.py", "record_intake_message"),
	("  ERPNext create_communication", "erpnext/support/doctype/issue/issue.py", "create_communication"),
	("  the order line of the named item", "servicedesk_shop/returns/service.py", "fill_lines_from_intake"),
	("  acknowledgement e-mail", "servicedesk_shop/intake/service.py", "send_acknowledgement"),
	("job: assign", "servicedesk_shop/routing/service.py", "assign"),
]


JOB_START = next(part for part in PARTS if part[0].startswith("job:"))


def environ(path: str, body: dict, headers: dict) -> dict:
	from werkzeug.test import EnvironBuilder

	builder = EnvironBuilder(
		path=path,
		method="POST",
		data=urlencode(body),
		content_type="application/x-www-form-urlencoded",
		headers=headers,
	)
	return builder.get_environ()


def call(app, env) -> int:
	status = []
	body = app(env, lambda s, h, exc_info=None: status.append(s))
	b"".join(body)
	return int(status[0].split()[0])


def per_request(stats: pstats.Stats, requests: int) -> list[tuple[str, float]]:
	rows = []
	for label, fragment, name in PARTS:
		total = 0.0
		for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
			if function == name and fragment in filename:
				total = max(total, ct)  # the outermost entry (recursion counts once)
		rows.append((label, round(total * 1000 / requests, 2)))
	return rows


def main():
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", default="shop.localhost")
	parser.add_argument("--requests", type=int, default=200)
	parser.add_argument("--admin-password", default=os.environ.get("SERVICEDESK_ADMIN_PASSWORD", "admin"))
	parser.add_argument("--top", type=int, default=0, help="also print the top N functions by own time")
	args = parser.parse_args()

	sys.path.insert(0, str(BENCH / "apps" / "frappe"))
	os.chdir(BENCH / "sites")
	import frappe
	import frappe.app

	frappe.app._sites_path = "."
	sys.path.insert(0, str(Path(__file__).resolve().parent))
	from intake_benchmark import prepare, set_site_config

	context = prepare(args.site)
	previous = set_site_config(
		args.site,
		{"servicedesk_guest_rate_limit": 10_000_000, "servicedesk_acknowledgements_per_hour": 10_000_000},
	)
	app = frappe.app.application
	headers = {"Host": args.site, "Accept": "application/json", "X-Forwarded-For": "10.1.2.3"}

	def guest(n):
		return environ(
			"/api/method/servicedesk_shop.api.submit_feedback",
			{
				"source": "Product Page",
				"email": context["email"],
				"category": "Size and Fit",
				"item_code": "DEMO-WRAP-DRESS-M",
				"page_url": f"https://shop.example/product/wrap-dress?n={n}",
				"message": f"The dress runs small. Order {context['order']}, size M. ({n})",
				"client_token": f"profile-{uuid.uuid4().hex}",
			},
			headers,
		)

	try:
		for n in range(10):  # warm up
			assert call(app, guest(n)) == 200
		profiler = cProfile.Profile()
		start = time.perf_counter()
		profiler.enable()
		for n in range(args.requests):
			status = call(app, guest(n))
			if status != 200:
				raise RuntimeError(f"HTTP {status}")
		profiler.disable()
		wall = time.perf_counter() - start
		stats = pstats.Stats(profiler)
		report = {
			"requests": args.requests,
			"wall_ms_per_request_under_profiler": round(wall * 1000 / args.requests, 1),
		}
		report["request_parts_ms_per_request"] = dict(
			per_request(stats, args.requests)[: PARTS.index(JOB_START)]
		)

		# the background job for those Issues, in this process
		frappe.init(site=args.site, sites_path=".")
		frappe.connect()
		from servicedesk_shop.intake.service import record_pending_messages
		from servicedesk_shop.routing.service import assign_pending_issues

		job = cProfile.Profile()
		start = time.perf_counter()
		job.enable()
		record_pending_messages()
		assign_pending_issues()
		job.disable()
		report["job_wall_ms_per_issue_under_profiler"] = round(
			(time.perf_counter() - start) * 1000 / args.requests, 1
		)
		job_labels = {label for label, _f, _n in PARTS[PARTS.index(JOB_START) :]}
		report["job_parts_ms_per_issue"] = {
			label: ms for label, ms in per_request(pstats.Stats(job), args.requests) if label in job_labels
		}
		frappe.destroy()
		print(json.dumps(report, indent=2, ensure_ascii=False))
		if args.top:
			out = io.StringIO()
			pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
			print(out.getvalue())
	finally:
		set_site_config(args.site, previous)


if __name__ == "__main__":
	main()
