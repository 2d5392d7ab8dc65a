"""The delivery status in the canned answers "Where Is My Order" and "Delivery Delay" (issue 9) on sites
that have them as shipped: a template the shop edited is left alone."""

import frappe

from servicedesk_shop.customer.canned import CANNED

# the responses as issue 9 first shipped them
PREVIOUS = {
	"Canned: Where Is My Order": "<p>Hello{% if customer_name %} {{ customer_name }}{% endif %},</p><p>Your order{% if sales_order %} {{ sales_order }}{% endif %} is on its way{% if delivery_note %} (shipment {{ delivery_note }}){% endif %}. We have asked the courier service for the exact date and will write to you as soon as we hear.</p>",
	"Canned: Where Is My Order (Russian)": "<p>Здравствуйте{% if customer_name %}, {{ customer_name }}{% endif %}!</p><p>Ваш заказ{% if sales_order %} {{ sales_order }}{% endif %} в пути{% if delivery_note %} (отгрузка {{ delivery_note }}){% endif %}. Мы запросили точную дату у службы доставки и напишем вам, как только узнаем.</p>",
	"Canned: Delivery Delay": '<p>Hello{% if customer_name %} {{ customer_name }}{% endif %},</p><p>We are sorry: the delivery of your order{% if sales_order %} {{ sales_order }}{% endif %} is delayed at the courier service. We are on it and will tell you the new date{% if response_by %} by {{ frappe.utils.format_datetime(response_by, "HH:mm, dd.MM") if response_by else "" }}{% endif %}.</p>',
	"Canned: Delivery Delay (Russian)": '<p>Здравствуйте{% if customer_name %}, {{ customer_name }}{% endif %}!</p><p>Простите: доставка заказа{% if sales_order %} {{ sales_order }}{% endif %} задерживается в службе доставки. Мы этим занимаемся и сообщим новую дату{% if response_by %} до {{ frappe.utils.format_datetime(response_by, "HH:mm, dd.MM") if response_by else "" }}{% endif %}.</p>',
}


def execute():
	shipped = {template["name"]: template for template in CANNED}
	for name, previous in PREVIOUS.items():
		if frappe.db.get_value("Email Template", name, "response") == previous:
			frappe.db.set_value("Email Template", name, "response", shipped[name]["response"])
