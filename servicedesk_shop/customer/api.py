"""The customer loop's endpoints: the tracking link, the customer's answer and photos, the rating; for agents
the customer panel, the link, its revocation and the proof of a typed address.

Served under their old names too (servicedesk_shop.api), which the storefront, the widget and the
desk call."""

import frappe
from frappe import _

from servicedesk_shop.customer.access import request_for
from servicedesk_shop.customer.csat import from_star_token, rate
from servicedesk_shop.customer.panel import customer_panel
from servicedesk_shop.customer.replies import add_reply, photo_content
from servicedesk_shop.intake import service
from servicedesk_shop.service_desk.guards import endpoint, issue_for, refuse_argument
from servicedesk_shop.service_desk.ratelimit import lookup_limit
from servicedesk_shop.service_desk.tracking import confirm_address, open_link, page_url, revoke_links


@endpoint("POST", guest=True, limit=lookup_limit)
def open_tracking_link(token: str | None = None) -> dict:
	"""The tracking link's token (from the link's fragment, read by the page's script) exchanged for this
	request's cookie in this browser: answers {"request", "url"}, the page's clean address. 404 for a link
	that is not valid or was revoked, 410 for one that has expired."""
	name = open_link(token)
	return {"request": name, "url": page_url(name)}


@endpoint("POST", guest=True)
def reply_to_request(
	token: str | None = None, message: str | None = None, photos=None, request: str | None = None
) -> dict:
	"""The customer's answer to a request, from its tracking page or My Requests: `request` whose link this
	browser opened (its cookie) or that the user owns, or a tracking `token`; with up to 3 photos (a JSON
	list of {"name", "data": a data: URL}; images only, checked by their bytes). It reopens a resolved
	request within Service Desk Settings' "Reopen Within Days"."""
	return add_reply(token, message, photos, request)


@endpoint("GET", guest=True, limit=lookup_limit)
def get_request_photo(token: str | None = None, photo: str | None = None, request: str | None = None):
	"""A photo of the customer's own messages on `request` (opened in this browser, or the user's own) or
	the request of a tracking `token`, for its page; 404 for any other file."""
	filename, content, content_type = photo_content(token, photo, request)
	frappe.response.type = "download"
	frappe.response.filename = filename
	frappe.response.filecontent = content
	frappe.response.content_type = content_type
	frappe.response.display_content_as = "inline"


@endpoint("POST", guest=True)
def rate_request(
	token: str | None = None,
	rating: str | int | None = None,
	comment: str | None = None,
	request: str | None = None,
) -> dict:
	"""The customer's rating of a resolved request, 1-5 stars and an optional comment, changeable for 7
	days: `token` is a star's link from the resolution e-mail or a tracking token; `request` one whose
	link this browser opened or that the user owns (the tracking page, My Requests). 400 with a message
	for a bad token, rating or comment, or too late."""
	issue = None
	found = from_star_token(token)
	if found:
		issue, star = found
		rating = star if rating in (None, "") else rating
	else:
		issue = request_for(token, request)
	if not issue:
		refuse_argument(_("This rating link is not valid."), service.IntakeValidationError)
	return rate(issue, rating, comment)


@endpoint("GET", "POST")
def get_customer_panel(issue: str | None = None) -> dict:
	"""The Issue form's customer panel: the last orders, earlier requests, returns, the total spent and
	the customer since when; each part for those who may read it."""
	return customer_panel(issue_for(issue))


@endpoint("GET", "POST")
def get_track_url(issue: str | None = None) -> str:
	"""The customer's tracking link of `issue`, for staff who may read it (to send it on)."""
	return service.track_url(issue_for(issue).name)


@endpoint("POST")
def revoke_tracking_links(issue: str | None = None) -> int:
	"""Every tracking link of `issue` sent so far stops working ("Revoke Tracking Links" on the Issue
	form, for an agent who may change the request); the next reply carries a new one."""
	doc = issue_for(issue, "write")
	revision = revoke_links(doc.name)
	doc.add_comment("Info", _("Tracking links revoked."))
	return revision


@endpoint("POST")
def confirm_sender_address(issue: str | None = None):
	"""An agent vouches for a guest's typed address (they called the customer, say): the request shows
	in that customer's My Requests."""
	doc = issue_for(issue, "write")
	confirm_address(doc.name)
	doc.add_comment("Info", _("The sender's address was confirmed by an agent."))
