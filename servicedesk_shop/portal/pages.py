"""Context of the portal pages /support/new, /support/track, /support/requests and /support/request
(www/support/*.py call these)."""

import frappe
from frappe import _
from frappe.utils import add_days, now_datetime

from servicedesk_shop.customer.access import request_for
from servicedesk_shop.customer.csat import comment_text
from servicedesk_shop.customer.rating import RATABLE_STATUSES, RATING_DAYS, stars_from_fraction
from servicedesk_shop.customer.reopening import NEW_REQUEST, REOPEN, reopen_until
from servicedesk_shop.customer.replies import kind_of_reply, photo_limit_bytes, photos_of, reopen_days
from servicedesk_shop.customer.requests import may_see, my_requests, unproven_count
from servicedesk_shop.customer.service import promise_text, resolved_on
from servicedesk_shop.intake.sources import form_categories, get_sources
from servicedesk_shop.service_desk.addresses import sent_to
from servicedesk_shop.service_desk.photos import MAX_PHOTOS
from servicedesk_shop.service_desk.queries import columns
from servicedesk_shop.service_desk.sanitize import safe_html

FORM_CHANNELS = ("Web Form", "Widget")
QUERY_LIMIT = 140


def query_value(name: str) -> str:
	"""A query-string value as text, empty when missing or not a short string."""
	value = frappe.form_dict.get(name)
	if not isinstance(value, str) or len(value) > QUERY_LIMIT:
		return ""
	return value.strip()


def new_request_context(context):
	is_guest = frappe.session.user == "Guest"
	sources = get_sources()
	offered = [
		source
		for source in sources.values()
		if source["enabled"]
		and source["channel"] in FORM_CHANNELS
		and (source["allow_guest"] or not is_guest)
	]
	source = sources.get(query_value("source"))
	if not source or not source["enabled"]:
		source = None

	context.no_cache = 1
	context.title = _("Contact Support")
	context.is_guest = is_guest
	context.user_email = "" if is_guest else frappe.session.user
	context.source = source
	context.offered_sources = [{"name": s["name"], "label": _(s["name"])} for s in offered]
	context.login_needed = bool(source and is_guest and not source["allow_guest"])
	context.prompt = _(source["prompt"]) if source and source["prompt"] else ""
	context.categories = [{"value": c, "label": _(c)} for c in form_categories(source)] if source else []
	context.default_category = source["default_category"] if source else None
	context.item = query_value("item")
	context.order = query_value("order")
	context.page_url = query_value("page")
	context.show_sidebar = not is_guest
	return context


def track_context(context, name: str | None = None):
	"""/support/track: the request whose tracking link this browser opened (`?request=`, the key in its
	cookie), or `name` (its owner, logged in). A link sent before the token moved into the fragment
	(`?token=`) is sent on to the fragment, so that the page's own script takes it out of the address."""
	context.no_cache = 1
	context.title = _("Your Request")
	token = frappe.form_dict.get("token")
	if name is None and isinstance(token, str) and token:
		frappe.local.flags.redirect_location = "/support/track#" + frappe.utils.urlencode(
			{"token": token[:400]}
		)
		raise frappe.Redirect(302)
	if name is None:
		requested = query_value("request")
		name = request_for(request=requested)
		# no request named: the page's script reads the link's fragment and opens it
		context.opening = not requested
	issue = (
		frappe.db.get_value(
			"Issue",
			name,
			[
				"name",
				"subject",
				"status",
				"issue_type",
				"opening_date",
				"creation",
				"description",
				"resolution_details",
				"response_by",
				"first_responded_on",
				"feedback_source",
				"customer_language",
				"raised_by",
				"csat_rating",
				"csat_comment",
				"sla_resolution_date",
				"resolved_on",
				"modified",
			],
			as_dict=True,
		)
		if name
		else None
	)
	context.issue = issue
	if not issue:
		context.http_status_code = 200 if context.get("opening") else 404
		return context

	context.request_name = issue.name
	context.title = _("Request {0}").format(issue.name)
	context.status_label = _(issue.status)
	context.category_label = _(issue.issue_type) if issue.issue_type else ""
	# when they will hear back, or when the shop answered; not once the request is done
	context.promise = (
		promise_text(issue, frappe.local.lang) if issue.status not in ("Resolved", "Closed") else None
	)
	context.resolution = safe_html(issue.resolution_details)
	context.messages = get_messages(issue)
	for message in context.messages:
		message.photo_urls = [
			"/api/method/servicedesk_shop.api.get_request_photo?"
			+ frappe.utils.urlencode({"request": issue.name, "photo": photo})
			for photo in message.get("photos") or ()
		]
	# answering: open requests take replies, a resolved one is reopened by one for some days, then a new
	# request is the way (and always once closed)
	kind = kind_of_reply(issue)
	context.can_reply = kind != NEW_REQUEST
	context.reopens = kind == REOPEN
	until = reopen_until(resolved_on(issue), reopen_days()) if kind == REOPEN else None
	context.reopen_until = frappe.utils.format_date(until) if until else ""
	context.new_request_needed = kind == NEW_REQUEST
	context.max_photos = MAX_PHOTOS
	context.max_photo_bytes = photo_limit_bytes()
	context.max_photo_mb = f"{context.max_photo_bytes / 1_048_576:g}"
	context.can_rate = ratable(issue)
	context.rating = (
		frappe._dict(stars=stars_from_fraction(issue.csat_rating), comment=comment_text(issue.csat_comment))
		if issue.csat_rating
		else None
	)
	return context


def ratable(issue) -> bool:
	"""A resolved request within the rating days (rating.check_rating says the same when it is sent)."""
	if issue.status not in RATABLE_STATUSES:
		return False
	return now_datetime() <= add_days(resolved_on(issue), RATING_DAYS)


def login_redirect(context, path: str):
	context.no_cache = 1
	frappe.local.flags.redirect_location = "/login?" + frappe.utils.urlencode({"redirect-to": path})
	raise frappe.Redirect


def requests_context(context):
	"""My Requests: every request of the logged-in customer, newest first."""
	if frappe.session.user == "Guest":
		login_redirect(context, "/support/requests")
	context.no_cache = 1
	context.show_sidebar = True
	context.title = _("My Requests")
	context.requests = [
		{
			**row,
			"status_label": _(row.status),
			"category_label": _(row.issue_type) if row.issue_type else "",
		}
		for row in my_requests(frappe.session.user)
	]
	context.unproven = unproven_count(frappe.session.user)
	return context


def request_context(context):
	"""One request of the logged-in customer, as its tracking page shows it; anyone else's is not found."""
	if frappe.session.user == "Guest":
		login_redirect(context, "/support/request?" + frappe.utils.urlencode({"name": query_value("name")}))
	name = query_value("name")
	context.show_sidebar = True
	context.back_to_list = True
	if not may_see(frappe.session.user, name):
		context.no_cache = 1
		context.title = _("Your Request")
		context.issue = None
		context.http_status_code = 404
		return context
	return track_context(context, name)


def get_messages(issue) -> list[dict]:
	"""The conversation of a request as the customer sees it, oldest first: their first message (the
	Issue's description), then their own later messages (from the request's address: Frappe files any
	e-mail whose subject names the request into it, a courier's or a stranger's too) and the replies sent
	to them; internal comments are not shown. The timeline copy of the first message (made in the
	background) is not repeated."""
	communication = frappe.qb.DocType("Communication")
	rows = (
		frappe.qb.from_(communication)
		.select(*columns(communication, "name sent_or_received content creation recipients cc sender"))
		.where(communication.reference_doctype == "Issue")
		.where(communication.reference_name == issue.name)
		.where(communication.communication_type == "Communication")
		.orderby(communication.creation)
		.limit(200)
	).run(as_dict=True)
	first = frappe._dict(sent_or_received="Received", content=issue.description, creation=issue.creation)
	messages = [first]
	customer = (issue.get("raised_by") or "").strip().lower()
	copy_seen = False
	for row in rows:
		if row.sent_or_received == "Received":
			if (row.sender or "").strip().lower() != customer or not customer:
				continue  # an e-mail from someone else into the request's thread
			if not copy_seen and row.content == issue.description:
				copy_seen = True  # the timeline copy of the first message
				continue
		elif not sent_to(row, issue.get("raised_by")):
			continue  # an e-mail the shop sent someone else about the request (a courier, a supplier)
		messages.append(row)
	photos = photos_of(
		[m.name for m in messages if m.get("name") and m.sent_or_received == "Received"],
		issue.get("raised_by"),
	)
	for message in messages:
		message.photos = (
			photos.get(message.pop("name", None), []) if message.sent_or_received == "Received" else []
		)
		message.pop("recipients", None)
		message.pop("cc", None)
		message.pop("sender", None)
		message.content = safe_html(message.content)
		message.from_shop = message.sent_or_received == "Sent"
	return messages
