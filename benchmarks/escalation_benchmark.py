"""Escalation benchmark: the SLA sweep over 100,000 open Issues of which 100 are due, against a
per-Issue loop over the same data, on one site, in one run.

    ~/frappe-bench/env/bin/python benchmarks/escalation_benchmark.py --site shop.localhost

Everything happens in one transaction that is rolled back: the site keeps nothing. The Issues are
written with bulk INSERTs (one team, covered by one escalation policy of three levels); 100 of them
have their response deadline a minute ago (two levels due each: the warning and the breach), the
others days ahead.

Timed:
- `sweep()`: marking breaches, reading the due Issues from the deadline indexes, choosing the levels,
  and the 200 escalations themselves (Issue Escalation records, Notification Logs, Issue updates);
- the same sweep's finding part alone (everything but the escalations), against
- a per-Issue loop: every open Issue read by itself and its levels checked (what a sweep without
  the indexed window would do), finding the same 100.
"""

import json
import time
from datetime import timedelta

from common import command_line, invalidate_routing, rolled_back_site


def main():
	args = command_line(__doc__, site="shop.localhost", issues=100_000, due=100)

	with rolled_back_site(args.site, cleanup=invalidate_routing) as frappe:
		report = run(frappe, args)
	print(json.dumps(report, indent=2))


def run(frappe, args) -> dict:
	from frappe.utils import get_datetime, now_datetime

	from servicedesk_shop.escalation import service as escalation
	from servicedesk_shop.escalation.ladder import SLAState, choose_policy, due_levels
	from servicedesk_shop.routing.service import invalidate_routing

	now = now_datetime().replace(microsecond=0)
	team = "Bench Escalation Team"
	frappe.get_doc(
		{"doctype": "Service Desk Team", "team_name": team, "manager": "Administrator", "members": []}
	).insert(ignore_permissions=True)
	invalidate_routing()
	frappe.db.delete("Escalation Policy")
	frappe.get_doc(
		{
			"doctype": "Escalation Policy",
			"policy_name": "Bench policy",
			"teams": [{"team": team}],
			"levels": [
				{"trigger": "Response Due In", "minutes": 30, "notify_team_manager": 1},
				{"trigger": "Response Overdue By", "minutes": 0, "notify_team_manager": 1},
				{"trigger": "Resolution Overdue By", "minutes": 120, "notify_team_manager": 1},
			],
		}
	).insert(ignore_permissions=True)

	start = time.perf_counter()
	columns = (
		"name",
		"naming_series",
		"subject",
		"status",
		"agreement_status",
		"priority",
		"support_team",
		"response_by",
		"sla_resolution_by",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"idx",
	)
	batch = []
	for n in range(args.issues):
		due = n % (args.issues // args.due) == 0 and n // (args.issues // args.due) < args.due
		response_by = now - timedelta(minutes=1) if due else now + timedelta(days=3, minutes=n % 5000)
		batch.append(
			(
				f"BENCH-ISS-{n:06d}",
				"ISS-.YYYY.-",
				f"Bench request {n}",
				"Open",
				"First Response Due",
				"Medium",
				team,
				response_by,
				response_by + timedelta(days=2),
				now,
				now,
				"Administrator",
				"Administrator",
				0,
				0,
			)
		)
		if len(batch) == 5000:
			insert(frappe, columns, batch)
			batch = []
	if batch:
		insert(frappe, columns, batch)
	made = time.perf_counter() - start

	# finding alone: what the sweep does before it escalates
	policies, _details = escalation.load_policies()
	start = time.perf_counter()
	escalation.mark_breached(now)
	ahead, back = escalation.window(policies)
	rows = escalation.due_candidates(now, ahead, back)
	found = 0
	for row in rows:
		policy = choose_policy(policies, row.support_team, row.issue_type, row.priority)
		sla = SLAState(get_datetime(row.response_by), get_datetime(row.sla_resolution_by))
		found += bool(policy and due_levels(policy, sla, now))
	sweep_find = time.perf_counter() - start
	frappe.db.sql("update tabIssue set agreement_status='First Response Due' where name like 'BENCH-ISS-%'")

	start = time.perf_counter()
	loop_found = 0
	for name in frappe.get_all("Issue", filters={"status": "Open"}, pluck="name", order_by="name"):
		row = frappe.db.get_value(
			"Issue",
			name,
			[
				"support_team",
				"issue_type",
				"priority",
				"response_by",
				"sla_resolution_by",
				"first_responded_on",
				"sla_resolution_date",
			],
			as_dict=True,
		)
		policy = choose_policy(policies, row.support_team, row.issue_type, row.priority)
		if not policy:
			continue
		sla = SLAState(
			get_datetime(row.response_by) if row.response_by else None,
			get_datetime(row.sla_resolution_by) if row.sla_resolution_by else None,
			bool(row.first_responded_on),
			bool(row.sla_resolution_date),
		)
		loop_found += bool(due_levels(policy, sla, now))
	loop_find = time.perf_counter() - start

	start = time.perf_counter()
	result = escalation.sweep(now=now, commit=False)
	sweep_total = time.perf_counter() - start

	return {
		"open_issues": frappe.db.count("Issue", {"status": "Open"}),
		"due": args.due,
		"made_in_s": round(made, 1),
		"sweep": {
			"seconds": round(sweep_total, 3),
			"candidates_read": result["candidates"],
			"escalations": result["escalations"],
		},
		"finding the due Issues": {
			"sweep_s": round(sweep_find, 4),
			"sweep_found": found,
			"per_issue_loop_s": round(loop_find, 2),
			"per_issue_loop_found": loop_found,
			"speedup": round(loop_find / sweep_find, 1),
		},
	}


def insert(frappe, columns, rows):
	placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
	frappe.db.sql(
		f"insert into `tabIssue` ({', '.join(f'`{c}`' for c in columns)}) values "
		+ ", ".join([placeholders] * len(rows)),
		[value for row in rows for value in row],
	)


if __name__ == "__main__":
	main()
