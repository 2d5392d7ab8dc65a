"""Exit feedback on a site: the shop's Exit Reasons, one tap in the cart or checkout recorded once per
session, and the request made through the intake when the shopper leaves a text and an e-mail. The rules
are in exit.py."""

import hmac

import frappe
from frappe import _
from frappe.utils import escape_html

from servicedesk_shop.insight.exit import validate_exit_feedback
from servicedesk_shop.insight.exit_answer import answer_for
from servicedesk_shop.intake.service import submit
from servicedesk_shop.intake.sources import get_source
from servicedesk_shop.intake.validation import FeedbackError
from servicedesk_shop.self_service.help_centre import help_language
from servicedesk_shop.self_service.session import session_hash
from servicedesk_shop.service_desk.errors import ServiceDeskError, ServiceDeskNotFound

EXIT_REASONS = [
	# (reason, category of a request made from it, ask for a text at once)
	("The price", "Product Question", 0),
	("The delivery cost", "Delivery", 0),
	("The delivery time", "Delivery", 0),
	("Unsure of the size", "Size and Fit", 0),
	("Payment failed", "Payment", 0),
	("Want to compare", None, 0),
	("Just looking", None, 0),
	("Other", None, 1),
]
# what a reason answers at once (set on a reason that has no answer yet): the shop's figures, as the
# help centre's articles give them (self_service.help_articles)
EXIT_ANSWERS = {
	"The delivery cost": {
		"answer_text": "Delivery is free from 5,000 ₽. Below that, delivery to a pick-up point costs 250 ₽.",
		"answer_text_ru": "Доставка бесплатная от 5 000 ₽. Для заказа меньше доставка в пункт выдачи — 250 ₽.",
	},
	"The delivery time": {
		"answer_text": "Orders placed by 14:00 leave the same working day: Moscow in 1–2 working days, "
		"St Petersburg in 1–3, other regions in 2–14. Checkout shows the date for your address.",
		"answer_text_ru": "Заказы, оформленные до 14:00, уходят в тот же рабочий день: Москва — 1–2 рабочих "
		"дня, Санкт-Петербург — 1–3, другие регионы — 2–14. Дату для вашего адреса покажем при оформлении.",
	},
	"Unsure of the size": {
		"answer_fit_advice": 1,
		"answer_text": "Not the right size? Exchange it for another size within 14 days; the new size is "
		"delivered free.",
		"answer_text_ru": "Не подошёл размер? Обменяйте на другой в течение 14 дней — новый размер доставим "
		"бесплатно.",
	},
	"Payment failed": {
		"answer_text": "Your order waits for payment for 24 hours: try again, another card, or choose to pay "
		"on delivery.",
		"answer_text_ru": "Заказ ждёт оплаты 24 часа: попробуйте ещё раз, другой картой или выберите оплату "
		"при получении.",
	},
}
ANSWER_FIELDS = ("answer_fit_advice", "answer_article", "answer_text", "answer_text_ru")
REASONS_CACHE = "servicedesk_shop:exit_reasons"


class ExitFeedbackError(ServiceDeskError):
	"""Bad exit feedback (400)."""


class ExitFeedbackNotFound(ServiceDeskNotFound):
	"""No exit feedback of this browser session (404)."""


def make_exit_reasons():
	"""The default Exit Reasons, and their answers on reasons that have none (a shop's own stay)."""
	for position, (reason, category, asks_for_text) in enumerate(EXIT_REASONS, 1):
		if not frappe.db.exists("Exit Reason", reason):
			frappe.get_doc(
				{
					"doctype": "Exit Reason",
					"reason": reason,
					"position": position,
					"enabled": 1,
					"issue_type": category if category and frappe.db.exists("Issue Type", category) else None,
					"asks_for_text": asks_for_text,
					**EXIT_ANSWERS.get(reason, {}),
				}
			).insert(ignore_permissions=True)
		elif reason in EXIT_ANSWERS and not any(frappe.db.get_value("Exit Reason", reason, ANSWER_FIELDS)):
			doc = frappe.get_doc("Exit Reason", reason)
			doc.update(EXIT_ANSWERS[reason])
			doc.save(ignore_permissions=True)


def clear_reasons_cache(doc=None, method=None):
	frappe.cache.delete_value(REASONS_CACHE)


def exit_reasons() -> list[dict]:
	"""The enabled Exit Reasons in their order (cached until one changes)."""
	reasons = frappe.cache.get_value(REASONS_CACHE)
	if reasons is None:
		reasons = frappe.get_all(
			"Exit Reason",
			filters={"enabled": 1},
			fields=["name", "issue_type", "asks_for_text", *ANSWER_FIELDS],
			order_by="position asc, name asc",
		)
		frappe.cache.set_value(REASONS_CACHE, reasons)
	return reasons


def exit_error_message(error: FeedbackError) -> str:
	match error.code:
		case "reason_required":
			return _("Please choose what stopped you.")
		case "unknown_reason":
			return _("Unknown reason {0}.").format(escape_html(error.params["reason"]))
		case "session_key_invalid":
			return _("Session Key must be 16 to 64 letters, digits or the signs . _ : -")
		case "page_invalid":
			return _("Page must be Cart or Checkout.")
		case "trigger_invalid":
			return _("Unknown moment of asking.")
		case "items_invalid":
			return _(
				"Items must be at most {0} item codes, each of at most 140 characters and without < or >."
			).format(error.params["limit"])
		case "cart_value_invalid":
			return _("Cart Value must be a number, 0 or more.")
		case "currency_invalid":
			return _("Currency must be a three-letter code.")
		case "too_long":
			return _("{0} is too long: at most {1} characters.").format(error.field, error.params["limit"])
		case "email_invalid":
			return _("Please enter a valid e-mail address.")
		case "page_url_invalid":
			return _("Page URL must be an http or https address.")
	return _("Invalid value for {0}.").format(error.field or "")


def refuse(message: str):
	frappe.flags.disable_traceback = True
	frappe.throw(message, ExitFeedbackError)


def record_exit_feedback(data: dict) -> dict:
	"""One tap of a reason: an Exit Feedback, once per session key (the same key answers the same record
	again, also when two taps race). With an e-mail and a text, a request through the normal intake,
	linked to it. Answers {"exit_feedback", "issue", "recorded", "answer"}: `answer` ({title, text, url})
	is what the reason answers back at once (exit_answer.py), or None."""
	reasons = {r.name: r for r in exit_reasons()}
	try:
		feedback = validate_exit_feedback(data, reasons)
	except FeedbackError as error:
		refuse(exit_error_message(error))
	source = data.get("source") if isinstance(data.get("source"), str) else None
	# the sources are cached (intake.sources): no query on a tap's path
	if source and not get_source(source):
		refuse(_("Unknown feedback source {0}.").format(escape_html(source)))
	source = source or feedback.page

	existing = frappe.db.get_value(
		"Exit Feedback", {"session_key": feedback.session_key}, ["name", "issue", "exit_reason"], as_dict=True
	)
	if existing:
		return follow_up(existing, feedback, source, reasons)
	doc = frappe.get_doc(
		{
			"doctype": "Exit Feedback",
			"exit_reason": feedback.reason,
			"page": feedback.page,
			"feedback_source": source if get_source(source) else None,
			"trigger": feedback.trigger,
			"cart_value": feedback.cart_value,
			"currency": feedback.currency
			if feedback.currency and frappe.db.exists("Currency", feedback.currency)
			else None,
			"item_codes": ",".join(feedback.item_codes) or None,
			"item_count": len(feedback.item_codes),
			# plain text, kept inert: Frappe shows a read-only Small Text as HTML
			"comment": escape_html(feedback.comment) or None,
			"email": feedback.email,
			"page_url": feedback.page_url,
			"session_key": feedback.session_key,
		}
	)
	try:
		# a savepoint: when a second tap of the same session won the race, this transaction goes on
		frappe.db.savepoint("exit_feedback")
		doc.insert(ignore_permissions=True)
		if frappe.session.user != "Guest":
			# anonymous for a logged-in shopper too: Frappe writes the session's user as the owner
			frappe.db.set_value(
				"Exit Feedback", doc.name, {"owner": "Guest", "modified_by": "Guest"}, update_modified=False
			)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		frappe.db.rollback(save_point="exit_feedback")
		frappe.clear_messages()  # Frappe's "must be unique" message is not the shopper's business
		# the other tap committed its row: a locking read sees it, where this transaction's snapshot
		# (repeatable read, taken before) would not. A shared lock, which this insert already holds on
		# the key: an exclusive one would deadlock with the other losers of the race.
		existing = frappe.db.sql(
			"select name, issue, exit_reason from `tabExit Feedback` where session_key = %s lock in share mode",
			feedback.session_key,
			as_dict=True,
		)[0]
		return follow_up(existing, feedback, source, reasons)

	issue = None
	if feedback.wants_contact:
		issue = request_from_exit(doc, feedback, source, reasons[feedback.reason].issue_type)
	return {
		"exit_feedback": doc.name,
		"issue": issue,
		"recorded": True,
		"answer": public(answer_for(reasons[feedback.reason], feedback.item_codes)),
	}


def public(answer) -> dict | None:
	return answer.public() if answer else None


def follow_up(existing, feedback, source: str, reasons) -> dict:
	"""The same session again: the first tap's reason stays; a text and an e-mail given after it make
	the request (once) and are kept on the record."""
	issue = existing.issue
	if (feedback.comment or feedback.email) and not issue:
		# what they wrote after the tap is kept, with or without an e-mail; both make the request
		doc = frappe.get_doc("Exit Feedback", existing.name)
		values = {"comment": escape_html(feedback.comment) or None, "email": feedback.email}
		doc.db_set({k: v for k, v in values.items() if v}, update_modified=False)
		if feedback.wants_contact:
			reason = reasons.get(existing.exit_reason) or reasons[feedback.reason]
			issue = request_from_exit(doc, feedback, source, reason.issue_type)
	reason = reasons.get(existing.exit_reason) or reasons[feedback.reason]
	return {
		"exit_feedback": existing.name,
		"issue": issue,
		"recorded": False,
		"answer": public(answer_for(reason, feedback.item_codes)),
	}


def request_from_exit(doc, feedback, source: str, category: str | None) -> str | None:
	"""The shopper's text and e-mail as a request through the intake (its rules, routing, triage and
	acknowledgement), linked both ways."""
	allowed = (get_source(source) or {}).get("categories") or []
	if category and allowed and category not in allowed:
		category = None  # not one the source offers: the source's default or the triage decides
	message = f"{feedback.comment}\n\n{_('What stopped me')}: {_(feedback.reason)}"
	if feedback.item_codes:
		message += "\n" + _("In the cart: {0}").format(", ".join(feedback.item_codes))
	frappe.db.savepoint("exit_request")
	try:
		answer = submit(
			{
				"source": source,
				"email": feedback.email,
				"message": message,
				"category": category,
				"page_url": feedback.page_url,
				"item_code": feedback.item_codes[0] if len(feedback.item_codes) == 1 else None,
				"client_token": f"exit:{feedback.session_key}"[:100],
			}
		)
	except (frappe.ValidationError, frappe.PermissionError):
		# the source takes no requests now (disabled, or for logged-in customers only): the tap and
		# what the shopper wrote stay recorded on the Exit Feedback, for the shop to read
		frappe.db.rollback(save_point="exit_request")
		frappe.clear_messages()
		return None
	doc.db_set("issue", answer["issue"], update_modified=False)
	return answer["issue"]


BACK_TO_CART_FIELDS = (
	"name",
	"session_key",
	"exit_reason",
	"item_codes",
	"feedback_source",
	"page",
	"page_url",
	"went_back_to_cart",
)


def back_to_cart(feedback, session) -> dict:
	"""The shopper read what their reason answered and went back to the cart: marked on their Exit
	Feedback and, when the reason answered, counted once as a Self Service Resolution (kind Exit Answer).
	Only the browser session that tapped may say so; for any other key, the same 404 as for no record."""
	if not isinstance(feedback, str) or not feedback.strip() or len(feedback) > 140:
		refuse(_("Exit Feedback is required."))
	if not isinstance(session, str) or not session_hash(session):
		refuse(_("Session Key must be 16 to 64 letters, digits or the signs . _ : -"))
	# a locking read: of two clicks at once, the second waits for the first and sees its mark
	row = frappe.db.get_value(
		"Exit Feedback",
		feedback,
		list(BACK_TO_CART_FIELDS),
		as_dict=True,
		for_update=True,
	)
	if not row or not hmac.compare_digest((row.session_key or "").encode(), session.encode()):
		frappe.flags.disable_traceback = True
		frappe.throw(_("There is no such exit feedback."), ExitFeedbackNotFound)
	if row.went_back_to_cart:
		return {"went_back_to_cart": True, "counted": False}
	frappe.db.set_value("Exit Feedback", row.name, "went_back_to_cart", 1, update_modified=False)
	reason = {r.name: r for r in exit_reasons()}.get(row.exit_reason)
	language = help_language()
	# read again for the resolution's record, not shown again
	answer = answer_for(reason, [c for c in (row.item_codes or "").split(",") if c], language, shown=False)
	if answer:
		frappe.get_doc(
			{
				"doctype": "Self Service Resolution",
				"kind": "Exit Answer",
				"article": answer.article,
				"issue_type": reason.issue_type,
				"source": row.feedback_source or row.page,
				"language": language,
				"page": row.page_url,
				"query": row.exit_reason,
				"session_key": session_hash(session),
			}
		).insert(ignore_permissions=True)
	return {"went_back_to_cart": True, "counted": bool(answer)}
