"""The shop's mailbox as the service desk reads it: ERPNext's Email Account pulls the mail (IMAP or POP3),
and each letter goes through `ShopInboundMail` (Frappe's InboundMail with the shop's rules):

- a letter that says it is automatic, a bounce or a letter from the shop's own address makes no request
  and no acknowledgement: it is kept as a Communication with its `held_back_reason` (on its request when
  it answers one, without reopening it; else on its own, listed in the desk as Held Back Mail);
- a new letter makes a request like the form's: its text, the E-mail source's category and priority,
  the sender's customer and their own order, the language of its words, then triage and routing; the
  sender gets the acknowledgement in that language, threaded as a reply to their letter, and nobody in
  Cc does;
- a flood from one mailbox makes one request: new letters within `MERGE_MINUTES` join the open one;
- a letter an agent forwards makes a request for its original sender, recorded as forwarded by them;
- a reply whose subject lost its `#ISS-…` still joins its request through In-Reply-To and References.
"""

import frappe
from frappe import _
from frappe.email.receive import InboundMail
from frappe.utils import add_to_date, now_datetime

from servicedesk_shop.inbox.acknowledgement import acknowledge
from servicedesk_shop.inbox.rules import (
	address_of,
	authenticated,
	forwarded,
	held_back_reason,
	html_to_text,
	language_of,
	message_ids,
)
from servicedesk_shop.intake.service import find_customer, find_order_links
from servicedesk_shop.intake.sources import get_order_prefixes, get_source
from servicedesk_shop.intake.text import SCAN_LIMIT, find_order_numbers, message_to_html

EMAIL_SOURCE = "E-mail"
MERGE_MINUTES = 10
"""A new letter from a mailbox whose request from e-mail is younger than this joins it."""
TEXT_LIMIT = 4 * SCAN_LIMIT
DONE = ("Resolved", "Closed")


def own_addresses() -> set[str]:
	"""The shop's mailboxes: every Email Account's address (cached per request)."""
	cached = getattr(frappe.local, "servicedesk_own_addresses", None)
	if cached is None:
		cached = frappe.local.servicedesk_own_addresses = {
			address.lower() for address in frappe.get_all("Email Account", pluck="email_id") if address
		}
	return cached


def is_agent(address: str | None) -> bool:
	"""An enabled desk user, who may forward a customer's letter to the support address."""
	if not address:
		return False
	return bool(
		frappe.db.get_value("User", {"name": address, "enabled": 1, "user_type": "System User"}, "name")
	)


class ShopInboundMail(InboundMail):
	"""Frappe's InboundMail with the service desk's rules (see the module's docstring)."""

	def process(self):
		self.held_back = held_back_reason(
			self.mail, self.from_email, own_addresses(), self.mail.get_content_type()
		)
		self.forward = None
		self.created_request = None
		# proven by the mail system, not only written (Frappe files a letter under its Reply-To)
		self.proven = authenticated(
			self.mail.get("Authentication-Results"), self.mail.get("From"), self.mail.get("Reply-To")
		)
		# a forward from an agent's own From (a Reply-To elsewhere is no agent's forward)
		if (
			not self.held_back
			and is_agent(self.from_email)
			and address_of(self.mail.get("From")) == self.from_email
		):
			self.forward = forwarded(self.subject, self.text_content or html_to_text(self.html_content))
			if self.forward and (self.forward.sender in own_addresses() or is_agent(self.forward.sender)):
				self.forward = None  # an agent's own letter forwarded on: not a customer's
		if self.held_back:
			self.note_why_held_back()
		communication = super().process()
		if self.held_back:
			# nobody is told of it: no auto reply to an auto reply, no notice to the request's agents
			self.flags.is_new_communication = False
		if self.created_request and communication and not self.held_back:
			acknowledge(self.created_request, self, communication)
		return communication

	def note_why_held_back(self):
		"""The agent reading the timeline sees why the letter made no request and no acknowledgement."""
		note = _("Held back ({0}): no request and no acknowledgement were made.").format(_(self.held_back))
		if self.content_type == "text/html":
			self.content = f"<p><i>{frappe.utils.escape_html(note)}</i></p>{self.content or ''}"
		else:
			self.content = f"[{note}]\n\n{self.content or ''}"

	def as_dict(self):
		data = super().as_dict()
		if self.held_back:
			data["held_back_reason"] = self.held_back
			data["communication_type"] = "Automated Message"
		return data

	def reference_document(self):
		"""Frappe's threading (In-Reply-To, the `#ISS-…` in the subject, subject and sender), then every id
		in References: a client that replaces In-Reply-To, or a subject without the tag, still threads."""
		if self._reference_document is not None:
			return self._reference_document
		document = super().reference_document()
		if not document:
			document = by_references(self.in_reply_to, self.mail.get("References"))
			self._reference_document = document or ""
		return self._reference_document

	def _create_reference_document(self, doctype):
		"""A new request from this letter: none for mail held back; the open request of a flood's mailbox;
		otherwise an Issue filled as the intake fills one, so that triage and routing read the words."""
		if self.held_back or doctype != "Issue":
			return None if self.held_back else super()._create_reference_document(doctype)
		if self.forward:
			sender, name = self.forward.sender, self.forward.sender_name
			subject, text = self.forward.subject, self.forward.text
		else:
			sender, name, subject = self.from_email, self.from_real_name, self.subject
			text = self.text_content or html_to_text(self.html_content)
			if recent := recent_request(sender):
				return recent
		issue = new_request(
			sender,
			name,
			subject,
			text[:TEXT_LIMIT],
			language_of(f"{subject}\n{text[:TEXT_LIMIT]}", self.mail.get("Content-Language")),
			email_account=self.email_account.name,
			forwarded_by=self.from_email if self.forward else None,
			# a forwarded letter's sender is the agent's word: proven only by the link or an agent
			proven=self.proven and not self.forward,
		)
		self.created_request = issue
		return issue.name


def by_references(in_reply_to: str | None, references: str | None):
	"""The request an earlier message of the thread belongs to (one the shop sent, or one it received)."""
	for message_id in message_ids(in_reply_to, references):
		for doctype in ("Communication", "Email Queue"):
			row = frappe.db.get_value(
				doctype,
				{"message_id": ("in", [message_id, f"<{message_id}>"])},
				["reference_doctype", "reference_name"],
				as_dict=True,
			)
			if row and row.reference_doctype == "Issue" and row.reference_name:
				if doc := InboundMail.get_doc("Issue", row.reference_name, ignore_error=True):
					return doc
	return None


def recent_request(sender: str) -> str | None:
	"""The open request from e-mail that `sender` opened in the last MERGE_MINUTES, if any."""
	issue = frappe.qb.DocType("Issue")
	rows = (
		frappe.qb.from_(issue)
		.select(issue.name)
		.where(issue.raised_by == sender)
		.where(issue.feedback_source == EMAIL_SOURCE)
		.where(issue.status.notin(DONE))
		.where(issue.creation > add_to_date(now_datetime(), minutes=-MERGE_MINUTES))
		.orderby(issue.creation)
		.limit(1)
	).run(pluck=True)
	return rows[0] if rows else None


def new_request(
	sender: str,
	sender_name: str | None,
	subject: str,
	text: str,
	language: str,
	email_account: str | None = None,
	forwarded_by: str | None = None,
	proven: bool = False,
):
	"""The Issue of a new letter, as the intake makes one: its words, the E-mail source's category and
	priority, the sender's customer and their own order named in it, and its language. Its address is
	unproven (sender_identity E-mail) unless the mail system authenticated the letter: as with a guest's
	typed address, the acknowledgement then quotes nothing of it and the customer's portal shows it only
	once its owner opens the link e-mailed to it."""
	source = get_source(EMAIL_SOURCE) if frappe.db.exists("Feedback Source", EMAIL_SOURCE) else None
	customer, contact = find_customer(sender)
	links = (
		find_order_links(customer, find_order_numbers(f"{subject}\n{text}", get_order_prefixes()))
		if customer
		else {}
	)
	issue = frappe.new_doc("Issue")
	issue.update(
		{
			"subject": (subject or "No Subject")[:140],
			"raised_by": sender,
			"description": message_to_html(text or subject or ""),
			"customer_language": language,
			"email_account": email_account,
			"customer": customer,
			"contact": contact,
			"forwarded_by": forwarded_by,
			"sender_identity": "E-mail",
			"address_confirmed": 1 if proven else 0,
			**links,
		}
	)
	if source:
		issue.feedback_source = source["name"]
		issue.issue_type = source.get("default_category")
		issue.priority = source.get("default_priority")
	if not customer and sender_name:
		issue.customer_name = sender_name[:140]
	# triage may put its category in place of the source's default
	issue.flags.category_is_default = True
	issue.flags.ignore_mandatory = True
	issue.insert(ignore_permissions=True)
	if forwarded_by:
		issue.add_comment("Info", _("Forwarded by {0} from the customer's e-mail.").format(forwarded_by))
	return issue


# --- held-back mail on a request: recorded, not reopening it ---------------------------------------


STATUS_FIELDS = ("status", "on_hold_since", "total_hold_time")


def note_status(doc, method=None):
	"""Communication validate: an automatic letter (an out-of-office reply to an agent's answer) on a
	request keeps the request as it was: Frappe reopens a request on every received message, on each save
	of it (Frappe's mail receiver saves a letter twice)."""
	if doc.get("held_back_reason") and doc.reference_doctype == "Issue" and doc.reference_name:
		doc.flags.servicedesk_kept = frappe.db.get_value(
			"Issue", doc.reference_name, list(STATUS_FIELDS), as_dict=True
		)


def keep_status(doc, method=None):
	"""Communication on_update (after Frappe's reopening): the request's status and hold time back."""
	kept = doc.flags.get("servicedesk_kept") if doc.flags else None
	if kept:
		frappe.db.set_value("Issue", doc.reference_name, kept, update_modified=False)
