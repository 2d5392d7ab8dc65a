"""The self-service's endpoints: answers while the shopper types, "Did this answer your question?", and
where an order is, without a request.

Served under their names in servicedesk_shop.api, which the new-request page and the widget call."""

import frappe
from frappe import _

from servicedesk_shop.self_service import order_tracking, service
from servicedesk_shop.self_service.orders import MAX_TEXT, contact_key
from servicedesk_shop.self_service.session import session_hash
from servicedesk_shop.service_desk.errors import refuse
from servicedesk_shop.service_desk.guards import endpoint
from servicedesk_shop.service_desk.permissions import INTEGRATION
from servicedesk_shop.service_desk.ratelimit import setting, suggest_limit

_YES = {"1", "true", "yes", "on"}
_NO = {"0", "false", "no", "off"}


@endpoint("GET", "POST", guest=True, limit=suggest_limit)
def suggest_answers(
	text: str | None = None,
	source: str | None = None,
	language: str | None = None,
	item_code: str | None = None,
	session: str | None = None,
) -> dict:
	"""Help articles that may answer what the shopper is typing: {"answers": [{"article", "title", "url",
	"snippet"}]}, at most 3, best first, none for text that matches nothing well. `source`: the Feedback
	Source of the page; `language`: ru or en (else read from the text); `item_code`: the item the page is
	about; `session`: the page's anonymous session key (each answer is counted as shown once a session and
	day). Bad input is a 400 with its message."""
	return {
		"answers": service.suggest_answers(
			service.check_text(text),
			source=service.check_source(source),
			language=service.check_language(language),
			item_code=service.check_item(item_code),
			session_key=service.session_key_of(session),
		)
	}


@endpoint("POST", guest=True)
def answer_feedback(
	article: str | None = None,
	helped: str | int | bool | None = None,
	source: str | None = None,
	text: str | None = None,
	session: str | None = None,
) -> dict:
	"""The shopper's answer to "Did this answer your question?" for `article`: `helped` 1 (Yes: counts as
	a self-service resolution, no request is filed) or 0 (No). Once per `session` and article: a repeat
	answers {"recorded": false} and counts nothing. 404 for an article that is not published; 400 for
	bad input."""
	return service.answer_feedback(
		article,
		parse_helped(helped),
		source=service.check_source(source),
		text=service.check_text(text),
		session_key=service.session_key_of(session),
	)


def parse_helped(value) -> bool:
	if isinstance(value, bool):
		return value
	text = str(value).strip().lower() if isinstance(value, str | int) else ""
	if text in _YES:
		return True
	if text in _NO:
		return False
	refuse(_("Please say whether the answer helped (1 or 0)."), service.SelfServiceError)


# --- where is my order -------------------------------------------------------------------------------

MAX_PAGE = 500


def track_limit(kind: str) -> int:
	"""Order look-ups per caller and ten minutes: few for a person, so that numbers cannot be tried one
	by one; a storefront's server asking for its shoppers (Service Desk Integration) has its own."""
	if kind == INTEGRATION:
		return setting("servicedesk_integration_rate_limit")
	return setting("servicedesk_track_order_rate_limit")


@endpoint("GET", "POST", guest=True, limit=track_limit, window=order_tracking.WINDOW)
def track_order(
	order: str | None = None,
	email: str | None = None,
	session: str | None = None,
	page: str | None = None,
) -> dict:
	"""Where is my order: its state, lines, shipments (transporter, tracking number), expected delivery and
	returns, for `order` (its number, or the storefront's) and `email`, the e-mail or phone it was
	placed with; a logged-in customer may leave `email` out for an order of their own. A wrong pair and
	a missing order are the same 404. `session` (the page's session key) and `page` go on the Self
	Service Resolution it records."""
	order = order.strip() if isinstance(order, str) else ""
	if not order:
		refuse(_("Please enter your order number."))
	if len(order) > MAX_TEXT:
		refuse(_("{0} is too long: at most {1} characters.").format(_("Order Number"), MAX_TEXT))
	if email is not None and not isinstance(email, str):
		refuse(_("Please enter the e-mail or phone number the order was placed with."))
	email = (email or "").strip()
	if len(email) > MAX_TEXT:
		refuse(_("{0} is too long: at most {1} characters.").format(_("E-mail or Phone"), MAX_TEXT))
	if not email and frappe.session.user == "Guest":
		refuse(_("Please enter the e-mail or phone number the order was placed with."))
	if email and not contact_key(email):
		refuse(_("This is neither an e-mail address nor a phone number."))
	if session not in (None, "") and not session_hash(session):
		refuse(_("Session Key must be 16 to 64 letters, digits or the signs . _ : -"))
	if page is not None and (not isinstance(page, str) or len(page) > MAX_PAGE):
		refuse(_("{0} is too long: at most {1} characters.").format(_("Page"), MAX_PAGE))
	return order_tracking.track(order, email or None, session or None, page or None)
