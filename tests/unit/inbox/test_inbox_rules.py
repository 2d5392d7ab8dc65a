import pytest

from servicedesk_shop.inbox.rules import (
	AUTO_REPLY,
	BOUNCE,
	BULK,
	OWN_ADDRESS,
	authenticated,
	forwarded,
	held_back_reason,
	html_to_text,
	is_message_id,
	language_of,
	message_ids,
	strip_forward_prefix,
)

SHOP = ("support@shop.test",)


@pytest.mark.parametrize(
	"headers, reason",
	[
		({"Auto-Submitted": "auto-replied"}, AUTO_REPLY),
		({"Auto-Submitted": "auto-generated; type=ooo"}, AUTO_REPLY),
		({"X-Autoreply": "yes"}, AUTO_REPLY),
		({"X-Autorespond": "1"}, AUTO_REPLY),
		({"Subject": "Automatic reply: Where is my order", "In-Reply-To": "<a@shop.test>"}, AUTO_REPLY),
		({"Subject": "Автоответ: Re: Ваше обращение", "In-Reply-To": "<a@shop.test>"}, AUTO_REPLY),
		({"Precedence": "bulk"}, BULK),
		({"Precedence": "Junk"}, BULK),
		({"List-Id": "<shoppers.lists.example>"}, BULK),
		({"List-Unsubscribe": "<mailto:x@y>"}, BULK),
		({"Return-Path": "<>"}, BOUNCE),
		({"Content-Type": "multipart/report; report-type=delivery-status"}, BOUNCE),
		({"X-Failed-Recipients": "gone@customer.test"}, BOUNCE),
	],
)
def test_automatic_mail_is_held_back(headers, reason):
	assert held_back_reason(headers, "someone@customer.test", SHOP) == reason


def test_a_persons_letter_is_not():
	assert (
		held_back_reason({"Auto-Submitted": "no", "Subject": "Где мой заказ?"}, "anna@customer.test", SHOP)
		is None
	)
	assert held_back_reason({}, "anna@customer.test", SHOP) is None


def test_bounces_by_sender_and_own_addresses():
	assert held_back_reason({}, "MAILER-DAEMON@mx.customer.test", SHOP) == BOUNCE
	assert held_back_reason({}, "Support@Shop.test", SHOP) == OWN_ADDRESS


@pytest.mark.parametrize(
	"text, header, language",
	[
		("Здравствуйте, где мой заказ SAL-ORD-2026-00022?", None, "ru"),
		("Hello, where is my order SAL-ORD-2026-00022?", None, "en"),
		("Hi! Заказ не пришёл", None, "ru"),
		("Платье", "en-US", "en"),
		("Dress", "ru-RU, en", "ru"),
		("", None, "en"),
		("https://shop.example/товар anna@customer.test 12345", None, "en"),
	],
)
def test_the_language_from_the_header_or_the_letters(text, header, language):
	assert language_of(text, header) == language


def test_message_ids_newest_first():
	assert message_ids("<c@x>", "<a@x> <b@x>\n <c@x>") == ["c@x", "b@x", "a@x"]
	assert message_ids(None, None) == []
	assert message_ids("bare@id", "") == ["bare@id"]


GMAIL_EN = """Please help this customer.

---------- Forwarded message ---------
From: Anna Petrova <Anna@Customer.test>
Date: Mon, 1 Dec 2026 at 10:00
Subject: Где мой заказ?
To: <agent@shop.test>


Здравствуйте! Заказ SAL-ORD-2026-00022 не пришёл.
"""

GMAIL_RU = """---------- Пересылаемое сообщение ---------
От: Иван Сидоров <ivan@example.ru>
Date: пн, 1 дек. 2026 г. в 10:00
Subject: Брак
To: <agent@shop.test>

Шов разошёлся после стирки.
"""

OUTLOOK = """
-----Original Message-----
From: "Kate Brown" <kate@customer.test>
Sent: Monday, December 1, 2026 10:00 AM
To: Agent <agent@shop.test>
Subject: Wrong size

The dress is too small.
"""

OUTLOOK_RU = """-----Исходное сообщение-----
От: Ольга <olga@customer.test>
Отправлено: 1 декабря 2026 г. 10:00
Кому: agent@shop.test
Тема: Возврат

Хочу вернуть бельё.
"""

MAIL_RU = """-------- Пересылаемое сообщение --------
От кого: Пётр <petr@mail.example>
Кому: agent@shop.test
Дата: Понедельник, 1 декабря 2026, 10:00 +03:00
Тема: Оплата

Деньги списали дважды.
-------- Конец пересылаемого сообщения --------
"""

YANDEX = """

-------- Пересылаемое сообщение --------
01.12.2026, 10:00, "Мария" <maria@yandex.example>:

Когда будет размер M?
-------- Конец пересылаемого сообщения --------
"""

APPLE = """Begin forwarded message:

From: Tom <tom@customer.test>
Subject: Refund
Date: 1 December 2026 at 10:00:00 GMT+3
To: agent@shop.test

Where is my refund?
"""

THUNDERBIRD = """-------- Forwarded Message --------
Subject: 	Exchange
Date: 	Mon, 1 Dec 2026 10:00:00 +0300
From: 	Lena <lena@customer.test>
To: 	agent@shop.test

Exchange S for M please.
"""


@pytest.mark.parametrize(
	"subject, text, sender, name, original_subject, words",
	[
		(
			"Fwd: Где мой заказ?",
			GMAIL_EN,
			"anna@customer.test",
			"Anna Petrova",
			"Где мой заказ?",
			"не пришёл",
		),
		("Fwd: Брак", GMAIL_RU, "ivan@example.ru", "Иван Сидоров", "Брак", "Шов разошёлся"),
		("FW: Wrong size", OUTLOOK, "kate@customer.test", "Kate Brown", "Wrong size", "too small"),
		("ПЕРЕСЛ: Возврат", OUTLOOK_RU, "olga@customer.test", "Ольга", "Возврат", "вернуть бельё"),
		("Fwd: Оплата", MAIL_RU, "petr@mail.example", "Пётр", "Оплата", "списали дважды"),
		("Fwd: Размер", YANDEX, "maria@yandex.example", "Мария", "Размер", "размер M"),
		("Fwd: Refund", APPLE, "tom@customer.test", "Tom", "Refund", "my refund"),
		("Fwd: Exchange", THUNDERBIRD, "lena@customer.test", "Lena", "Exchange", "S for M"),
	],
)
def test_forwarded_letters_of_each_client(subject, text, sender, name, original_subject, words):
	found = forwarded(subject, text)
	assert found is not None
	assert (found.sender, found.sender_name, found.subject) == (sender, name, original_subject)
	assert words in found.text
	assert "Конец пересылаемого" not in found.text and "From:" not in found.text


def test_a_plain_letter_or_a_marker_without_headers_is_not_forwarded():
	assert forwarded("Где мой заказ?", "Заказ не пришёл") is None
	assert forwarded("Fwd: x", "---------- Forwarded message ---------\nno headers here\n") is None
	assert forwarded("Fwd: x", "Just text without a from line") is None


def test_quoted_forward_in_a_reply():
	text = "> ---------- Forwarded message ---------\n> From: A <a@customer.test>\n> Subject: Q\n>\n> Text"
	found = forwarded("Fwd: Q", text)
	assert found and found.sender == "a@customer.test"


def test_subject_prefixes():
	assert strip_forward_prefix("Fwd: FW: Пересл.: Где заказ") == "Где заказ"
	assert strip_forward_prefix("Re: Где заказ") == "Re: Где заказ"


def test_a_subject_alone_holds_back_only_a_reply():
	assert held_back_reason({"Subject": "Out of office hours delivery?"}, "anna@customer.test", SHOP) is None
	assert (
		held_back_reason({"Subject": "Auto reply is not working on your site"}, "a@customer.test", SHOP)
		is None
	)
	assert held_back_reason({"X-Auto-Response-Suppress": "All"}, "anna@customer.test", SHOP) is None


def test_message_ids_that_could_split_a_header_are_dropped():
	assert message_ids("<a@b\x1cFrom: evil@x.test>", "<ok@x> <b\x0bc@x> <d e@x>") == ["ok@x"]
	assert (
		is_message_id("179.22.1@customer.test")
		and not is_message_id("a<b@x")
		and not is_message_id("x" * 251)
	)


@pytest.mark.parametrize(
	"results, sender, reply_to, proven",
	[
		(
			"mx.shop.test; dmarc=pass (p=reject) header.from=customer.test",
			"Anna <anna@customer.test>",
			None,
			True,
		),
		(
			"mx.shop.test; dkim=pass header.d=customer.test header.s=s1; spf=pass",
			"anna@customer.test",
			None,
			True,
		),
		("mx.shop.test; dmarc=fail header.from=customer.test", "anna@customer.test", None, False),
		("mx.shop.test; dmarc=pass header.from=evil.test", "anna@customer.test", None, False),
		("mx.shop.test; dkim=pass header.d=evil.test", "anna@customer.test", None, False),
		(None, "anna@customer.test", None, False),
		(
			"mx.shop.test; dmarc=pass header.from=customer.test",
			"anna@customer.test",
			"victim@customer.test",
			False,
		),
		(
			"mx.shop.test; dmarc=pass header.from=customer.test",
			"anna@customer.test",
			"Anna <ANNA@customer.test>",
			True,
		),
	],
)
def test_a_letter_is_proven_by_the_mail_system_not_by_its_headers(results, sender, reply_to, proven):
	assert authenticated(results, sender, reply_to) is proven


def test_an_html_forward_is_read_with_its_lines():
	letter = (
		'<div dir="ltr">See below<br><br><div class="gmail_quote">---------- Forwarded message ---------<br>'
		"From: <b>Anna</b> &lt;anna@customer.test&gt;<br>Date: Mon, 1 Dec 2026<br>Subject: Брак<br>"
		"To: &lt;agent@shop.test&gt;<br><br><div>Шов разошёлся</div></div></div>"
	)
	found = forwarded("Fwd: Брак", html_to_text(letter))
	assert found and (found.sender, found.subject) == ("anna@customer.test", "Брак")
	assert "Шов разошёлся" in found.text
