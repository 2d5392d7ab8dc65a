"""Routing benchmark: how long deciding a route takes with 1,000 Routing Rules and 50 agents, against
the same decision made by 1,000 equivalent Frappe Assignment Rules, on one site, in one run.

    ~/frappe-bench/env/bin/python benchmarks/routing_benchmark.py --site shop.localhost

Everything is made inside one transaction that is rolled back at the end: the site keeps nothing.
Rule i routes requests from source "Source i%10" in category "Category i%9" whose text has the word
"wordi" (half of them also for the "Products" item group) to team i%10; a catch-all comes last. The
Assignment Rule i has the same condition as a Python expression, as Frappe's Assignment Rules need.

Timed: `servicedesk_shop.routing.service.decide(issue)` (the facts of the Issue from the caches, the
candidate rules, the winner) against what `frappe.automation...assignment_rule.apply` does before it
assigns (the cached rule documents, then each rule's condition in priority order until one holds).
Two requests: one matched by a rule in the middle of the list, one that only the catch-all takes.
"""

import json
import time

from common import command_line, invalidate_routing, rolled_back_site, timed


def main():
	args = command_line(__doc__, site="shop.localhost", rules=1000, agents=50, repeat=2000)

	def cleanup():
		import frappe

		invalidate_routing()
		frappe.cache.delete_value("assignment_rule_map")
		for name in [f"Bench assignment {i:04d}" for i in range(args.rules)] + ["Bench assignment catch-all"]:
			frappe.clear_document_cache("Assignment Rule", name)

	with rolled_back_site(args.site, cleanup=cleanup) as frappe:
		report = run(frappe, args)
	print(json.dumps(report, indent=2, ensure_ascii=False))


def run(frappe, args) -> dict:
	from frappe.automation.doctype.assignment_rule.assignment_rule import get_doctype_map

	from servicedesk_shop.routing import service as routing
	from servicedesk_shop.setup.install import make_default_records

	make_default_records()
	frappe.flags.in_import = True  # 50 users at once: past Frappe's throttle of user creation
	agents = [f"bench.agent{n:02d}@example.com" for n in range(args.agents)]
	for email in agents:
		if not frappe.db.exists("User", email):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": email.split("@")[0],
					"send_welcome_email": 0,
					"roles": [{"role": "Support Team"}],
				}
			).insert(ignore_permissions=True)
	frappe.flags.in_import = False
	teams = []
	for t in range(10):
		name = f"Bench Team {t}"
		frappe.get_doc(
			{
				"doctype": "Service Desk Team",
				"team_name": name,
				"manager": "Administrator",
				"assignment_method": "Load Balancing",
				"members": [{"user": user} for user in agents[t * 5 : t * 5 + 5]],
			}
		).insert(ignore_permissions=True)
		teams.append(name)

	sources = [f"Bench Source {s}" for s in range(10)]
	for source in sources:
		frappe.get_doc({"doctype": "Feedback Source", "title": source, "allow_guest": 1}).insert(
			ignore_permissions=True
		)
	categories = [f"Bench Category {c}" for c in range(9)]
	for category in categories:
		frappe.get_doc({"doctype": "Issue Type", "name": category}).insert(ignore_permissions=True)
	item_group = frappe.db.get_value("Item Group", {"is_group": 0}, "name")

	frappe.db.delete("Routing Rule")
	frappe.db.delete("Assignment Rule", {"document_type": "Issue"})
	start = time.perf_counter()
	for i in range(args.rules):
		rule = frappe.new_doc("Routing Rule")
		rule.update(
			{
				"title": f"Bench rule {i:04d}",
				"priority": i,
				"team": teams[i % 10],
				"keywords": f"word{i}",
				"feedback_sources": [{"feedback_source": sources[i % 10]}],
				"categories": [{"issue_type": categories[i % 9]}],
				"item_groups": [{"item_group": item_group}] if i % 2 else [],
			}
		)
		rule.set_new_name()
		rule.set_parent_in_children()
		rule.db_insert()
		for child in rule.get_all_children():
			child.db_insert()
	frappe.get_doc(
		{"doctype": "Routing Rule", "title": "Bench catch-all", "priority": 100_000, "team": teams[0]}
	).insert()
	routing.invalidate_routing()
	made_routing = time.perf_counter() - start

	def condition(i):
		# Assignment Rule conditions see the document's fields as names (frappe.safe_eval with the doc)
		text = f'"word{i}" in (subject or "").lower().split()'
		group = f' and item_group == "{item_group}"' if i % 2 else ""
		return f'feedback_source == "{sources[i % 10]}" and issue_type == "{categories[i % 9]}" and {text}{group}'

	for i in range(args.rules):
		frappe.get_doc(
			{
				"doctype": "Assignment Rule",
				"name": f"Bench assignment {i:04d}",
				"document_type": "Issue",
				"disabled": 0,
				"priority": args.rules - i,  # Frappe tries the highest priority first
				"assign_condition": condition(i),
				"rule": "Load Balancing",
				"users": [{"user": user} for user in agents[(i % 10) * 5 : (i % 10) * 5 + 5]],
			}
		).db_insert()
	rules_doc = frappe.get_doc(
		{
			"doctype": "Assignment Rule",
			"name": "Bench assignment catch-all",
			"document_type": "Issue",
			"disabled": 0,
			"priority": 0,
			"assign_condition": "True",
			"rule": "Load Balancing",
			"users": [{"user": agents[0]}],
		}
	)
	rules_doc.db_insert()
	for child in rules_doc.get_all_children():
		child.db_insert()
	for i in range(args.rules):
		for n, user in enumerate(agents[(i % 10) * 5 : (i % 10) * 5 + 5]):
			frappe.get_doc(
				{
					"doctype": "Assignment Rule User",
					"parent": f"Bench assignment {i:04d}",
					"parenttype": "Assignment Rule",
					"parentfield": "users",
					"idx": n + 1,
					"user": user,
				}
			).db_insert()
	frappe.cache.delete_value("assignment_rule_map")
	for name in frappe.get_all("Assignment Rule", filters={"document_type": "Issue"}, pluck="name"):
		frappe.clear_document_cache("Assignment Rule", name)  # documents cached by an earlier run

	middle = args.rules // 2
	requests = {
		"matched in the middle": frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": f"help word{middle}",
				"feedback_source": sources[middle % 10],
				"issue_type": categories[middle % 9],
			}
		),
		"only the catch-all": frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": "nothing special",
				"feedback_source": sources[3],
				"issue_type": categories[4],
			}
		),
	}

	def our_decision(doc):
		frappe.local.servicedesk_routing_state = None  # as in a new request: one cache read of the version
		return routing.decide(doc)

	def frappe_decision(doc):
		rule_rows = get_doctype_map(
			"Assignment Rule",
			"Issue",
			filters={"document_type": "Issue", "disabled": 0},
			order_by="priority desc",
		)
		rules = [frappe.get_cached_doc("Assignment Rule", row.get("name")) for row in rule_rows]
		values = doc.as_dict()
		values.item_group = item_group if middle % 2 else None
		for rule in rules:
			if rule.is_rule_not_applicable_today():
				continue
			if rule.safe_eval("assign_condition", values):
				return rule.name

	report = {"rules": args.rules + 1, "agents": args.agents, "made_in_s": round(made_routing, 1)}
	for label, doc in requests.items():
		decision, team = routing.decide(doc)
		winner = frappe_decision(doc)
		ours = timed(lambda doc=doc: our_decision(doc), args.repeat)
		theirs = timed(lambda doc=doc: frappe_decision(doc), max(20, args.repeat // 20))
		report[label] = {
			"servicedesk_shop": {
				"rule": decision.rule.name,
				"median_ms": round(ours[0], 4),
				"p95_ms": round(ours[1], 4),
			},
			"frappe_assignment_rules": {
				"rule": winner,
				"median_ms": round(theirs[0], 3),
				"p95_ms": round(theirs[1], 3),
			},
			"speedup": round(theirs[0] / ours[0], 1),
		}

	issue = requests["matched in the middle"]
	issue.support_team = teams[middle % 10]
	team = routing.get_state().teams[issue.support_team]
	choose = timed(
		lambda: routing.choose_assignee(
			team.members, team.method, routing.open_counts([m.user for m in team.members])
		),
		args.repeat // 4,
	)
	report["choosing the assignee (Load Balancing, one grouped ToDo count)"] = {
		"median_ms": round(choose[0], 3)
	}
	return report


if __name__ == "__main__":
	main()
