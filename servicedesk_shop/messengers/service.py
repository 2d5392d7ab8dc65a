"""The messengers' incoming side: what a shopper does in a chat becomes a conversation on a request.

The webhook (`receive`) only checks the update, counts it against its chat's limit and stores it raw as
a Messenger Update, whose unique (channel, update id) makes a retried update one record; a job after the
commit (`run_update`) does the work: the chat found or made, then a rating tap, a shared phone number, an
e-mail confirmation, or a message, which opens a request through the intake or goes on the chat's open
one. An update is marked Done with its request and message in the same transaction as the work, so a job
run twice does it once; a failed one stays Failed and the sweep (`sweep`, every five minutes) tries it
again a few times, so nothing a shopper sent is lost to a worker's or a messenger's hiccup.
"""

import json

import frappe
from frappe import _
from frappe.utils import escape_html, get_datetime, now_datetime, strip_html

from servicedesk_shop.customer.reopening import NEW_REQUEST, REOPEN
from servicedesk_shop.customer.replies import kind_of_reply, photo_error_message, photo_limit_bytes, reopen
from servicedesk_shop.intake.service import (
	MESSENGER,
	find_customer,
	find_order_links,
	order_on_its_way,
	record_intake_message,
	submit,
)
from servicedesk_shop.intake.sources import get_order_prefixes
from servicedesk_shop.intake.text import find_order_numbers, message_to_html, plain_line
from servicedesk_shop.intake.validation import LIMITS, MIN_MESSAGE_LENGTH
from servicedesk_shop.messengers import channels, delivery, rules, transport
from servicedesk_shop.messengers.adapters.base import Forged, Malformed, Reply, parse_rate_payload
from servicedesk_shop.messengers.addresses import chat_address
from servicedesk_shop.messengers.text import scrub
from servicedesk_shop.service_desk.errors import (
	ServiceDeskError,
	ServiceDeskNotFound,
	ServiceDeskPermissionError,
	refuse,
)
from servicedesk_shop.service_desk.guards import all_text
from servicedesk_shop.service_desk.jobs import enqueue_pending
from servicedesk_shop.service_desk.mail import send as send_mail
from servicedesk_shop.service_desk.mailbox import mailbox_key
from servicedesk_shop.service_desk.photos import MAX_PHOTOS, PhotoError, clean_photo
from servicedesk_shop.service_desk.ratelimit import HOUR, WINDOW, count
from servicedesk_shop.service_desk.tracking import secret as site_secret

UPDATE, CHAT = "Messenger Update", "Messenger Chat"
PENDING, HELD, DONE, FAILED, IGNORED = "Pending", "Held", "Done", "Failed", "Ignored"
PHONE, EMAIL = "Phone", "E-mail"

MAX_ATTEMPTS = 5
"""Runs of an update's job before it stays Failed for a person to look at."""
MAX_BODY = 256 * 1024
"""Bytes of an update the webhook reads; the messengers' own are a few kilobytes."""
FLOOD = 10
"""Past this many times its limit in a minute, a chat's updates are kept but set aside (Ignored)."""
CODES_PER_HOUR = 3
"""E-mail codes per chat, and per mailbox, an hour."""
SWEEP_BATCH = 200
PENDING_JOB = "servicedesk_shop:messenger_updates"
INTAKE_FLAG = "servicedesk_messenger_intake"
CHAT_FIELDS = [
	"name",
	"channel",
	"chat_id",
	"user_id",
	"display_name",
	"address",
	"language",
	"customer",
	"contact",
	"verified_by",
	"email",
	"last_issue",
	"pending_email",
	"code_hash",
	"code_sent_on",
	"code_attempts",
]


class WebhookMalformed(ServiceDeskError):
	"""Not an update of this messenger: 400."""


class WebhookForged(ServiceDeskPermissionError):
	"""A missing or wrong secret: 403, and nothing recorded."""


class ChannelNotFound(ServiceDeskNotFound):
	"""No enabled channel of that name: 404."""


def conf_int(key: str, default: int) -> int:
	try:
		return int(frappe.conf.get(key) or default)
	except (TypeError, ValueError):
		return default


def chat_limit() -> int:
	"""Updates a chat may send a minute before the rest wait for the sweep (site config
	`servicedesk_messenger_chat_rate_limit`, default 20: an album of ten photos is ten updates)."""
	return max(conf_int("servicedesk_messenger_chat_rate_limit", 20), 1)


def webhook_ip_limit(kind: str) -> int:
	"""Webhook calls per minute from one address (`servicedesk_messenger_ip_rate_limit`, default 1200):
	a messenger posts every chat's updates from a few addresses, so this only stops a flood of forged
	calls; the real limit is per chat (`chat_limit`)."""
	return max(conf_int("servicedesk_messenger_ip_rate_limit", 1200), 1)


# --- the webhook ---------------------------------------------------------------------------------------


def receive(name, headers, raw: bytes | str | None) -> Reply:
	"""The webhook's whole work for one call of channel `name`: the answer for the messenger (its "ok",
	or VK's confirmation string). Refuses an unknown or disabled channel (404), a missing or wrong
	secret (403, nothing recorded) and a body that is not this messenger's update (400)."""
	channel = channels.get(name)
	if not channel or not channel.enabled:
		refuse(_("There is no such messenger channel."), ChannelNotFound)
	body = read_body(raw)
	adapter = channel.adapter
	try:
		reply = adapter.check(headers, body, channel.secret, channel.confirmation, channel.group_id)
		if reply is not None:
			return reply
		key = adapter.update_key(body)
		incoming = adapter.parse(body)
	except Forged:
		refuse(_("The update's secret is missing or wrong."), WebhookForged)
	except Malformed:
		refuse(_("This is not an update the messenger sends."), WebhookMalformed)
	if incoming is None:
		return adapter.ACK  # nothing for the desk (the bot's own message, a group chat, an edit)
	if not key or len(key) > 140:
		refuse(_("This is not an update the messenger sends."), WebhookMalformed)
	status = status_for(channel.name, incoming.chat_id)
	update = store(channel.name, key, incoming.chat_id, body, status)
	if update and status == PENDING:
		enqueue_update(update)
	return adapter.ACK


def read_body(raw) -> dict:
	if isinstance(raw, str):
		raw = raw.encode()
	if not raw or len(raw) > MAX_BODY:
		refuse(_("This is not an update the messenger sends."), WebhookMalformed)
	try:
		body = json.loads(raw)
	except (ValueError, UnicodeDecodeError):
		body = None
	if not isinstance(body, dict) or not all_text(body):
		refuse(_("This is not an update the messenger sends."), WebhookMalformed)
	return body


def status_for(channel: str, chat_id: str) -> str:
	"""Pending within the chat's limit a minute; Held past it (the sweep takes it a few minutes later:
	the messenger has its "ok" and nothing is lost); Ignored past FLOOD times it (kept, not worked)."""
	seen = count(f"messenger_chat:{channel}:{chat_id}", WINDOW)
	limit = chat_limit()
	if seen <= limit:
		return PENDING
	return HELD if seen <= limit * FLOOD else IGNORED


def store(channel: str, key: str, chat_id: str, body: dict, status: str) -> str | None:
	"""The update as a Messenger Update; None when it is stored already (the messenger retried it, maybe
	while the first call still ran: the table's unique key refuses the second insert)."""
	doc = frappe.get_doc(
		{
			"doctype": UPDATE,
			"channel": channel,
			"update_key": key,
			"chat_id": (chat_id or "")[:40],
			"status": status,
			"attempts": 0,
			"received_on": now_datetime(),
			# never VK's webhook secret, which its every event carries: the update is read by managers
			"body": json.dumps(
				{field: value for field, value in body.items() if field != "secret"},
				ensure_ascii=False,
				separators=(",", ":"),
			),
			"error": _("The chat sent far more than its limit a minute: set aside.")
			if status == IGNORED
			else None,
		}
	)
	try:
		# db_insert: a row and nothing else, for the messenger's timeout (validation happened above)
		doc.db_insert()
	except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
		frappe.clear_messages()
		return None
	return doc.name


def enqueue_update(update: str):
	"""The job that works the waiting updates, after the commit (the row must be there for it to read);
	in tests the update at once."""
	if frappe.flags.in_test:
		run_update(update, commit=False)
		return
	# one job for all waiting updates: a busy chat's messages are worked in the order they came, and
	# under load a job takes many at once instead of paying a worker's start-up per message; the sweep
	# takes whatever a job may have missed
	enqueue_pending(process_pending_updates, PENDING_JOB)


# --- the job -------------------------------------------------------------------------------------------


def run_update(update: str, commit: bool = True) -> str | None:
	"""The job of one stored update: its work and Done, or, when anything fails, nothing of its work and
	Failed with the reason (the sweep tries again). `commit`: one transaction of its own (a job); without,
	inside the caller's (tests), undone to a savepoint on failure."""
	savepoint = "servicedesk_messenger_update"
	if not commit:
		frappe.db.savepoint(savepoint)
	language = frappe.local.lang
	try:
		status = process_update(update)
	except Exception as error:
		if commit:
			frappe.db.rollback()  # also drops what the failed work meant to send after the commit
		else:
			frappe.db.rollback(save_point=savepoint)
		frappe.clear_messages()
		status = note_failure(update, error)
	finally:
		frappe.local.lang = language
	if commit:
		frappe.db.commit()  # nosemgrep: a background job, one transaction per update
	return status


def process_pending_updates(batch: int = SWEEP_BATCH):
	"""Background job: every Pending update, oldest first, each in a transaction of its own, until none
	waits (updates stored meanwhile included)."""
	# a worked update leaves Pending; only one that stayed Pending is passed over after (so that the list
	# sent back to the database stays short under load)
	stayed: set[str] = set()
	while names := frappe.get_all(
		UPDATE,
		filters={"status": PENDING, "name": ("not in", list(stayed) or [""])},
		pluck="name",
		order_by="received_on asc, name asc",
		limit=batch,
	):
		for name in names:
			run_update(name)
		stayed.update(
			frappe.get_all(UPDATE, filters={"name": ("in", names), "status": PENDING}, pluck="name")
		)


def process_update(update: str) -> str | None:
	"""Work one update unless it is done: its row is locked first, so a second run of the same update
	waits, then finds it Done."""
	row = frappe.db.get_value(
		UPDATE, update, ["name", "channel", "status", "body", "attempts"], as_dict=True, for_update=True
	)
	if not row or row.status in (DONE, IGNORED):
		return row.status if row else None
	channel = channels.get(row.channel)
	if not channel:
		finish(update, IGNORED, error=_("The channel no longer exists."))
		return IGNORED
	incoming = channel.adapter.parse(json.loads(row.body))
	if incoming is None:
		finish(update, IGNORED)
		return IGNORED
	last_try = (row.attempts or 0) + 1 >= MAX_ATTEMPTS
	result = Conversation(channel, incoming, update, last_try).handle()
	finish(update, DONE, **result)
	return DONE


def finish(update: str, status: str, **values):
	frappe.db.set_value(UPDATE, update, {"status": status, "error": None, **values})


def note_failure(update: str, error: Exception) -> str | None:
	"""Failed, one attempt more, the reason (without the channel's token) on the update and in the Error
	Log."""
	row = frappe.db.get_value(UPDATE, update, ["channel", "attempts"], as_dict=True)
	if not row:
		return None
	channel = channels.get(row.channel)
	secrets = (channel.token, channel.secret) if channel else ()
	reason = scrub(f"{type(error).__name__}: {error}", *secrets)[:1000]
	frappe.db.set_value(
		UPDATE, update, {"status": FAILED, "attempts": (row.attempts or 0) + 1, "error": reason}
	)
	frappe.log_error(
		title=f"servicedesk_shop: messenger update {update}",
		message=scrub(frappe.get_traceback(), *secrets),
		reference_doctype=UPDATE,
		reference_name=update,
	)
	return FAILED


def retry(update: str) -> str:
	"""An update a person wants worked again (Failed past its tries, Held, or set aside as Ignored): its
	tries counted anew and its job enqueued; its new status."""
	row = frappe.db.get_value(UPDATE, update, ["name", "status"], as_dict=True, for_update=True)
	if not row:
		refuse(_("There is no such messenger update."), ServiceDeskNotFound)
	if row.status == DONE:
		return DONE
	frappe.db.set_value(UPDATE, update, {"status": PENDING, "attempts": 0, "error": None})
	enqueue_update(update)
	return frappe.db.get_value(UPDATE, update, "status")


def sweep(batch: int = SWEEP_BATCH, commit: bool = True):
	"""Scheduler, every five minutes: the updates whose job was lost (Pending for over two minutes), the
	chats' updates held past their limit, and the failed ones with tries left, oldest first, each in a
	transaction of its own (`commit`; tests: in theirs)."""
	table = frappe.qb.DocType(UPDATE)
	stale = frappe.utils.add_to_date(now_datetime(), minutes=-2)
	names = (
		frappe.qb.from_(table)
		.select(table.name)
		.where(
			((table.status == PENDING) & (table.received_on < stale))
			| (table.status == HELD)
			| ((table.status == FAILED) & (table.attempts < MAX_ATTEMPTS))
		)
		.orderby(table.received_on)
		.orderby(table.name)
		.limit(batch)
	).run(pluck=True)
	for name in names:
		run_update(name, commit=commit)


# --- the conversation ----------------------------------------------------------------------------------


class Conversation:
	"""One update of a chat, worked: `handle()` answers {"chat", "issue", "communication"} for the update's
	record."""

	def __init__(self, channel: channels.Channel, incoming, update: str, last_try: bool = True):
		self.channel = channel
		self.adapter = channel.adapter
		self.incoming = incoming
		self.update = update
		self.last_try = last_try
		self.chat = None

	def handle(self) -> dict:
		self.chat = chat_for(self.channel, self.incoming)
		frappe.local.lang = self.chat.language or frappe.local.lang
		result = {"chat": self.chat.name}
		incoming = self.incoming
		rating = parse_rate_payload(incoming.payload)
		if rating:
			delivery.rate_from_chat(self.chat.name, rating[0], rating[1], incoming=incoming)
			return result
		if incoming.callback_id:
			self.send(self.adapter.answer_callback(incoming))  # a tap on a button the desk no longer knows
			return result
		if incoming.phone:
			self.link_by_phone(incoming.phone)
			return result
		command = rules.command(incoming.text) or rules.command(payload_command(incoming.payload))
		if command and command[0] == rules.EMAIL:
			self.start_email_code(command[1])
			return result
		if command:
			self.greet()
			return result
		code = rules.code_typed(incoming.text) if self.chat.pending_email else None
		if code:
			self.check_code(code)
			return result
		result.update(self.record())
		typed = rules.email_address(incoming.text)
		if typed and typed != (self.chat.email or "").lower():
			# the shopper wrote their address (an agent may have asked for it): it is on the request, and a
			# code proves it is theirs
			self.start_email_code(typed)
		return result

	# --- telling the shopper ---

	def tell(self, text: str):
		delivery.send_to_chat(self.chat.name, text)

	def send(self, call):
		"""One call of the messenger's API after the commit (in tests at once); a failure is logged and
		costs only that message."""
		if call is None:
			return
		channel, chat = self.channel, self.chat.name

		def send_call():
			try:
				transport.call(channel.api_url, channel.token, call)
			except Exception as error:
				# anything else that escapes the transport is logged here, scrubbed: a traceback logged by
				# Frappe's job runner would show the API's address with the token in it
				message = (
					str(error) if isinstance(error, transport.TransportError) else frappe.get_traceback()
				)
				frappe.log_error(
					title=f"servicedesk_shop: message to chat {chat} not delivered",
					message=scrub(message, channel.token),
					reference_doctype=CHAT,
					reference_name=chat,
				)

		if frappe.flags.in_test:
			send_call()
		else:
			frappe.db.after_commit.add(send_call)

	def tell_with_contact_button(self, text: str, hint: str):
		"""`text` with a button that shares the shopper's own phone number where the messenger has one
		(Telegram), and `hint` explaining it; else `text` and a hint about /email."""
		call = self.adapter.ask_contact(self.chat.chat_id, f"{text}\n\n{hint}", _("Share my phone number"))
		if call is None:
			self.tell(f"{text}\n\n{_('To let us see your orders, send /email and your e-mail address.')}")
		else:
			self.send(call)

	def greet(self):
		hello = _("Hello! Write your question here and we will answer in this chat.")
		if self.chat.customer:
			self.tell(hello)
		else:
			self.tell_with_contact_button(
				hello, _("To let us see your orders, share your phone number with the button below.")
			)

	# --- who the shopper is ---

	def link_by_phone(self, phone: str):
		customer, contact = find_by_phone(phone)
		if not customer:
			self.tell(
				_(
					"We could not find an account with this phone number. Write your question here and we will answer in this chat, or send /email and your e-mail address."
				)
			)
			self.note_on_requests(
				_("The shopper shared their phone number {0} in the chat; it matches no customer.").format(
					escape_html(phone)
				)
			)
			return
		self.link(customer, contact, PHONE)
		self.tell(_("Thank you! This chat is now linked to your account, and we can see your orders."))

	def start_email_code(self, argument: str):
		email = rules.email_address(argument)
		if not email:
			self.tell(_("Please send /email and your e-mail address, for example: /email anna@example.com"))
			return
		if (
			count(f"messenger_codes:{self.chat.name}", HOUR) > CODES_PER_HOUR
			or count(f"messenger_codes_to:{mailbox_key(email)}", HOUR) > CODES_PER_HOUR
		):
			self.tell(_("Too many codes were asked for. Please try again in an hour."))
			return
		code = rules.new_code()
		sent = send_mail(
			"messenger e-mail codes",
			recipients=[email],
			subject=_("Your confirmation code"),
			message=code_email(code, self.channel.channel_type),
		)
		if not sent:
			self.tell(
				_(
					"We could not send an e-mail now. Please write your question here and we will answer in this chat."
				)
			)
			return
		self.set_chat(
			pending_email=email,
			code_hash=rules.code_signature(site_secret(), self.chat.name, email, code),
			code_sent_on=now_datetime(),
			code_attempts=0,
		)
		self.tell(
			_(
				"We have sent a code to {0}. Type it here within {1} minutes to link this chat to your account."
			).format(email, rules.CODE_MINUTES)
		)

	def check_code(self, code: str):
		chat = self.chat
		if rules.code_expired(get_datetime(chat.code_sent_on) if chat.code_sent_on else None, now_datetime()):
			self.clear_code()
			self.tell(_("The code has expired. Send /email and your address again to get a new one."))
			return
		if not rules.code_matches(chat.code_hash, site_secret(), chat.name, chat.pending_email, code):
			attempts = (chat.code_attempts or 0) + 1
			if attempts >= rules.CODE_ATTEMPTS:
				self.clear_code()
				self.tell(_("Too many wrong codes. Send /email and your address again to get a new code."))
			else:
				self.set_chat(code_attempts=attempts)
				self.tell(_("That code is not right. Please check the e-mail and type the code again."))
			return
		email = chat.pending_email
		customer, contact = find_customer(email)
		self.link(customer, contact, EMAIL, email=email)
		if customer:
			self.tell(_("Thank you! This chat is now linked to your account, and we can see your orders."))
		else:
			self.tell(_("Thank you! Your e-mail {0} is confirmed.").format(email))

	def clear_code(self):
		self.set_chat(pending_email=None, code_hash=None, code_sent_on=None, code_attempts=0)

	def set_chat(self, **values):
		frappe.db.set_value(CHAT, self.chat.name, values)
		self.chat.update(values)

	def link(self, customer: str | None, contact: str | None, how: str, email: str | None = None):
		"""The chat proven to be `customer`'s (through `contact`), and its requests not closed linked to
		them and to their orders they name."""
		values = {"verified_by": how, "verified_on": now_datetime()}
		if email:
			values["email"] = email
		if customer:
			values.update(customer=customer, contact=contact)
		self.set_chat(**values, pending_email=None, code_hash=None, code_sent_on=None, code_attempts=0)
		if customer:
			link_requests(self.chat.name, customer, contact, how)

	def note_on_requests(self, text: str):
		for issue in frappe.get_all(
			"Issue",
			filters={"messenger_chat": self.chat.name, "status": ("not in", ("Resolved", "Closed"))},
			pluck="name",
			limit=5,
		):
			frappe.get_doc("Issue", issue).add_comment("Info", text)

	# --- messages ---

	def record(self) -> dict:
		"""The message on the chat's open request (reopening a resolved one within the reopen days), or
		on a new one."""
		notes, photos = self.attachments()
		text = rules.message_with_notes(self.incoming.text, notes)
		if not text and photos:
			text = _("[photo]")
		if not text:
			return {}
		issue, kind = self.current_request()
		if issue:
			if kind == REOPEN:
				reopen(issue)
			communication = add_message(issue, self.chat, text)
			if kind == REOPEN:
				self.tell(_("We have reopened your request {0} and will answer here.").format(issue))
		else:
			issue, communication = self.new_request(text)
		attach_photos(issue, communication, photos)
		return {"issue": issue, "communication": communication}

	def current_request(self) -> tuple[str | None, str | None]:
		if not self.chat.last_issue:
			return None, None
		issue = frappe.db.get_value(
			"Issue",
			self.chat.last_issue,
			["name", "status", "resolved_on", "sla_resolution_date", "modified"],
			as_dict=True,
		)
		if not issue:
			return None, None
		kind = kind_of_reply(issue)
		return (None, None) if kind == NEW_REQUEST else (issue.name, kind)

	def new_request(self, text: str) -> tuple[str, str | None]:
		"""A request through the intake, as the chat's address (the channel proved the sender), with the
		chat's customer and their orders when the shopper proved who they are; then the promise."""
		if len(text) < MIN_MESSAGE_LENGTH:
			text = rules.message_with_notes(text, [_("[a short message in the chat]")])
		message = text[: LIMITS["message"]]
		frappe.flags[INTAKE_FLAG] = intake_values(self.chat, message)
		try:
			answer = submit(
				{
					"source": self.channel.feedback_source,
					"message": message,
					"full_name": plain_line(self.chat.display_name or ""),
					"client_token": f"messenger-{self.update}",
				},
				record_now=True,
				sender=(self.chat.address, MESSENGER),
			)
		finally:
			frappe.flags.pop(INTAKE_FLAG, None)
		issue = answer["issue"]
		self.set_chat(last_issue=issue)
		self.send_promise(issue)
		communication = frappe.db.get_value(
			"Communication",
			{"reference_doctype": "Issue", "reference_name": issue, "sent_or_received": "Received"},
			"name",
			order_by="creation asc",
		)
		return issue, communication

	def send_promise(self, issue: str):
		promise = delivery.promise_message(issue)
		if self.chat.customer:
			self.tell(promise)
		else:
			self.tell_with_contact_button(
				promise, _("Share your phone number with the button below and we will find your orders.")
			)

	def attachments(self) -> tuple[list[str], list]:
		"""(a line for each thing not kept as a photo, the photos checked as the portal's are)."""
		notes, photos = [], []
		limit = photo_limit_bytes()
		for attachment in self.incoming.attachments:
			if attachment.kind != "photo":
				notes.append(media_note(attachment))
				continue
			if len(photos) >= MAX_PHOTOS:
				notes.append(_("[a photo not attached: at most {0} photos per message]").format(MAX_PHOTOS))
				continue
			if count(f"attachments:chat:{self.chat.name}", HOUR) > conf_int(
				"servicedesk_attachments_per_hour", 10
			):
				notes.append(_("[a photo not attached: too many photos this hour]"))
				continue
			try:
				content = transport.fetch_attachment(
					self.adapter, self.channel.api_url, self.channel.token, attachment, limit
				)
				photos.append(clean_photo(content, limit))
			except PhotoError as error:
				notes.append(_("[a photo not attached: {0}]").format(photo_error_message(error)))
			except transport.TransportError as error:
				if error.status == 413:
					notes.append(
						_("[a photo not attached: {0}]").format(
							photo_error_message(PhotoError("too_large", limit_mb=f"{limit / 1_048_576:g}"))
						)
					)
				elif error.retryable and not self.last_try:
					raise  # the messenger's file server may answer later: the update is tried again
				else:
					notes.append(_("[a photo that could not be downloaded]"))
		return notes, photos


def payload_command(payload: str | None) -> str | None:
	"""VK's own Start button sends the payload {"command": "start"} (adapters: "command:start")."""
	if payload and payload.startswith("command:"):
		return "/" + payload.removeprefix("command:")
	return None


def media_note(attachment) -> str:
	"""The line that tells the agent the shopper sent something the desk keeps no copy of."""
	name = (attachment.name or "").strip()
	match attachment.kind:
		case "sticker":
			return _("[sticker {0}]").format(name) if name else _("[sticker]")
		case "voice":
			return _("[voice message]")
		case "video":
			return _("[video]")
		case "document":
			return _("[file: {0}]").format(name) if name else _("[file]")
	return _("[attachment: {0}]").format(name) if name else _("[attachment]")


def code_email(code: str, messenger: str) -> str:
	text = _(
		"Your confirmation code for the chat with us in {0} is {1}. It is valid for {2} minutes. If you did not ask for it, ignore this e-mail."
	).format(messenger, code, rules.CODE_MINUTES)
	return f"<p>{escape_html(text)}</p>"


# --- the chat ------------------------------------------------------------------------------------------


def chat_for(channel: channels.Channel, incoming) -> frappe._dict:
	"""The chat of `incoming`, made when new, locked until the update's transaction ends: a chat's
	updates are worked one at a time, so two first messages at once open one request."""
	filters = {"channel": channel.name, "chat_id": incoming.chat_id}
	name = frappe.db.get_value(CHAT, filters, "name")
	if not name:
		doc = frappe.get_doc(
			{
				"doctype": CHAT,
				"channel": channel.name,
				"chat_id": incoming.chat_id,
				"user_id": incoming.user_id,
				# a name is the shopper's to choose: one plain line, as every name the desk shows unescaped
				"display_name": plain_line(incoming.name or sender_name(channel, incoming.user_id)) or None,
				"language": incoming.language,
				"address": chat_address(channel.channel_type, incoming.chat_id, channel.name),
			}
		)
		savepoint = "servicedesk_messenger_chat"
		frappe.db.savepoint(savepoint)
		try:
			# no locking read first: two new chats' gap locks would deadlock each other's insert; the
			# second insert waits for the first transaction and is then refused
			doc.insert(ignore_permissions=True)
			name = doc.name
		except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
			frappe.db.rollback(save_point=savepoint)
			frappe.clear_messages()
			name = frappe.db.get_value(CHAT, filters, "name", for_update=True)
	chat = frappe.db.get_value(CHAT, name, CHAT_FIELDS, as_dict=True, for_update=True)
	changes = {
		field: value
		for field, value in (
			("display_name", plain_line(incoming.name or "")),
			("user_id", incoming.user_id),
			("language", incoming.language),
		)
		if value and value != chat.get(field)
	}
	if changes:
		frappe.db.set_value(CHAT, name, changes)
		chat.update(changes)
	return chat


def sender_name(channel: channels.Channel, user_id: str) -> str:
	"""The shopper's name from the messenger, for a chat whose messages carry none (VK's): asked once,
	when the chat is made; '' when the messenger cannot tell."""
	ask = getattr(channel.adapter, "user_call", None)
	if not ask or not user_id:
		return ""
	try:
		return channel.adapter.user_name(transport.call(channel.api_url, channel.token, ask(user_id)))
	except (transport.TransportError, ValueError):
		return ""


def intake_values(chat, message: str) -> dict:
	"""What a chat's new request carries besides the intake's own fields: the chat, and its customer,
	contact and the order of theirs the message names, once the shopper proved who they are."""
	values = {"messenger_chat": chat.name}
	if chat.customer:
		values.update(
			customer=chat.customer,
			contact=chat.contact,
			customer_name=frappe.db.get_value("Customer", chat.customer, "customer_name"),
			**find_order_links(chat.customer, order_candidates(chat.customer, message)),
		)
	return values


def intake_fields(data: dict) -> dict:
	"""Hook servicedesk_intake_fields: the chat's values for the request the incoming job is opening,
	set on the Issue before it is inserted (routing reads the customer). Nothing for anyone else: the
	values come from this job's flags, never from the payload."""
	return dict(frappe.flags.get(INTAKE_FLAG) or {})


def add_message(issue: str, chat, text: str) -> str:
	"""The shopper's message on the request's timeline as a received Communication from the chat's
	address (ERPNext reopens an answered request on it; the reply box answers its sender), however
	short: "ok" is an answer in a chat."""
	row = frappe.db.get_value("Issue", issue, ["name", "subject", "intake_pending"], as_dict=True)
	if row.intake_pending:
		# the first message has not reached the timeline yet: it comes first
		record_intake_message(issue)
	communication = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": "Received",
			"sender": chat.address,
			"sender_full_name": plain_line(chat.display_name or ""),
			"subject": _("Re: {0}").format(row.subject),
			"content": message_to_html(text[: LIMITS["message"]]),
			"reference_doctype": "Issue",
			"reference_name": issue,
			"status": "Linked",
		}
	)
	communication.insert(ignore_permissions=True)
	return communication.name


def attach_photos(issue: str, communication: str | None, photos: list):
	"""Photos as private Files of the message, as the portal's replies keep theirs (the agent sees them
	with it in the timeline)."""
	if not communication:
		return
	for number, photo in enumerate(photos, 1):
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{issue}-photo-{number}.{photo.extension}",
				"content": photo.content,
				"attached_to_doctype": "Communication",
				"attached_to_name": communication,
				"is_private": 1,
			}
		).insert(ignore_permissions=True)


# --- identity ------------------------------------------------------------------------------------------


PHONE_QUERY = """
	select link.link_name as customer, contact.name as contact
	from `tabContact Phone` phone
	join `tabContact` contact on contact.name = phone.parent
	join `tabDynamic Link` link
		on link.parent = contact.name and link.parenttype = 'Contact' and link.link_doctype = 'Customer'
	where phone.parenttype = 'Contact' and phone.servicedesk_phone_key = %(key)s
	order by contact.creation
	limit 20
"""


def find_by_phone(phone: str) -> tuple[str | None, str | None]:
	"""(Customer, Contact) whose Contact has `phone` among its numbers, by the number's last ten digits;
	(None, None) when none has, or when contacts of different customers have it (a number shared in a
	family proves nobody)."""
	key = rules.phone_key(phone)
	if not key:
		return None, None
	# by the key each number keeps (note_phone_keys), over its index; Frappe sets a contact's Phone and
	# Mobile from these rows whenever it is saved
	rows = frappe.db.sql(PHONE_QUERY, {"key": key}, as_dict=True)
	if len({row.customer for row in rows}) != 1:
		return None, None
	return rows[0].customer, rows[0].contact


def note_phone_keys(doc, method=None):
	"""Each number of a Contact with the key find_by_phone looks it up by (Contact validate)."""
	for row in doc.get("phone_nos") or ():
		row.servicedesk_phone_key = rules.phone_key(row.phone)


def key_stored_numbers():
	"""Every contact number's key, in one statement (the app installed on a site with contacts, patch
	v0_7.phone_keys): the digits phone_key keeps, 0 to 9 only."""
	frappe.db.sql(
		"""
		update `tabContact Phone`
		set servicedesk_phone_key = case
			when char_length(regexp_replace(coalesce(phone, ''), '[^0-9]', '')) >= 7
			then right(regexp_replace(phone, '[^0-9]', ''), 10)
		end
		where parenttype = 'Contact'
		"""
	)


def link_requests(chat: str, customer: str, contact: str | None, how: str):
	"""The chat's requests not closed, with no customer or this one, linked to the customer and contact,
	and to the order of theirs each names (as the intake links one: only that customer's)."""
	issues = frappe.get_all(
		"Issue",
		filters={"messenger_chat": chat, "status": ("!=", "Closed")},
		fields=["name", "customer"],
		order_by="creation desc",
		limit=20,
	)
	how_label = _("by sharing their phone number") if how == PHONE else _("by a code sent to their e-mail")
	for row in issues:
		if row.customer and row.customer != customer:
			continue
		doc = frappe.get_doc("Issue", row.name)
		doc.customer, doc.contact = customer, contact or doc.contact
		if not doc.get("sales_order"):
			doc.update(find_order_links(customer, order_candidates(customer, request_text(doc))))
		doc.flags.ignore_permissions = True
		doc.save()
		doc.add_comment(
			"Info",
			_("The shopper proved in the chat that they are customer {0}, {1}.").format(
				escape_html(customer), how_label
			),
		)


def order_candidates(customer: str, text: str) -> list[str]:
	"""The order numbers a proven customer's words name, or else their one order on its way: a chat's
	"where is my order?" rarely carries a number."""
	named = find_order_numbers(text, get_order_prefixes())
	if named:
		return named
	on_its_way = order_on_its_way(customer)
	return [on_its_way] if on_its_way else []


def request_text(doc) -> str:
	"""The words of a request and of its sender's messages, where an order number may be."""
	messages = frappe.get_all(
		"Communication",
		filters={
			"reference_doctype": "Issue",
			"reference_name": doc.name,
			"sent_or_received": "Received",
		},
		pluck="content",
		order_by="creation asc",
		limit=20,
	)
	return "\n".join([doc.subject or "", strip_html(doc.description or ""), *map(strip_html, messages)])
