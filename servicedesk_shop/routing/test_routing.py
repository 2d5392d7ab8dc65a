# Routing on a real site: every channel, assignment methods, capacity, fallback, SLA priority, cache.

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime

from servicedesk_shop import api
from servicedesk_shop.intake import service as intake
from servicedesk_shop.routing import service as routing
from servicedesk_shop.testing import (
	ShopTestCase,
	assignees,
	ensure_outgoing_email_account,
	make_agent,
	make_customer,
	make_rule,
	make_sales_order,
	make_sla,
	make_team,
)

AGENTS = [f"agent{n}.routing@example.com" for n in range(1, 5)]
MANAGER = "manager.routing@example.com"
CUSTOMER = "olga.routing@example.com"
# what setUp changes in Service Desk Settings; tearDownClass puts it back
SETTINGS = ("routing_enabled", "default_team", "triage_enabled")


def hours_to_respond(issue) -> int:
	start = get_datetime(issue.service_level_agreement_creation or issue.creation)
	return round((get_datetime(issue.response_by) - start).total_seconds() / 3600)


class TestRouting(ShopTestCase):
	@classmethod
	def make_fixtures(cls):
		cls.settings_before = {
			field: frappe.db.get_single_value("Service Desk Settings", field) for field in SETTINGS
		}
		for agent in AGENTS:
			make_agent(agent)
		make_agent(MANAGER, roles=("Support Team", "Support Manager"))
		cls.customer = make_customer(CUSTOMER, "Olga Routing")

	@classmethod
	def tearDownClass(cls):
		# an assignment's notice e-mail is sent at once in tests, and Frappe commits the Email Queue
		# there, with the test's settings: leave no rule, team or setting of ours behind for the next module
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for name in frappe.get_all("Routing Rule", pluck="name"):  # setUp removes them all too
			frappe.delete_doc("Routing Rule", name, force=True, ignore_permissions=True)
		for name in ("Payments", "General"):
			if frappe.db.exists("Service Desk Team", name):
				frappe.delete_doc("Service Desk Team", name, force=True, ignore_permissions=True)
		frappe.db.set_single_value("Service Desk Settings", cls.settings_before)
		frappe.db.commit()  # nosemgrep: undo what the class's committed notices kept
		routing.invalidate_routing()
		super().tearDownClass()

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.db.delete("Routing Rule")
		frappe.db.delete("Service Desk Team")
		frappe.db.delete("Service Desk Team Member")
		frappe.db.delete("ToDo", {"allocated_to": ("in", [*AGENTS, MANAGER])})
		# routing alone: triage's reading of the words (tested in triage/test_triage.py) stays out of it
		frappe.db.set_single_value(
			"Service Desk Settings", {"routing_enabled": 1, "default_team": None, "triage_enabled": 0}
		)
		frappe.clear_document_cache("Service Desk Settings", "Service Desk Settings")
		routing.invalidate_routing()
		self.payments = make_team("Payments", MANAGER, AGENTS[:3])
		self.general = make_team("General", MANAGER, AGENTS[3:])

	def tearDown(self):
		super().tearDown()
		routing.invalidate_routing()

	def desk_issue(self, **values):
		return frappe.get_doc(
			{"doctype": "Issue", "subject": "Вопрос", "raised_by": CUSTOMER, **values}
		).insert()

	def intake(self, **data):
		data.setdefault("email", CUSTOMER)
		data.setdefault("message", "Оплата не проходит")
		return frappe.get_doc("Issue", intake.submit(data)["issue"])

	def test_every_channel_is_routed_the_same_way(self):
		make_rule("Payments by category", self.payments, categories=["Payment"])
		make_rule("Payments by keyword", self.payments, priority=20, keywords="оплата\nрассрочка")
		issues = {
			"desk": self.desk_issue(issue_type="Payment"),
			"e-mail (no category, keyword)": self.desk_issue(subject="Оплата не прошла"),
		}
		frappe.set_user("Guest")
		issues["portal, guest"] = self.intake(source="Cart", category="Payment")
		issues["widget, guest"] = self.intake(source="Widget", category="Payment")
		frappe.set_user("Administrator")
		issues["external shop API"] = self.intake(source="External Shop", category="Payment")
		for channel, issue in issues.items():
			with self.subTest(channel):
				self.assertEqual(issue.support_team, self.payments)
				self.assertTrue(issue.routing_rule)
				self.assertIn(AGENTS[0].split("@")[0][:5], "".join(assignees(issue.name)))
		desk = issues["desk"]
		self.assertEqual(desk.routing_rule, "Payments by category")
		self.assertEqual(desk.routing_reason, "Rule Payments by category: category Payment")
		self.assertEqual(issues["e-mail (no category, keyword)"].routing_rule, "Payments by keyword")
		self.assertIn('keyword "оплата"', issues["e-mail (no category, keyword)"].routing_reason)

	def test_round_robin_assigns_members_in_turn(self):
		make_rule("All", self.payments)
		order = [assignees(self.desk_issue().name) for _ in range(4)]
		self.assertEqual(order, [[AGENTS[0]], [AGENTS[1]], [AGENTS[2]], [AGENTS[0]]])

	def test_load_balancing_assigns_the_least_busy(self):
		make_team("Payments", MANAGER, AGENTS[:3], method="Load Balancing")
		make_rule("All", self.payments)
		for agent, busy in ((AGENTS[0], 2), (AGENTS[1], 0), (AGENTS[2], 1)):
			for _ in range(busy):
				self.desk_issue_for(agent)
		self.assertEqual(assignees(self.desk_issue().name), [AGENTS[1]])
		self.assertEqual(assignees(self.desk_issue().name), [AGENTS[1]])  # 1, 1, 1 now: team order
		self.assertIn(assignees(self.desk_issue().name)[0], AGENTS[:3])

	def desk_issue_for(self, agent):
		"""An open request already on `agent`'s list (routing off for it)."""
		frappe.db.set_single_value("Service Desk Settings", "routing_enabled", 0)
		frappe.clear_document_cache("Service Desk Settings", "Service Desk Settings")
		routing.invalidate_routing()
		issue = self.desk_issue()
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": agent,
				"reference_type": "Issue",
				"reference_name": issue.name,
				"description": "earlier work",
			}
		).insert()
		frappe.db.set_single_value("Service Desk Settings", "routing_enabled", 1)
		frappe.clear_document_cache("Service Desk Settings", "Service Desk Settings")
		routing.invalidate_routing()

	def test_outside_tests_a_background_job_assigns_in_creation_order(self):
		make_rule("All", self.payments)
		frappe.flags.in_test = False
		try:
			issues = [self.desk_issue() for _ in range(3)]
		finally:
			frappe.flags.in_test = True
		for issue in issues:  # routed at once, assigned later
			self.assertEqual(issue.support_team, self.payments)
			self.assertEqual(frappe.db.get_value("Issue", issue.name, "assignment_pending"), 1)
			self.assertEqual(assignees(issue.name), [])
		mine = [issue.name for issue in issues]
		frappe.db.set_value(
			"Issue", {"assignment_pending": 1, "name": ("not in", mine)}, "assignment_pending", 0
		)
		with patch.object(frappe.db, "commit"):  # keep the test's transaction
			routing.assign_pending_issues(batch=2)
		self.assertEqual([assignees(issue.name) for issue in issues], [[AGENTS[0]], [AGENTS[1]], [AGENTS[2]]])
		self.assertEqual(
			frappe.get_all(
				"Issue", filters={"assignment_pending": 1, "name": ("in", [i.name for i in issues])}
			),
			[],
		)

	def test_inactive_and_full_members_are_skipped(self):
		make_team(
			"Payments",
			MANAGER,
			[{"user": AGENTS[0], "active": 0}, {"user": AGENTS[1], "max_open": 1}, AGENTS[2]],
		)
		make_rule("All", self.payments)
		self.assertEqual(
			[assignees(self.desk_issue().name) for _ in range(4)],
			[[AGENTS[1]], [AGENTS[2]], [AGENTS[2]], [AGENTS[2]]],
		)

	def test_manager_gets_it_and_is_told_when_nobody_is_available(self):
		ensure_outgoing_email_account()
		make_team(
			"Payments",
			MANAGER,
			[{"user": AGENTS[0], "active": 0}],
			notify_when_unavailable=1,
			team_email="payments-team@example.com",
		)
		make_rule("All", self.payments)
		issue = self.desk_issue()
		self.assertEqual(assignees(issue.name), [MANAGER])
		self.assertTrue(
			frappe.db.exists(
				"Notification Log", {"for_user": MANAGER, "document_name": issue.name, "type": "Alert"}
			)
		)
		self.assertTrue(
			frappe.db.exists(
				"Email Queue",
				{"reference_name": issue.name, "message": ("like", "%waits for a free member%")},
			)
		)

	def test_rule_may_name_the_member(self):
		make_rule("VIP", self.payments, assign_to=AGENTS[2])
		self.assertEqual(assignees(self.desk_issue().name), [AGENTS[2]])

	def test_default_team_when_no_rule_matches(self):
		make_rule("Payments only", self.payments, categories=["Payment"])
		frappe.db.set_single_value("Service Desk Settings", "default_team", self.general)
		frappe.clear_document_cache("Service Desk Settings", "Service Desk Settings")
		routing.invalidate_routing()
		issue = self.desk_issue(issue_type="Delivery")
		self.assertEqual((issue.support_team, issue.routing_rule), (self.general, None))
		self.assertEqual(issue.routing_reason, "No rule matched: default team General")
		self.assertEqual(assignees(issue.name), [AGENTS[3]])

	def test_routing_can_be_switched_off(self):
		make_rule("All", self.payments)
		frappe.db.set_single_value("Service Desk Settings", "routing_enabled", 0)
		frappe.clear_document_cache("Service Desk Settings", "Service Desk Settings")
		routing.invalidate_routing()
		issue = self.desk_issue()
		self.assertIsNone(issue.support_team)
		self.assertEqual(assignees(issue.name), [])

	def test_order_total_customer_group_and_item_group_conditions(self):
		order = make_sales_order(self.customer, self.items[("DEMO-SILK-PYJAMA", "M")], qty=3, rate=6990)
		customer_group = frappe.db.get_value("Customer", self.customer, "customer_group")
		item_group = frappe.db.get_value("Item", self.items[("DEMO-SILK-PYJAMA", "M")], "item_group")
		make_rule(
			"Big orders",
			self.general,
			priority=1,
			min_order_total=20_000,
			customer_groups=[customer_group],
			item_groups=[item_group],
		)
		make_rule("Rest", self.payments, priority=5)
		big = self.desk_issue(
			sales_order=order.sales_order,
			item_code=self.items[("DEMO-SILK-PYJAMA", "M")],
			customer=self.customer,
		)
		self.assertEqual(big.routing_rule, "Big orders")
		self.assertIn("order total 20970", big.routing_reason)
		small = make_sales_order(self.customer, self.items[("DEMO-SILK-PYJAMA", "M")], qty=1, rate=6990)
		other = self.desk_issue(
			sales_order=small.sales_order,
			item_code=self.items[("DEMO-SILK-PYJAMA", "M")],
			customer=self.customer,
		)
		self.assertEqual(other.routing_rule, "Rest")

	def test_rule_priority_is_set_before_the_sla_applies(self):
		frappe.db.delete("Service Level Agreement")
		sla = make_sla("Routing Test SLA", {"Medium": (8 * 3600, 16 * 3600), "High": (3600, 4 * 3600)})
		make_rule("Urgent payments", self.payments, categories=["Payment"], set_priority="High")
		routed = self.desk_issue(issue_type="Payment")
		self.assertEqual(routed.priority, "High")
		self.assertEqual(routed.service_level_agreement, sla.name)
		plain = self.desk_issue(issue_type="Delivery")
		self.assertEqual(plain.priority, "Medium")
		# the SLA's clock follows the routed priority: one hour to respond instead of eight
		self.assertEqual(hours_to_respond(routed), 1)
		self.assertEqual(hours_to_respond(plain), 8)

	def test_a_rule_edit_takes_effect_at_once(self):
		make_rule("All", self.payments)
		self.assertEqual(self.desk_issue().support_team, self.payments)
		rule = frappe.get_doc("Routing Rule", "All")
		rule.team = self.general
		rule.save()
		self.assertEqual(self.desk_issue().support_team, self.general)
		frappe.get_doc("Service Desk Team", self.general).save()  # a team edit drops the index too
		version = frappe.cache.get(frappe.cache.make_key(routing.VERSION_KEY))
		routing.get_state()
		make_team("General", MANAGER, AGENTS[2:])
		self.assertNotEqual(frappe.cache.get(frappe.cache.make_key(routing.VERSION_KEY)), version)

	def test_the_rules_version_outlives_a_cleared_cache(self):
		# Frappe clears the cache often (every global default set): a version counted again from 0 would
		# match an index an idle process built long ago, and it would route by those old rules
		make_rule("All", self.payments)
		version = frappe.cache.get(frappe.cache.make_key(routing.VERSION_KEY))
		self.assertTrue(version)
		frappe.clear_cache()
		self.assertEqual(frappe.cache.get(frappe.cache.make_key(routing.VERSION_KEY)), version)

	def test_deciding_needs_no_query_per_rule(self):
		for n in range(40):
			make_rule(
				f"Rule {n:02d}",
				self.payments,
				priority=n,
				categories=["Praise"],
				keywords=f"слово{n}",
			)
		make_rule("Catch-all", self.general, priority=99)
		issue = frappe.get_doc(
			{"doctype": "Issue", "subject": "Вопрос", "raised_by": CUSTOMER, "issue_type": "Delivery"}
		)
		routing.get_state()  # the index is built once per change
		with self.assertQueryCount(0):
			_decision, team = routing.decide(issue)
		self.assertEqual(team, self.general)

	def test_route_again_moves_the_request(self):
		make_rule("All", self.payments)
		issue = self.desk_issue()
		frappe.get_doc("Routing Rule", "All").update({"team": self.general}).save()
		result = api.route_issue(issue.name)
		self.assertEqual(result["support_team"], self.general)
		self.assertEqual(assignees(issue.name), [AGENTS[3]])

	def test_test_action_explains(self):
		make_rule(
			"VIP",
			self.payments,
			priority=1,
			customer_groups=["VIP Customers"] if frappe.db.exists("Customer Group", "VIP Customers") else [],
			keywords="vip",
		)
		make_rule("Catch-all", self.general, priority=99)
		result = api.test_routing(text="обычный вопрос")
		self.assertEqual((result["rule"], result["team"]), ("Catch-all", self.general))
		self.assertEqual(result["tried"][0]["rule"], "VIP")
		self.assertIn("no keyword found", result["tried"][0]["why_not"])

	def test_only_managers_edit_rules_and_teams(self):
		for doctype in ("Routing Rule", "Service Desk Team", "Service Desk Settings"):
			self.assertFalse(frappe.has_permission(doctype, "write", user=AGENTS[0]), doctype)
			self.assertTrue(frappe.has_permission(doctype, "read", user=AGENTS[0]), doctype)
			self.assertTrue(frappe.has_permission(doctype, "write", user=MANAGER), doctype)
		frappe.set_user(AGENTS[0])
		with self.assertRaises(frappe.PermissionError):
			api.test_routing(text="x")
