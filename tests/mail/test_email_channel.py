"""The e-mail channel with real mail (bin/test starts Postfix and Dovecot on loopback and serves the site):
a customer's mail client sends with SMTP to support@shop.test; ERPNext's Email Account pulls it over IMAP
(`receive`, what its scheduled job does) and sends over SMTP (the Email Queue's flush); the test reads the
customer's own mailbox over IMAP and follows the link that arrived. Run alone, these skip."""

import json
import re
import urllib.parse
import uuid
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from support import URL, api_call, bench_python

from .support import (
	SUPPORT_ADDRESS,
	clear_mailbox,
	compose,
	mailbox_messages,
	needs_mail,
	send_mail,
	unique_address,
	wait_for_mail,
)

pytestmark = [needs_mail, pytest.mark.skipif(not URL, reason="SERVICEDESK_URL is not set: no served site")]


@pytest.fixture(scope="module", autouse=True)
def shop_mailbox():
	global ACCOUNT
	# the shop's mailbox as a shop's is: what earlier runs left in it was read (Frappe pulls at most 100
	# letters a time, oldest first)
	clear_mailbox(SUPPORT_ADDRESS)
	ACCOUNT = bench_python(
		"from servicedesk_shop.testing import ensure_mail_account, ensure_shop_setup\n"
		"ensure_shop_setup()\n"
		"account = ensure_mail_account()\n"
		"frappe.db.commit()\n"
		# the first pull after the account is set up learns the mailbox's UIDVALIDITY
		"frappe.get_doc('Email Account', account).receive()\n"
		"print(account)"
	)


ACCOUNT = None


def pull_and_send() -> None:
	"""What the Email Account's pull job and the Email Queue's flush do on a site with a worker."""
	bench_python(
		"start = frappe.utils.now_datetime()\n"
		f"frappe.get_doc('Email Account', {ACCOUNT!r}).receive()\n"
		"frappe.db.commit()\n"
		# what the queue's flush does, for the e-mails of this pull only: the test site's queue also
		# holds the in-process tests' e-mails to an account that does not exist
		"for name in frappe.get_all('Email Queue', filters={'status': 'Not Sent', 'creation': ('>=', start)}, pluck='name'):\n"
		"\tfrappe.get_doc('Email Queue', name).send()\n"
		"print('ok')"
	)


def delivered(message: EmailMessage) -> None:
	"""Send as a mail client does and wait until Dovecot has it in the shop's INBOX."""
	send_mail(message)
	wait_for_mail(SUPPORT_ADDRESS, lambda m: m["Message-ID"] == message["Message-ID"], timeout=30)


def request_of(message_id: str) -> dict:
	return json.loads(
		bench_python(
			"import json\n"
			f"name = frappe.db.get_value('Communication', {{'message_id': {message_id.strip('<>')!r}}}, 'reference_name')\n"
			"fields = ['name', 'raised_by', 'subject', 'customer', 'sales_order', 'delivery_note', "
			"'sales_invoice', 'customer_language', 'feedback_source', 'forwarded_by', 'status']\n"
			"print(json.dumps(frappe.db.get_value('Issue', name, fields, as_dict=True) if name else None, default=str))"
		)
	)


def customer_with_order(address: str) -> dict:
	return json.loads(
		bench_python(
			"import json\n"
			"from servicedesk_shop.testing import ensure_shop_setup, make_customer, make_sales_order\n"
			"items = ensure_shop_setup()\n"
			f"customer = make_customer({address!r}, 'Mail Customer')\n"
			"order = make_sales_order(customer, items[('DEMO-WRAP-DRESS', 'M')], deliver=True, invoice=True)\n"
			"print(json.dumps({'customer': customer, **order}))"
		)
	)


def acknowledgement_to(address: str, issue: str) -> EmailMessage:
	return wait_for_mail(address, lambda m: issue in str(m["Subject"]) or issue in body_of(m), timeout=30)


def body_of(message: EmailMessage) -> str:
	return "\n".join(part.get_content() for part in message.walk() if part.get_content_maintype() == "text")


def test_a_plain_text_letter_links_the_order_and_is_acknowledged_in_russian_in_its_thread():
	customer = unique_address()
	friend = unique_address(name="friend")
	made = customer_with_order(customer)
	letter = compose(
		customer,
		SUPPORT_ADDRESS,
		"Где мой заказ?",
		f"Здравствуйте! Номер заказа {made['sales_order']}, он должен был прийти вчера.",
		cc=friend,
	)
	delivered(letter)
	pull_and_send()

	issue = request_of(letter["Message-ID"])
	assert issue, "no request from the letter"
	assert (issue["customer"], issue["sales_order"], issue["delivery_note"], issue["sales_invoice"]) == (
		made["customer"],
		made["sales_order"],
		made["delivery_note"],
		made["sales_invoice"],
	)
	assert (issue["feedback_source"], issue["customer_language"]) == ("E-mail", "ru")

	ack = acknowledgement_to(customer, issue["name"])
	assert ack["In-Reply-To"] == letter["Message-ID"]
	assert letter["Message-ID"] in ack["References"]
	assert "должен был прийти" not in body_of(ack)
	# Postfix on loopback authenticates nobody: the From is unproven, so nothing of the letter comes back
	assert str(ack["Subject"]) == f"Ваше обращение {issue['name']} получено"
	text = body_of(ack)
	assert "получено" in text  # the Russian template
	# the Cc has the customer's own letter (their client sent it), and nothing from the shop
	assert [m["Message-ID"] for m in mailbox_messages(friend)] == [letter["Message-ID"]]

	# the link in the customer's mailbox opens the request
	token = re.search(r"/support/track#token=([A-Za-z0-9_.=-]+)", text).group(1)
	status, answer = api_call(
		"/api/method/servicedesk_shop.api.open_tracking_link",
		{"token": token},
		f"10.77.{uuid.uuid4().int % 250}.1",
	)
	assert status == 200, answer
	assert answer["message"]["request"] == issue["name"]


def test_an_html_letter_links_the_order_too():
	customer = unique_address()
	made = customer_with_order(customer)
	letter = compose(customer, SUPPORT_ADDRESS, "Order status", f"Order {made['sales_order']}")
	letter.add_alternative(f"<p>Hello, where is my order <b>{made['sales_order']}</b>?</p>", subtype="html")
	delivered(letter)
	pull_and_send()
	issue = request_of(letter["Message-ID"])
	assert (issue["sales_order"], issue["customer_language"]) == (made["sales_order"], "en")
	assert "has been received" in body_of(acknowledgement_to(customer, issue["name"]))


def test_an_auto_reply_storm_makes_no_acknowledgement_and_at_most_one_request():
	robot = unique_address(name="robot")
	letters = [
		compose(
			robot,
			SUPPORT_ADDRESS,
			f"Automatic reply: Your request {number}",
			"I am out of the office until Monday.",
			auto_submitted="auto-replied",
		)
		for number in range(50)
	]
	for letter in letters:
		send_mail(letter)
	wait_for_mail(SUPPORT_ADDRESS, lambda m: m["Message-ID"] == letters[-1]["Message-ID"], timeout=60)
	pull_and_send()
	counts = json.loads(
		bench_python(
			"import json\n"
			f"print(json.dumps([frappe.db.count('Issue', {{'raised_by': {robot!r}}}), "
			f"frappe.db.count('Communication', {{'sender': {robot!r}, 'held_back_reason': 'Automatic reply'}})]))"
		)
	)
	assert counts[0] <= 1 and counts[0] == 0, counts
	assert counts[1] == 50, counts  # each is kept, with why
	assert mailbox_messages(robot) == []  # no acknowledgement storm


def test_a_bounce_makes_nothing():
	gone = unique_address(name="gone")
	bounce = EmailMessage()
	bounce["From"] = "Mail Delivery System <MAILER-DAEMON@mx.customer.test>"
	bounce["To"] = SUPPORT_ADDRESS
	bounce["Subject"] = "Undelivered Mail Returned to Sender"
	bounce["Message-ID"] = make_msgid(domain="mx.customer.test")
	bounce["Auto-Submitted"] = "auto-replied"
	bounce.set_content(f"<{gone}>: host mx.customer.test said: 550 5.1.1 User unknown")
	bounce.make_mixed()
	bounce.replace_header("Content-Type", 'multipart/report; report-type=delivery-status; boundary="b1"')
	send_mail(bounce, sender="")  # the null sender
	wait_for_mail(SUPPORT_ADDRESS, lambda m: m["Message-ID"] == bounce["Message-ID"], timeout=30)
	pull_and_send()
	held = json.loads(
		bench_python(
			"import json\n"
			f"row = frappe.db.get_value('Communication', {{'message_id': {bounce['Message-ID'].strip('<>')!r}}}, "
			"['held_back_reason', 'reference_name'], as_dict=True)\n"
			"print(json.dumps(row))"
		)
	)
	assert held == {"held_back_reason": "Bounce", "reference_name": None}


def test_a_forwarded_letter_makes_a_request_for_its_original_sender():
	agent = bench_python(
		"from servicedesk_shop.testing import make_agent\n"
		f"print(make_agent('agent-{uuid.uuid4().hex[:6]}@shop.test'))"
	)
	customer = unique_address()
	letter = compose(
		agent,
		SUPPORT_ADDRESS,
		"Fwd: Брак шва",
		"Коллеги, посмотрите.\n\n"
		"---------- Forwarded message ---------\n"
		f"From: Вера Клиентка <{customer}>\n"
		"Date: Mon, 1 Dec 2026 at 10:00\n"
		"Subject: Брак шва\n"
		f"To: <{agent}>\n\n"
		"Шов на платье разошёлся после первой стирки.\n",
	)
	delivered(letter)
	pull_and_send()
	issue = request_of(letter["Message-ID"])
	assert (issue["raised_by"], issue["subject"], issue["forwarded_by"]) == (customer, "Брак шва", agent)
	assert "получено" in body_of(acknowledgement_to(customer, issue["name"]))
	assert mailbox_messages(agent) == []


def test_a_reply_that_lost_the_tag_joins_its_request():
	customer = unique_address()
	letter = compose(customer, SUPPORT_ADDRESS, "Оплата не проходит", "Карта не принимается.")
	delivered(letter)
	pull_and_send()
	issue = request_of(letter["Message-ID"])
	ack = acknowledgement_to(customer, issue["name"])
	bench_python(
		# older than the flood window: only the thread can join it
		f"frappe.db.set_value('Issue', {issue['name']!r}, 'creation', frappe.utils.add_days(frappe.utils.now_datetime(), -1))\n"
		"print('ok')"
	)
	reply = compose(
		customer,
		SUPPORT_ADDRESS,
		"совсем другая тема",
		"Всё ещё не проходит.",
		# a client that lost In-Reply-To's id (Frappe threads by that one alone) but kept References
		in_reply_to="<lost@elsewhere.test>",
		references=f"{letter['Message-ID']} {ack['Message-ID']}",
	)
	delivered(reply)
	pull_and_send()
	assert request_of(reply["Message-ID"])["name"] == issue["name"]
