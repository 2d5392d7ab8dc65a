"""Answers going back to the chat a request came from: an agent's reply from the desk, the answer-by
promise, the resolution with rating buttons; how each delivery went, on the request's timeline.

An agent answers from the request's usual reply box. Frappe's `communication.email.make` stores a Sent
Communication addressed to the chat's address (messengers.addresses), which no e-mail goes to
(overrides.communication). Its after_insert (`on_communication`) marks it Sending and enqueues `deliver`
after the commit: the reply box attaches the agent's files only after the insert, and a failed save sends
nothing. The job sends the text and the photos through the channel's adapter and transport (a timeout,
retries with back-off on 429 and 5xx) and records Sent with the messenger's message id, or Error with the
reason: Frappe's own `delivery_status` shows it on the timeline, the agent gets a Notification Log, and
"Retry Delivery" on the request sends it again (`retry`).

A channel's token is in no text this module stores, logs or shows: errors are scrubbed of it first.
"""

import frappe
from frappe import _
from frappe.utils import add_to_date, escape_html, get_datetime, now_datetime, strip_html

from servicedesk_shop.customer.csat import RatingRefused, rate
from servicedesk_shop.intake.service import customer_promise
from servicedesk_shop.messengers import channels, transport
from servicedesk_shop.messengers.text import plain_text, scrub, split_text
from servicedesk_shop.service_desk.addresses import addresses_of, is_chat_address
from servicedesk_shop.service_desk.jobs import after_commit

RETRIES = transport.RETRIES
"""Further tries of a call answered 429 or 5xx, or not answered, with back-off (transport.call, which
also sets the timeout of each)."""
STALE_MINUTES = 10
"""A delivery still Sending after this has lost its job (a worker stopped, Redis was away): it may be
retried."""
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "gif")
SENDING, SENT, ERROR = "Sending", "Sent", "Error"
REALTIME_EVENT = "servicedesk_messenger_delivery"


def other_chat() -> str:
	return _("This address is another chat's, not this request's: nothing was sent to it.")


class DeliveryFailed(Exception):
	"""A message that did not reach the chat; its text is safe to show (no token)."""


# --- an agent's answer ----------------------------------------------------------------------------------


def on_communication(doc, method=None):
	"""Communication after_insert: a message sent on a request to a chat's address is delivered in the
	chat, after the commit."""
	addresses = chat_addresses(doc)
	if not addresses or not is_sent_on_request(doc):
		return
	chats = chats_by_address(addresses)
	own = own_chat(doc)
	if own not in chats.values():
		# only chats' addresses of a request that did not come from them (typed as an e-mail address, a
		# forged letter's sender): nothing goes to a stranger's chat
		chat = chats.get(addresses[0])
		mark(doc, {"messenger_chat": chat, "messenger_status": ERROR, "messenger_error": other_chat()})
		return
	mark(doc, {"messenger_chat": own, "messenger_status": SENDING, "messenger_error": None})
	# make() attaches the reply's files after the insert: a test delivers a reply with files itself
	schedule(deliver, doc.name, now=frappe.flags.in_test and not doc.get("has_attachment"))


def own_chat(doc) -> str | None:
	"""The chat the Communication's request came from: the only chat an answer on it goes to."""
	return frappe.db.get_value("Issue", doc.reference_name, "messenger_chat")


def is_sent_on_request(doc) -> bool:
	return (
		doc.get("communication_type") in ("Communication", "Automated Message")
		and doc.get("sent_or_received") == "Sent"
		and doc.get("reference_doctype") == "Issue"
		and bool(doc.get("reference_name"))
	)


def chat_addresses(doc) -> list[str]:
	"""The chats' addresses among a Communication's To, Cc and Bcc, in order, once each."""
	return list(dict.fromkeys(address for address in addresses_of(doc) if is_chat_address(address)))


def chats_by_address(addresses: list[str]) -> dict[str, str]:
	"""{address: Messenger Chat} for the addresses that are a chat's."""
	if not addresses:
		return {}
	rows = frappe.get_all(
		"Messenger Chat", filters={"address": ("in", addresses)}, fields=["name", "address"]
	)
	return {row.address.lower(): row.name for row in rows}


def schedule(method, communication: str, now: bool = False):
	if now:
		method(communication)
		return
	frappe.enqueue(
		method,
		communication=communication,
		queue="short",
		job_id=f"sd-messenger-delivery:{communication}",
		deduplicate=True,
		enqueue_after_commit=True,
	)


def deliver(communication: str):
	"""The job: a Communication's text and photos in its chats, Sent or Error recorded. Does nothing for
	one that is not Sending (delivered meanwhile, or never meant for a chat)."""
	comm = frappe.get_doc("Communication", communication)
	if comm.get("messenger_status") != SENDING:
		return
	addresses = chat_addresses(comm)
	chats = chats_by_address(addresses)
	text = plain_text(comm.content)
	photos, others = attachments_of(comm.name)
	rating_issue = comm.reference_name if comm.get("messenger_rating") else None
	own = own_chat(comm)
	sent, errors, notes, reached = [], [], [], 0
	for address in addresses:
		if address not in chats:
			errors.append(_("{0} is the address of no chat the desk knows.").format(address))
			continue
		if chats[address] != own:
			notes.append(f"{address}: {other_chat()}")  # never a stranger's chat, on a retry neither
			continue
		try:
			sent += send(chats[address], text, photos=photos, rating_issue=rating_issue, key=comm.name)
			reached += 1
		except DeliveryFailed as error:
			errors.append(str(error))
	if others:
		notes.append(_("Sent without {0}: a chat gets the text and photos only.").format(", ".join(others)))
	if not reached and not errors:
		errors, notes = notes, []  # nothing reached any chat (only strangers' addresses)
	if not errors and notes:
		note = "\n".join(notes)
		record(comm, SENT, sent, note)
		tell_sender(comm, note)
	elif errors:
		record(comm, ERROR, sent, "\n".join(errors))
		tell_sender(comm, "\n".join(errors))
	else:
		record(comm, SENT, sent)


def attachments_of(communication: str) -> tuple[list, list[str]]:
	"""The Communication's files: (photos as File rows, the other files' names)."""
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Communication", "attached_to_name": communication, "is_folder": 0},
		fields=["name", "file_name", "file_url", "is_private"],
		order_by="creation asc",
	)
	photos = [row for row in files if extension(row.file_name or row.file_url) in PHOTO_EXTENSIONS]
	others = [row.file_name or row.name for row in files if row not in photos]
	return photos, others


def extension(name: str | None) -> str:
	return (name or "").rsplit(".", 1)[-1].lower() if "." in (name or "") else ""


def mark(comm, values: dict):
	"""Store a delivery's state on the Communication and show it on the request's open forms."""
	values = dict(values)
	status = values.get("messenger_status")
	if status:
		values["delivery_status"] = delivery_status(comm, status)
	# modified: when the delivery's state last changed (a delivery Sending for long has lost its job)
	frappe.db.set_value("Communication", comm.name, values)
	comm.update(values)
	# the timeline's message box shows delivery_status: Frappe updates it by this event
	comm.notify_change("update")
	frappe.publish_realtime(
		REALTIME_EVENT,
		{"issue": comm.reference_name, "communication": comm.name, "status": status},
		doctype="Issue",
		docname=comm.reference_name,
		after_commit=True,
	)


def record(comm, status: str, message_ids: list[str], error: str | None = None):
	mark(
		comm,
		{
			"messenger_status": status,
			"messenger_message_id": ", ".join(message_ids)[:140] or None,
			"messenger_error": error or None,
		},
	)


def delivery_status(comm, chat_status: str) -> str:
	"""Frappe's delivery_status of a Communication that went to a chat and perhaps also by e-mail: the
	worse of the chat's state and its e-mails' (Email Queue), so that neither hides a failure."""
	statuses = set(frappe.get_all("Email Queue", filters={"communication": comm.name}, pluck="status"))
	if chat_status == ERROR or "Error" in statuses:
		return ERROR
	if chat_status == SENDING or statuses & {"Not Sent", "Sending"}:
		return SENDING
	return SENT


def keep_chat_status(comm):
	"""After Frappe set a Communication's delivery_status from its e-mails (the Email Queue's): a chat's
	failed or pending delivery on it still shows."""
	if not comm.get("messenger_status"):
		return
	status = delivery_status(comm, comm.messenger_status)
	if status != comm.delivery_status:
		comm.db_set("delivery_status", status, update_modified=False)
		comm.notify_change("update")


def tell_sender(comm, error: str):
	"""The agent who sent the message (or, for the desk's own messages, the request's assignees) learns
	it did not reach the chat, with a link to the request."""
	issue = comm.reference_name
	sender = comm.get("user") or comm.owner
	users = [sender]
	if comm.communication_type != "Communication":
		# the desk's own message (the resolution): whoever works on the request
		users = frappe.parse_json(frappe.db.get_value("Issue", issue, "_assign") or "[]") or users
	subject = _("Your answer on request {0} did not fully reach the customer's chat").format(issue)
	for user in dict.fromkeys(user for user in users if user and user != "Guest"):
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": "Issue",
				"document_name": issue,
				"subject": escape_html(subject),
				"email_content": escape_html(error),
			}
		).insert(ignore_permissions=True)


# --- sending ------------------------------------------------------------------------------------------


def send(
	chat: str, text: str, buttons=None, photos=(), rating_issue: str | None = None, key: str = ""
) -> list:
	"""Send `text` (in as many messages as its length needs, the last with `buttons` or the rating
	keyboard of `rating_issue`) and `photos` (File rows) in `chat`: the messenger's message ids. Raises
	DeliveryFailed with a reason safe to show."""
	chat_doc = frappe.db.get_value(
		"Messenger Chat", chat, ["name", "channel", "chat_id", "language"], as_dict=True
	)
	if not chat_doc:
		raise DeliveryFailed(_("The chat {0} no longer exists.").format(chat))
	channel = channel_of(chat_doc.channel)
	adapter, token = channel.adapter, channel.token
	chunks = split_text(text)
	if not chunks and not photos:
		raise DeliveryFailed(_("The answer has no text and no photo to send."))
	sent = []
	# every failure becomes a DeliveryFailed scrubbed of the token, raised outside the `except`, so that no
	# traceback of the job carries this frame (its `channel` holds the token)
	failure = None
	try:
		for index, chunk in enumerate(chunks):
			last, dedupe = index == len(chunks) - 1, f"{key}:{index}" if key else None
			if last and rating_issue:
				call = adapter.rating_keyboard(chat_doc.chat_id, chunk, rating_issue, dedupe_key=dedupe)
			else:
				call = adapter.send_text(
					chat_doc.chat_id, chunk, buttons if last else None, dedupe_key=dedupe
				)
			sent.append(result_of(adapter, transport.call(channel.api_url, token, call, retries=RETRIES)))
		for index, photo in enumerate(photos):
			sent.append(send_photo(channel, token, adapter, chat_doc.chat_id, photo, f"{key}:photo:{index}"))
	except (transport.TransportError, DeliveryFailed) as error:
		failure = delivery_error(channel.channel_type, error, token, sent)
	except Exception:
		frappe.log_error(
			title=f"servicedesk_shop: delivery to chat {chat}",
			message=scrub(frappe.get_traceback(), token),
			reference_doctype="Messenger Chat",
			reference_name=chat,
		)
		failure = delivery_error(
			channel.channel_type, _("An unexpected error: see the Error Log."), token, sent
		)
	if failure:
		raise DeliveryFailed(failure)
	return [message_id for message_id in sent if message_id]


def channel_of(name: str) -> channels.Channel:
	"""The chat's channel, refused when it is gone or disabled."""
	channel = channels.get(name)
	if not channel:
		raise DeliveryFailed(_("The chat's channel no longer exists."))
	if not channel.enabled:
		raise DeliveryFailed(_("The channel {0} is disabled.").format(name))
	return channel


def result_of(adapter, response: dict) -> str | None:
	"""The sent message's id; DeliveryFailed with the API's own error text (VK answers errors with 200)."""
	error = adapter.api_error(response)
	if error:
		raise DeliveryFailed(error)
	return adapter.result_id(response)


def send_photo(channel, token: str, adapter, chat_id: str, photo, dedupe: str) -> str | None:
	content = frappe.get_doc("File", photo.name).get_content()
	if isinstance(content, str):
		content = content.encode()
	response = transport.send_photo(
		adapter,
		channel.api_url,
		token,
		chat_id,
		photo.file_name or f"{photo.name}.jpg",
		content,
		dedupe_key=dedupe,
	)
	return result_of(adapter, response)


def delivery_error(kind: str, error, token: str, sent: list) -> str:
	"""The reason a delivery failed, as the agent reads it: the messenger, what it said, and how much had
	gone of a long answer."""
	said = error.translated(_) if isinstance(error, transport.TransportError) else str(error)
	text = scrub(said, token).strip() or _("The messenger did not answer.")
	if sent:
		text = _("{0} of the messages were sent, then: {1}").format(len(sent), text)
	return f"{kind}: {text}"[:1000]


# --- for the incoming side: the promise, any message --------------------------------------------------


def send_to_chat(
	chat: str, text: str, buttons=None, photo_files=None, communication: str | None = None
) -> None:
	"""Send `text` (with `buttons`: rows of (label, data)) and the File docs `photo_files` in `chat`, after
	the commit. With `communication`, its delivery state is recorded there (as an agent's answer's is);
	without, a failure goes to the Error Log only."""
	if communication:
		comm = frappe.get_doc("Communication", communication)
		mark(comm, {"messenger_chat": chat, "messenger_status": SENDING, "messenger_error": None})
		schedule(deliver, communication, now=frappe.flags.in_test)
		return
	kwargs = {"chat": chat, "text": text, "buttons": buttons, "photo_files": list(photo_files or [])}
	after_commit(send_now, **kwargs)


def send_now(chat: str, text: str, buttons=None, photo_files=None) -> bool:
	"""The job of `send_to_chat` without a Communication: True when it reached the chat."""
	photos = (
		frappe.get_all(
			"File", filters={"name": ("in", photo_files)}, fields=["name", "file_name", "file_url"]
		)
		if photo_files
		else []
	)
	try:
		send(chat, text, buttons=buttons, photos=photos)
		return True
	except DeliveryFailed as error:
		frappe.log_error(
			title=f"servicedesk_shop: message to chat {chat} not delivered",
			message=str(error),
			reference_doctype="Messenger Chat",
			reference_name=chat,
		)
		return False


def chat_language(chat: str | None, issue=None) -> str:
	"""The language to write to the chat in: the chat's, else the request's customer's, else the site's."""
	language = frappe.db.get_value("Messenger Chat", chat, "language") if chat else None
	language = language or (issue.get("customer_language") if issue else None)
	return (language or frappe.local.lang or "ru").split("-")[0]


def promise_message(issue) -> str:
	"""The answer to a shopper's first message in a chat: the request's number and when the shop will
	answer, in the chat's language."""
	if isinstance(issue, str):
		issue = frappe.db.get_value(
			"Issue", issue, ["name", "customer_language", "messenger_chat"], as_dict=True
		)
	language = chat_language(issue.get("messenger_chat"), issue)
	promise = customer_promise(issue.name, language).get("promise")
	thanks = _("Thank you! Your request {0} is with us.", lang=language).format(issue.name)
	if promise:
		return f"{thanks} {promise}."
	return f"{thanks} {_('We will answer here in this chat.', lang=language)}"


# --- the resolution and its rating --------------------------------------------------------------------


def on_issue_update(doc, method=None):
	"""Issue on_update: a request from a chat became Resolved: the chat is told, with rating buttons,
	once per resolution (after the commit, so that a failed save sends nothing)."""
	if doc.status != "Resolved" or not doc.has_value_changed("status") or not doc.get("messenger_chat"):
		return
	after_commit(send_resolution, job_id=f"sd-messenger-resolved:{doc.name}", issue=doc.name)


def send_resolution(issue: str) -> str | None:
	"""The resolution message with the rating keyboard, as a Communication on the request (its delivery
	shows on the timeline and may be retried): its name, or None when this resolution was told already
	or the request is no longer resolved."""
	doc = frappe.db.get_value(
		"Issue",
		issue,
		[
			"name",
			"status",
			"resolved_on",
			"messenger_chat",
			"customer_language",
			"resolution_details",
			"subject",
		],
		as_dict=True,
	)
	if not doc or doc.status != "Resolved" or not doc.messenger_chat or not claim_resolution(doc):
		return None
	chat = frappe.db.get_value("Messenger Chat", doc.messenger_chat, ["name", "address"], as_dict=True)
	if not chat or not chat.address:
		return None
	language = chat_language(chat.name, doc)
	lines = [_("Your request {0} is resolved.", lang=language).format(doc.name)]
	if resolution := plain_text(doc.resolution_details):
		lines.append(resolution)
	lines.append(_("Did our answer help you? Tap a star to rate it:", lang=language))
	comm = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Automated Message",
			"communication_medium": "Chat",
			"sent_or_received": "Sent",
			"subject": _("Request {0} resolved", lang=language).format(doc.name),
			"content": "".join(f"<p>{escape_html(line)}</p>" for line in lines),
			"recipients": chat.address,
			"reference_doctype": "Issue",
			"reference_name": doc.name,
			"messenger_rating": 1,
		}
	)
	comm.insert(ignore_permissions=True)
	return comm.name


def claim_resolution(doc) -> bool:
	"""Note that this resolution (its resolved_on) is being told, in one UPDATE that matches only when it
	was not: of two jobs for the same resolution only one sends."""
	resolved = doc.resolved_on or now_datetime()
	table = frappe.qb.DocType("Issue")
	(
		frappe.qb.update(table)
		.set(table.messenger_resolution_sent, resolved)
		.where(table.name == doc.name)
		.where(table.messenger_resolution_sent.isnull() | (table.messenger_resolution_sent != resolved))
	).run()
	return frappe.db._cursor.rowcount == 1


def rate_from_chat(chat: str, issue: str, stars: int, incoming=None) -> bool:
	"""A rating button tapped in `chat`: rates `issue` as the e-mail's star links do (rating windows and
	rules of customer.csat), only when the request is that chat's own. The shopper is answered in the
	chat (a thank-you, or why not); `incoming` (the tap) also gets its spinner stopped and the buttons
	taken off. True when the rating was stored."""
	own = None
	if isinstance(chat, str) and isinstance(issue, str) and chat and issue:
		own = frappe.db.get_value(
			"Issue", {"name": issue, "messenger_chat": chat}, ["name", "customer_language"], as_dict=True
		)
	language = chat_language(chat, own)
	stored = False
	if not own:
		answer = _("This rating is not for a request of this chat.", lang=language)
	else:
		# the rules' refusals ("too late to rate") in the chat's language, not the webhook's
		previous, frappe.local.lang = frappe.local.lang, language
		try:
			rate(own.name, stars)
			answer, stored = _("Thank you for your rating!"), True
		except RatingRefused as error:
			answer = strip_html(str(error))
		finally:
			frappe.local.lang = previous
			frappe.clear_messages()
	answer_tap(chat, incoming, answer, clear=stored)
	send_to_chat(chat, answer)
	return stored


def answer_tap(chat: str, incoming, text: str, clear: bool):
	"""Stops a tapped button's spinner (and takes the rating buttons off once rated), where the messenger
	has such a thing; a failure here only costs the spinner."""
	if incoming is None:
		return
	try:
		channel = channel_of(frappe.db.get_value("Messenger Chat", chat, "channel"))
	except DeliveryFailed:
		return
	calls = [
		channel.adapter.answer_callback(incoming, text),
		channel.adapter.clear_buttons(incoming) if clear else None,
	]
	for call in calls:
		if call is None:
			continue
		try:
			transport.call(channel.api_url, channel.token, call, retries=0)
		except transport.TransportError:
			pass  # the thank-you message in the chat still goes
		except Exception:
			# a traceback without the frames' variables (this one's `channel` holds the token), scrubbed
			frappe.log_error(
				title=f"servicedesk_shop: answering a tap in chat {chat}",
				message=scrub(frappe.get_traceback(), channel.token),
			)


# --- retrying ------------------------------------------------------------------------------------------


def retry(communication: str) -> str:
	"""Send a message that did not reach its chat again: one that failed, or is still Sending long after
	its job should have run. The caller checked the user may answer on the request. The new state."""
	comm = frappe.get_doc("Communication", communication)
	stale = add_to_date(now_datetime(), minutes=-STALE_MINUTES)
	table = frappe.qb.DocType("Communication")
	# one UPDATE that matches only a failed or stale one: of two clicks only one sends
	(
		frappe.qb.update(table)
		.set(table.messenger_status, SENDING)
		.set(table.messenger_error, None)
		.where(table.name == comm.name)
		.where(
			(table.messenger_status == ERROR)
			| ((table.messenger_status == SENDING) & (table.modified < stale))
		)
	).run()
	if frappe.db._cursor.rowcount != 1:
		return comm.get("messenger_status")
	mark(comm, {"messenger_status": SENDING, "messenger_error": None})
	schedule(deliver, comm.name, now=frappe.flags.in_test)
	return SENDING


def failed_deliveries(issue: str) -> list[dict]:
	"""The messages of a request that did not reach the chat (or went without some files), newest first:
	for the form's delivery section."""
	stale = add_to_date(now_datetime(), minutes=-STALE_MINUTES)
	rows = frappe.get_all(
		"Communication",
		filters={"reference_doctype": "Issue", "reference_name": issue},
		or_filters={"messenger_status": ("in", (ERROR, SENDING)), "messenger_error": ("is", "set")},
		fields=["name", "messenger_status", "messenger_error", "creation", "modified"],
		order_by="creation desc",
		limit=20,
	)
	found = []
	for row in rows:
		stuck = row.messenger_status == SENDING and get_datetime(row.modified) < stale
		if row.messenger_status == SENDING and not stuck:
			continue  # on its way
		found.append(
			{
				"communication": row.name,
				"status": row.messenger_status,
				"error": row.messenger_error or _("The delivery did not finish."),
				"creation": row.creation,
				"retry": row.messenger_status == ERROR or stuck,
			}
		)
	return found
