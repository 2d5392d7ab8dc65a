"""What the impact notes on the documents as they change: a request reopened after it was resolved (its
`reopen_count`: such a request was not resolved at first contact), a quality complaint's cause marked
fixed, and the conversion window in Service Desk Settings."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from servicedesk_shop.impact.figures import RESOLVED

MAX_WINDOW_DAYS = 60


def note_reopening(doc, method=None):
	"""Issue validate: a request saved open again after it was resolved or closed (an agent, or the
	customer's reply through My Requests) counts one reopening."""
	before = doc.get_doc_before_save()
	if before and before.status in RESOLVED and doc.status not in RESOLVED:
		doc.reopen_count = (doc.reopen_count or 0) + 1


def note_reopened_by_message(doc, method=None):
	"""Communication on_update, after Frappe reopened the request on a received message (it writes the
	status without saving the request, so validate does not see it): the reopening counted, and the
	resolution cleared as a save would clear it, so that the next message does not count it again."""
	if doc.reference_doctype != "Issue" or doc.sent_or_received != "Received" or not doc.reference_name:
		return
	if doc.communication_type not in ("Communication", None, ""):
		return
	issue = frappe.qb.DocType("Issue")
	(
		frappe.qb.update(issue)
		.set(issue.reopen_count, issue.reopen_count + 1)
		.set(issue.resolved_on, None)
		.where(issue.name == doc.reference_name)
		.where(issue.status == "Open")
		.where(issue.resolved_on.isnotnull())
	).run()


def check_cause_fixed(doc, method=None):
	"""Issue validate: a cause marked fixed has its day (today unless given), not in the future; unmarked,
	it has none."""
	if not doc.get("cause_fixed"):
		doc.cause_fixed_on = None
		return
	doc.cause_fixed_on = getdate(doc.cause_fixed_on or today())
	if doc.cause_fixed_on > getdate(today()):
		frappe.throw(_("Cause Fixed On cannot be in the future."), frappe.ValidationError)


def validate_settings(doc, method=None):
	"""Service Desk Settings validate: the conversion window is 1 to MAX_WINDOW_DAYS days."""
	days = doc.get("conversion_window_days")
	if days not in (None, "") and not 1 <= int(days) <= MAX_WINDOW_DAYS:
		frappe.throw(
			_("Conversion Window Days must be between 1 and {0}.").format(MAX_WINDOW_DAYS),
			frappe.ValidationError,
		)
