"""Routing's endpoints for agents and managers: route a request again, test a rule.

Served under their old names too (servicedesk_shop.api), which the storefront, the widget and the
desk call."""

import frappe
from frappe import _

from servicedesk_shop.routing.rules import Request
from servicedesk_shop.routing.service import get_state, request_for, route_again
from servicedesk_shop.service_desk.guards import endpoint, issue_for
from servicedesk_shop.service_desk.permissions import managers_only


@endpoint("POST")
def route_issue(issue: str | None = None) -> dict:
	"""Route `issue` again ("Route Again" on the Issue form): team, rule, reason, priority and assignee."""
	return route_again(issue_for(issue, "write").name)


@endpoint("POST")
@managers_only
def test_routing(
	source: str | None = None,
	category: str | None = None,
	item_code: str | None = None,
	customer: str | None = None,
	order_total: float | None = None,
	text: str | None = None,
	mood: str | None = None,
	urgency: str | None = None,
) -> dict:
	"""The rule a sample request would get, with every rule tried before it and why it did not match
	(the "Test" action of Routing Rule). For System Managers and Support Managers."""
	sample = frappe._dict(
		feedback_source=source,
		issue_type=category,
		item_code=item_code if item_code and frappe.db.exists("Item", item_code) else None,
		customer=customer if customer and frappe.db.exists("Customer", customer) else None,
		subject=text or "",
		customer_mood=mood or None,
		triage_urgency=urgency or None,
	)
	request: Request = request_for(sample)
	request.order_total = order_total
	state = get_state()
	decision = state.index.explain(request)
	return {
		"rule": decision.rule.name if decision.rule else None,
		"team": decision.team or state.default_team,
		"reasons": [reason.translated(_) for reason in decision.reasons],
		"tried": [{"rule": name, "why_not": why.translated(_)} for name, why in decision.tried],
		"request": request.__dict__,
	}
