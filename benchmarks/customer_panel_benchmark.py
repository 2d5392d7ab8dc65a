"""Customer panel benchmark: the Issue form's panel (servicedesk_shop.customer.panel.customer_panel) with
100,000 Issues in the database.

    ~/frappe-bench/env/bin/python benchmarks/customer_panel_benchmark.py --site bench.localhost

In one transaction that is rolled back: 100,000 Issues bulk-inserted over 10,000 customers (the panel's
customer has 40 of them), then the panel of one of its requests is built `--repeat` times (after a
warm-up), as the form's call does: the Customer from the document cache, the last orders, earlier
requests, returns and the invoices' total, each one indexed query.
"""

from common import command_line, rolled_back_site, timed


def main():
	args = command_line(__doc__, site="bench.localhost", issues=100_000, repeat=300)

	with rolled_back_site(args.site) as frappe:
		from frappe.utils import now_datetime

		from servicedesk_shop.customer.panel import customer_panel

		customer = frappe.db.get_value("Customer", {}, "name")
		if not customer:
			print("the site has no Customer: make one (or use the demo site)")
			return
		now = now_datetime()
		rows = []
		for i in range(args.issues):
			owner = customer if i % (args.issues // 40) == 0 else f"Benchmark Customer {i % 10_000}"
			rows.append(
				(
					f"SDPANEL-{i:06d}",
					f"Request {i}",
					owner,
					"Open",
					now,
					now,
					"Administrator",
					"Administrator",
				)
			)
		frappe.db.bulk_insert(
			"Issue",
			["name", "subject", "customer", "status", "creation", "modified", "owner", "modified_by"],
			rows,
			chunk_size=5000,
		)
		total = frappe.db.count("Issue")
		issue = frappe._dict(name="SDPANEL-000000", customer=customer)
		t = timed(lambda: customer_panel(issue), args.repeat)
		panel = t.result
		print(
			f"{args.site}: {total:,} Issues; the panel of {customer} ({len(panel.get('requests', []))} earlier "
			f"requests shown, {len(panel.get('orders', []))} orders, {len(panel.get('returns', []))} returns): "
			f"median {t.median_ms:.2f} ms, p95 {t.p95_ms:.2f} ms"
		)


if __name__ == "__main__":
	main()
