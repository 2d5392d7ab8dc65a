"""What shoppers do in Telegram and VK becomes requests: the webhook's checks (forged 403 with nothing
stored, malformed 400, a retried update once), the first message opening a request with the promise sent
back, later messages on it, reopening and a new request after the reopen days, the customer proven by a
shared phone or an e-mail code, photos as attachments, stickers noted, the per-chat limit, and a failed
job's update kept for the retry. The messengers' APIs are the local stand-in."""

import io
import json
import uuid
from unittest.mock import patch

import frappe
from frappe.tests.test_api import get_test_client, make_request
from frappe.utils import add_days, now_datetime
from PIL import Image

from servicedesk_shop.messengers import channels, connection, rules, service
from servicedesk_shop.messengers.adapters.base import rate_payload
from servicedesk_shop.messengers.addresses import chat_address
from servicedesk_shop.messengers.api import connect_messenger_channel, retry_messenger_update
from servicedesk_shop.service_desk.ratelimit import clear_limits
from servicedesk_shop.testing import (
	StandInTestCase,
	ensure_outgoing_email_account,
	make_agent,
	make_customer,
	make_sales_order,
	save_messenger_channel,
)
from servicedesk_shop.testing.messenger_standin import (
	CONFIRMATION,
	GROUP_ID,
	TELEGRAM_TOKEN,
	VK_TOKEN,
	telegram_callback,
	telegram_contact,
	telegram_message,
	telegram_photo,
	telegram_user,
	vk_confirmation,
	vk_message,
	vk_photo,
)

BOT, VK = "Incoming Test Bot", "Incoming Test VK"
ANNA_EMAIL, BORIS_EMAIL = "incoming-anna@example.com", "incoming-boris@example.com"
ANNA_PHONE = "+7 (916) 555-40-22"  # no other test's contact has it (a shared number proves nobody)
WEBHOOK = "/api/method/servicedesk_shop.api.messenger_webhook"
RUN = uuid.uuid4().int % 1000 * 1_000_000


def cid(n: int) -> int:
	"""Chat `n` of this run: a site keeps chats of earlier runs (Frappe commits the transaction when a
	test's assignment mails its Notification Log at once), and a test starts from a chat of its own."""
	return n + RUN


def ru(text: str) -> str:
	"""What a Russian-speaking shopper is told (Telegram says the client's language)."""
	return frappe._(text, lang="ru")


def jpeg(width: int = 40, height: int = 30) -> bytes:
	out = io.BytesIO()
	Image.new("RGB", (width, height), "red").save(out, "JPEG")
	return out.getvalue()


def order_of(customer: str, item: str) -> str:
	"""The customer's submitted order, made on the first run (the classes and runs share it)."""
	existing = frappe.db.get_value("Sales Order", {"customer": customer, "docstatus": 1})
	return existing or make_sales_order(customer, item).sales_order


def forget_number_elsewhere(phone: str, contact: str):
	"""`phone` on `contact` only: a site keeps contacts of earlier runs, and one of them with this test's
	number (another customer's Anna, made when her contact was not found by her e-mail) would make the
	number shared, which proves nobody."""
	for row in frappe.get_all(
		"Contact Phone",
		filters={"phone": phone, "parenttype": "Contact", "parent": ("!=", contact)},
		fields=["name", "parent"],
	):
		frappe.db.delete("Contact Phone", row.name)
		for field in ("mobile_no", "phone"):
			if frappe.db.get_value("Contact", row.parent, field) == phone:
				frappe.db.set_value("Contact", row.parent, field, None)


class IncomingTestCase(StandInTestCase):
	"""The stand-in, a Telegram and a VK channel on it, and Anna (with her phone on her contact) and Boris
	with an order each."""

	@classmethod
	def make_fixtures(cls):
		save_messenger_channel(BOT, "Telegram", cls.standin.telegram_url, TELEGRAM_TOKEN)
		save_messenger_channel(VK, "VK", cls.standin.vk_url, VK_TOKEN)
		cls.anna = make_customer(ANNA_EMAIL, "Анна Смирнова")
		contact = frappe.get_doc(
			"Contact", frappe.db.get_value("Contact Email", {"email_id": ANNA_EMAIL}, "parent")
		)
		# a site may keep her contact from an earlier run, with another number as its primary
		primary = not any(row.is_primary_mobile_no for row in contact.phone_nos)
		if not any(row.phone == ANNA_PHONE for row in contact.phone_nos):
			contact.add_phone(ANNA_PHONE, is_primary_mobile_no=primary)
		contact.save(ignore_permissions=True)  # her numbers keyed, whatever an earlier run left
		cls.anna_contact = contact.name
		forget_number_elsewhere(ANNA_PHONE, contact.name)
		cls.boris = make_customer(BORIS_EMAIL, "Борис Орлов")
		item = cls.items[next(iter(cls.items))]
		cls.anna_order = order_of(cls.anna, item)
		cls.boris_order = order_of(cls.boris, item)

	def setUp(self):
		self.standin.reset()
		clear_limits()
		channels.invalidate()
		self.secret = channels.get(BOT).secret
		self.vk_secret = channels.get(VK).secret

	# --- helpers ---

	def assertLastTold(self, chat_id, text: str):
		"""The last message the shop sent chat `chat_id` is `text`, as a Russian-speaking shopper reads it."""
		self.assertEqual(self.standin.sent_texts(str(chat_id))[-1], ru(text))

	def telegram(self, body: dict, secret: str | None = None):
		"""The webhook's work for a Telegram update (in a test its job runs at once)."""
		headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret if secret is None else secret}
		return service.receive(BOT, headers, json.dumps(body).encode())

	def vk(self, body: dict):
		return service.receive(VK, {}, json.dumps(body).encode())

	def update_of(self, body: dict, channel: str = BOT) -> frappe._dict:
		key = str(body.get("update_id") or body.get("event_id"))
		return frappe.db.get_value(
			"Messenger Update", {"channel": channel, "update_key": key}, ["*"], as_dict=True
		)

	def chat(self, chat_id, channel: str = BOT) -> frappe._dict:
		return frappe.db.get_value(
			"Messenger Chat", {"channel": channel, "chat_id": str(chat_id)}, ["*"], as_dict=True
		)

	def received(self, issue: str) -> list[frappe._dict]:
		return frappe.get_all(
			"Communication",
			filters={"reference_doctype": "Issue", "reference_name": issue, "sent_or_received": "Received"},
			fields=["name", "sender", "content"],
			order_by="creation asc",
		)

	def first_request(self, chat_id, text: str = "Где мой заказ?") -> str:
		self.telegram(telegram_message(chat_id, text))
		return self.chat(chat_id).last_issue

	def resolve(self, issue: str, days_ago: int = 0):
		doc = frappe.get_doc("Issue", issue)
		doc.status = "Resolved"
		doc.save(ignore_permissions=True)
		if days_ago:
			frappe.db.set_value("Issue", issue, "resolved_on", add_days(now_datetime(), -days_ago))


class TestIncoming(IncomingTestCase):
	# --- the webhook ---

	def test_first_message_opens_a_request_with_the_promise_in_the_chat(self):
		body = telegram_message(cid(710001), "Где мой заказ?")
		reply = self.telegram(body)

		self.assertEqual(reply.body, "ok")
		update = self.update_of(body)
		self.assertEqual(update.status, "Done")
		chat = self.chat(cid(710001))
		self.assertEqual(chat.address, chat_address("Telegram", str(cid(710001)), BOT))
		self.assertEqual((chat.display_name, chat.language), ("Анна", "ru"))
		issue = frappe.get_doc("Issue", update.issue)
		self.assertEqual(chat.last_issue, issue.name)
		self.assertEqual(issue.raised_by, chat.address)
		self.assertEqual(issue.messenger_chat, chat.name)
		self.assertEqual(issue.sender_identity, "Messenger")
		self.assertEqual(issue.feedback_source, channels.get(BOT).feedback_source)
		self.assertEqual(issue.customer_language, "ru")
		self.assertFalse(issue.customer, "nobody is proven by writing in a chat")
		[message] = self.received(issue.name)
		self.assertEqual(message.name, update.communication)
		self.assertEqual(message.sender, chat.address)  # the reply box answers the chat's address
		self.assertIn("Где мой заказ?", message.content)
		[promise] = self.standin.sent(str(cid(710001)))
		self.assertIn(issue.name, promise["text"])
		calls = self.standin.calls("sendMessage")
		self.assertTrue(calls[-1]["reply_markup"]["keyboard"][0][0]["request_contact"])

	def test_the_same_update_twice_makes_one_message(self):
		body = telegram_message(cid(710002), "Платье пришло не того размера")
		self.telegram(body)
		self.telegram(body)

		self.assertEqual(
			frappe.db.count("Messenger Update", {"channel": BOT, "update_key": str(body["update_id"])}), 1
		)
		issue = self.chat(cid(710002)).last_issue
		self.assertEqual(len(self.received(issue)), 1)
		self.assertEqual(frappe.db.count("Issue", {"messenger_chat": self.chat(cid(710002)).name}), 1)
		self.assertEqual(len(self.standin.sent(str(cid(710002)))), 1)

	def test_a_job_run_twice_does_its_work_once(self):
		body = telegram_message(cid(710003), "Когда привезут заказ?")
		self.telegram(body)
		update = self.update_of(body)

		self.assertEqual(service.run_update(update.name, commit=False), "Done")
		self.assertEqual(len(self.received(update.issue)), 1)

	def test_forged_or_missing_secret_is_403_and_nothing_is_stored(self):
		for secret in ("wrong-secret", ""):
			body = telegram_message(cid(710004), "Подделка")
			with self.assertRaises(service.WebhookForged) as refused:
				self.telegram(body, secret=secret)
			self.assertEqual(refused.exception.http_status_code, 403)
			self.assertIsNone(self.update_of(body))
		body = vk_message(cid(720004), "Подделка", secret="wrong")
		with self.assertRaises(service.WebhookForged):
			self.vk(body)
		self.assertIsNone(self.update_of(body, VK))
		self.assertIsNone(self.chat(cid(710004)))
		self.assertEqual(self.standin.calls(), [])

	def test_malformed_bodies_are_400(self):
		headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret}
		stored = frappe.db.count("Messenger Update", {"channel": BOT})  # a site keeps earlier runs' updates
		for raw in (b"{not json", b"[]", b"", json.dumps({"update_id": "x"}).encode(), b'"\\ud800"'):
			with self.assertRaises(service.WebhookMalformed) as refused:
				service.receive(BOT, headers, raw)
			self.assertEqual(refused.exception.http_status_code, 400)
		self.assertEqual(frappe.db.count("Messenger Update", {"channel": BOT}), stored)

	def test_an_unknown_or_disabled_channel_is_404(self):
		with self.assertRaises(service.ChannelNotFound) as refused:
			service.receive("No Such Channel", {}, b"{}")
		self.assertEqual(refused.exception.http_status_code, 404)
		frappe.db.set_value("Messenger Channel", BOT, "enabled", 0)
		channels.invalidate()
		try:
			with self.assertRaises(service.ChannelNotFound):
				self.telegram(telegram_message(cid(710005), "Выключен"))
		finally:
			frappe.db.set_value("Messenger Channel", BOT, "enabled", 1)
			channels.invalidate()

	def test_updates_the_desk_does_not_hear_are_answered_and_not_stored(self):
		group = telegram_message(cid(710006), "Привет всем")
		group["message"]["chat"]["type"] = "group"
		self.assertEqual(self.telegram(group).body, "ok")
		self.assertIsNone(self.update_of(group))

	# --- the conversation ---

	def test_later_messages_land_in_the_same_request_however_short(self):
		issue = self.first_request(cid(710010))
		self.telegram(telegram_message(cid(710010), "ok"))
		self.telegram(telegram_message(cid(710010), "Заказ SAL-ORD-0001, размер M"))

		messages = self.received(issue)
		self.assertEqual(len(messages), 3)
		self.assertTrue(all(m.sender == self.chat(cid(710010)).address for m in messages))
		self.assertIn("ok", messages[1].content)
		self.assertEqual(frappe.db.count("Issue", {"messenger_chat": self.chat(cid(710010)).name}), 1)
		self.assertEqual(
			len(self.standin.sent(str(cid(710010)))), 1, "the promise once, for the first message"
		)

	def test_a_resolved_request_reopens_within_the_reopen_days_and_a_new_one_opens_after(self):
		chat = 711_000_000 + uuid.uuid4().int % 999_999  # a chat of its own: a site may keep earlier runs'
		issue = self.first_request(chat)
		self.resolve(issue)
		self.telegram(telegram_message(chat, "Размер всё равно не подошёл"))

		self.assertEqual(frappe.db.get_value("Issue", issue, "status"), "Open")
		self.assertEqual(len(self.received(issue)), 2)
		self.assertTrue(any(issue in text for text in self.standin.sent_texts(str(chat))))

		self.resolve(issue, days_ago=60)
		self.telegram(telegram_message(chat, "Новый вопрос про доставку"))

		new = self.chat(chat).last_issue
		self.assertNotEqual(new, issue)
		self.assertEqual(frappe.db.get_value("Issue", issue, "status"), "Resolved")
		self.assertIn("Новый вопрос", self.received(new)[0].content)

	def test_a_shared_phone_links_the_customer_contact_and_their_order(self):
		issue = self.first_request(cid(710020), f"Где мой заказ {self.anna_order}? И {self.boris_order}")
		shared = telegram_contact(cid(710020), "79165554022")
		self.telegram(shared)

		chat = self.chat(cid(710020))
		self.assertEqual(
			(chat.customer, chat.contact, chat.verified_by),
			(self.anna, self.anna_contact, "Phone"),
			f"the update: {self.update_of(shared).status} {self.update_of(shared).error or ''}",
		)
		doc = frappe.get_doc("Issue", issue)
		self.assertEqual((doc.customer, doc.contact), (self.anna, self.anna_contact))
		self.assertEqual(doc.sales_order, self.anna_order, "only the order of the proven customer")
		self.assertLastTold(
			cid(710020), "Thank you! This chat is now linked to your account, and we can see your orders."
		)

		# her next request is hers from the start
		self.resolve(issue, days_ago=60)
		self.telegram(telegram_message(cid(710020), f"Ещё вопрос по {self.anna_order}"))
		new = frappe.get_doc("Issue", self.chat(cid(710020)).last_issue)
		self.assertEqual((new.customer, new.sales_order), (self.anna, self.anna_order))

	def test_someone_elses_contact_or_an_unknown_phone_proves_nothing(self):
		issue = self.first_request(cid(710021))
		self.telegram(telegram_contact(cid(710021), "79165554022", user_id=999999))
		self.assertFalse(self.chat(cid(710021)).customer)
		self.assertFalse(frappe.db.get_value("Issue", issue, "customer"))

		self.telegram(telegram_contact(cid(710021), "+7 900 000-00-00"))
		self.assertFalse(self.chat(cid(710021)).customer)
		self.assertLastTold(
			cid(710021),
			"We could not find an account with this phone number. Write your question here and we will answer in this chat, or send /email and your e-mail address.",
		)

	def test_a_number_is_found_by_the_key_it_keeps_over_its_index(self):
		keys = frappe.get_all(
			"Contact Phone", filters={"parent": self.anna_contact}, pluck="servicedesk_phone_key"
		)
		self.assertIn("9165554022", keys)  # kept when the contact was saved
		self.assertEqual(service.find_by_phone("8 (916) 555-40-22"), (self.anna, self.anna_contact))
		plan = frappe.db.sql("explain " + service.PHONE_QUERY, {"key": "9165554022"}, as_dict=True)
		by_table = {row.table: row.key for row in plan}
		self.assertEqual(by_table["phone"], "servicedesk_phone_key", plan)

	def test_the_numbers_stored_before_the_key_are_keyed(self):
		frappe.db.set_value(
			"Contact Phone",
			{"parent": self.anna_contact},
			"servicedesk_phone_key",
			None,
			update_modified=False,
		)
		self.assertEqual(service.find_by_phone("+79165554022"), (None, None))
		service.key_stored_numbers()  # as the patch and a new install do
		self.assertEqual(service.find_by_phone("+79165554022"), (self.anna, self.anna_contact))

	def test_where_is_my_order_naming_none_links_the_one_order_on_its_way(self):
		for other in frappe.get_all(
			"Sales Order", filters={"customer": self.anna, "name": ("!=", self.anna_order)}, pluck="name"
		):
			frappe.db.set_value("Sales Order", other, "status", "Closed")  # earlier runs' orders
		issue = self.first_request(cid(710023), "Где мой заказ?")
		self.telegram(telegram_contact(cid(710023), "+79165554022"))
		self.assertEqual(frappe.db.get_value("Issue", issue, "sales_order"), self.anna_order)

	def test_an_order_of_another_customer_is_not_linked(self):
		issue = self.first_request(cid(710022), f"Где заказ {self.boris_order}?")
		self.telegram(telegram_contact(cid(710022), "8 916 555 40 22"))
		doc = frappe.get_doc("Issue", issue)
		self.assertEqual(doc.customer, self.anna)
		self.assertFalse(doc.sales_order)

	def test_an_email_confirmed_by_its_code_links_the_customer(self):
		ensure_outgoing_email_account()
		issue = self.first_request(cid(710030))
		with patch.object(rules, "new_code", return_value="123456"):
			self.telegram(telegram_message(cid(710030), f"/email {ANNA_EMAIL.upper()}"))
		chat = self.chat(cid(710030))
		self.assertEqual(chat.pending_email, ANNA_EMAIL)
		self.assertNotIn("123456", chat.code_hash)
		queued = frappe.get_all(
			"Email Queue Recipient",
			filters={"recipient": ANNA_EMAIL},
			pluck="parent",
			order_by="creation desc",
		)
		self.assertIn("123456", frappe.db.get_value("Email Queue", queued[0], "message"))
		self.assertEqual(len(self.received(issue)), 1, "a command to the bot is not a message on the request")

		self.telegram(telegram_message(cid(710030), "654321"))
		self.assertFalse(self.chat(cid(710030)).customer)
		self.assertLastTold(
			cid(710030), "That code is not right. Please check the e-mail and type the code again."
		)

		self.telegram(telegram_message(cid(710030), "123 456"))
		chat = self.chat(cid(710030))
		self.assertEqual((chat.customer, chat.verified_by, chat.email), (self.anna, "E-mail", ANNA_EMAIL))
		self.assertFalse(chat.pending_email)
		self.assertEqual(frappe.db.get_value("Issue", issue, "customer"), self.anna)

	def test_an_expired_or_much_mistyped_code_proves_nothing(self):
		ensure_outgoing_email_account()
		self.first_request(cid(710031))
		with patch.object(rules, "new_code", return_value="111111"):
			self.telegram(telegram_message(cid(710031), f"/email {ANNA_EMAIL}"))
		for _ in range(rules.CODE_ATTEMPTS):
			self.telegram(telegram_message(cid(710031), "222222"))
		self.telegram(telegram_message(cid(710031), "111111"))
		self.assertFalse(self.chat(cid(710031)).customer)

		with patch.object(rules, "new_code", return_value="333333"):
			self.telegram(telegram_message(cid(710031), f"/email {ANNA_EMAIL}"))
		chat = self.chat(cid(710031)).name
		frappe.db.set_value("Messenger Chat", chat, "code_sent_on", add_days(now_datetime(), -1))
		self.telegram(telegram_message(cid(710031), "333333"))
		self.assertFalse(self.chat(cid(710031)).customer)
		self.assertLastTold(
			cid(710031), "The code has expired. Send /email and your address again to get a new one."
		)

	def test_without_an_outgoing_account_the_shopper_is_told_no_code_was_sent(self):
		frappe.local.servicedesk_outgoing_email = False  # what has_outgoing_account found on such a site
		try:
			self.telegram(telegram_message(cid(710032), f"/email {ANNA_EMAIL}"))
		finally:
			frappe.local.servicedesk_outgoing_email = None
		self.assertFalse(self.chat(cid(710032)).pending_email)
		self.assertLastTold(
			cid(710032),
			"We could not send an e-mail now. Please write your question here and we will answer in this chat.",
		)

	def test_a_photo_becomes_a_private_attachment_of_the_message(self):
		issue = self.first_request(cid(710040))
		self.standin.add_file("photo-cid(710040)", jpeg())
		body = telegram_photo(cid(710040), "photo-cid(710040)", caption="Шов разошёлся")
		self.telegram(body)

		communication = self.update_of(body).communication
		self.assertIn("Шов разошёлся", frappe.db.get_value("Communication", communication, "content"))
		[photo] = frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Communication", "attached_to_name": communication},
			fields=["file_name", "is_private"],
		)
		self.assertTrue(photo.is_private)
		self.assertTrue(photo.file_name.startswith(issue) and photo.file_name.endswith(".jpg"))

	def test_a_photo_that_is_no_image_is_noted_not_attached(self):
		self.first_request(cid(710041))
		self.standin.add_file("fake-cid(710041)", b"<svg onload=alert(1)>")
		body = telegram_photo(cid(710041), "fake-cid(710041)")
		self.telegram(body)
		communication = self.update_of(body).communication
		note = ru("[a photo not attached: {0}]").split("{0}")[0]
		self.assertIn(note, frappe.db.get_value("Communication", communication, "content"))
		self.assertFalse(frappe.db.exists("File", {"attached_to_name": communication}))

	def test_stickers_and_voice_are_noted(self):
		issue = self.first_request(cid(710042))
		self.telegram(
			telegram_message(
				cid(710042), None, sticker={"file_id": "st1", "file_unique_id": "st1", "emoji": "😀"}
			)
		)
		self.telegram(telegram_message(cid(710042), None, voice={"file_id": "vo1", "file_unique_id": "vo1"}))
		messages = self.received(issue)
		self.assertIn(ru("[sticker {0}]").format("😀"), messages[1].content)
		self.assertIn(ru("[voice message]"), messages[2].content)

	def test_a_chat_past_its_limit_is_held_then_taken_by_the_sweep(self):
		frappe.conf.servicedesk_messenger_chat_rate_limit = 2
		try:
			bodies = [telegram_message(cid(710050), f"Сообщение номер {n}") for n in range(3)]
			for body in bodies:
				self.assertEqual(self.telegram(body).body, "ok")
		finally:
			del frappe.conf["servicedesk_messenger_chat_rate_limit"]
		held = self.update_of(bodies[2])
		self.assertEqual(held.status, "Held")
		issue = self.chat(cid(710050)).last_issue
		self.assertEqual(len(self.received(issue)), 2)

		service.sweep(commit=False)
		self.assertEqual(self.update_of(bodies[2]).status, "Done")
		self.assertEqual(len(self.received(issue)), 3)

	def test_a_failed_job_leaves_its_update_for_the_retry(self):
		body = telegram_message(cid(710060), "Где мой заказ?")
		with patch.object(
			service.Conversation, "record", side_effect=RuntimeError(f"down, token {TELEGRAM_TOKEN}")
		):
			self.telegram(body)
		update = self.update_of(body)
		self.assertEqual((update.status, update.attempts), ("Failed", 1))
		self.assertIn("down", update.error)
		self.assertNotIn(TELEGRAM_TOKEN, update.error)
		self.assertFalse(
			frappe.db.exists("Issue", {"raised_by": chat_address("Telegram", str(cid(710060)), BOT)})
		)

		# past its tries the sweep leaves it for a person, whose "Process Again" works it
		frappe.db.set_value("Messenger Update", update.name, "attempts", service.MAX_ATTEMPTS)
		service.sweep(commit=False)
		self.assertEqual(self.update_of(body).status, "Failed")
		self.assertEqual(service.retry(update.name), "Done")
		update = self.update_of(body)
		self.assertIn("Где мой заказ?", self.received(update.issue)[0].content)

	def test_the_sweep_retries_a_failed_update(self):
		body = telegram_message(cid(710061), "Где мой заказ?")
		with patch.object(service.Conversation, "record", side_effect=RuntimeError("down")):
			self.telegram(body)
		self.assertEqual(self.update_of(body).status, "Failed")
		service.sweep(commit=False)
		update = self.update_of(body)
		self.assertEqual(update.status, "Done")
		self.assertTrue(update.issue)

	def test_a_tap_on_five_stars_rates_the_chats_own_request_only(self):
		issue = self.first_request(cid(710070))
		other = self.first_request(cid(710071))
		self.resolve(issue)
		self.resolve(other)

		self.telegram(telegram_callback(cid(710070), rate_payload(issue, 5)))
		self.assertEqual(frappe.db.get_value("Issue", issue, "csat_rating"), 1)
		self.assertTrue(self.standin.calls("answerCallbackQuery"))

		self.telegram(telegram_callback(cid(710070), rate_payload(other, 1)))
		self.assertFalse(frappe.db.get_value("Issue", other, "csat_rating"))

	def test_a_hostile_name_is_one_plain_line_and_no_secret_is_stored(self):
		sender = telegram_user(cid(710099), first_name='"<img src=x onerror=alert(1)>"', last_name="<b")
		self.telegram(telegram_message(cid(710099), "Где мой заказ?", sender=sender))
		body = telegram_message(cid(710099), "А трек есть?", sender=sender)
		self.telegram(body)
		chat = self.chat(cid(710099))
		self.assertNotIn("<", chat.display_name)
		names = frappe.get_all(
			"Communication",
			filters={"reference_name": chat.last_issue, "sent_or_received": "Received"},
			pluck="sender_full_name",
		)
		self.assertTrue(names)
		self.assertFalse([name for name in names if "<" in (name or "")], names)

		# VK's every event carries the webhook's secret: the stored update does not
		vk_body = vk_message(cid(720099), "Где мой заказ?", secret=self.vk_secret)
		self.vk(vk_body)
		self.assertNotIn(self.vk_secret, self.update_of(vk_body, VK).body)

	def test_vk_confirmation_and_messages(self):
		reply = self.vk(vk_confirmation(secret=self.vk_secret))
		self.assertEqual((reply.body, reply.content_type), (CONFIRMATION, "text/plain"))

		self.standin.users[str(cid(720001))] = ("Вера", "Соколова")
		self.standin.add_file("vk-photo-cid(720001)", jpeg())
		body = vk_message(
			cid(720001),
			"Пришло с браком",
			secret=self.vk_secret,
			attachments=[vk_photo(self.standin.file_url("vk-photo-cid(720001)"))],
		)
		self.assertEqual(self.vk(body).body, "ok")
		update = self.update_of(body, VK)
		self.assertEqual(update.status, "Done")
		chat = self.chat(cid(720001), VK)
		self.assertEqual(chat.display_name, "Вера Соколова")  # VK's messages carry no name: asked once
		self.assertEqual(frappe.db.get_value("Issue", update.issue, "raised_by"), chat.address)
		self.assertTrue(frappe.db.exists("File", {"attached_to_name": update.communication}))
		[promise] = self.standin.sent(str(cid(720001)))
		self.assertIn(update.issue, promise["text"])
		self.assertIn("/email", promise["text"], "VK has no phone button: the e-mail is offered")
		self.assertFalse(promise["buttons"])


class TestConnect(IncomingTestCase):
	def test_connect_registers_the_telegram_webhook_with_its_secret(self):
		answer = connection.connect(BOT)

		self.assertTrue(answer["ok"])
		self.assertIn("@shop_standin_bot", answer["message"])
		[call] = self.standin.calls("setWebhook")
		self.assertEqual(call["url"], channels.webhook_url(BOT))
		self.assertIn("?channel=Incoming%20Test%20Bot", call["url"])
		self.assertEqual(call["secret_token"], self.secret)
		self.assertTrue(frappe.db.get_value("Messenger Channel", BOT, "connected_on"))

	def test_connect_fetches_the_vk_confirmation_and_the_callback_settings(self):
		frappe.db.set_value("Messenger Channel", VK, "confirmation", None)
		channels.invalidate()
		answer = connection.connect(VK)

		self.assertTrue(answer["ok"])
		self.assertEqual(answer["vk"]["confirmation"], CONFIRMATION)
		self.assertEqual(answer["vk"]["secret"], self.vk_secret)
		self.assertEqual(answer["vk"]["events"], ["message_new", "message_event"])
		self.assertEqual(frappe.db.get_value("Messenger Channel", VK, "confirmation"), CONFIRMATION)
		self.assertEqual(self.vk(vk_confirmation(secret=self.vk_secret)).body, CONFIRMATION)

	def test_a_refused_connection_is_shown_without_the_token(self):
		doc = frappe.get_doc("Messenger Channel", BOT)
		doc.token = "987654321:WrongTokenOfAnotherBot"
		doc.save(ignore_permissions=True)
		answer = connection.connect(BOT)

		self.assertFalse(answer["ok"])
		self.assertIn("401", answer["message"])
		self.assertNotIn("WrongTokenOfAnotherBot", answer["message"])
		self.assertNotIn("WrongTokenOfAnotherBot", json.dumps(answer))
		self.assertFalse(frappe.db.get_value("Messenger Channel", BOT, "connected_on"))

	def test_only_managers_connect(self):
		make_agent("incoming-agent@example.com")
		frappe.set_user("incoming-agent@example.com")
		with self.assertRaises(frappe.PermissionError):
			connect_messenger_channel(BOT)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list("Messenger Channel")
		with self.assertRaises(frappe.PermissionError):
			retry_messenger_update("anything")


class TestWebhookOverHTTP(IncomingTestCase):
	"""The endpoint through Frappe's own request handling, in-process: statuses and bodies as the messengers
	see them. Its requests commit on their own connection, so what they store is removed after each."""

	def setUp(self):
		super().setUp()
		self.client = get_test_client()
		self.queued = []
		self.enqueue = patch.object(service, "enqueue_update", side_effect=self.queued.append)
		self.enqueue.start()

	def tearDown(self):
		self.enqueue.stop()
		frappe.db.delete("Messenger Update", {"channel": ("in", (BOT, VK))})
		frappe.db.commit()  # nosemgrep: rows the served requests committed
		super().tearDown()

	def post(self, channel: str, raw: bytes, headers: dict | None = None, content_type="application/json"):
		return make_request(
			target=self.client.post,
			args=(f"{WEBHOOK}?channel={channel.replace(' ', '%20')}",),
			kwargs={"data": raw, "headers": headers or {}, "content_type": content_type},
		)

	def test_over_http(self):
		body = telegram_message(cid(730001), "Где мой заказ?")
		raw = json.dumps(body).encode()
		secret = {"X-Telegram-Bot-Api-Secret-Token": self.secret}

		answer = self.post(BOT, raw, secret)
		self.assertEqual((answer.status_code, answer.get_data(as_text=True)), (200, "ok"))
		self.assertEqual(answer.mimetype, "text/plain")
		self.assertEqual(len(self.queued), 1)
		self.assertEqual(self.post(BOT, raw, secret).status_code, 200)
		self.assertEqual(len(self.queued), 1, "a retried update is not worked again")
		frappe.db.rollback()  # a fresh snapshot: the rows the requests committed
		self.assertEqual(
			frappe.db.count("Messenger Update", {"channel": BOT, "update_key": str(body["update_id"])}), 1
		)

		forged = self.post(BOT, json.dumps(telegram_message(cid(730001), "x")).encode(), {})
		self.assertEqual(forged.status_code, 403)
		self.assertNotIn("Traceback", forged.get_data(as_text=True))
		self.assertEqual(self.post(BOT, b"{broken", secret, content_type="text/plain").status_code, 400)
		self.assertEqual(self.post("Nothing Here", raw, secret).status_code, 404)

		confirmation = self.post(VK, json.dumps(vk_confirmation(secret=self.vk_secret)).encode())
		self.assertEqual((confirmation.status_code, confirmation.get_data(as_text=True)), (200, CONFIRMATION))
