"""Canned answers: Frappe Email Templates for the desk's reply composer (its "Email Template" field),
in Russian and English, for the shop's common cases. The composer renders them with the Issue, so they
take its fields: `customer_name`, `sales_order`, `delivery_note`, `response_by` (the answer-by), and
`delivery_status(sales_order, delivery_note, lang)`, the order's delivery status in a sentence (a Jinja
method of the app: "Your order SAL-ORD-0007 was shipped on November 28, 2026 with CDEK (tracking
number 1234567)")."""

import frappe

from servicedesk_shop.customer.delivery import Shipment, delivery_phrase

ANSWER_BY = '{{ frappe.utils.format_datetime(response_by, "HH:mm, dd.MM") if response_by else "" }}'
HELLO_RU = "<p>Здравствуйте{% if customer_name %}, {{ customer_name }}{% endif %}!</p>"
HELLO_EN = "<p>Hello{% if customer_name %} {{ customer_name }}{% endif %},</p>"
ORDER_RU = "{% if sales_order %} {{ sales_order }}{% endif %}"
ORDER_EN = "{% if sales_order %} {{ sales_order }}{% endif %}"
STATUS_EN = '{% set status = delivery_status(sales_order, delivery_note, "en") %}'
STATUS_RU = '{% set status = delivery_status(sales_order, delivery_note, "ru") %}'

CANNED = [
	{
		"name": "Canned: Where Is My Order",
		"subject": "Your order{% if sales_order %} {{ sales_order }}{% endif %}",
		"response": HELLO_EN
		+ STATUS_EN
		+ "<p>{% if status %}{{ status }}.{% else %}Your order"
		+ ORDER_EN
		+ " is on its way{% if delivery_note %} (shipment {{ delivery_note }}){% endif %}.{% endif %} "
		"We have asked the courier service for the exact date and will write to you as soon as we hear.</p>",
	},
	{
		"name": "Canned: Where Is My Order (Russian)",
		"subject": "Ваш заказ{% if sales_order %} {{ sales_order }}{% endif %}",
		"response": HELLO_RU
		+ STATUS_RU
		+ "<p>{% if status %}{{ status }}.{% else %}Ваш заказ"
		+ ORDER_RU
		+ " в пути{% if delivery_note %} (отгрузка {{ delivery_note }}){% endif %}.{% endif %} "
		"Мы запросили точную дату у службы доставки и напишем вам, как только узнаем.</p>",
	},
	{
		"name": "Canned: Size Exchange",
		"subject": "Exchanging the size",
		"response": HELLO_EN
		+ f"<p>We are sorry the size did not fit. We will gladly exchange the item from order{ORDER_EN} for "
		"another size: we have prepared the exchange, and the courier will bring the new size and take the "
		"old one. Please keep the labels on.</p>",
	},
	{
		"name": "Canned: Size Exchange (Russian)",
		"subject": "Обмен размера",
		"response": HELLO_RU
		+ f"<p>Жаль, что размер не подошёл. Мы с радостью обменяем товар из заказа{ORDER_RU} на другой "
		"размер: обмен уже оформлен, курьер привезёт новый размер и заберёт прежний. Пожалуйста, "
		"сохраните бирки.</p>",
	},
	{
		"name": "Canned: Refund Timing",
		"subject": "Your refund",
		"response": HELLO_EN
		+ f"<p>We have accepted the return from order{ORDER_EN}. The money goes back to the card you paid "
		"with within 3 to 10 working days, depending on your bank.</p>",
	},
	{
		"name": "Canned: Refund Timing (Russian)",
		"subject": "Возврат денег",
		"response": HELLO_RU
		+ f"<p>Мы приняли возврат по заказу{ORDER_RU}. Деньги вернутся на карту, которой вы платили, в "
		"течение 3–10 рабочих дней, в зависимости от банка.</p>",
	},
	{
		"name": "Canned: Defect",
		"subject": "About the defect",
		"response": HELLO_EN
		+ f"<p>We are very sorry about the defect in your order{ORDER_EN}. Please send us a photo of it in "
		"reply to this e-mail; we will replace the item or refund it, whichever you prefer, and pay for the "
		"delivery.</p>",
	},
	{
		"name": "Canned: Defect (Russian)",
		"subject": "О браке",
		"response": HELLO_RU
		+ f"<p>Нам очень жаль, что в заказе{ORDER_RU} оказался брак. Пришлите, пожалуйста, фото в ответ на "
		"это письмо: мы заменим товар или вернём деньги, как вам удобнее, и оплатим доставку.</p>",
	},
	{
		"name": "Canned: Delivery Delay",
		"subject": "Your delivery is delayed",
		"response": HELLO_EN
		+ STATUS_EN
		+ f"<p>We are sorry: the delivery of your order{ORDER_EN} is delayed at the courier service."
		+ "{% if status %} {{ status }}.{% endif %} We are on it and will tell you the new date"
		+ "{% if response_by %} by "
		+ ANSWER_BY
		+ "{% endif %}.</p>",
	},
	{
		"name": "Canned: Delivery Delay (Russian)",
		"subject": "Доставка задерживается",
		"response": HELLO_RU
		+ STATUS_RU
		+ f"<p>Простите: доставка заказа{ORDER_RU} задерживается в службе доставки."
		+ "{% if status %} {{ status }}.{% endif %} Мы этим занимаемся и сообщим новую дату"
		+ "{% if response_by %} до "
		+ ANSWER_BY
		+ "{% endif %}.</p>",
	},
]


def delivery_status(sales_order=None, delivery_note=None, lang=None) -> str:
	"""The order's delivery status in a sentence for a canned answer (a Jinja method: the reply
	composer renders the template as the agent, so only what the agent may read is told)."""
	order = sales_order if isinstance(sales_order, str) and sales_order else None
	note = delivery_note if isinstance(delivery_note, str) and delivery_note else None
	values = {}
	found = order and frappe.db.get_value(
		"Sales Order", order, ["delivery_status as order_status", "per_delivered"], as_dict=True
	)
	if found and frappe.has_permission("Sales Order", "read", order):
		values.update(found)
	else:
		order = None
	shipped = note and frappe.db.get_value(
		"Delivery Note",
		{"name": note, "docstatus": 1},
		["posting_date as shipped_on", "transporter_name as carrier", "lr_no as tracking", "is_return"],
		as_dict=True,
	)
	if shipped and frappe.has_permission("Delivery Note", "read", note):
		values.update(shipped, delivery_note=note)
	if not order and not values.get("delivery_note"):
		return ""
	return delivery_phrase(
		Shipment(
			order=order,
			order_status=values.get("order_status"),
			per_delivered=float(values.get("per_delivered") or 0),
			delivery_note=values.get("delivery_note"),
			shipped_on=values.get("shipped_on"),
			carrier=values.get("carrier"),
			tracking=values.get("tracking"),
			is_return=bool(values.get("is_return")),
		),
		lang or frappe.local.lang,
	)


def make_canned_answers():
	"""The shipped canned answers, once (the shop edits or deletes them as it likes)."""
	for template in CANNED:
		if not frappe.db.exists("Email Template", template["name"]):
			frappe.get_doc({"doctype": "Email Template", **template}).insert(ignore_permissions=True)
