# Letters as a mail server delivers them, read by the shop's Email Account class (ShopInboundMail) on a
# real site: the request, its order, language and acknowledgement (read from the Email Queue with its
# threading headers), held-back mail, forwarded mail and threads. tests/mail sends real mail through
# Postfix and Dovecot; these feed the same raw bytes in directly.

import email
from email.message import EmailMessage
from email.policy import default
from email.utils import make_msgid

import frappe
from frappe.core.doctype.communication.email import make as make_communication
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from servicedesk_shop.customer.requests import proven
from servicedesk_shop.inbox.rules import AUTO_REPLY, BOUNCE, BULK, OWN_ADDRESS
from servicedesk_shop.inbox.service import ShopInboundMail
from servicedesk_shop.service_desk.ratelimit import clear_limits
from servicedesk_shop.testing import (
	ShopTestCase,
	emails_about,
	ensure_outgoing_email_account,
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


class InboxTestCase(ShopTestCase):
	@classmethod
	def make_fixtures(cls):
		cls.dress = cls.items[("DEMO-WRAP-DRESS", "M")]
		cls.anna = make_customer(ANNA, "Anna Inbox")
		cls.order = make_sales_order(cls.anna, cls.dress, deliver=True, invoice=True)
		cls.agent = make_agent("agent.inbox@shop.test")
		ensure_outgoing_email_account()
		ensure_inbox_account()
		# Frappe files a letter under an earlier request of the same sender and subject (60 days): one that
		# an earlier run left committed would take this run's letters
		frappe.db.delete("Issue", {"raised_by": ANNA})

	def setUp(self):
		clear_limits()
		frappe.set_user("Administrator")
		frappe.local.servicedesk_own_addresses = None
		# Anna's letters join her open e-mail request of the last minutes (a flood makes one request): one
		# that a run left committed would take this test's letter
		issue = frappe.qb.DocType("Issue")
		frappe.qb.update(issue).set(issue.creation, add_days(now_datetime(), -1)).where(
			issue.raised_by == ANNA
		).run()

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
			letter(
				subject=f"Где заказ {frappe.generate_hash(length=6)}",
				text=f"Добрый день! Номер заказа {self.order.sales_order}, где он?",
			)
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
				subject=f"Where is my order {frappe.generate_hash(length=6)}",
				text=f"Order {self.order.sales_order}",
				html=f"<p>Hello, my order <b>{self.order.sales_order}</b> has not arrived.</p>",
			)
		)
		issue = self.issue_of(mail)
		self.assertEqual((issue.sales_order, issue.customer_language), (self.order.sales_order, "en"))

	def test_another_customers_order_is_not_linked(self):
		other = make_sales_order(make_customer("someone.else@customer.test"), self.dress)
		issue = self.issue_of(
			self.receive(
				letter(subject=f"Заказ {frappe.generate_hash(length=6)}", text=f"Заказ {other.sales_order}")
			)
		)
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
		# the From was not proven by the mail system: nothing of the letter is repeated to the address
		self.assertEqual(parsed["Subject"], f"Ваше обращение {issue.name} получено")
		self.assertNotIn("Платье не подошло", acks[0].body)
		self.assertIn("получено", acks[0].body)  # the Russian template
		self.assertIn("/support/track#token=", acks[0].body)
		self.assertEqual((issue.sender_identity, issue.address_confirmed), ("E-mail", 0))

	def test_an_authenticated_letter_is_proven_and_quoted_in_its_thread(self):
		mail = self.receive(
			letter(
				sender=f"Anna <{ANNA}>",
				subject="Платье не подошло",
				text="Хочу обменять платье.",
				headers={
					"Authentication-Results": "mx.shop.test; dmarc=pass (p=reject) header.from=customer.test"
				},
			)
		)
		issue = self.issue_of(mail)
		self.assertEqual(issue.address_confirmed, 1)
		ack = self.acknowledgements(issue.name)[0]
		self.assertEqual(ack.subject, f"Re: Платье не подошло (#{issue.name})")

	def test_a_reply_to_elsewhere_proves_nothing_and_is_told_nothing(self):
		"""Frappe files a letter under its Reply-To, which nobody proves: a stranger's words to a customer's
		address are not repeated to it, nor shown in the customer's portal."""
		mail = self.receive(
			letter(
				sender="me@attacker.test",
				subject="Account locked, verify at https://evil.test",
				text=f"Verify at https://evil.test now. Order {self.order.sales_order}",
				headers={
					"Reply-To": ANNA,
					"Authentication-Results": "mx.shop.test; dmarc=pass header.from=attacker.test",
				},
			)
		)
		issue = self.issue_of(mail)
		self.assertEqual((issue.raised_by, issue.address_confirmed), (ANNA, 0))
		(ack,) = self.acknowledgements(issue.name)
		self.assertNotIn("evil", ack.subject + ack.body)
		self.assertNotIn("Account locked", ack.subject + ack.body)

		row = frappe.qb.DocType("Issue")
		shown = frappe.qb.from_(row).select(row.name).where(row.name == issue.name).where(proven(row)).run()
		self.assertEqual(shown, ())

	def test_a_message_id_cannot_put_headers_into_the_acknowledgement(self):
		hostile = (
			"<a@b\x1cFrom: Shop Security <support@shop.test>\x1cSubject: Your account is locked\x1c\x1c<b>x>"
		)
		raw = letter(subject="Где заказ", text="Где мой заказ?").as_string()
		raw = raw.replace(raw.split("Message-ID: ", 1)[1].split("\n", 1)[0], hostile)
		issue = self.issue_of(self.receive(raw))
		(ack,) = self.acknowledgements(issue.name)
		queued = frappe.db.get_value("Email Queue", ack.name, "message")
		self.assertNotIn("\x1c", queued)
		self.assertNotIn("Your account is locked", queued)
		parsed = email.message_from_string(queued, policy=default)
		self.assertEqual(len(parsed.get_all("Subject")), 1)
		self.assertNotIn("Shop Security", str(parsed["From"]))

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
		self.assertEqual(own.communication.held_back_reason, OWN_ADDRESS)
		self.assertFalse(own.communication.reference_name)

	def test_an_out_of_office_reply_to_an_agents_answer_is_recorded_without_reopening(self):
		issue = self.issue_of(self.receive(letter(subject="Размер", text="Какой размер взять?")))

		sent = make_communication(
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
