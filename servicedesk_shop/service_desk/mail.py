"""E-mail through the Email Queue, on sites with and without an outgoing e-mail account.

Every e-mail of the app goes through `send`: where no outgoing account is set up it sends nothing, says so
once a day in the app's log (logs/servicedesk_shop.log) and answers False; the caller's desk part
(Notification Log, assignment, workspace) is done all the same. Frappe's own assignment and mention
e-mails about requests are held back in the same way (`hold_notification_email`), so that a site without
an account gets no "Failed to send notification email" error for every assignment.
"""

import logging

import frappe

from servicedesk_shop.service_desk.addresses import mailboxes
from servicedesk_shop.service_desk.text import is_message_id
from servicedesk_shop.service_desk.tracking import address_proven

NOTED_KEY = "servicedesk_shop:no_outgoing_email_noted"


def may_quote_sender(doc) -> bool:
	"""Whether e-mails to the request's address may repeat what its sender wrote (the subject). Not while
	the address is unproven (a guest's typed address, a letter's unauthenticated From): a stranger's words
	("Account locked, verify at https://…") would reach the address's owner signed with the shop's domain."""
	return address_proven(doc)


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


def send(what: str, references: list[str] | None = None, **kwargs) -> bool:
	"""`frappe.sendmail(**kwargs)` when the site can send e-mail; False (and a note, once a day) when not.
	`references`: the message ids of the thread this e-mail answers (its References header).

	A messenger chat's address (a request from Telegram or VK) is never e-mailed: the messengers deliver in
	the chat what is meant for it. An e-mail to such addresses only is not sent (False)."""
	if "recipients" in kwargs:
		recipients = kwargs["recipients"]
		listed = recipients.split(",") if isinstance(recipients, str) else list(recipients or [])
		kwargs["recipients"] = mailboxes([address.strip() for address in listed if address.strip()])
		if not kwargs["recipients"]:
			return False
	if not has_outgoing_account():
		note_no_account(what)
		return False
	try:
		queued = frappe.sendmail(**kwargs)
	except frappe.OutgoingEmailError:
		# the account went away meanwhile: the same as having none
		frappe.local.servicedesk_outgoing_email = False
		note_no_account(what)
		return False
	if references and queued:
		for queue in queued if isinstance(queued, list) else [queued]:
			add_references(queue.name, references)
	return True


def add_references(queue: str, references: list[str]):
	"""The References header on a queued e-mail: Frappe sets In-Reply-To from a Communication but has no
	References, which mail clients also thread by. The queue keeps the whole message, headers first."""
	ids = [f"<{reference}>" for reference in references[-20:] if is_message_id(reference)]
	message = frappe.db.get_value("Email Queue", queue, "message")
	if ids and message and not message.startswith("References:"):
		# one id a line (folded), so that no line passes the 998 characters mail allows
		header = "References: " + "\n ".join(ids)
		frappe.db.set_value("Email Queue", queue, "message", f"{header}\n{message}", update_modified=False)


def hold_notification_email(doc, method=None):
	"""Notification Log before_insert: Frappe e-mails assignments, mentions and shares and logs an error
	when it cannot. For requests, on a site without an outgoing account, the notice stays in the desk
	only (an Alert is never e-mailed)."""
	if doc.document_type == "Issue" and doc.type != "Alert" and not has_outgoing_account():
		note_no_account("assignment notices")
		doc.type = "Alert"


def customer_mail_blocked(doc) -> str | None:
	"""Why the customer of request `doc` gets no e-mail about it, or None: they asked for an answer by
	phone (`contact_by_phone`), or they opted out of e-mail (Frappe's Email Unsubscribe, for all e-mail
	or for this request; or the Unsubscribed box of their Contact)."""
	if doc.get("contact_by_phone"):
		return "phone"
	address = (doc.get("raised_by") or "").strip().lower()
	if not address:
		return "no address"
	unsubscribe = frappe.qb.DocType("Email Unsubscribe")
	opted_out = (
		frappe.qb.from_(unsubscribe)
		.select(unsubscribe.name)
		.where(unsubscribe.email == address)
		.where(
			(unsubscribe.global_unsubscribe == 1)
			| ((unsubscribe.reference_doctype == "Issue") & (unsubscribe.reference_name == doc.get("name")))
		)
		.limit(1)
	).run()
	if opted_out:
		return "opted out"
	if doc.get("contact") and frappe.db.get_value("Contact", doc.get("contact"), "unsubscribed"):
		return "opted out"
	return None


def mute_request_mail(doc, method=None):
	"""Issue on_update: an answer by phone holds back every e-mail about the request, also the agents'
	replies from the desk and Frappe's notifications: Frappe's Email Queue leaves out an address that has
	an Email Unsubscribe for the e-mail's document. Unticking the box lets e-mail through again."""
	if not doc.has_value_changed("contact_by_phone") or not doc.get("raised_by"):
		return
	# the address exactly as the request has it: the Email Queue finds the record without regard to
	# case, then leaves out the recipients that equal its address
	match = {"email": doc.raised_by.strip(), "reference_doctype": "Issue", "reference_name": doc.name}
	existing = frappe.db.get_value("Email Unsubscribe", match)
	if doc.contact_by_phone and not existing:
		record = frappe.get_doc({"doctype": "Email Unsubscribe", **match})
		# written as is: its on_update would note "Left this conversation" on the request, which the
		# customer did not do
		record.name = frappe.generate_hash(length=10)
		record.owner = record.modified_by = frappe.session.user
		record.creation = record.modified = frappe.utils.now_datetime()
		record.db_insert()
	elif not doc.contact_by_phone and existing:
		frappe.db.delete("Email Unsubscribe", {"name": existing})
