"""Answers going back to the chat: an agent's reply from the desk arrives in the local stand-in of
Telegram's and VK's APIs, its delivery state on the Communication, failures told to the agent, the
resolution with rating buttons, a tap's rating; no e-mail to a chat's address, on a site with and
without an outgoing e-mail account."""

import frappe
from frappe.core.doctype.communication.email import make as make_communication

from servicedesk_shop.messengers import agent_api, delivery, transport
from servicedesk_shop.messengers.adapters import telegram
from servicedesk_shop.messengers.adapters.base import rate_payload
from servicedesk_shop.messengers.addresses import chat_address
from servicedesk_shop.service_desk.errors import ServiceDeskNotFound
from servicedesk_shop.testing import (
	StandInTestCase,
	agent_reply,
	emails_about,
	ensure_outgoing_email_account,
	make_agent,
	make_request,
	save_messenger_channel,
)
from servicedesk_shop.testing.messenger_standin import (
	GROUP_ID,
	TELEGRAM_TOKEN,
	VK_TOKEN,
	telegram_callback,
)

TELEGRAM, VK = "Delivery Test Bot", "Delivery Test VK"
ANNA, BORIS, VERA = "880001", "880002", "2000001"
AGENT = "delivery-agent@example.com"
OUTSIDER = "delivery-outsider@example.com"


def save_chat(channel: str, channel_type: str, chat_id: str, language: str = "ru") -> str:
	address = chat_address(channel_type, chat_id, channel)
	name = frappe.db.get_value("Messenger Chat", {"address": address})
	doc = frappe.get_doc("Messenger Chat", name) if name else frappe.new_doc("Messenger Chat")
	doc.update(
		{
			"channel": channel,
			"channel_type": channel_type,
			"chat_id": chat_id,
			"user_id": chat_id,
			"address": address,
			"language": language,
			"display_name": f"Shopper {chat_id}",
		}
	)
	doc.save(ignore_permissions=True)
	return doc.name


class TestDelivery(StandInTestCase):
	@classmethod
	def make_fixtures(cls):
		save_messenger_channel(TELEGRAM, "Telegram", cls.standin.telegram_url, TELEGRAM_TOKEN)
		save_messenger_channel(VK, "VK", cls.standin.vk_url, VK_TOKEN)
		cls.anna = save_chat(TELEGRAM, "Telegram", ANNA)
		cls.boris = save_chat(TELEGRAM, "Telegram", BORIS, language="en")
		cls.vera = save_chat(VK, "VK", VERA)
		make_agent(AGENT)
		make_agent(OUTSIDER, roles=("Customer",))

	def setUp(self):
		self.standin.reset()
		# a site without an outgoing e-mail account, unless a test makes one
		for account in frappe.get_all("Email Account", filters={"enable_outgoing": 1}, pluck="name"):
			frappe.db.set_value("Email Account", account, {"enable_outgoing": 0, "default_outgoing": 0})
		frappe.local.servicedesk_outgoing_email = None
		frappe.local.outgoing_email_account = {}
		transport._sleep = lambda seconds: None  # the back-off's waits, not its tries, are skipped

	def tearDown(self):
		transport._sleep = __import__("time").sleep
		super().tearDown()

	def request_from(self, chat: str, subject: str = "Где мой заказ?"):
		address = frappe.db.get_value("Messenger Chat", chat, "address")
		return make_request(address, subject, messenger_chat=chat)

	def reply(self, issue, content: str, **kwargs) -> frappe._dict:
		"""The agent's answer as the desk's reply box sends it; the Communication after its delivery."""
		frappe.set_user(AGENT)
		try:
			if kwargs:
				name = make_communication(
					doctype="Issue",
					name=issue.name,
					content=content,
					subject="Re: " + issue.subject,
					send_email=1,
					**kwargs,
				)["name"]
			else:
				name = agent_reply(issue.name, content, issue.raised_by)
		finally:
			frappe.set_user("Administrator")
		return frappe.get_doc("Communication", name)

	# --- an agent's answer -------------------------------------------------------------------------

	def test_an_agents_reply_arrives_in_the_chat_and_shows_sent(self):
		issue = self.request_from(self.anna)
		comm = self.reply(issue, "<p>Ваш заказ в пути, будет в пятницу.</p>")

		self.assertEqual(self.standin.sent_texts(ANNA), ["Ваш заказ в пути, будет в пятницу."])
		self.assertEqual(comm.delivery_status, "Sent")
		self.assertEqual(comm.messenger_status, "Sent")
		self.assertEqual(comm.messenger_chat, self.anna)
		self.assertTrue(comm.messenger_message_id)
		self.assertFalse(comm.messenger_error)
		# nothing for the chat's address in the Email Queue, and the site had no account to send with
		self.assertEqual(emails_about(issue.name), [])
		# the timeline keeps the answer as the chat got it: no tracking link is added to a chat's answer
		self.assertNotIn("/support/track", comm.content)

	def test_a_copy_to_the_agent_on_a_site_without_an_outgoing_account_is_no_error(self):
		# "Send me a copy" adds the agent's mailbox; with no account to send it, the chat still gets it
		issue = self.request_from(self.anna)
		comm = self.reply(issue, "<p>Копия мне.</p>", recipients=issue.raised_by, send_me_a_copy=1)
		self.assertEqual(self.standin.sent_texts(ANNA), ["Копия мне."])
		self.assertEqual(comm.messenger_status, "Sent")
		self.assertEqual(emails_about(issue.name), [])

	def test_a_chats_address_on_a_request_not_from_that_chat_gets_nothing(self):
		# a guest typed the chat's address as theirs, or a forged letter came "from" it
		address = frappe.db.get_value("Messenger Chat", self.anna, "address")
		issue = make_request(address, "Не мой чат")
		comm = self.reply(issue, "<p>Ответ не для этого чата.</p>")
		self.assertEqual(self.standin.sent_texts(ANNA), [])
		self.assertEqual(comm.messenger_status, "Error")
		self.assertIn("another chat", comm.messenger_error)

	def test_another_chats_address_beside_the_requests_own_gets_nothing_on_a_retry_neither(self):
		issue = self.request_from(self.anna)
		boris_address = frappe.db.get_value("Messenger Chat", self.boris, "address")
		comm = self.reply(issue, "<p>Заказ в пути.</p>", recipients=issue.raised_by, cc=boris_address)
		self.assertEqual(self.standin.sent_texts(ANNA), ["Заказ в пути."])
		self.assertEqual(self.standin.sent_texts(BORIS), [])
		self.assertEqual(comm.messenger_status, "Sent")
		self.assertIn("another chat", comm.messenger_error)

		# sent again (as Retry Delivery does): still only the request's own chat
		frappe.db.set_value("Communication", comm.name, "messenger_status", "Sending")
		delivery.deliver(comm.name)
		self.assertEqual(self.standin.sent_texts(BORIS), [])

	def test_a_reply_quoting_the_last_message_sends_only_the_answer(self):
		issue = self.request_from(self.anna)
		self.reply(
			issue,
			"<p>Да, размер M есть.</p><p><br></p><div>---</div><p>On 01.03.2026, Anna wrote:</p>"
			"<blockquote>А размер M есть?</blockquote>",
		)
		self.assertEqual(self.standin.sent_texts(ANNA), ["Да, размер M есть."])

	def test_a_429_is_tried_again_and_delivered(self):
		issue = self.request_from(self.anna)
		self.standin.fail_next("sendMessage", 429, 1)
		comm = self.reply(issue, "<p>Проверяем.</p>")

		self.assertEqual(comm.messenger_status, "Sent")
		self.assertEqual(self.standin.sent_texts(ANNA), ["Проверяем."])
		self.assertEqual(len(self.standin.calls("sendMessage")), 2)

	def test_a_messenger_that_keeps_failing_makes_an_error_the_agent_sees_without_the_token(self):
		issue = self.request_from(self.anna)
		self.standin.fail_next("sendMessage", 500, delivery.RETRIES + 1)
		comm = self.reply(issue, "<p>Проверяем.</p>")

		self.assertEqual(self.standin.sent_texts(ANNA), [])
		self.assertEqual(len(self.standin.calls("sendMessage")), delivery.RETRIES + 1)
		self.assertEqual(comm.delivery_status, "Error")
		self.assertEqual(comm.messenger_status, "Error")
		self.assertIn("500", comm.messenger_error)
		notices = frappe.get_all(
			"Notification Log",
			filters={"for_user": AGENT, "document_type": "Issue", "document_name": issue.name},
			fields=["subject", "email_content"],
		)
		self.assertEqual(len(notices), 1)
		self.assertIn(issue.name, notices[0].subject)
		self.assertIn("500", notices[0].email_content)
		for text in [comm.messenger_error, notices[0].subject, notices[0].email_content, *self.error_logs()]:
			self.assertNotIn(TELEGRAM_TOKEN, text or "")
			self.assertNotIn(TELEGRAM_TOKEN.split(":")[1], text or "")
		# the form lists it with Retry Delivery
		frappe.set_user(AGENT)
		listed = agent_api.get_messenger_deliveries(issue.name)
		self.assertEqual([(row["communication"], row["retry"]) for row in listed], [(comm.name, True)])

		# Retry Delivery, the messenger working again
		self.assertEqual(agent_api.retry_messenger_delivery(comm.name), "Sending")
		comm.reload()
		self.assertEqual((comm.messenger_status, comm.delivery_status), ("Sent", "Sent"))
		self.assertEqual(self.standin.sent_texts(ANNA), ["Проверяем."])
		self.assertEqual(agent_api.get_messenger_deliveries(issue.name), [])
		# a second click on a delivered one sends nothing again
		self.assertEqual(agent_api.retry_messenger_delivery(comm.name), "Sent")
		self.assertEqual(len(self.standin.sent_texts(ANNA)), 1)

	def test_a_shopper_who_blocked_the_bot_is_an_error_with_telegrams_reason(self):
		issue = self.request_from(self.anna)
		self.standin.block(ANNA)
		comm = self.reply(issue, "<p>Проверяем.</p>")
		self.assertEqual(comm.messenger_status, "Error")
		self.assertEqual(
			comm.messenger_error, "Telegram: the API answered 403: Forbidden: bot was blocked by the user"
		)
		# a 403 will not change by trying again at once
		self.assertEqual(len(self.standin.calls("sendMessage")), 1)

	def test_the_failure_reads_in_the_agents_language(self):
		issue = self.request_from(self.anna)
		self.standin.fail_next("sendMessage", 500, delivery.RETRIES + 1)
		language = frappe.local.lang
		frappe.local.lang = "ru"
		try:
			comm = self.reply(issue, "<p>Проверяем.</p>")
		finally:
			frappe.local.lang = language
		self.assertIn("API ответил 500", comm.messenger_error)

	def test_retry_is_for_the_support_team_on_a_message_to_a_chat(self):
		issue = self.request_from(self.anna)
		self.standin.fail_next("sendMessage", 500, delivery.RETRIES + 1)
		comm = self.reply(issue, "<p>Проверяем.</p>")
		frappe.set_user(OUTSIDER)
		with self.assertRaises(frappe.PermissionError):
			agent_api.retry_messenger_delivery(comm.name)
		with self.assertRaises(frappe.PermissionError):
			agent_api.get_messenger_deliveries(issue.name)
		frappe.set_user(AGENT)
		with self.assertRaises(ServiceDeskNotFound):
			agent_api.retry_messenger_delivery("no such message")
		self.assertEqual(self.standin.sent_texts(ANNA), [])

	def test_an_unexpected_failure_is_logged_without_the_token(self):
		issue = self.request_from(self.anna)

		def broken(api_url, token, call, **kwargs):
			raise RuntimeError(f"cannot reach {api_url}/bot{token}/{call.method}")

		real, transport.call = transport.call, broken
		try:
			comm = self.reply(issue, "<p>Проверяем.</p>")
		finally:
			transport.call = real
		self.assertEqual(comm.messenger_status, "Error")
		self.assertIn("Telegram", comm.messenger_error)
		logged = [text for text in self.error_logs() if "cannot reach" in text]
		self.assertTrue(logged)
		for text in [*logged, comm.messenger_error]:
			self.assertNotIn(TELEGRAM_TOKEN, text)

	def test_a_disabled_channel_is_an_error_not_a_crash(self):
		issue = self.request_from(self.anna)
		frappe.db.set_value("Messenger Channel", TELEGRAM, "enabled", 0)
		delivery.channels._channels.invalidate()
		comm = self.reply(issue, "<p>Проверяем.</p>")
		self.assertEqual(comm.messenger_status, "Error")
		self.assertIn(TELEGRAM, comm.messenger_error)
		delivery.channels._channels.invalidate()

	def test_photos_go_as_photos_and_other_files_are_named_to_the_agent(self):
		issue = self.request_from(self.anna)
		frappe.set_user(AGENT)
		name = make_communication(
			doctype="Issue",
			name=issue.name,
			content="<p>Вот фото замены.</p>",
			recipients=issue.raised_by,
			send_email=1,
			attachments=[
				{"fname": "seam.png", "fcontent": PNG},
				{"fname": "invoice.txt", "fcontent": b"Invoice 42"},
			],
		)["name"]
		frappe.set_user("Administrator")
		# make() attaches the files after the insert: in production the job runs after the commit
		self.assertEqual(self.standin.sent_texts(ANNA), [])
		delivery.deliver(name)

		comm = frappe.get_doc("Communication", name)
		sent = self.standin.sent(ANNA)
		self.assertEqual([message["text"] for message in sent if not message["photo"]], ["Вот фото замены."])
		self.assertEqual([message["photo"]["content"] for message in sent if message["photo"]], [PNG])
		self.assertEqual(comm.messenger_status, "Sent")
		self.assertIn("invoice.txt", comm.messenger_error)

	def test_long_answers_arrive_whole_in_several_messages(self):
		issue = self.request_from(self.anna)
		paragraph = "Очень подробный ответ. " * 150
		self.reply(issue, f"<p>{paragraph}</p><p>{paragraph}</p>")
		texts = self.standin.sent_texts(ANNA)
		self.assertEqual(len(texts), 2)
		self.assertTrue(all(len(text) <= 4096 for text in texts))

	# --- e-mail, or none ---------------------------------------------------------------------------

	def test_a_reply_to_a_chat_works_without_an_outgoing_email_account(self):
		self.assertFalse(frappe.db.exists("Email Account", {"enable_outgoing": 1}))
		issue = self.request_from(self.anna)
		comm = self.reply(issue, "<p>Ответ без почты.</p>")
		self.assertEqual(comm.messenger_status, "Sent")
		self.assertEqual(frappe.db.count("Email Queue", {"reference_name": issue.name}), 0)

	def test_with_an_outgoing_account_the_chat_gets_no_email_and_a_mailbox_in_cc_does(self):
		ensure_outgoing_email_account()
		issue = self.request_from(self.anna)
		comm = self.reply(
			issue, "<p>Курьер приедет завтра.</p>", recipients=issue.raised_by, cc="courier@example.com"
		)
		self.assertEqual(self.standin.sent_texts(ANNA), ["Курьер приедет завтра."])
		mails = emails_about(issue.name)
		recipients = [address for mail in mails for address in mail.recipients]
		self.assertIn("courier@example.com", recipients)
		self.assertFalse([address for address in recipients if "messenger.invalid" in address])
		self.assertEqual((comm.messenger_status, comm.delivery_status), ("Sent", "Sent"))
		# a reply to the chat alone makes no e-mail though the site could send one
		only_chat = self.reply(issue, "<p>И ещё.</p>")
		self.assertEqual(frappe.db.count("Email Queue", {"communication": only_chat.name}), 0)
		self.assertEqual(only_chat.messenger_status, "Sent")

		# Frappe sets delivery_status from the e-mail's fate: a failed e-mail shows, a failed chat too
		queue = frappe.get_all("Email Queue", filters={"communication": comm.name}, pluck="name")
		self.assertEqual(len(queue), 1)
		frappe.db.set_value("Email Queue", queue[0], "status", "Sent")
		frappe.db.set_value("Communication", comm.name, "messenger_status", "Error")
		comm.reload()
		comm.set_delivery_status()
		self.assertEqual(frappe.db.get_value("Communication", comm.name, "delivery_status"), "Error")
		frappe.db.set_value("Communication", comm.name, "messenger_status", "Sent")
		frappe.db.set_value("Email Queue", queue[0], "status", "Error")
		comm.reload()
		comm.set_delivery_status()
		self.assertEqual(frappe.db.get_value("Communication", comm.name, "delivery_status"), "Error")

	# --- the promise, the resolution and its rating ------------------------------------------------

	def test_the_promise_names_the_request_in_the_chats_language(self):
		issue = self.request_from(self.anna)
		text = delivery.promise_message(issue.name)
		self.assertIn(issue.name, text)
		self.assertIn("Спасибо", text)
		english = delivery.promise_message(self.request_from(self.boris).name)
		self.assertIn("Thank you", english)

		delivery.send_to_chat(self.anna, text)
		self.assertEqual(self.standin.sent_texts(ANNA), [text])

	def test_a_resolution_sends_the_rating_keyboard_once(self):
		issue = self.request_from(self.anna)
		issue.status = "Resolved"
		issue.resolution_details = "<p>Заменили размер.</p>"
		issue.save(ignore_permissions=True)

		calls = self.standin.calls("sendMessage")
		self.assertEqual(len(calls), 1)
		self.assertIn(issue.name, calls[0]["text"])
		self.assertIn("Заменили размер.", calls[0]["text"])
		buttons = [
			button["callback_data"] for row in calls[0]["reply_markup"]["inline_keyboard"] for button in row
		]
		self.assertEqual(buttons, [rate_payload(issue.name, stars) for stars in range(1, 6)])
		comm = frappe.get_last_doc(
			"Communication", filters={"reference_name": issue.name, "messenger_rating": 1}
		)
		self.assertEqual(comm.messenger_status, "Sent")

		# another save of the resolved request, or the job run again, tells nothing twice
		issue.reload()
		issue.description = (issue.description or "") + " "
		issue.save(ignore_permissions=True)
		self.assertIsNone(delivery.send_resolution(issue.name))
		self.assertEqual(len(self.standin.calls("sendMessage")), 1)

	def test_a_tap_with_five_stars_rates_the_request(self):
		issue = self.request_from(self.anna)
		issue.status = "Resolved"
		issue.save(ignore_permissions=True)
		self.standin.reset()

		tap = telegram.parse(telegram_callback(ANNA, rate_payload(issue.name, 5), message_id=77))
		self.assertTrue(delivery.rate_from_chat(self.anna, issue.name, 5, incoming=tap))
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "csat_rating"), 1.0)
		self.assertEqual(self.standin.sent_texts(ANNA), ["Спасибо за оценку!"])
		# the tap's spinner stops with the thanks, and the stars leave the message
		self.assertEqual(self.standin.calls("answerCallbackQuery")[0]["callback_query_id"], tap.callback_id)
		self.assertEqual(self.standin.calls("editMessageReplyMarkup")[0]["message_id"], 77)

	def test_a_tap_on_another_chats_request_is_refused(self):
		annas = self.request_from(self.anna)
		annas.status = "Resolved"
		annas.save(ignore_permissions=True)
		self.standin.reset()

		self.assertFalse(delivery.rate_from_chat(self.boris, annas.name, 1))
		self.assertFalse(frappe.db.get_value("Issue", annas.name, "csat_rating"))
		self.assertEqual(self.standin.sent_texts(ANNA), [])
		self.assertEqual(self.standin.sent_texts(BORIS), ["This rating is not for a request of this chat."])

	def test_a_tap_on_an_open_request_is_answered_why_not(self):
		issue = self.request_from(self.anna)
		self.assertFalse(delivery.rate_from_chat(self.anna, issue.name, 5))
		self.assertFalse(frappe.db.get_value("Issue", issue.name, "csat_rating"))
		self.assertEqual(len(self.standin.sent_texts(ANNA)), 1)
		self.assertNotIn("Спасибо", self.standin.sent_texts(ANNA)[0])

	# --- VK ----------------------------------------------------------------------------------------

	def test_vk_gets_the_reply_and_the_rating_keyboard(self):
		issue = self.request_from(self.vera)
		comm = self.reply(issue, "<p>Ваш заказ в пути.</p>")
		self.assertEqual(comm.messenger_status, "Sent", comm.messenger_error)
		self.assertEqual(self.standin.sent_texts(VERA), ["Ваш заказ в пути."])

		issue.reload()
		issue.status = "Resolved"
		issue.save(ignore_permissions=True)
		sent = self.standin.calls("messages.send")
		self.assertEqual(len(sent), 2)
		self.assertIn("keyboard", sent[-1])
		self.assertIn(rate_payload(issue.name, 5), sent[-1]["keyboard"])
		for call in sent:
			self.assertNotIn(VK_TOKEN, str(call.get("message")))

		self.assertTrue(delivery.rate_from_chat(self.vera, issue.name, 4))
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "csat_rating"), 0.8)

	def error_logs(self) -> list[str]:
		return [
			f"{row.method} {row.error}"
			for row in frappe.get_all(
				"Error Log",
				filters={"creation": (">", frappe.utils.add_to_date(None, minutes=-5))},
				fields=["method", "error"],
			)
		]


# a 1x1 PNG
PNG = bytes.fromhex(
	"89504e470d0a1a0a0000000d4948445200000001000000010806000000"
	"1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4c80000000049454e44ae426082"
)
