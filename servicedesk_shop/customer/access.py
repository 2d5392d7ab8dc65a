"""Who may act on a request from the customer's side: the holder of its tracking link (the token in a
POST, or the cookie its opened link left in this browser) or its logged-in owner."""

import frappe

from servicedesk_shop.customer.requests import may_see
from servicedesk_shop.service_desk.tracking import from_cookie, issue_from_token


def request_for(token=None, request=None) -> str | None:
	"""The request that `token` opens, or `request` when this browser opened its link or the session's
	user owns it; None otherwise (not valid, revoked, expired, or not theirs)."""
	if token:
		return issue_from_token(token)
	if not isinstance(request, str) or not request:
		return None
	if from_cookie(request) or may_see(frappe.session.user, request):
		return request
	return None
