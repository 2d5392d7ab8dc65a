# The SLA sweep on a real site: triggers, warnings, working hours, actions, exactly-once, digest.

import threading
from datetime import timedelta
from unittest.mock import patch

import frappe
from erpnext.support.doctype.service_level_agreement.service_level_agreement import (
	reset_service_level_agreement,
)
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime

from servicedesk_shop.escalation import service as escalation
from servicedesk_shop.routing import service as routing
from servicedesk_shop.testing import ALL_DAYS, assignees, make_agent, make_holiday_list, make_sla, make_team

TEAM = "Escalation Test Team"
MANAGER = "manager.escalation@example.com"
AGENT = "agent.escalation@example.com"
LEAD = "lead.escalation@example.com"
HEAD = "head.escalation@example.com"
FIXER = "fixer.escalation@example.com"
POLICY = "Escalation Test Policy"
SLA = "Escalation Test SLA"
HOLIDAYS = "Escalation Test Holidays"


def make_employee(user, reports_to=None):
	employee = frappe.db.get_value("Employee", {"user_id": user})
	if employee:
		frappe.db.set_value("Employee", employee, "reports_to", reports_to)
		return employee
	return (
		frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": user.split("@")[0],
				"gender": frappe.db.get_value("Gender", {}, "name"),
				"date_of_birth": "1990-01-01",
				"date_of_joining": "2020-01-01",
				"company": frappe.db.get_value("Company", {}, "name"),
				"user_id": user,
				"reports_to": reports_to,
				"status": "Active",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


class TestEscalation(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		for user in (MANAGER, AGENT, LEAD, HEAD, FIXER):
			make_agent(user)
		head = make_employee(HEAD)
		lead = make_employee(LEAD, reports_to=head)
		make_employee(AGENT, reports_to=lead)
		make_team(TEAM, MANAGER, [AGENT])
		make_holiday_list(HOLIDAYS, ["2026-12-31"], "2026-01-01", "2027-12-31")  # New Year's Eve
		frappe.db.commit()  # nosemgrep: fixtures shared by the class

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.db.delete("Escalation Policy")
		frappe.db.delete("Escalation Level")
		frappe.db.delete("Routing Rule")
		routing.invalidate_routing()
		self.sla = make_sla(SLA, holiday_list=HOLIDAYS)
		self.policy = frappe.get_doc(
			{
				"doctype": "Escalation Policy",
				"policy_name": POLICY,
				"teams": [{"team": TEAM}],
				"levels": [
					{"trigger": "Response Due In", "minutes": 30, "notify_team_manager": 1},
					{"trigger": "Response Overdue By", "minutes": 0, "notify_team_manager": 1},
					{
						"trigger": "Resolution Due In",
						"minutes": 60,
						"notify_team_manager": 1,
						"raise_priority_to": "High",
					},
					{
						"trigger": "Resolution Overdue By",
						"minutes": 60,
						"notify_team_manager": 0,
						"manager_chain_steps": 2,
						"reassign_to_user": FIXER,
					},
				],
			}
		).insert()

	def tearDown(self):
		frappe.db.rollback()
		routing.invalidate_routing()

	def issue(self, **values):
		return frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": "Посылка потерялась",
				"raised_by": "late@example.com",
				"support_team": TEAM,
				**values,
			}
		).insert()

	def sweep(self, at):
		return escalation.sweep(now=at, commit=False)

	def levels(self, issue):
		return sorted(frappe.get_all("Issue Escalation", filters={"issue": issue.name}, pluck="level"))

	def notices(self, user, issue):
		return frappe.db.count(
			"Notification Log",
			{"for_user": user, "document_name": issue.name, "subject": ("like", "Escalation level%")},
		)

	def test_each_trigger_fires_at_its_time_once(self):
		issue = self.issue()
		self.assertEqual(assignees(issue.name), [AGENT])
		response_by, resolution_by = get_datetime(issue.response_by), get_datetime(issue.sla_resolution_by)

		self.sweep(response_by - timedelta(minutes=31))
		self.assertEqual(self.levels(issue), [])
		self.sweep(response_by - timedelta(minutes=30))  # the warning before the breach
		self.assertEqual(self.levels(issue), [1])
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "agreement_status"), "First Response Due")
		self.sweep(response_by + timedelta(seconds=1))  # breached
		self.assertEqual(self.levels(issue), [1, 2])
		self.assertEqual(
			frappe.db.get_value("Issue", issue.name, ["agreement_status", "escalated", "escalation_level"]),
			("Failed", 1, 2),
		)
		self.sweep(response_by + timedelta(minutes=5))  # nothing new, nothing twice
		self.assertEqual(self.levels(issue), [1, 2])
		self.assertEqual(self.notices(MANAGER, issue), 2)

		self.sweep(resolution_by - timedelta(minutes=60))
		self.assertEqual(self.levels(issue), [1, 2, 3])
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "priority"), "High")

		self.sweep(resolution_by + timedelta(minutes=60))
		self.assertEqual(self.levels(issue), [1, 2, 3, 4])
		self.assertEqual(assignees(issue.name), [FIXER])
		record = frappe.get_doc("Issue Escalation", {"issue": issue.name, "level": 4})
		self.assertEqual(record.notified_users.split("\n"), [LEAD, HEAD])  # the agent's managers, 2 steps
		self.assertIn(FIXER, record.actions_taken)
		self.assertEqual(self.notices(LEAD, issue), 1)
		self.assertEqual(self.notices(MANAGER, issue), 3)

	def test_a_level_can_hand_the_request_to_another_team(self):
		other = make_team("Escalation Seniors", MANAGER, [FIXER])
		policy = frappe.get_doc("Escalation Policy", POLICY)
		policy.levels[1].reassign_to_team = other
		policy.save()
		issue = self.issue()
		self.sweep(get_datetime(issue.response_by) + timedelta(seconds=1))
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "support_team"), other)
		self.assertEqual(assignees(issue.name), [FIXER])
		record = frappe.get_doc("Issue Escalation", {"issue": issue.name, "level": 2})
		self.assertIn(other, record.actions_taken)

	def test_first_response_stops_response_levels(self):
		issue = self.issue()
		frappe.db.set_value("Issue", issue.name, "first_responded_on", issue.creation)
		self.sweep(get_datetime(issue.response_by) + timedelta(minutes=1))
		self.assertEqual(self.levels(issue), [])

	def test_resolved_requests_are_left_alone(self):
		issue = self.issue()
		frappe.db.set_value("Issue", issue.name, "status", "Resolved")
		self.sweep(get_datetime(issue.sla_resolution_by) + timedelta(days=1))
		self.assertEqual(self.levels(issue), [])

	def test_working_hours_and_holidays_come_from_erpnext_deadlines(self):
		make_sla(
			"Escalation Office Hours",
			days=ALL_DAYS[:5],
			start="10:00:00",
			end="18:00:00",
			holiday_list=HOLIDAYS,
		)
		# Wednesday 30 Dec, 17:30: half an hour of work left; the 31st is a holiday, then Friday
		at = "2026-12-30 17:30:00"
		issue = self.issue(creation=at, opening_date=at, service_level_agreement_creation=at)
		self.assertEqual(get_datetime(issue.response_by), get_datetime("2027-01-01 10:30:00"))
		self.sweep(get_datetime("2026-12-31 12:00:00"))  # on the holiday: not yet due
		self.assertEqual(self.levels(issue), [])
		self.sweep(get_datetime("2027-01-01 10:00:00"))
		self.assertEqual(self.levels(issue), [1])

	def test_most_specific_policy_wins(self):
		frappe.get_doc(
			{
				"doctype": "Escalation Policy",
				"policy_name": "Escalation Test Catch-all",
				"levels": [{"trigger": "Response Due In", "minutes": 600, "notify_role": "Support Manager"}],
			}
		).insert()
		issue = self.issue()
		self.sweep(get_datetime(issue.response_by) - timedelta(minutes=30))
		self.assertEqual(
			frappe.get_all("Issue Escalation", filters={"issue": issue.name}, pluck="policy"), [POLICY]
		)

	def test_two_sweeps_at_once_escalate_each_level_once(self):
		"""Two sweeps on two real database connections, both past reading the due Issues before either
		claims a level: the unique key lets one of them record and tell, the other skips."""
		issue = self.issue()
		frappe.db.commit()  # nosemgrep: the sweeps under test run on their own connections
		at = get_datetime(issue.response_by) + timedelta(seconds=1)
		site, sites_path = frappe.local.site, frappe.local.sites_path
		both_have_read = threading.Barrier(2, timeout=60)
		read_due = escalation.due_candidates
		results, errors = [], []

		def read_then_wait(*args, **kwargs):
			rows = read_due(*args, **kwargs)
			both_have_read.wait()
			return rows

		def run_sweep():
			frappe.init(site=site, sites_path=sites_path)
			try:
				frappe.connect()
				frappe.flags.in_test = True  # notices are made at once, not by a worker
				frappe.set_user("Administrator")
				results.append(escalation.sweep(now=at, commit=True))
			except Exception as e:
				errors.append(e)
			finally:
				frappe.destroy()

		try:
			with patch.object(escalation, "due_candidates", read_then_wait):
				sweeps = [threading.Thread(target=run_sweep) for _ in range(2)]
				for thread in sweeps:
					thread.start()
				for thread in sweeps:
					thread.join(120)
			self.assertEqual(errors, [])
			self.assertEqual(len(results), 2)
			# both read the same due Issues (the site may have others, outside the policy's team)
			self.assertEqual(results[0]["candidates"], results[1]["candidates"])
			self.assertGreaterEqual(results[0]["candidates"], 1)
			self.assertEqual(sorted(r["escalations"] for r in results), [0, 2])  # one claimed both levels
			frappe.db.rollback()  # see what the sweeps committed
			self.assertEqual(self.levels(issue), [1, 2])
			self.assertEqual(self.notices(MANAGER, issue), 1)  # told once, of level 2
			self.assertEqual(frappe.db.get_value("Issue", issue.name, "escalation_level"), 2)
		finally:
			self.remove_committed(issue)

	def test_a_crashed_sweep_is_done_again_by_the_next(self):
		issue = self.issue()
		frappe.db.commit()  # nosemgrep: the sweep under test commits and rolls back itself
		at = get_datetime(issue.response_by) - timedelta(minutes=30)
		try:
			with patch.object(escalation, "notify", side_effect=RuntimeError("mail server gone")):
				escalation.sweep(now=at, commit=True)  # dies inside the escalation: rolled back
			self.assertEqual(self.levels(issue), [])
			escalation.sweep(now=at, commit=True)
			self.assertEqual(self.levels(issue), [1])
			self.assertEqual(self.notices(MANAGER, issue), 1)
		finally:
			self.remove_committed(issue)

	def remove_committed(self, issue):
		"""Clean up after a test whose sweeps committed."""
		frappe.db.rollback()
		frappe.db.delete("Issue Escalation", {"issue": issue.name})
		frappe.db.delete("Notification Log", {"document_name": issue.name})
		frappe.db.delete("ToDo", {"reference_type": "Issue", "reference_name": issue.name})
		frappe.delete_doc("Issue", issue.name, force=True, ignore_permissions=True)
		frappe.delete_doc("Escalation Policy", POLICY, force=True, ignore_permissions=True)
		frappe.delete_doc("Service Level Agreement", self.sla.name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean up what the committing sweeps kept

	def test_a_reset_sla_starts_a_new_cycle(self):
		frappe.db.set_single_value("Support Settings", "allow_resetting_service_level_agreement", 1)
		issue = self.issue()
		first = get_datetime(issue.response_by)
		self.sweep(first + timedelta(seconds=1))
		self.assertEqual(self.levels(issue), [1, 2])
		later = first + timedelta(hours=3)
		with patch(
			"erpnext.support.doctype.service_level_agreement.service_level_agreement.now_datetime",
			return_value=later,
		):
			reset_service_level_agreement("Issue", issue.name, "customer called back", "Administrator")
		issue.reload()
		self.assertGreater(get_datetime(issue.response_by), first)
		self.sweep(get_datetime(issue.response_by) + timedelta(seconds=1))
		self.assertEqual(self.levels(issue), [1, 1, 2, 2])

	def test_daily_digest_lists_each_managers_overdue_requests(self):
		issue = self.issue(subject="Где <b>посылка</b>?")
		self.sweep(get_datetime(issue.response_by) + timedelta(minutes=1))
		rows = escalation.overdue_by_manager()[MANAGER]
		self.assertIn(issue.name, [row.name for row in rows])
		subject, message = escalation.digest_for(MANAGER, rows)
		self.assertIn(f"{len(rows)} overdue", subject)
		self.assertIn(issue.name, message)
		self.assertIn("Где &lt;b&gt;посылка&lt;/b&gt;?", message)
		self.assertIn(TEAM, message)

	def test_sweep_interval_follows_the_settings(self):
		settings = frappe.get_single("Service Desk Settings")
		settings.escalation_interval = 15
		settings.save()
		self.assertEqual(
			frappe.db.get_value("Scheduled Job Type", {"method": escalation.SWEEP_METHOD}, "cron_format"),
			"*/15 * * * *",
		)
		settings.escalation_interval = 120
		self.assertRaises(frappe.ValidationError, settings.save)

	def test_candidates_come_from_the_deadline_index(self):
		issue = frappe.qb.DocType("Issue")
		now = get_datetime("2026-11-23 12:00:00")
		query = (
			frappe.qb.from_(issue)
			.select(issue.name)
			.where(issue.status == "Open")
			.where(issue.agreement_status.isin(["First Response Due", "Failed"]))
			.where(issue.response_by[now - timedelta(days=1) : now])
		)
		plan = frappe.db.sql(f"explain {query.get_sql()}", as_dict=True)
		self.assertIn("servicedesk_sla_response", {row.get("key") for row in plan})
