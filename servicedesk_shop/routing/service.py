"""Routing on a site: the rule index in the cache, the facts of an Issue, the decision, the assignment.

The index of rules, teams and group hierarchies is built once per change: the site cache holds a
version number, bumped by any change to a rule, team, the settings or a group tree; each process keeps
the index of the current version. Deciding a route then costs one cache read plus the look-ups of the
Issue's own facts (item group, customer group and territory from the document cache; the order total).
"""

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as add_assignment
from frappe.desk.form.assign_to import clear as clear_assignments
from frappe.query_builder.functions import Count
from frappe.utils import cint, escape_html, flt, strip_html

from servicedesk_shop.routing.assignment import Member, available, choose_assignee
from servicedesk_shop.routing.rules import (
	Decision,
	Request,
	Rule,
	RuleIndex,
	parse_keywords,
)
from servicedesk_shop.service_desk.children import child_values
from servicedesk_shop.service_desk.counters import KEPT
from servicedesk_shop.service_desk.jobs import claim, enqueue_pending, for_each_pending
from servicedesk_shop.service_desk.mail import send
from servicedesk_shop.service_desk.queries import columns
from servicedesk_shop.service_desk.versioned import VersionedCache
from servicedesk_shop.triage.moods import mood_condition

VERSION_KEY = KEPT + "routing_version"  # kept through frappe.clear_cache() (see VersionedCache)
HIERARCHIES = {
	"item_group": ("Item Group", "parent_item_group"),
	"customer_group": ("Customer Group", "parent_customer_group"),
	"territory": ("Territory", "parent_territory"),
}
RULE_LISTS = {
	"sources": ("Routing Rule Source", "feedback_source"),
	"categories": ("Routing Rule Category", "issue_type"),
	"item_groups": ("Routing Rule Item Group", "item_group"),
	"customer_groups": ("Routing Rule Customer Group", "customer_group"),
	"territories": ("Routing Rule Territory", "territory"),
	"urgencies": ("Routing Rule Urgency", "priority"),
}


@dataclass
class Team:
	name: str
	manager: str
	method: str
	members: tuple[Member, ...] = ()
	notify_when_unavailable: bool = False
	team_email: str | None = None


@dataclass
class RoutingState:
	index: RuleIndex
	teams: dict[str, Team] = field(default_factory=dict)
	enabled: bool = True
	default_team: str | None = None


# the routing state of the current version: one cache read per request, an index build per change
_states = VersionedCache(VERSION_KEY, "servicedesk_routing_state", lambda: load_state())


def invalidate_routing(doc=None, method=None):
	"""Drop every process's routing index (hook of rules, teams, settings and group trees)."""
	_states.invalidate()


def get_state() -> RoutingState:
	return _states.get()


def load_state() -> RoutingState:
	rule = frappe.qb.DocType("Routing Rule")
	rows = (
		frappe.qb.from_(rule)
		.select(
			*columns(rule, "name priority team assign_to set_priority"),
			*columns(rule, "min_order_total max_order_total keywords mood_condition"),
		)
		.where(rule.enabled == 1)
	).run(as_dict=True)
	lists = child_values("Routing Rule", RULE_LISTS)

	rules = [
		Rule(
			name=row.name,
			team=row.team,
			priority=cint(row.priority),
			min_order_total=flt(row.min_order_total) if row.min_order_total else None,
			max_order_total=flt(row.max_order_total) if row.max_order_total else None,
			keywords=parse_keywords(row.keywords or ""),
			user=row.assign_to,
			set_priority=row.set_priority,
			moods=mood_condition(row.mood_condition),
			**{attribute: frozenset(lists[attribute].get(row.name, ())) for attribute in RULE_LISTS},
		)
		for row in rows
	]
	hierarchies = {
		name: dict(frappe.get_all(doctype, fields=["name", parent_field], as_list=True))
		for name, (doctype, parent_field) in HIERARCHIES.items()
	}

	teams = {
		row.name: Team(
			row.name,
			row.manager,
			row.assignment_method,
			(),
			bool(row.notify_when_unavailable),
			row.team_email,
		)
		for row in frappe.get_all(
			"Service Desk Team",
			fields=["name", "manager", "assignment_method", "notify_when_unavailable", "team_email"],
		)
	}
	member = frappe.qb.DocType("Service Desk Team Member")
	members: dict[str, list[Member]] = {}
	for row in (
		frappe.qb.from_(member)
		.select(member.parent, member.user, member.active, member.max_open)
		.where(member.parenttype == "Service Desk Team")
		.orderby(member.parent)
		.orderby(member.idx)
	).run(as_dict=True):
		members.setdefault(row.parent, []).append(Member(row.user, bool(row.active), cint(row.max_open)))
	for name, team in teams.items():
		team.members = tuple(members.get(name, ()))

	settings = frappe.get_cached_doc("Service Desk Settings")
	return RoutingState(
		index=RuleIndex(rules, hierarchies),
		teams=teams,
		enabled=bool(settings.routing_enabled),
		default_team=settings.default_team,
	)


def request_for(issue, index: RuleIndex | None = None) -> Request:
	"""What routing knows of an Issue: its source, category, item group, customer group and territory,
	the mood and urgency triage read, the linked order's grand total (company currency) and its text. With an `index`, only the facts
	some rule asks about are looked up."""

	def needed(attribute):
		return index is None or index.uses(attribute)

	customer_group = territory = None
	if issue.get("customer") and (needed("customer_groups") or needed("territories")):
		customer_group, territory = frappe.get_cached_value(
			"Customer", issue.customer, ["customer_group", "territory"]
		) or (None, None)
	return Request(
		source=issue.get("feedback_source"),
		category=issue.get("issue_type"),
		item_group=frappe.get_cached_value("Item", issue.item_code, "item_group")
		if issue.get("item_code") and needed("item_groups")
		else None,
		customer_group=customer_group,
		territory=territory,
		mood=issue.get("customer_mood") or None,
		urgency=issue.get("triage_urgency") or None,
		order_total=flt(frappe.db.get_value("Sales Order", issue.sales_order, "base_grand_total"))
		if issue.get("sales_order") and needed("order_total")
		else None,
		text=f"{issue.get('subject') or ''}\n{strip_html(issue.get('description') or '')}"
		if needed("keywords")
		else "",
	)


def explanation(decision: Decision, team: str | None) -> str:
	if decision.rule:
		return _("Rule {0}: {1}").format(
			decision.rule.name, "; ".join(r.translated(_) for r in decision.reasons)
		)
	if team:
		return _("No rule matched: default team {0}").format(team)
	return _("No rule matched and no default team is set")


def decide(issue) -> tuple[Decision, str | None]:
	state = get_state()
	decision = state.index.route(request_for(issue, state.index))
	return decision, decision.team or state.default_team


# --- hooks --------------------------------------------------------------------------------------------


def route_new_issue(doc, method=None):
	"""Issue before_insert, whatever created it: team, rule, reason and priority, before ERPNext applies
	the Service Level Agreement in validate (so the SLA uses the rule's priority)."""
	if not get_state().enabled or doc.get("support_team"):
		return
	apply_decision(doc, *decide(doc))


def assign_new_issue(doc, method=None):
	"""Issue after_insert: the routed team's member is assigned by a background job after commit (one
	deduplicated job for all waiting Issues, so a request never waits for the assignment and its
	notifications, and requests do not queue on the team's round-robin pointer); in tests, in the demo
	and when the Issue came with its team already set, at once."""
	if not doc.get("support_team"):
		return
	if not doc.get("assignment_pending"):
		assign(doc)
	elif frappe.flags.in_test or frappe.flags.in_demo:
		if claim(doc.name, "assignment_pending"):
			assign(doc)
	else:
		enqueue_pending(assign_pending_issues, ASSIGN_JOB)


ASSIGN_JOB = "servicedesk_shop:assign_pending_issues"


def assign_pending_issues(batch: int = 200):
	"""Background job (and 5-minute sweep): assign every routed Issue still waiting, oldest first."""
	rules = {rule.name: rule for rule in get_state().index.rules}

	def assign_one(name):
		if not claim(name, "assignment_pending"):
			return  # taken by the other of the job and the sweep
		doc = frappe.get_doc("Issue", name)
		rule = rules.get(doc.routing_rule)
		doc.flags.routing_user = rule.user if rule else None
		if doc.support_team:
			assign(doc)

	for_each_pending("assignment_pending", assign_one, "assignment", batch)


def apply_decision(doc, decision: Decision, team: str | None):
	doc.support_team = team
	doc.routing_rule = decision.rule.name if decision.rule else None
	doc.routing_reason = explanation(decision, team)
	if decision.rule and decision.rule.set_priority:
		doc.priority = decision.rule.set_priority
	doc.flags.routing_user = decision.rule.user if decision.rule else None
	doc.assignment_pending = 1 if team else 0


def route_again(issue_name: str) -> dict:
	"""Route an existing Issue anew (form button and API): new team, rule, reason, priority, assignee."""
	doc = frappe.get_doc("Issue", issue_name)
	decision, team = decide(doc)
	apply_decision(doc, decision, team)
	doc.save()
	if team:
		assign(doc, replace=True)
	return {
		"support_team": doc.support_team,
		"routing_rule": doc.routing_rule,
		"routing_reason": doc.routing_reason,
	}


# --- assignment ---------------------------------------------------------------------------------------


def open_counts(users) -> dict[str, int]:
	"""Open Issue assignments per user, in one grouped query."""
	if not users:
		return {}
	todo = frappe.qb.DocType("ToDo")
	rows = (
		frappe.qb.from_(todo)
		.select(todo.allocated_to, Count("*"))
		.where(todo.status == "Open")
		.where(todo.reference_type == "Issue")
		.where(todo.allocated_to.isin(list(users)))
		.groupby(todo.allocated_to)
	).run()
	return dict(rows)


def assign(doc, replace: bool = False):
	team = get_state().teams.get(doc.support_team)
	if not team:
		return
	counts = (
		open_counts([m.user for m in team.members])
		if team.method == "Load Balancing" or any(m.max_open for m in team.members)
		else {}
	)
	preferred = doc.flags.get("routing_user")
	user = None
	if preferred and any(m.user == preferred for m in available(team.members, counts)):
		user = preferred
	if not user:
		last = (
			frappe.db.get_value("Service Desk Team", team.name, "last_assigned")
			if team.method == "Round Robin"
			else None
		)
		user = choose_assignee(team.members, team.method, counts, last)

	if replace:
		clear_assignments("Issue", doc.name, ignore_permissions=True)

	if user:
		add_assignment(
			{
				"assign_to": [user],
				"doctype": "Issue",
				"name": doc.name,
				"description": escape_html(doc.subject),
			},
			ignore_permissions=True,
		)
		if team.method == "Round Robin":
			frappe.db.set_value("Service Desk Team", team.name, "last_assigned", user, update_modified=False)
	else:
		tell_manager_nobody_is_available(doc, team)


def tell_manager_nobody_is_available(doc, team: Team):
	add_assignment(
		{
			"assign_to": [team.manager],
			"doctype": "Issue",
			"name": doc.name,
			"description": escape_html(doc.subject),
		},
		ignore_permissions=True,
	)
	subject = _("Nobody in team {0} can take request {1}; it is assigned to you").format(team.name, doc.name)
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": team.manager,
			"type": "Alert",
			"document_type": "Issue",
			"document_name": doc.name,
			"subject": frappe.utils.escape_html(subject),
			"email_content": frappe.utils.escape_html(doc.subject or ""),
		}
	).insert(ignore_permissions=True)
	if team.notify_when_unavailable and team.team_email:
		# through the Email Queue; a site without outgoing e-mail still routes
		send(
			"team e-mails",
			recipients=[team.team_email],
			subject=subject,
			message=_("Request {0} ({1}) waits for a free member of team {2}.").format(
				doc.name, frappe.utils.escape_html(doc.subject or ""), frappe.utils.escape_html(team.name)
			),
			reference_doctype="Issue",
			reference_name=doc.name,
		)
