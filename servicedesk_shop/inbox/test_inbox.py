# Letters as a mail server delivers them, read by the shop's Email Account class (ShopInboundMail) on a
# real site: the request, its order, language and acknowledgement (read from the Email Queue with its
# threading headers), held-back mail, forwarded mail and threads. tests/mail sends real mail through
# Postfix and Dovecot; these feed the same raw bytes in directly.

import email
from email.message import EmailMessage
from email.policy import default
from email.utils import make_msgid

import frappe
from frappe.tests.utils import FrappeTestCase

from servicedesk_shop.inbox.rules import AUTO_REPLY, BOUNCE, BULK
from servicedesk_shop.inbox.service import ShopInboundMail
from servicedesk_shop.testing import (
	emails_about,
	ensure_outgoing_email_account,
	ensure_shop_setup,
	make_agent,
	make_customer,
	make_sales_order,
)

SUPPORT = "support@shop.test"
INBOX_ACCOUNT = "servicedesk inbox (test)"
INBOX_ADDRESS = "inbox.inprocess@shop.test"
ANNA = "anna.inbox@customer.test"


def ensure_inbox_account() -> str:
	"""An Email Account that appends to Issue (never connected here; tests/mail's real one is
	support@shop.test)."""
	if frappe.db.exists("Email Account", INBOX_ACCOUNT):
		frappe.db.set_value("Email Account", INBOX_ACCOUNT, "email_id", INBOX_ADDRESS)
	else:
		account = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": INBOX_ACCOUNT,
				"email_id": INBOX_ADDRESS,
				"use_imap": 1,
				"email_server": "127.0.0.1",
				"append_to": "Issue",
				"imap_folder": [{"folder_name": "INBOX", "append_to": "Issue"}],
			}
		)
		account.flags.ignore_validate = True
		account.insert(ignore_permissions=True)
	return INBOX_ACCOUNT


def letter(
	sender=ANNA,
	subject="Вопрос",
	text="Здравствуйте!",
	html=None,
	to=SUPPORT,
	cc=None,
	headers=None,
	message_id=None,
) -> EmailMessage:
	message = EmailMessage()
	message["From"] = sender
	message["To"] = to
	if cc:
		message["Cc"] = cc
	message["Subject"] = subject
	message["Message-ID"] = message_id or make_msgid(domain="customer.test")
	for key, value in (headers or {}).items():
		message[key] = value
	message.set_content(text)
	if html:
		message.add_alternative(html, subtype="html")
	return message


class InboxTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		items = ensure_shop_setup()
		cls.dress = items[("DEMO-WRAP-DRESS", "M")]
		cls.anna = make_customer(ANNA, "Anna Inbox")
		cls.order = make_sales_order(cls.anna, cls.dress, deliver=True, invoice=True)
		cls.agent = make_agent("agent.inbox@shop.test")
		ensure_outgoing_email_account()
		ensure_inbox_account()
		frappe.db.commit()  # nosemgrep: fixtures shared by the class, outside its rolled-back tests

	def setUp(self):
		from servicedesk_shop.service_desk.ratelimit import clear_limits

		clear_limits()
		frappe.set_user("Administrator")
		frappe.local.servicedesk_own_addresses = None

	def tearDown(self):
		frappe.db.rollback()

	def receive(self, message) -> ShopInboundMail:
		"""What EmailAccount.receive does with one pulled letter (as our class reads it)."""
		raw = message.as_bytes() if hasattr(message, "as_bytes") else message
		account = frappe.get_doc("Email Account", INBOX_ACCOUNT)
		mail = ShopInboundMail(raw, account, append_to="Issue")
		mail.communication = mail.process()
		return mail

	def issue_of(self, mail):
		return frappe.get_doc("Issue", mail.communication.reference_name)

	def acknowledgements(self, issue, recipient=ANNA):
		return [m for m in emails_about(issue, recipient) if issue in m.body]


class TestRequestsFromMail(InboxTestCase):
	def test_a_plain_text_letter_links_the_order_like_the_form(self):
		mail = self.receive(
			letter(subject="Где заказ", text=f"Добрый день! Номер заказа {self.order.sales_order}, где он?")
		)
		issue = self.issue_of(mail)
		self.assertEqual(
			(issue.sales_order, issue.delivery_note, issue.sales_invoice),
			(self.order.sales_order, self.order.delivery_note, self.order.sales_invoice),
		)
		self.assertEqual(
			(issue.feedback_source, issue.customer, issue.customer_language), ("E-mail", self.anna, "ru")
		)
		self.assertIn("где он?", issue.description)  # triage and routing read the words
		self.assertTrue(issue.triage_category)

	def test_an_html_letter_links_the_order_too(self):
		mail = self.receive(
			letter(
				subject="Where is my order",
				text=f"Order {self.order.sales_order}",
				html=f"<p>Hello, my order <b>{self.order.sales_order}</b> has not arrived.</p>",
			)
		)
		issue = self.issue_of(mail)
		self.assertEqual((issue.sales_order, issue.customer_language), (self.order.sales_order, "en"))

	def test_another_customers_order_is_not_linked(self):
		other = make_sales_order(make_customer("someone.else@customer.test"), self.dress)
		issue = self.issue_of(self.receive(letter(subject="Заказ", text=f"Заказ {other.sales_order}")))
		self.assertFalse(issue.sales_order)

	def test_the_acknowledgement_goes_to_the_sender_alone_in_their_language_threaded(self):
		original = make_msgid(domain="customer.test")
		mail = self.receive(
			letter(
				subject="Платье не подошло",
				text="Здравствуйте, платье маломерит, хочу обменять.",
				cc="friend@customer.test, other.customer@customer.test",
				message_id=original,
				headers={"References": "<earlier@customer.test>"},
			)
		)
		issue = self.issue_of(mail)
		acks = self.acknowledgements(issue.name)
		self.assertEqual(len(acks), 1)
		self.assertEqual(acks[0].recipients, [ANNA])  # never to the Cc
		self.assertEqual(emails_about(issue.name, "friend@customer.test"), [])
		queued = frappe.db.get_value("Email Queue", acks[0].name, "message")
		parsed = email.message_from_string(queued, policy=default)
		self.assertEqual(parsed["In-Reply-To"], original)
		self.assertEqual(parsed["References"].split(), ["<earlier@customer.test>", original])
		self.assertEqual(parsed["Subject"], f"Re: Платье не подошло (#{issue.name})")
		self.assertIn("получено", acks[0].body)  # the Russian template
		self.assertIn("/support/track#token=", acks[0].body)

	def test_a_flood_from_one_mailbox_makes_one_request_and_one_acknowledgement(self):
		names = {
			self.receive(
				letter(subject=f"Вопрос номер {number}", text=f"Текст {number}")
			).communication.reference_name
			for number in range(12)
		}
		self.assertEqual(len(names), 1)
		(name,) = names
		self.assertEqual(
			frappe.db.count("Communication", {"reference_name": name, "sent_or_received": "Received"}), 12
		)
		self.assertEqual(len(self.acknowledgements(name)), 1)


class TestHeldBack(InboxTestCase):
	def test_an_auto_reply_storm_makes_no_request_and_no_acknowledgement(self):
		before = frappe.db.count("Issue")
		queued = frappe.db.count("Email Queue")
		for number in range(50):
			mail = self.receive(
				letter(
					sender="robot@customer.test",
					subject=f"Automatic reply: Your request {number}",
					text="I am out of the office.",
					headers={"Auto-Submitted": "auto-replied"},
				)
			)
			self.assertEqual(mail.communication.held_back_reason, AUTO_REPLY)
			self.assertFalse(mail.communication.reference_name)
		self.assertEqual(frappe.db.count("Issue"), before)
		self.assertEqual(frappe.db.count("Email Queue"), queued)

	def test_a_bounce_makes_nothing(self):
		bounce = EmailMessage()
		bounce["From"] = "MAILER-DAEMON@mx.customer.test"
		bounce["To"] = SUPPORT
		bounce["Subject"] = "Undelivered Mail Returned to Sender"
		bounce["Message-ID"] = make_msgid(domain="mx.customer.test")
		bounce["Return-Path"] = "<>"
		bounce.set_content("The mail system: <gone@customer.test>: user unknown")
		before = frappe.db.count("Issue")
		mail = self.receive(bounce)
		self.assertEqual(mail.communication.held_back_reason, BOUNCE)
		# the desk says why, in the timeline's text
		self.assertIn(
			"Held back (Bounce)", frappe.db.get_value("Communication", mail.communication.name, "content")
		)
		self.assertEqual(frappe.db.count("Issue"), before)

	def test_list_mail_and_the_shops_own_address(self):
		mail = self.receive(letter(sender="news@lists.test", headers={"List-Id": "<news.lists.test>"}))
		self.assertEqual(mail.communication.held_back_reason, BULK)
		ensure_outgoing_email_account()
		own = self.receive(letter(sender="support@servicedesk-shop.example", subject="Loop"))
		self.assertTrue(own.communication.held_back_reason)
		self.assertFalse(own.communication.reference_name)

	def test_an_out_of_office_reply_to_an_agents_answer_is_recorded_without_reopening(self):
		issue = self.issue_of(self.receive(letter(subject="Размер", text="Какой размер взять?")))
		from frappe.core.doctype.communication.email import make

		sent = make(
			doctype="Issue",
			name=issue.name,
			content="<p>Берите M.</p>",
			subject=f"Re: Размер (#{issue.name})",
			recipients=ANNA,
			send_email=True,
			sender="support@servicedesk-shop.example",
		)["name"]
		frappe.db.set_value("Issue", issue.name, "status", "Replied")
		message_id = frappe.db.get_value("Communication", sent, "message_id")
		self.receive(
			letter(
				subject="Автоответ: Re: Размер",
				text="Я в отпуске до понедельника.",
				headers={"Auto-Submitted": "auto-replied", "In-Reply-To": f"<{message_id}>"},
			)
		)
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "status"), "Replied")
		held = frappe.get_all(
			"Communication",
			filters={"reference_name": issue.name, "held_back_reason": AUTO_REPLY},
			pluck="name",
		)
		self.assertEqual(len(held), 1)
		# a person's answer in the same thread reopens it, as before
		self.receive(
			letter(subject="Re: Размер", text="Спасибо!", headers={"In-Reply-To": f"<{message_id}>"})
		)
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "status"), "Open")


class TestForwardedAndThreads(InboxTestCase):
	def test_an_agent_forwards_a_customers_letter(self):
		text = (
			"Коллеги, разберитесь, пожалуйста.\n\n"
			"-------- Пересылаемое сообщение --------\n"
			"От кого: Вера Клиентка <vera.forwarded@customer.test>\n"
			"Кому: agent.inbox@shop.test\n"
			"Дата: Понедельник, 1 декабря 2026, 10:00 +03:00\n"
			"Тема: Брак шва\n\n"
			"Шов на платье разошёлся после первой стирки.\n"
			"-------- Конец пересылаемого сообщения --------\n"
		)
		mail = self.receive(letter(sender="agent.inbox@shop.test", subject="Fwd: Брак шва", text=text))
		issue = self.issue_of(mail)
		self.assertEqual(
			(issue.raised_by, issue.subject, issue.forwarded_by),
			("vera.forwarded@customer.test", "Брак шва", "agent.inbox@shop.test"),
		)
		self.assertIn("Шов на платье", issue.description)
		self.assertNotIn("Коллеги", issue.description)
		self.assertEqual(len(self.acknowledgements(issue.name, "vera.forwarded@customer.test")), 1)
		self.assertEqual(emails_about(issue.name, "agent.inbox@shop.test"), [])

	def test_a_reply_without_the_tag_joins_through_references(self):
		first = self.receive(letter(subject="Оплата картой", text="Не проходит оплата"))
		issue = self.issue_of(first)
		ack = self.acknowledgements(issue.name)[0]
		ack_id = email.message_from_string(
			frappe.db.get_value("Email Queue", ack.name, "message"), policy=default
		)["Message-ID"]
		frappe.db.set_value("Issue", issue.name, "creation", frappe.utils.add_days(issue.creation, -1))
		reply = self.receive(
			letter(
				subject="Совсем другая тема",
				text="Всё ещё не проходит",
				headers={
					"In-Reply-To": "<unknown@elsewhere.test>",
					"References": f"{ack_id} <unknown@elsewhere.test>",
				},
			)
		)
		self.assertEqual(reply.communication.reference_name, issue.name)
