"""The loopback mail server itself (bin/mailserver), before any test trusts it with the shop's mail: what
a customer's client sends reaches the support mailbox as sent, a bounce with a null sender is delivered,
any address of any domain is a mailbox readable over IMAP and POP3, and nothing read is marked seen."""

import email.utils
import imaplib
import smtplib
import uuid

import pytest

from .support import (
	HOST,
	IMAP_PORT,
	PASSWORD,
	SMTP_PORT,
	SUPPORT_ADDRESS,
	clear_mailbox,
	compose,
	mailbox_messages,
	needs_mail,
	pop3_messages,
	send_mail,
	unique_address,
	wait_for_mail,
)

pytestmark = needs_mail


@pytest.fixture
def sent_to_support():
	"""Message-IDs this test sends to the shared support mailbox, removed again afterwards (an Email
	Account of the Frappe tests pulls that mailbox)."""
	ids = []
	yield ids
	clear_mailbox(SUPPORT_ADDRESS, lambda msg: msg["Message-ID"] in ids)


def test_customer_mail_reaches_support_with_its_headers_intact(sent_to_support):
	customer = unique_address()
	thread = f"<{uuid.uuid4().hex}@shop.test>"
	msg = compose(
		f"Анна Петрова <{customer}>",
		SUPPORT_ADDRESS,
		"Re: Заказ 1042 — где посылка?",
		"Здравствуйте! Посылка так и не пришла.\n",
		in_reply_to=thread,
		references=thread,
		auto_submitted="auto-replied",
		content_language="ru",
	)
	sent_to_support.append(msg["Message-ID"])
	send_mail(msg)

	got = wait_for_mail(SUPPORT_ADDRESS, lambda m: m["Message-ID"] == msg["Message-ID"], timeout=30)
	for header in ("Message-ID", "In-Reply-To", "References", "Auto-Submitted", "Content-Language", "Date"):
		assert got[header] == msg[header], header
	assert got["From"].addresses[0].display_name == "Анна Петрова"
	assert got["From"].addresses[0].addr_spec == customer
	assert got["Subject"] == "Re: Заказ 1042 — где посылка?"
	assert got.get_content() == "Здравствуйте! Посылка так и не пришла.\n"
	assert got["Return-Path"] == f"<{customer}>"  # the envelope sender, as the SMTP client gave it

	# reading it did not mark it seen: an Email Account pulling UNSEEN mail still gets it
	with imaplib.IMAP4(HOST, IMAP_PORT, timeout=10) as imap:
		imap.login(SUPPORT_ADDRESS, PASSWORD)
		imap.select("INBOX", readonly=True)
		_typ, data = imap.search(None, "UNSEEN", "HEADER", "Message-ID", msg["Message-ID"])
		assert len(data[0].split()) == 1


def test_a_bounce_with_a_null_sender_is_delivered(sent_to_support):
	original_id = email.utils.make_msgid(domain="shop.test")
	bounce_id = email.utils.make_msgid(domain="mx.customer.test")
	sent_to_support.append(bounce_id)
	lost = unique_address()
	raw = (
		"From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>\r\n"
		f"To: {SUPPORT_ADDRESS}\r\n"
		"Subject: Undelivered Mail Returned to Sender\r\n"
		f"Date: {email.utils.formatdate()}\r\n"
		f"Message-ID: {bounce_id}\r\n"
		"Auto-Submitted: auto-replied\r\n"
		"MIME-Version: 1.0\r\n"
		'Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"\r\n'
		"\r\n"
		"--BOUNDARY\r\n"
		"Content-Type: text/plain; charset=us-ascii\r\n"
		"\r\n"
		f"Your message could not be delivered to {lost}.\r\n"
		"--BOUNDARY\r\n"
		"Content-Type: message/delivery-status\r\n"
		"\r\n"
		"Reporting-MTA: dns; mx.customer.test\r\n"
		"\r\n"
		f"Final-Recipient: rfc822; {lost}\r\n"
		"Action: failed\r\n"
		"Status: 5.1.1\r\n"
		"Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
		"--BOUNDARY\r\n"
		"Content-Type: message/rfc822\r\n"
		"\r\n"
		f"From: {SUPPORT_ADDRESS}\r\n"
		f"To: {lost}\r\n"
		"Subject: Your request\r\n"
		f"Message-ID: {original_id}\r\n"
		"\r\n"
		"We have answered your request.\r\n"
		"--BOUNDARY--\r\n"
	)
	send_mail(email.message_from_string(raw, policy=email.policy.default), sender="")

	got = wait_for_mail(SUPPORT_ADDRESS, lambda m: m["Message-ID"] == bounce_id, timeout=30)
	assert got["Return-Path"] == "<>"
	assert got.get_content_type() == "multipart/report"
	assert got.get_param("report-type") == "delivery-status"
	parts = [part.get_content_type() for part in got.iter_parts()]
	assert parts == ["text/plain", "message/delivery-status", "message/rfc822"]
	returned = list(got.iter_parts())[2].get_payload()[0]
	assert returned["Message-ID"] == original_id


def test_any_address_of_any_domain_is_a_mailbox_for_imap_and_pop3():
	customer = unique_address(domain="example.ru", name="ivan")
	msg = compose(SUPPORT_ADDRESS, customer, "Ваш запрос 7", "Мы ответили на ваш запрос.\n")
	assert mailbox_messages(customer) == []  # a fresh address has an empty mailbox, not someone's mail
	send_mail(msg)

	got = wait_for_mail(customer, lambda m: m["Message-ID"] == msg["Message-ID"], timeout=30)
	assert got["Subject"] == "Ваш запрос 7"
	assert got["Return-Path"] == f"<{SUPPORT_ADDRESS}>"
	assert [m["Message-ID"] for m in pop3_messages(customer)] == [msg["Message-ID"]]
	assert [m["Message-ID"] for m in mailbox_messages(customer)] == [msg["Message-ID"]]  # still there

	assert clear_mailbox(customer) == 1
	assert mailbox_messages(customer) == []


def test_smtp_auth_takes_the_one_password_and_refuses_another():
	"""An Email Account configured to log in to send (as with a real provider) can; a wrong password
	cannot."""
	with smtplib.SMTP(HOST, SMTP_PORT, timeout=10) as smtp:
		assert smtp.login(SUPPORT_ADDRESS, PASSWORD)[0] == 235
	with smtplib.SMTP(HOST, SMTP_PORT, timeout=10) as smtp, pytest.raises(smtplib.SMTPAuthenticationError):
		smtp.login(SUPPORT_ADDRESS, PASSWORD + "-wrong")
