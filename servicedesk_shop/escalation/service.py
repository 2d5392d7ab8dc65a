"""The SLA sweep: late requests climb the escalation ladder, exactly once per level and SLA cycle.

Every `escalation_interval` minutes (Service Desk Settings; a scheduled job) `sweep()`:
1. marks Open Issues whose ERPNext deadline has passed as Failed (two indexed UPDATEs);
2. reads the Open Issues whose deadlines lie within the policies' window (indexed range queries on
   (status, agreement_status, deadline): the cost grows with the number of due Issues, not open ones);
3. for each due level not yet recorded, claims it by inserting an `Issue Escalation` whose key (issue,
   policy, level, SLA cycle) has a unique index, then tells the people, takes the actions and commits.
   A concurrent sweep blocks on the same key and skips it; a sweep killed before its commit leaves
   nothing, so the next one does that level again. Nobody is told twice, no level is skipped.
"""

import hashlib
import json

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as add_assignment
from frappe.desk.form.assign_to import clear as clear_assignments
from frappe.utils import cint, get_datetime, now_datetime
from frappe.utils.user import get_users_with_role

from servicedesk_shop.escalation.ladder import (
	Level,
	Policy,
	SLAState,
	choose_policy,
	due_levels,
	manager_chain,
	window,
)
from servicedesk_shop.routing.service import assign, get_state
from servicedesk_shop.service_desk.children import child_values
from servicedesk_shop.service_desk.mail import has_outgoing_account, note_no_account, send
from servicedesk_shop.service_desk.queries import columns
from servicedesk_shop.triage.moods import mood_condition

SWEEP_METHOD = "servicedesk_shop.escalation.service.scheduled_sweep"
OPEN = "Open"
CANDIDATE_FIELDS = (
	"name",
	"subject",
	"support_team",
	"issue_type",
	"priority",
	"customer_mood",
	"triage_urgency",
	"response_by",
	"sla_resolution_by",
	"first_responded_on",
	"sla_resolution_date",
	"escalation_level",
	"_assign",
)
POLICY_LISTS = {
	"teams": ("Escalation Policy Team", "team"),
	"categories": ("Escalation Policy Category", "issue_type"),
	"priorities": ("Escalation Policy Priority", "priority"),
	"urgencies": ("Escalation Policy Urgency", "priority"),
}
"""A policy's conditions from its child tables: attribute of `ladder.Policy`: (child doctype, field)."""


def scheduled_sweep():
	sweep()


def load_policies() -> tuple[list[Policy], dict]:
	"""Enabled policies as plain data, and each level's settings by (policy, level number)."""
	policy = frappe.qb.DocType("Escalation Policy")
	enabled = (
		frappe.qb.from_(policy).select(policy.name, policy.mood_condition).where(policy.enabled == 1)
	).run()
	names = [name for name, _mood in enabled]
	moods = {name: mood_condition(mood) for name, mood in enabled}
	if not names:
		return [], {}
	lists = child_values("Escalation Policy", POLICY_LISTS, parents=names)
	level = frappe.qb.DocType("Escalation Level")
	details = {}
	levels = {}
	for row in (
		frappe.qb.from_(level)
		.select("*")
		.where(level.parent.isin(names))
		.where(level.parenttype == "Escalation Policy")
	).run(as_dict=True):
		details[(row.parent, row.idx)] = row
		levels.setdefault(row.parent, []).append(Level(row.idx, row.trigger, cint(row.minutes)))
	policies = [
		Policy(
			name,
			tuple(levels.get(name, ())),
			frozenset(lists["teams"].get(name, ())),
			frozenset(lists["categories"].get(name, ())),
			frozenset(lists["priorities"].get(name, ())),
			moods[name],
			frozenset(lists["urgencies"].get(name, ())),
		)
		for name in names
	]
	return policies, details


def mark_breached(now):
	"""Open Issues past an ERPNext deadline without the response or resolution become Failed, as
	ERPNext marks them when it sees a late response or resolution, without waiting for a save."""
	issue = frappe.qb.DocType("Issue")
	for deadline, done, statuses in (
		(issue.response_by, issue.first_responded_on, ["First Response Due"]),
		(issue.sla_resolution_by, issue.sla_resolution_date, ["First Response Due", "Resolution Due"]),
	):
		late = (
			(issue.status == OPEN) & issue.agreement_status.isin(statuses) & (deadline < now) & done.isnull()
		)
		(frappe.qb.update(issue).set(issue.agreement_status, "Failed").where(late)).run()


def due_candidates(now, ahead, back) -> list[dict]:
	"""Open Issues with a deadline in [now - back, now + ahead], from the two deadline indexes."""
	issue = frappe.qb.DocType("Issue")
	found = {}
	for deadline, statuses in (
		(issue.response_by, ["First Response Due", "Failed"]),
		(issue.sla_resolution_by, ["First Response Due", "Resolution Due", "Failed"]),
	):
		rows = (
			frappe.qb.from_(issue)
			.select(*(issue[f] for f in CANDIDATE_FIELDS))
			.where(issue.status == OPEN)
			.where(issue.agreement_status.isin(statuses))
			.where(deadline[now - back : now + ahead])
		).run(as_dict=True)
		for row in rows:
			found[row.name] = row
	return list(found.values())


def escalation_key(issue: str, policy: str, level: int, cycle: str) -> str:
	return hashlib.sha1(f"{issue}\n{policy}\n{level}\n{cycle}".encode()).hexdigest()


def existing_keys(issues: list[str]) -> set[str]:
	if not issues:
		return set()
	return set(frappe.get_all("Issue Escalation", filters={"issue": ("in", issues)}, pluck="escalation_key"))


def sweep(now=None, commit: bool = True) -> dict:
	"""One pass: mark breaches, fire due levels. Returns counts (for logs, tests and the benchmark)."""
	now = get_datetime(now or frappe.flags.current_time or now_datetime())
	mark_breached(now)
	if commit:
		# the marks stand on their own: release their row locks before the escalations, so that
		# agents saving those Issues and a second sweep do not wait for the whole sweep
		frappe.db.commit()  # nosemgrep: scheduled job
	policies, details = load_policies()
	if not policies:
		return {"candidates": 0, "escalations": 0}
	ahead, back = window(policies)
	rows = due_candidates(now, ahead, back)
	done_keys = existing_keys([row.name for row in rows])
	context = SweepContext()
	escalations = 0
	for row in rows:
		policy = choose_policy(
			policies, row.support_team, row.issue_type, row.priority, row.customer_mood, row.triage_urgency
		)
		if not policy:
			continue
		sla = SLAState(
			get_datetime(row.response_by) if row.response_by else None,
			get_datetime(row.sla_resolution_by) if row.sla_resolution_by else None,
			responded=bool(row.first_responded_on),
			resolved=bool(row.sla_resolution_date),
		)
		pending = [
			(due, details[(policy.name, due.level.number)], key)
			for due in due_levels(policy, sla, now)
			if (key := escalation_key(row.name, policy.name, due.level.number, due.cycle)) not in done_keys
		]
		if not pending:
			continue
		try:
			escalations += escalate(row, policy, pending, now, context)
			if commit:
				frappe.db.commit()  # nosemgrep: scheduled job; one Issue's escalations per transaction
		except Exception:
			frappe.db.rollback()
			frappe.log_error(
				title=f"servicedesk_shop: escalation of {row.name}",
				reference_doctype="Issue",
				reference_name=row.name,
			)
	if commit:
		frappe.db.commit()  # nosemgrep: scheduled job
	return {"candidates": len(rows), "escalations": escalations}


class SweepContext:
	"""What a sweep reads at most once, and only when a level needs it."""

	def __init__(self):
		self._employees = None

	def employees(self):
		if self._employees is None:
			rows = frappe.get_all(
				"Employee", fields=["name", "user_id", "reports_to"], filters={"status": "Active"}
			)
			self._employees = (
				{r.user_id: r.name for r in rows if r.user_id},
				{r.name: r.reports_to for r in rows},
				{r.name: r.user_id for r in rows},
			)
		return self._employees


def assignees(row) -> list[str]:
	try:
		return json.loads(row.get("_assign") or "[]")
	except ValueError:
		return []


def recipients(row, level, context: SweepContext) -> list[str]:
	users: list[str] = []
	if level.notify_team_manager and row.support_team:
		team = get_state().teams.get(row.support_team)
		if team:
			users.append(team.manager)
	if level.notify_user_group:
		users += frappe.get_all(
			"User Group Member", filters={"parent": level.notify_user_group}, pluck="user"
		)
	if level.notify_role:
		users += get_users_with_role(level.notify_role)
	if cint(level.manager_chain_steps):
		employee_of_user, reports_to, user_of_employee = context.employees()
		for user in assignees(row)[:1]:
			users += manager_chain(
				user, employee_of_user, reports_to, user_of_employee, cint(level.manager_chain_steps)
			)
	return list(dict.fromkeys(u for u in users if u and u != "Guest"))


def escalate(row, policy: Policy, pending: list, now, context: SweepContext) -> int:
	"""Claim each due level of one Issue (unique key), then act, then tell; returns the levels claimed.

	Who is told is read before the claim, so the record says it from the start; the actions come after
	it, so a sweep that loses a claim changes nothing for that level. When one sweep finds several levels
	due at once (a warning and the breach, after downtime), each is recorded, and each person is told
	once, of the highest level that names them."""
	claimed = []
	for due, level, key in pending:
		users = recipients(row, level, context)
		if record := claim(row, policy, due, key, users, now):
			claimed.append((due, level, users, record))
	if not claimed:
		return 0

	told: dict[str, tuple] = {}
	for due, level, users, record in claimed:
		actions = take_actions(row, level)
		if actions:
			frappe.db.set_value("Issue Escalation", record, "actions_taken", "\n".join(actions))
		for user in users:
			told[user] = (due, level)  # levels come lowest first: the highest wins
	by_level: dict[int, tuple] = {}
	for user, (due, level) in told.items():
		by_level.setdefault(due.level.number, (due, level, []))[2].append(user)
	for due, level, users in by_level.values():
		notify(row, due, level, users)

	level_reached = max(cint(row.escalation_level), *(due.level.number for due, *_rest in claimed))
	frappe.db.set_value(
		"Issue", row.name, {"escalated": 1, "escalation_level": level_reached}, update_modified=False
	)
	row.escalation_level = level_reached
	return len(claimed)


def claim(row, policy: Policy, due, key: str, users: list[str], now) -> str | None:
	"""Insert the level's Issue Escalation and return its name; None when its unique key is taken (another
	sweep has it)."""
	record = frappe.get_doc(
		{
			"doctype": "Issue Escalation",
			"issue": row.name,
			"policy": policy.name,
			"support_team": row.support_team,
			"level": due.level.number,
			"trigger": due.level.trigger,
			"minutes": due.level.minutes,
			"deadline": due.deadline,
			"escalated_at": now,
			"escalation_key": key,
			"notified_users": "\n".join(users),
		}
	)
	record.flags.ignore_links = True  # the issue, policy and team were just read
	savepoint = "servicedesk_escalation"
	frappe.db.savepoint(savepoint)
	try:
		record.insert(ignore_permissions=True)
	except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
		frappe.db.rollback(save_point=savepoint)
		frappe.clear_last_message()
		return None
	return record.name


def take_actions(row, level) -> list[str]:
	actions = []
	if level.raise_priority_to and row.priority != level.raise_priority_to:
		frappe.db.set_value("Issue", row.name, "priority", level.raise_priority_to, update_modified=False)
		actions.append(_("Priority raised to {0}").format(level.raise_priority_to))
		row.priority = level.raise_priority_to
	if level.reassign_to_team and level.reassign_to_team != row.support_team:
		frappe.db.set_value("Issue", row.name, "support_team", level.reassign_to_team, update_modified=False)
		issue = frappe.get_doc("Issue", row.name)
		clear_assignments("Issue", row.name, ignore_permissions=True)
		assign(issue)
		actions.append(_("Reassigned to team {0}").format(level.reassign_to_team))
		row.support_team = level.reassign_to_team
	if level.reassign_to_user:
		clear_assignments("Issue", row.name, ignore_permissions=True)
		add_assignment(
			{
				"assign_to": [level.reassign_to_user],
				"doctype": "Issue",
				"name": row.name,
				"description": row.subject,
			},
			ignore_permissions=True,
		)
		actions.append(_("Reassigned to {0}").format(level.reassign_to_user))
	return actions


def notify(row, due, level, users: list[str]):
	subject = _("Escalation level {0}: {1} ({2})").format(due.level.number, row.name, _(due.level.trigger))
	for user in users:
		if level.notification_log:
			log = frappe.get_doc(
				{
					"doctype": "Notification Log",
					"for_user": user,
					"type": "Alert",
					"document_type": "Issue",
					"document_name": row.name,
					"subject": subject,
					"email_content": frappe.utils.escape_html(row.subject or ""),
				}
			)
			log.flags.ignore_links = True  # users and the issue were just read
			log.insert(ignore_permissions=True)
		if level.realtime_alert:
			frappe.publish_realtime(
				"servicedesk_escalation",
				{"issue": row.name, "subject": row.subject, "level": due.level.number, "message": subject},
				user=user,
				after_commit=True,
			)
	if level.send_email and users:
		send_escalation_email(row, due, level, users, subject)


def send_escalation_email(row, due, level, users, subject):
	emails = [e for e in (frappe.db.get_value("User", u, "email") for u in users) if e]
	context = {
		# the customer's and agents' words inert in the e-mail: every text value escaped
		"doc": escaped(frappe.get_doc("Issue", row.name).as_dict(no_child_table_fields=True)),
		"level": due.level.number,
		"trigger": due.level.trigger,
	}
	message = _("Request {0} ({1}) reached escalation level {2}.").format(
		row.name, frappe.utils.escape_html(row.subject or ""), due.level.number
	)
	if level.email_template:
		template = frappe.get_cached_doc("Email Template", level.email_template)
		subject = frappe.render_template(template.subject, context)
		message = frappe.render_template(
			template.response_html if template.use_html else template.response, context
		)
	send(
		"escalation e-mails",
		recipients=emails,
		subject=subject,
		message=message,
		reference_doctype="Issue",
		reference_name=row.name,
	)


def escaped(values: dict) -> frappe._dict:
	return frappe._dict(
		{
			key: frappe.utils.escape_html(value) if isinstance(value, str) else value
			for key, value in values.items()
		}
	)


# --- the daily digest ---------------------------------------------------------------------------------


def overdue_by_manager() -> dict[str, list[dict]]:
	"""Open, failed (overdue) requests of each manager's teams."""
	teams = get_state().teams
	issue = frappe.qb.DocType("Issue")
	rows = (
		frappe.qb.from_(issue)
		.select(
			*columns(
				issue, "name subject support_team priority response_by sla_resolution_by escalation_level"
			)
		)
		.where(issue.status == OPEN)
		.where(issue.agreement_status == "Failed")
		.where(issue.support_team.isin(list(teams) or [""]))
		.orderby(issue.sla_resolution_by)
	).run(as_dict=True)
	by_manager: dict[str, list[dict]] = {}
	for row in rows:
		by_manager.setdefault(teams[row.support_team].manager, []).append(row)
	return by_manager


def digest_for(manager: str, rows: list[dict], sections: list[str] | None = None) -> tuple[str, str]:
	"""The digest e-mail: the overdue requests, then what other capabilities add (`sections`, HTML)."""
	subject = _("{0} overdue requests in your teams").format(len(rows))
	lines = "".join(
		"<tr><td><a href='{url}'>{name}</a></td><td>{subject}</td><td>{team}</td><td>{level}</td></tr>".format(
			url=frappe.utils.get_url_to_form("Issue", row.name),
			name=row.name,
			subject=frappe.utils.escape_html(row.subject or ""),
			team=frappe.utils.escape_html(row.support_team or ""),
			level=cint(row.escalation_level),
		)
		for row in rows
	)
	message = (
		f"<p>{_('Overdue requests of your teams, oldest deadline first:')}</p>"
		f"<table border='1' cellpadding='4'><tr><th>{_('Request')}</th><th>{_('Subject')}</th>"
		f"<th>{_('Team')}</th><th>{_('Escalation Level')}</th></tr>{lines}</table>"
	)
	return subject, message + "".join(sections or [])


def send_daily_digest():
	"""Daily: each manager's overdue requests by e-mail (the workspace shows them at any time). On a site
	without an outgoing e-mail account it sends nothing and says so once in the log."""
	if not cint(frappe.db.get_single_value("Service Desk Settings", "send_daily_digest")):
		return
	if not has_outgoing_account():
		note_no_account("the daily digest")
		return

	overdue = overdue_by_manager()
	teams_of: dict[str, list[str]] = {}
	for team in get_state().teams.values():
		teams_of.setdefault(team.manager, []).append(team.name)
	for manager, teams in teams_of.items():
		rows = overdue.get(manager, [])
		# what other capabilities add for the manager's teams (the customer loop: yesterday's ratings)
		sections = [
			section
			for method in frappe.get_hooks("servicedesk_digest_sections")
			if (section := frappe.get_attr(method)(manager, teams))
		]
		email = frappe.db.get_value("User", manager, "email")
		if not email or not (rows or sections):
			continue
		subject, message = digest_for(manager, rows, sections)
		send("the daily digest", recipients=[email], subject=subject, message=message)


def validate_sweep_interval(doc, method=None):
	"""Service Desk Settings validate: the sweep runs every 1 to 59 minutes (a cron minute field)."""
	if doc.escalation_interval and not 1 <= doc.escalation_interval <= 59:
		frappe.throw(_("Sweep Every (Minutes) must be between 1 and 59."))


def apply_sweep_interval(doc=None, method=None):
	"""Make the sweep's Scheduled Job Type run every `escalation_interval` minutes (default 5)."""
	minutes = cint(frappe.db.get_single_value("Service Desk Settings", "escalation_interval")) or 5
	minutes = min(max(minutes, 1), 59)
	job = frappe.db.get_value("Scheduled Job Type", {"method": SWEEP_METHOD})
	if job:
		frappe.db.set_value("Scheduled Job Type", job, "cron_format", f"*/{minutes} * * * *")
