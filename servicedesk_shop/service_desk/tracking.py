"""A request's tracking link: who holds it may follow and answer the request without logging in.

The link is `/support/track#token=…`: the token rides in the fragment, which browsers never send, so no
proxy, access log or Referer sees it. The page's script hands it over once (`open_link`, a POST) for an
HttpOnly cookie for that request, and goes on at a clean address (`/support/track?request=ISS-…`).
A link lives while the request is open and for Service Desk Settings' "Tracking Links Expire After
(Days)" after it is resolved; an agent revokes a request's links by moving it to the next revision.
Opening the link from the e-mail proves the sender's address (`Issue.address_confirmed`).
"""

import frappe
from frappe import _
from frappe.utils import get_datetime, get_url, now_datetime
from frappe.utils.password import get_encryption_key

from servicedesk_shop.service_desk.errors import ServiceDeskNotFound
from servicedesk_shop.service_desk.settings import value as setting
from servicedesk_shop.service_desk.tokens import (
	link_expired,
	parse_tracked_value,
	sign,
	tracked_value,
	unsign,
)

PURPOSE = "track"
COOKIE_PREFIX = "sd_track_"
DEFAULT_DAYS = 90
DONE = ("Resolved", "Closed")

VALID, EXPIRED, INVALID = "valid", "expired", "invalid"

UNPROVEN = ("Typed Address", "E-mail")
"""Issue.sender_identity of a request whose address was only written (a guest's form, a letter's From):
proven once its owner opens the link e-mailed to it, an agent confirms it, or the mail system
authenticated the letter (Issue.address_confirmed)."""


def address_proven(doc) -> bool:
	"""Whether the request's address is its sender's: not merely written (UNPROVEN), or confirmed since."""
	return doc.get("sender_identity") not in UNPROVEN or bool(doc.get("address_confirmed"))


STATE_FIELDS = ["name", "tracking_revision", "status", "resolved_on", "sla_resolution_date", "modified"]


class TrackingLinkError(ServiceDeskNotFound):
	"""A tracking link that is not valid (404) or no longer (410)."""


class TrackingLinkExpired(TrackingLinkError):
	http_status_code = 410


def secret() -> str:
	return get_encryption_key()


def track_token(issue: str, revision: int | None = None) -> str:
	"""The token of `issue`'s current links (its revision read when not given)."""
	if revision is None:
		revision = frappe.db.get_value("Issue", issue, "tracking_revision") or 0
	return sign(tracked_value(issue, int(revision or 0)), secret(), purpose=PURPOSE)


def track_url(issue: str, revision: int | None = None) -> str:
	return get_url(f"/support/track#token={track_token(issue, revision)}")


def page_url(issue: str) -> str:
	"""The request's page once its link has been opened (the cookie holds the key)."""
	return "/support/track?" + frappe.utils.urlencode({"request": issue})


def resolved_at(issue):
	"""When the request was resolved: the app's own record (`resolved_on`); ERPNext's
	`sla_resolution_date` exists only where an SLA applies; the last change is the last resort."""
	return get_datetime(issue.get("resolved_on") or issue.get("sla_resolution_date") or issue.get("modified"))


def link_days() -> int:
	return setting("tracking_link_days", DEFAULT_DAYS)


def token_state(token) -> tuple[str | None, str]:
	"""(the request's name, VALID / EXPIRED / INVALID) of a tracking token."""
	if not isinstance(token, str):
		return None, INVALID
	parsed = parse_tracked_value(unsign(token, secret(), purpose=PURPOSE))
	if not parsed:
		return None, INVALID
	name, revision = parsed
	issue = frappe.db.get_value("Issue", name, STATE_FIELDS, as_dict=True)
	if not issue or int(issue.tracking_revision or 0) != revision:
		return None, INVALID
	done = issue.status in DONE
	if link_expired(done, resolved_at(issue) if done else None, now_datetime(), link_days()):
		return name, EXPIRED
	return name, VALID


def issue_from_token(token) -> str | None:
	"""The request a tracking token opens, or None (not ours, revoked, or expired)."""
	name, state = token_state(token)
	return name if state == VALID else None


def check_token(token) -> str:
	"""The request of a valid tracking token; otherwise a 404 (not valid) or 410 (expired) with a
	message."""
	name, state = token_state(token)
	if state == VALID:
		return name
	frappe.flags.disable_traceback = True
	if state == EXPIRED:
		frappe.throw(
			_("This tracking link has expired. Log in to see your requests, or send us a new one."),
			TrackingLinkExpired,
		)
	frappe.throw(_("This tracking link is not valid."), TrackingLinkError)


def cookie_name(issue: str) -> str:
	return COOKIE_PREFIX + "".join(c if c.isalnum() or c in "-_." else "_" for c in issue)


def open_link(token) -> str:
	"""The tracking link opened: its request gets a cookie in this browser, and the sender's address is
	proven (the link went to it by e-mail) unless a desk user opened it. Answers the request's name."""
	name = check_token(token)
	# a session cookie: the e-mail's link opens the request again after the browser was closed
	frappe.local.cookie_manager.set_cookie(cookie_name(name), token, httponly=True, samesite="Lax")
	if frappe.get_cached_value("User", frappe.session.user, "user_type") != "System User":
		confirm_address(name)
	return name


def from_cookie(issue: str | None) -> bool:
	"""Whether this browser opened a valid tracking link of `issue`."""
	request = getattr(frappe.local, "request", None)
	if not issue or not isinstance(issue, str) or len(issue) > 140 or not request:
		return False
	token = request.cookies.get(cookie_name(issue))
	return bool(token) and issue_from_token(token) == issue


def confirm_address(issue: str):
	"""The request's address is proven: the request shows in its owner's My Requests."""
	frappe.db.set_value("Issue", issue, "address_confirmed", 1, update_modified=False)


def revoke_links(issue: str) -> int:
	"""Every tracking link of `issue` sent so far stops working; the next reply carries a new one.
	Answers the new revision."""
	issue_table = frappe.qb.DocType("Issue")
	(
		frappe.qb.update(issue_table)
		.set(issue_table.tracking_revision, issue_table.tracking_revision + 1)
		.where(issue_table.name == issue)
	).run()
	return frappe.db.get_value("Issue", issue, "tracking_revision")
