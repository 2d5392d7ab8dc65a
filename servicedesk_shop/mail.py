"""E-mail through the Email Queue, on sites with and without an outgoing e-mail account.

Every e-mail of the app goes through `send`: where no outgoing account is set up it sends nothing, says so
once a day in the app's log (logs/servicedesk_shop.log) and answers False; the caller's desk part
(Notification Log, assignment, workspace) is done all the same. Frappe's own assignment and mention
e-mails about requests are held back in the same way (`hold_notification_email`), so that a site without
an account gets no "Failed to send notification email" error for every assignment.
"""

import logging

import frappe

NOTED_KEY = "servicedesk_shop:no_outgoing_email_noted"


def has_outgoing_account() -> bool:
	"""Whether the site can send e-mail at all: an enabled outgoing Email Account (default or any)."""
	cached = getattr(frappe.local, "servicedesk_outgoing_email", None)
	if cached is None:
		cached = frappe.local.servicedesk_outgoing_email = bool(
			frappe.db.exists("Email Account", {"enable_outgoing": 1})
		)
	return cached


def note_no_account(what: str):
	"""Once a day per site: e-mails are not sent because no outgoing account exists."""
	# SET NX EX: only the first process of the day writes the note
	if not frappe.cache.set(frappe.cache.make_key(NOTED_KEY), 1, nx=True, ex=24 * 60 * 60):
		return
	logger = frappe.logger("servicedesk_shop")
	logger.setLevel(logging.INFO)  # Frappe's loggers keep only errors by default, and this is none
	logger.warning(
		f"No outgoing Email Account on {frappe.local.site}: {what} and other e-mails of servicedesk_shop "
		"are not sent until one is set up (Email Account, 'Enable Outgoing'). Everything else works."
	)


def send(what: str, **kwargs) -> bool:
	"""`frappe.sendmail(**kwargs)` when the site can send e-mail; False (and a note, once a day) when not."""
	if not has_outgoing_account():
		note_no_account(what)
		return False
	try:
		frappe.sendmail(**kwargs)
	except frappe.OutgoingEmailError:
		# the account went away meanwhile: the same as having none
		frappe.local.servicedesk_outgoing_email = False
		note_no_account(what)
		return False
	return True


def hold_notification_email(doc, method=None):
	"""Notification Log before_insert: Frappe e-mails assignments, mentions and shares and logs an error
	when it cannot. For requests, on a site without an outgoing account, the notice stays in the desk
	only (an Alert is never e-mailed)."""
	if doc.document_type == "Issue" and doc.type != "Alert" and not has_outgoing_account():
		note_no_account("assignment notices")
		doc.type = "Alert"
