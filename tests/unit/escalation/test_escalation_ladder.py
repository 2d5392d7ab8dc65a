from datetime import datetime, timedelta

from servicedesk_shop.escalation.ladder import (
	RESOLUTION_DUE_IN,
	RESOLUTION_OVERDUE_BY,
	RESPONSE_DUE_IN,
	RESPONSE_OVERDUE_BY,
	Level,
	Policy,
	SLAState,
	choose_policy,
	cycle_key,
	due_levels,
	manager_chain,
	window,
)

NOW = datetime(2026, 11, 23, 12, 0)
LADDER = (
	Level(1, RESPONSE_DUE_IN, 30),
	Level(2, RESPONSE_OVERDUE_BY, 0),
	Level(3, RESPONSE_OVERDUE_BY, 60),
	Level(4, RESOLUTION_DUE_IN, 120),
	Level(5, RESOLUTION_OVERDUE_BY, 240),
)
POLICY = Policy("Default", LADDER)


def levels(sla, now=NOW, policy=POLICY):
	return [d.level.number for d in due_levels(policy, sla, now)]


def test_nothing_is_due_long_before_the_deadlines():
	assert levels(SLAState(NOW + timedelta(hours=2), NOW + timedelta(days=1))) == []


def test_warning_before_the_response_deadline():
	assert levels(SLAState(NOW + timedelta(minutes=30), NOW + timedelta(days=1))) == [1]
	assert levels(SLAState(NOW + timedelta(minutes=31), NOW + timedelta(days=1))) == []


def test_response_breach_and_later_overdue_level():
	assert levels(SLAState(NOW, NOW + timedelta(days=1))) == [1, 2]
	assert levels(SLAState(NOW - timedelta(minutes=59), NOW + timedelta(days=1))) == [1, 2]
	assert levels(SLAState(NOW - timedelta(minutes=60), NOW + timedelta(days=1))) == [1, 2, 3]


def test_response_levels_stop_after_the_first_response():
	sla = SLAState(NOW - timedelta(hours=3), NOW + timedelta(minutes=90), responded=True)
	assert levels(sla) == [4]


def test_resolution_levels():
	sla = SLAState(NOW - timedelta(days=1), NOW - timedelta(hours=4), responded=True)
	assert levels(sla) == [4, 5]


def test_resolved_requests_are_never_due():
	assert (
		levels(SLAState(NOW - timedelta(days=3), NOW - timedelta(days=2), responded=True, resolved=True))
		== []
	)


def test_missing_deadline_skips_its_levels():
	assert levels(SLAState(None, NOW - timedelta(hours=5))) == [4, 5]


def test_cycle_is_the_deadline():
	deadline = datetime(2026, 11, 23, 10, 0, 5)
	due = due_levels(POLICY, SLAState(deadline, None), NOW)
	assert {d.cycle for d in due} == {"response@2026-11-23 10:00:05"}
	assert cycle_key("response", deadline) != cycle_key("response", deadline + timedelta(hours=8))


def test_most_specific_policy_wins_ties_by_name():
	general = Policy("General", LADDER)
	team = Policy("Logistics", LADDER, teams=frozenset({"Logistics"}))
	urgent = Policy(
		"Logistics urgent", LADDER, teams=frozenset({"Logistics"}), priorities=frozenset({"High"})
	)
	twin = Policy(
		"A Logistics urgent", LADDER, teams=frozenset({"Logistics"}), categories=frozenset({"Delivery"})
	)
	policies = [general, team, urgent]
	assert choose_policy(policies, "Logistics", "Delivery", "High") == urgent
	assert choose_policy(policies, "Logistics", "Delivery", "Low") == team
	assert choose_policy(policies, "Payments", "Payment", "High") == general
	assert choose_policy([team], "Payments") is None
	assert choose_policy([*policies, twin], "Logistics", "Delivery", "High") == twin


def test_a_policy_for_angry_customers_wins_for_them_only():
	general = Policy("General", LADDER)
	angry = Policy("Angry", LADDER, moods=frozenset({"Angry"}))
	assert choose_policy([general, angry], "Logistics", "Delivery", "High", "Angry") == angry
	assert choose_policy([general, angry], "Logistics", "Delivery", "High", "Neutral") == general
	assert choose_policy([general, angry], "Logistics", "Delivery", "High") == general


def test_a_policy_for_urgent_requests_as_triage_read_them():
	general = Policy("General", LADDER)
	urgent = Policy("Urgent by their words", LADDER, urgencies=frozenset({"High"}))
	# the priority may be Medium (the customer's source gave it) while the words read High
	assert choose_policy([general, urgent], "Logistics", "Delivery", "Medium", None, "High") == urgent
	assert choose_policy([general, urgent], "Logistics", "Delivery", "High", None, "Low") == general


def test_window_covers_warnings_and_overdue_levels():
	ahead, back = window([POLICY])
	assert ahead == timedelta(minutes=120)
	assert back == timedelta(minutes=240) + timedelta(days=7)
	assert window([]) == (timedelta(0), timedelta(days=7))


def test_manager_chain_follows_reports_to():
	employee_of_user = {"agent@x": "E1"}
	reports_to = {"E1": "E2", "E2": "E3", "E3": "E1"}  # a cycle ends the walk
	user_of_employee = {"E1": "agent@x", "E2": "lead@x", "E3": "head@x"}
	assert manager_chain("agent@x", employee_of_user, reports_to, user_of_employee, 1) == ["lead@x"]
	assert manager_chain("agent@x", employee_of_user, reports_to, user_of_employee, 5) == ["lead@x", "head@x"]
	assert manager_chain("nobody@x", employee_of_user, reports_to, user_of_employee, 3) == []
	assert manager_chain(None, {}, {}, {}, 3) == []
