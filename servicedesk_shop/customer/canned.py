"""Canned answers: Frappe Email Templates for the desk's reply composer (its "Email Template" field),
in Russian and English, for the shop's common cases. The composer renders them with the Issue, so they
take its fields: `customer_name`, `sales_order`, `delivery_note`, `response_by` (the answer-by)."""

import frappe

ANSWER_BY = '{{ frappe.utils.format_datetime(response_by, "HH:mm, dd.MM") if response_by else "" }}'
HELLO_RU = "<p>Здравствуйте{% if customer_name %}, {{ customer_name }}{% endif %}!</p>"
HELLO_EN = "<p>Hello{% if customer_name %} {{ customer_name }}{% endif %},</p>"
ORDER_RU = "{% if sales_order %} {{ sales_order }}{% endif %}"
ORDER_EN = "{% if sales_order %} {{ sales_order }}{% endif %}"

CANNED = [
	{
		"name": "Canned: Where Is My Order",
		"subject": "Your order{% if sales_order %} {{ sales_order }}{% endif %}",
		"response": HELLO_EN
		+ f"<p>Your order{ORDER_EN} is on its way"
		+ "{% if delivery_note %} (shipment {{ delivery_note }}){% endif %}. "
		"We have asked the courier service for the exact date and will write to you as soon as we hear.</p>",
	},
	{
		"name": "Canned: Where Is My Order (Russian)",
		"subject": "Ваш заказ{% if sales_order %} {{ sales_order }}{% endif %}",
		"response": HELLO_RU
		+ f"<p>Ваш заказ{ORDER_RU} в пути"
		+ "{% if delivery_note %} (отгрузка {{ delivery_note }}){% endif %}. "
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
		+ f"<p>We are sorry: the delivery of your order{ORDER_EN} is delayed at the courier service. We are "
		"on it and will tell you the new date" + "{% if response_by %} by " + ANSWER_BY + "{% endif %}.</p>",
	},
	{
		"name": "Canned: Delivery Delay (Russian)",
		"subject": "Доставка задерживается",
		"response": HELLO_RU
		+ f"<p>Простите: доставка заказа{ORDER_RU} задерживается в службе доставки. Мы этим занимаемся и "
		"сообщим новую дату" + "{% if response_by %} до " + ANSWER_BY + "{% endif %}.</p>",
	},
]


def make_canned_answers():
	"""The shipped canned answers, once (the shop edits or deletes them as it likes)."""
	for template in CANNED:
		if not frappe.db.exists("Email Template", template["name"]):
			frappe.get_doc({"doctype": "Email Template", **template}).insert(ignore_permissions=True)
