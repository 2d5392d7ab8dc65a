"""Choosing the team member who gets a request. No `frappe` import."""

from dataclasses import dataclass

ROUND_ROBIN = "Round Robin"
LOAD_BALANCING = "Load Balancing"


@dataclass(frozen=True)
class Member:
	user: str
	active: bool = True
	max_open: int = 0  # 0: no limit


def available(members, open_counts) -> list[Member]:
	"""Active members below their maximum of open requests, in the team's order."""
	return [m for m in members if m.active and (not m.max_open or open_counts.get(m.user, 0) < m.max_open)]


def choose_assignee(members, method: str, open_counts, last_assigned: str | None = None) -> str | None:
	"""The member to assign, or None when nobody can take the request.

	Round Robin: the next available member after the one assigned last, in the team's order.
	Load Balancing: the available member with the fewest open requests (team order breaks ties)."""
	candidates = available(members, open_counts)
	if not candidates:
		return None
	if method == LOAD_BALANCING:
		return min(candidates, key=lambda m: open_counts.get(m.user, 0)).user
	order = [m.user for m in members]
	start = order.index(last_assigned) + 1 if last_assigned in order else 0
	ranked = sorted(candidates, key=lambda m: (order.index(m.user) - start) % len(order))
	return ranked[0].user
