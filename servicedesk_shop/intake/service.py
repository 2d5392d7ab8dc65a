"""Turning a feedback submission into an ERPNext Issue (the Frappe side of the intake).

The rules live in plain modules (validation, text, tokens); this module reads the database, links the
customer and their order, inserts the Issue and answers.
"""

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import escape_html

from servicedesk_shop.intake.acknowledgement import acknowledgement
from servicedesk_shop.intake.sources import get_issue_types, get_order_prefixes, get_source_rules
from servicedesk_shop.intake.text import message_to_html
from servicedesk_shop.intake.validation import (
	Feedback,
	FeedbackError,
	SourceRules,
	clean_message,
	validate_feedback,
)
from servicedesk_shop.service_desk.errors import ServiceDeskError, ServiceDeskPermissionError
from servicedesk_shop.service_desk.jobs import claim, enqueue_pending, for_each_pending
from servicedesk_shop.service_desk.mail import customer_mail_blocked, has_outgoing_account, note_no_account
from servicedesk_shop.service_desk.mail import send as send_mail
from servicedesk_shop.service_desk.permissions import GUEST, INTEGRATION, caller_kind
from servicedesk_shop.service_desk.ratelimit import acknowledgements_exceeded
from servicedesk_shop.service_desk.tokens import idempotency_key
from servicedesk_shop.service_desk.tracking import issue_from_token, track_token, track_url


class IntakeValidationError(ServiceDeskError):
	"""Bad input to the intake: answered with HTTP 400 and a translated message."""


class IntakePermissionError(ServiceDeskPermissionError):
	"""A guest submitting where only logged-in customers may (403)."""


# who the sender is, as the Issue form shows it (Issue.sender_identity)
LOGGED_IN = "Logged In"
TYPED_ADDRESS = "Typed Address"
EXTERNAL_SHOP = "External Shop"
MESSENGER = "Messenger"


def caller() -> tuple[str | None, str]:
	"""(the e-mail the request is written as, or None when the caller may type one; sender identity)."""
	kind = caller_kind()
	if kind == GUEST:
		return None, TYPED_ADDRESS
	if kind == INTEGRATION:
		return None, EXTERNAL_SHOP
	user = frappe.session.user
	return frappe.get_cached_value("User", user, "email") or user, LOGGED_IN


def submit(data: dict, record_now: bool = False, sender: tuple[str, str] | None = None) -> dict:
	"""Validate `data`, create the Issue (or find the one this client already created) and answer.

	The request does only what the answer needs: validation, the customer and order look-ups (one query
	each) and the Issue insert. The customer's message is added to the Issue's timeline as a received
	Communication, and the acknowledgement with the tracking link is sent to the address, by a background
	job (`record_intake_message`), or at once with `record_now`.

	A guest only typed an address, so a guest's answer never holds the tracking link: that goes to the
	address by e-mail, and the answer is the same whether or not the address is a customer's.

	`sender`: (address, identity) of a channel that has proven its sender itself, whoever the session is
	(a messenger chat's job: the chat's address, MESSENGER)."""
	is_guest = frappe.session.user == "Guest" and not sender
	session_email, identity = sender or caller()

	source = get_source_rules(data.get("source"))
	try:
		feedback = validate_feedback(
			data,
			source,
			is_guest,
			session_email=session_email,
			order_prefixes=get_order_prefixes(),
		)
	except FeedbackError as error:
		throw_feedback_error(error)

	if feedback.category and feedback.category not in get_issue_types():
		throw_feedback_error(FeedbackError("unknown_category", "category", category=feedback.category))

	key = idempotency_key(feedback.client_token, feedback.email) if feedback.client_token else None
	if key and (existing := find_issue_by_key(key)):
		return answer(existing.name, existing.status, identity, existing)

	issue = make_issue(feedback, key, source, identity)
	issue.update(fields_from_hooks(data))
	if key:
		savepoint = "servicedesk_intake"
		frappe.db.savepoint(savepoint)
		try:
			issue.insert(ignore_permissions=True)
		except frappe.UniqueValidationError:
			# the same client token was inserted meanwhile by a concurrent request, which has committed
			# (InnoDB waits for it on the unique key); a locking read sees its row, where a plain read
			# would see this transaction's older snapshot
			frappe.db.rollback(save_point=savepoint)
			frappe.clear_last_message()
			existing = find_issue_by_key(key, for_update=True)
			if not existing:
				raise
			return answer(existing.name, existing.status, identity, existing)
	else:
		issue.insert(ignore_permissions=True)

	if record_now or frappe.flags.in_test:
		record_intake_message(issue.name)
	else:
		# one job for all waiting messages: under load it takes many at once instead of paying a
		# worker's start-up per request; the scheduler sweeps whatever a job may have missed
		enqueue_pending(record_pending_messages, PENDING_MESSAGES_JOB)
	return answer(issue.name, issue.status, identity, issue)


def fields_from_hooks(data: dict) -> dict:
	"""What other capabilities record on a new request from its payload (hook servicedesk_intake_fields:
	the self-service's answers the writer was shown), without the intake importing them."""
	fields = {}
	for method in frappe.get_hooks("servicedesk_intake_fields"):
		fields.update(frappe.get_attr(method)(data) or {})
	return fields


PENDING_MESSAGES_JOB = "servicedesk_shop:record_pending_messages"


def record_pending_messages(batch: int = 200):
	"""Background job (and scheduler sweep): the timeline messages every intake left pending."""
	for_each_pending("intake_pending", record_intake_message, "timeline message", batch)


def record_intake_message(issue: str) -> bool:
	"""The customer's message as a received Communication on the Issue's timeline, made by ERPNext's own
	`Issue.create_communication` (as for its portal), and the acknowledgement with the tracking link to
	the sender's address. Exactly once: the Issue is claimed by clearing `intake_pending` first, so the
	job, the sweep and a customer's early reply never both do it."""
	# the claim marks it as from the portal in the same UPDATE (a db_set would cost as much again)
	if not claim(issue, "intake_pending", also={"via_customer_portal": 1}):
		return False
	doc = frappe.get_doc("Issue", issue)
	doc.create_communication()
	# what other capabilities do with a new request after it is answered (returns: the order line of the
	# item the customer named), without the intake importing them
	for method in frappe.get_hooks("servicedesk_after_intake"):
		frappe.get_attr(method)(doc)
	send_acknowledgement(doc)
	return True


def send_acknowledgement(doc, thread: dict | None = None) -> bool:
	"""The e-mail that tells the sender their request number and link (through the Email Queue), in the
	language they wrote in; the shop edits it as an Email Template. `thread`: for a request that came by
	e-mail, the reply's {"subject", "in_reply_to" (the received Communication), "references"}."""
	if not has_outgoing_account():
		note_no_account("acknowledgements")
		return False
	if customer_mail_blocked(doc):
		return False  # an answer by phone, or a customer who opted out of e-mail
	if acknowledgements_exceeded(doc.raised_by):
		# a stranger who types someone's address again and again must not flood their mailbox
		return False
	promise = customer_promise(doc, doc.get("customer_language")).get("promise")
	subject, message = acknowledgement(doc, track_url(doc.name), promise)
	thread = thread or {}
	return send_mail(
		"acknowledgements",
		recipients=[doc.raised_by],
		subject=thread.get("subject") or subject,
		message=message,
		reference_doctype="Issue",
		reference_name=doc.name,
		in_reply_to=thread.get("in_reply_to"),
		references=thread.get("references"),
	)


def make_issue(feedback: Feedback, key: str | None, source: SourceRules, identity: str = TYPED_ADDRESS):
	customer, contact = find_customer(feedback.email)
	links = find_order_links(customer, feedback.order_candidates, feedback.order) if customer else {}

	description = message_to_html(feedback.message)
	item_code = feedback.item_code
	if item_code and not frappe.db.exists("Item", item_code):
		# keep what the customer told us, but never link an unknown item
		description += "<p>" + escape_html(_("Item: {0}").format(item_code)) + "</p>"
		item_code = None

	issue = frappe.new_doc("Issue")
	issue.update(
		{
			"subject": feedback.subject,
			"description": description,
			"raised_by": feedback.email,
			"issue_type": feedback.category,
			"priority": source.default_priority,
			"customer": customer,
			"contact": contact,
			"feedback_source": feedback.source,
			"item_code": item_code,
			"page_url": feedback.page_url,
			"intake_key": key,
			"intake_pending": 1,
			"sender_identity": identity,
			# a guest's typed address is proven only when its owner opens the link e-mailed to it
			"address_confirmed": 0 if identity == TYPED_ADDRESS else 1,
			"customer_language": (frappe.local.lang or "")[:10] or None,
			"contact_by_phone": 1 if feedback.call_me else 0,
			"contact_phone": feedback.phone,
			**links,
		}
	)
	if not customer and feedback.full_name:
		issue.customer_name = feedback.full_name
	# the source's default category gives way to one read from the customer's words (triage)
	issue.flags.category_is_default = not feedback.category_chosen
	# every link was read from the database just now (customer, contact, order, item) or checked against
	# the cached sources and categories, which every change drops: Frappe need not query each again
	issue.flags.ignore_links = True
	return issue


ANSWER_FIELDS = [
	"name",
	"status",
	"response_by",
	"first_responded_on",
	"creation",
	"feedback_source",
	"customer_language",
]


def find_issue_by_key(key: str, for_update: bool = False):
	return frappe.db.get_value(
		"Issue", {"intake_key": key}, ANSWER_FIELDS, as_dict=True, for_update=for_update
	)


def find_customer(email: str) -> tuple[str | None, str | None]:
	"""The Customer and Contact behind an e-mail address, if the shop knows it."""
	contact_email = frappe.qb.DocType("Contact Email")
	return contact_customer(
		frappe.qb.from_(contact_email)
		.where(contact_email.email_id == email)
		.where(contact_email.parenttype == "Contact")
		.orderby(contact_email.is_primary, order=Order.desc),
		contact_email.parent,
	)


def contact_customer(query, contact) -> tuple[str | None, str | None]:
	"""(Customer, Contact) of the first Contact that `query` finds, `contact` its column naming the Contact,
	linked to a Customer; else (None, None)."""
	link = frappe.qb.DocType("Dynamic Link")
	row = (
		query.join(link)
		.on((link.parent == contact) & (link.parenttype == "Contact"))
		.select(link.link_name, contact)
		.where(link.link_doctype == "Customer")
		.limit(1)
	).run()
	return (row[0][0], row[0][1]) if row else (None, None)


def find_order_links(customer: str, candidates: list[str], given: str | None = None) -> dict:
	"""The submitted Sales Order among `candidates` that belongs to `customer`, with its newest submitted
	Delivery Note and Sales Invoice (not returns), in one query.

	An order of another customer, a draft or an unknown number gives nothing, and nothing tells them
	apart: the answer to the customer is the same either way."""
	if not customer or not candidates:
		return {}
	sales_order = frappe.qb.DocType("Sales Order")
	condition = sales_order.name.isin(candidates)
	if given:
		condition = condition | (sales_order.po_no == given)
	rows = (
		frappe.qb.from_(sales_order)
		.select(
			sales_order.name,
			sales_order.po_no,
			latest_document_for_order("Delivery Note", "against_sales_order", sales_order.name).as_(
				"delivery_note"
			),
			latest_document_for_order("Sales Invoice", "sales_order", sales_order.name).as_("sales_invoice"),
		)
		.where(sales_order.customer == customer)
		.where(sales_order.docstatus == 1)
		.where(condition)
	).run(as_dict=True)
	if not rows:
		return {}

	by_key = {row.name: row for row in rows} | {row.po_no: row for row in rows if row.po_no}
	order = next((by_key[c] for c in [given, *candidates] if c in by_key), rows[0])
	return {
		"sales_order": order.name,
		"delivery_note": order.delivery_note,
		"sales_invoice": order.sales_invoice,
	}


def order_on_its_way(customer: str) -> str | None:
	"""The customer's one submitted order not yet delivered, when there is exactly one: what "where is my
	order?" asks about when it names none. None when there are none or several (then the agent asks)."""
	if not customer:
		return None
	orders = frappe.get_all(
		"Sales Order",
		filters={
			"customer": customer,
			"docstatus": 1,
			"per_delivered": ("<", 100),
			"status": ("not in", ("Closed", "Completed", "On Hold")),
		},
		pluck="name",
		limit=2,
	)
	return orders[0] if len(orders) == 1 else None


def latest_document_for_order(doctype: str, order_field: str, sales_order_name):
	"""Subquery: the newest submitted (not return) Delivery Note or Sales Invoice made from an order."""
	parent = frappe.qb.DocType(doctype)
	child = frappe.qb.DocType(f"{doctype} Item")
	return (
		frappe.qb.from_(child)
		.join(parent)
		.on(parent.name == child.parent)
		.select(parent.name)
		.where(child[order_field] == sales_order_name)
		.where(child.parenttype == doctype)
		.where(parent.docstatus == 1)
		.where(parent.is_return == 0)
		.orderby(parent.posting_date, order=Order.desc)
		.orderby(parent.creation, order=Order.desc)
		.limit(1)
	)


def add_customer_reply(name: str, message, medium: str = "Email") -> dict:
	"""The customer's answer on the tracking page to request `name` (whose link or page they hold),
	added to the request's conversation; `medium` "Chat" for one written in the widget's conversation.

	ERPNext reopens the Issue on a received message (Communication.on_update)."""
	issue = (
		frappe.db.get_value(
			"Issue", name, ["name", "status", "subject", "raised_by", "intake_pending"], as_dict=True
		)
		if name
		else None
	)
	if not issue:
		frappe.flags.disable_traceback = True
		frappe.throw(_("This tracking link is not valid."), IntakeValidationError)
	if issue.status == "Closed":
		frappe.flags.disable_traceback = True
		frappe.throw(_("This request is closed. Please send a new one."), IntakeValidationError)
	try:
		message = clean_message({"message": message})
	except FeedbackError as error:
		throw_feedback_error(error)

	if issue.intake_pending:
		# the reply came before the job copied the first message: copy it now, so it comes first
		record_intake_message(issue.name)

	communication = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": medium,
			"sent_or_received": "Received",
			"sender": issue.raised_by,
			"subject": _("Re: {0}").format(issue.subject),
			"content": message_to_html(message),
			"reference_doctype": "Issue",
			"reference_name": issue.name,
			"status": "Linked",
		}
	)
	communication.insert(ignore_permissions=True)
	return {
		"issue": issue.name,
		"status": frappe.db.get_value("Issue", issue.name, "status"),
		"communication": communication.name,
	}


# --- answers and tracking ----------------------------------------------------------------------------


def answer(issue: str, status: str, identity: str, doc=None) -> dict:
	"""What the sender is told. The tracking link only to a logged-in customer and to the shop's own
	integration (which speaks for its logged-in customers): a guest only typed an address, and its owner
	gets the link by e-mail. `track_url` is None then, whoever the address belongs to. With it, when they
	will hear back (`answer_by`, ISO datetime, and `promise`, the text), from the customer loop."""
	result = {
		"issue": issue,
		"status": status,
		"track_url": track_url(issue) if identity in (LOGGED_IN, EXTERNAL_SHOP) else None,
		"answer_by": None,
		"promise": None,
	}
	# a guest's screen gets the promise any address would get (the e-mail to the address, the SLA's)
	result.update(customer_promise(doc or issue, typed_address=identity == TYPED_ADDRESS))
	return result


def customer_promise(issue, language: str | None = None, typed_address: bool = False) -> dict:
	"""{"answer_by", "promise"} from the customer loop (hook servicedesk_customer_promise), or {}."""
	promise = {}
	for method in frappe.get_hooks("servicedesk_customer_promise"):
		promise.update(frappe.get_attr(method)(issue, language, typed_address))
	return promise


# --- errors ------------------------------------------------------------------------------------------


def field_label(fieldname: str | None) -> str:
	labels = {
		"source": _("Source"),
		"email": _("E-mail"),
		"full_name": _("Name"),
		"subject": _("Subject"),
		"message": _("Message"),
		"category": _("Category"),
		"order": _("Order"),
		"item_code": _("Item"),
		"page_url": _("Page URL"),
		"client_token": _("Client Token"),
		"phone": _("Phone"),
	}
	return labels.get(fieldname or "", fieldname or "")


def feedback_error_message(error: FeedbackError) -> str:
	params = {key: escape_html(str(value)) for key, value in error.params.items()}
	label = field_label(error.field)
	match error.code:
		case "source_required":
			return _("Please say where the feedback comes from (source).")
		case "unknown_source":
			return _("Unknown feedback source {0}.").format(params["source"])
		case "source_disabled":
			return _("Feedback source {0} does not accept requests now.").format(params["source"])
		case "login_required":
			return _("Please log in to send feedback from {0}.").format(params["source"])
		case "message_required":
			return _("Please write your message.")
		case "too_long":
			return _("{0} is too long: at most {1} characters.").format(label, params["limit"])
		case "invalid_value":
			return _("{0} must be text.").format(label)
		case "email_required":
			return _("Please enter your e-mail address.")
		case "email_invalid":
			return _("Please enter a valid e-mail address.")
		case "category_not_allowed":
			return _("Category {0} cannot be chosen for {1}.").format(params["category"], params["source"])
		case "unknown_category":
			return _("Unknown category {0}.").format(params["category"])
		case "order_required":
			return _("Please enter your order number.")
		case "page_url_invalid":
			return _("Page URL must be an http or https address.")
		case "phone_required":
			return _("Please enter the phone number we should call.")
		case "phone_invalid":
			return _("Please enter a valid phone number.")
		case "client_token_invalid":
			return _("Client Token must be 8 to 100 letters, digits or the signs . _ : -")
	return _("Invalid value for {0}.").format(label)


def throw_feedback_error(error: FeedbackError):
	# an expected refusal: answer with the message only, never a traceback
	frappe.flags.disable_traceback = True
	exc = IntakePermissionError if error.code == "login_required" else IntakeValidationError
	frappe.throw(feedback_error_message(error), exc, title=_("Cannot send your request"))
