"""Where the customer's order is, in a sentence for a canned answer: rules without `frappe`.

`customer.canned.delivery_status` reads the order and its shipment and calls `delivery_phrase`; the
canned answers take it as `{{ delivery_status(sales_order, delivery_note, "ru") }}`.

No `frappe` import.
"""

from dataclasses import dataclass
from datetime import date
from html import escape


@dataclass(frozen=True)
class Shipment:
	order: str | None = None
	order_status: str | None = None  # Sales Order.delivery_status
	per_delivered: float = 0
	delivery_note: str | None = None
	shipped_on: date | None = None
	carrier: str | None = None
	tracking: str | None = None  # the Delivery Note's transport receipt number (lr_no)
	is_return: bool = False


PHRASES = {
	"en": {
		"shipped": "Your order {order} was shipped on {date}",
		"shipped_no_order": "Your order was shipped on {date}",
		"carrier": " with {carrier}",
		"tracking": " (tracking number {tracking})",
		"delivered": "Your order {order} has been delivered in full",
		"partly": "Part of your order {order} has been shipped ({percent}%); the rest follows",
		"preparing": "Your order {order} is being prepared for shipping",
		"closed": "Your order {order} is closed",
		"unknown": "",
	},
	"ru": {
		"shipped": "Ваш заказ {order} отправлен {date}",
		"shipped_no_order": "Ваш заказ отправлен {date}",
		"carrier": ", служба доставки {carrier}",
		"tracking": " (трек-номер {tracking})",
		"delivered": "Ваш заказ {order} доставлен полностью",
		"partly": "Часть заказа {order} уже отправлена ({percent}%), остальное в пути",
		"preparing": "Ваш заказ {order} собирается к отправке",
		"closed": "Ваш заказ {order} закрыт",
		"unknown": "",
	},
}


def language_of(lang: str | None) -> str:
	return "ru" if (lang or "").lower().startswith("ru") else "en"


def format_day(day: date, lang: str) -> str:
	return day.strftime("%d.%m.%Y") if lang == "ru" else f"{day:%B} {day.day}, {day.year}"


def delivery_phrase(shipment: Shipment, lang: str | None = None) -> str:
	"""A sentence without a final full stop, or "" when nothing is known; HTML-escaped, as it goes into
	an e-mail's HTML (the carrier and the tracking number are typed by people)."""
	return escape(plain_phrase(shipment, lang), quote=False)


def plain_phrase(shipment: Shipment, lang: str | None = None) -> str:
	words = PHRASES[language_of(lang)]
	lang = language_of(lang)
	if shipment.delivery_note and shipment.shipped_on and not shipment.is_return:
		key = "shipped" if shipment.order else "shipped_no_order"
		text = words[key].format(order=shipment.order, date=format_day(shipment.shipped_on, lang))
		if shipment.carrier:
			text += words["carrier"].format(carrier=shipment.carrier)
		if shipment.tracking:
			text += words["tracking"].format(tracking=shipment.tracking)
		return text
	if not shipment.order:
		return ""
	match shipment.order_status:
		case "Fully Delivered":
			return words["delivered"].format(order=shipment.order)
		case "Partly Delivered":
			return words["partly"].format(order=shipment.order, percent=round(shipment.per_delivered or 0))
		case "Not Delivered":
			return words["preparing"].format(order=shipment.order)
		case "Closed":
			return words["closed"].format(order=shipment.order)
	return words["unknown"]
