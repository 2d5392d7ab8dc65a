"""The answer back to the customer, on a site: when they will hear from the shop.

The promise is ERPNext's own SLA deadline (`Issue.response_by`, on the shop's working hours and holidays,
in the site's time zone); where no SLA applies, the source's typical answer time (Feedback Source ›
Typical Answer Time (Hours)); once the shop has answered (`first_responded_on`), when it did. The text is
in the customer's language (`Issue.customer_language`, else the session's).
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from erpnext.support.doctype.service_level_agreement.service_level_agreement import get_expected_time_for
from frappe.utils import (
	add_to_date,
	escape_html,
	flt,
	get_datetime,
	get_system_timezone,
	getdate,
	now_datetime,
)

from servicedesk_shop.customer.promise import answered, promise
from servicedesk_shop.intake.sources import get_source
from servicedesk_shop.service_desk.addresses import is_chat_address, sent_only_to
from servicedesk_shop.service_desk.tracking import resolved_at, track_token, track_url

DEFAULT_TYPICAL_HOURS = 24


def answer_by(issue, typed_address: bool = False) -> datetime | None:
	"""When the customer is promised an answer: the SLA's response deadline, or the source's typical
	answer time after the request; None once answered.

	`typed_address`: the promise on a guest's screen. The SLA that applies, and the priority it goes by,
	can follow from who the customer is (an SLA for a customer group, a routing rule for a territory),
	which a guest who only typed an address must not learn: the screen promises what any address would
	get, the default SLA's deadline at its default priority (on its working hours and holidays), else the
	source's typical time; the acknowledgement e-mail to the address holds the request's own SLA's."""
	if issue.get("first_responded_on"):
		return None
	if issue.get("response_by") and not typed_address:
		return get_datetime(issue.response_by)
	created = get_datetime(issue.get("creation") or now_datetime())
	if typed_address:
		deadline = default_sla_deadline(created, source_priority(issue.get("feedback_source")))
		if deadline:
			return deadline
	hours = typical_hours(issue.get("feedback_source"))
	if not hours:
		return None
	return add_to_date(created, hours=hours)


def source_priority(source: str | None) -> str | None:
	"""The priority the intake gives a request from `source` (Feedback Source › Default Priority): the same
	for every address."""
	settings = get_source(source) if source else None
	return settings.get("default_priority") if settings else None


def default_sla_deadline(start: datetime, priority: str | None = None) -> datetime | None:
	"""The response deadline that ERPNext's default Service Level Agreement for Issues gives a request
	written at `start` at `priority` (the source's; else the SLA's default priority), by ERPNext's own
	clock (working hours, holidays): the same for every address. None without an enabled default SLA."""
	name = frappe.db.get_value(
		"Service Level Agreement",
		{"document_type": "Issue", "default_service_level_agreement": 1, "enabled": 1},
		"name",
	)
	if not name:
		return None
	sla = frappe.get_cached_doc("Service Level Agreement", name)
	rows = {row.priority: row for row in sla.priorities}
	priority = rows.get(priority) or rows.get(sla.default_priority)
	if not priority or not priority.response_time or not sla.support_and_resolution or not sla.holiday_list:
		return None
	if (sla.start_date and start.date() < getdate(sla.start_date)) or (
		sla.end_date and start.date() > getdate(sla.end_date)
	):
		return None

	service_level = frappe._dict(
		response_time=priority.response_time,
		support_and_resolution=sla.support_and_resolution,
		holiday_list=sla.holiday_list,
	)
	return get_expected_time_for("response", service_level, start)


def typical_hours(source: str | None) -> float:
	settings = get_source(source) if source else None
	value = flt(settings.get("typical_answer_hours")) if settings else 0
	return value or DEFAULT_TYPICAL_HOURS


def language_of(issue, language: str | None = None) -> str:
	return (language or issue.get("customer_language") or frappe.local.lang or "en").split("-")[0]


def promise_text(issue, language: str | None = None, typed_address: bool = False) -> str | None:
	""" "We will answer by 2:30 pm today" / "Мы ответим до 14:30 сегодня", or when it was answered."""
	language = language_of(issue, language)
	now = now_datetime()

	def gettext(text):
		return frappe._(text, lang=language)

	if issue.get("first_responded_on"):
		return answered(get_datetime(issue.first_responded_on), now, language).render(gettext)
	deadline = answer_by(issue, typed_address)
	if not deadline:
		return None
	return promise(deadline, now, language).render(gettext)


PROMISE_FIELDS = (
	"name",
	"response_by",
	"first_responded_on",
	"creation",
	"feedback_source",
	"customer_language",
)


def promise_for(issue, language: str | None = None, typed_address: bool = False) -> dict:
	"""{"answer_by": ISO datetime or None, "promise": the text}: the intake's answer and e-mails (hook
	servicedesk_customer_promise); `typed_address` for a guest's screen (see answer_by)."""
	if isinstance(issue, str):
		issue = frappe.db.get_value("Issue", issue, PROMISE_FIELDS, as_dict=True) or {}
	deadline = answer_by(issue, typed_address)
	return {
		"answer_by": with_offset(deadline) if deadline else None,
		"promise": promise_text(issue, language, typed_address),
	}


def with_offset(value: datetime) -> str:
	"""ISO 8601 with the shop's UTC offset ("2026-12-02T11:00:00+03:00"): Frappe keeps datetimes in the
	system time zone, without one, which a storefront or an external shop elsewhere would misread."""
	return value.replace(tzinfo=ZoneInfo(get_system_timezone())).isoformat()


# a tracking link's token, in a link or in text, in the fragment or (links sent before) the query
# (group 1: the link without it)
TRACKING_TOKEN = re.compile(r"(/support/track)[?#]token=[A-Za-z0-9_.=%-]+")


def add_tracking_link(doc, method=None):
	"""Communication before_insert: an agent's reply e-mail to the customer about a request (ERPNext's own
	reply from the desk) gains the request's tracking link, in the customer's language, so that every
	answer leads back to the conversation. Only an e-mail to the customer alone: the link opens the whole
	conversation, so an e-mail that also goes to a courier or a supplier (in To, Cc or Bcc) goes without,
	and loses any tracking link its text already holds (the reply box quotes the last e-mail, which had
	one)."""
	if (
		doc.communication_type != "Communication"
		or doc.sent_or_received != "Sent"
		or doc.reference_doctype != "Issue"
		or not doc.reference_name
	):
		return
	issue = frappe.db.get_value("Issue", doc.reference_name, ["raised_by", "customer_language"], as_dict=True)
	if (
		not issue
		or not issue.raised_by
		# a request from a messenger chat: the chat is the conversation, and the answer goes there as text
		or is_chat_address(issue.raised_by)
		or not sent_only_to(doc, issue.raised_by)
	):
		doc.content = TRACKING_TOKEN.sub(r"\1", doc.content or "")
		return

	if TRACKING_TOKEN.search(doc.content or ""):
		# a quoted link (the reply box quotes the last e-mail) is made the current one: a revoked link
		# quoted again would not open the request
		token = track_token(doc.reference_name)
		doc.content = TRACKING_TOKEN.sub(lambda match: f"{match.group(1)}#token={token}", doc.content)
		return
	url = escape_html(track_url(doc.reference_name))
	label = frappe._("Follow your request and answer us here", lang=language_of(issue))
	doc.content = f'{doc.content or ""}<p>{escape_html(label)}: <a href="{url}">{url}</a></p>'


def resolved_on(issue):
	"""When the request was resolved: the app's own record (`resolved_on`, set by `note_resolution`);
	ERPNext's `sla_resolution_date` is set only where an SLA applies, and the last change would restart
	the reopening and rating days with every save."""
	return resolved_at(issue)


def note_resolution(doc, method=None):
	"""Issue validate: when it becomes Resolved or Closed, when; an open request has none."""
	done = doc.status in ("Resolved", "Closed")
	if done and not doc.get("resolved_on"):
		doc.resolved_on = now_datetime()
	elif not done and doc.get("resolved_on"):
		doc.resolved_on = None
