"""The delivery status sentence of the canned answers, without a site."""

import dataclasses
from datetime import date

import pytest

from servicedesk_shop.customer.delivery import Shipment, delivery_phrase

SHIPPED = Shipment(
	order="SAL-ORD-0007",
	delivery_note="MAT-DN-0003",
	shipped_on=date(2026, 11, 28),
	carrier="CDEK",
	tracking="1234567",
)


def test_a_shipment_with_its_carrier_and_tracking_number():
	assert delivery_phrase(SHIPPED, "en") == (
		"Your order SAL-ORD-0007 was shipped on November 28, 2026 with CDEK (tracking number 1234567)"
	)
	assert delivery_phrase(SHIPPED, "ru-RU") == (
		"Ваш заказ SAL-ORD-0007 отправлен 28.11.2026, служба доставки CDEK (трек-номер 1234567)"
	)


@pytest.mark.parametrize(
	"status, en, ru",
	[
		("Not Delivered", "is being prepared", "собирается"),
		("Fully Delivered", "has been delivered in full", "доставлен полностью"),
		("Partly Delivered", "(40%)", "(40%)"),
		("Closed", "is closed", "закрыт"),
	],
)
def test_the_order_status_without_a_shipment(status, en, ru):
	shipment = Shipment(order="SAL-ORD-0007", order_status=status, per_delivered=40)
	assert en in delivery_phrase(shipment, "en") and "SAL-ORD-0007" in delivery_phrase(shipment, "en")
	assert ru in delivery_phrase(shipment, "ru")


def test_nothing_known_says_nothing():
	assert delivery_phrase(Shipment(), "en") == ""
	assert delivery_phrase(Shipment(order="SAL-ORD-0007", order_status="Not Applicable"), "en") == ""
	# a return's note is no shipment to the customer
	returned = Shipment(
		order="SAL-ORD-0007",
		order_status="Fully Delivered",
		delivery_note="X",
		shipped_on=date(2026, 1, 2),
		is_return=True,
	)
	assert "delivered in full" in delivery_phrase(returned, "en")


def test_what_people_typed_is_escaped():
	shipment = dataclasses.replace(SHIPPED, carrier="<b>CDEK</b>", tracking="<script>x</script>")
	text = delivery_phrase(shipment, "en")
	assert "<" not in text and "&lt;script&gt;" in text
