"""Escalation ladders as plain data: which policy covers a request and which of its levels are due.
No `frappe` import.

A level fires relative to one of the Service Level Agreement's deadlines that ERPNext computes on
working hours and holidays (`response_by`, `sla_resolution_by`): N minutes before it ("... Due In") or N
minutes after it ("... Overdue By"). A response level stops counting once the first response is made;
every level stops once the request is resolved. A level fires once per SLA cycle: the cycle is the
deadline itself, so a reset or reopened SLA (a new deadline) starts a new cycle.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

CATCH_UP = timedelta(days=7)

RESPONSE_DUE_IN = "Response Due In"
RESPONSE_OVERDUE_BY = "Response Overdue By"
RESOLUTION_DUE_IN = "Resolution Due In"
RESOLUTION_OVERDUE_BY = "Resolution Overdue By"

# trigger -> (deadline kind, sign of the offset)
TRIGGERS = {
	RESPONSE_DUE_IN: ("response", -1),
	RESPONSE_OVERDUE_BY: ("response", 1),
	RESOLUTION_DUE_IN: ("resolution", -1),
	RESOLUTION_OVERDUE_BY: ("resolution", 1),
}


@dataclass(frozen=True)
class Level:
	number: int
	trigger: str
	minutes: int

	@property
	def kind(self) -> str:
		return TRIGGERS[self.trigger][0]

	def fires_at(self, deadline: datetime) -> datetime:
		return deadline + TRIGGERS[self.trigger][1] * timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Policy:
	name: str
	levels: tuple[Level, ...]
	teams: frozenset = frozenset()
	categories: frozenset = frozenset()
	priorities: frozenset = frozenset()
	moods: frozenset = frozenset()  # the customer's mood read by triage (triage.moods)
	urgencies: frozenset = frozenset()  # the urgency read by triage (Issue Priorities)

	@property
	def specificity(self) -> int:
		return sum(
			1
			for values in (self.teams, self.categories, self.priorities, self.moods, self.urgencies)
			if values
		)

	def covers(self, team, category, priority, mood=None, urgency=None) -> bool:
		return all(
			not accepted or value in accepted
			for accepted, value in (
				(self.teams, team),
				(self.categories, category),
				(self.priorities, priority),
				(self.moods, mood),
				(self.urgencies, urgency),
			)
		)


@dataclass
class SLAState:
	"""An Issue's clock as ERPNext keeps it."""

	response_by: datetime | None = None
	resolution_by: datetime | None = None
	responded: bool = False
	resolved: bool = False

	def deadline(self, kind: str) -> datetime | None:
		return self.response_by if kind == "response" else self.resolution_by


@dataclass(frozen=True)
class DueLevel:
	level: Level
	deadline: datetime
	cycle: str = field(default="")


def choose_policy(
	policies, team=None, category=None, priority=None, mood=None, urgency=None
) -> Policy | None:
	"""The most specific policy that covers the request (most conditions set); ties go by name."""
	covering = [p for p in policies if p.covers(team, category, priority, mood, urgency)]
	if not covering:
		return None
	return min(covering, key=lambda p: (-p.specificity, p.name))


def cycle_key(kind: str, deadline: datetime) -> str:
	return f"{kind}@{deadline:%Y-%m-%d %H:%M:%S}"


def due_levels(policy: Policy, sla: SLAState, now: datetime) -> list[DueLevel]:
	"""The levels of `policy` whose time has come for this request, lowest level first."""
	if sla.resolved:
		return []
	due = []
	for level in sorted(policy.levels, key=lambda lv: lv.number):
		if level.kind == "response" and sla.responded:
			continue
		deadline = sla.deadline(level.kind)
		if deadline is None or level.fires_at(deadline) > now:
			continue
		due.append(DueLevel(level, deadline, cycle_key(level.kind, deadline)))
	return due


def window(policies) -> tuple[timedelta, timedelta]:
	"""How far before and after now a deadline can be for some level to be due: (look-ahead, look-back).

	The sweep reads only requests whose deadlines lie in [now - look-back, now + look-ahead]; the
	look-back adds a week to the longest "overdue by", so a sweep that could not run for days still
	catches up on every level."""
	ahead = max((lv.minutes for p in policies for lv in p.levels if TRIGGERS[lv.trigger][1] < 0), default=0)
	back = max((lv.minutes for p in policies for lv in p.levels if TRIGGERS[lv.trigger][1] > 0), default=0)
	return timedelta(minutes=ahead), timedelta(minutes=back) + CATCH_UP


def manager_chain(
	user: str | None, employee_of_user: dict, reports_to: dict, user_of_employee: dict, steps: int
) -> list[str]:
	"""Users above `user` through Employee.reports_to, nearest first, at most `steps` of them."""
	chain: list[str] = []
	employee = employee_of_user.get(user) if user else None
	seen = set()
	while employee and len(chain) < steps and employee not in seen:
		seen.add(employee)
		employee = reports_to.get(employee)
		manager = user_of_employee.get(employee) if employee else None
		if manager and manager != user and manager not in chain:
			chain.append(manager)
	return chain
