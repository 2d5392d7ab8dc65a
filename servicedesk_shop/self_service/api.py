"""The self-service's endpoints: answers while the shopper types, and "Did this answer your question?".

Served under their names in servicedesk_shop.api, which the new-request page and the widget call."""

from frappe import _

from servicedesk_shop.self_service import service
from servicedesk_shop.service_desk.errors import refuse
from servicedesk_shop.service_desk.guards import endpoint
from servicedesk_shop.service_desk.ratelimit import suggest_limit

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
