"""Answers while the shopper types, on a site: the index of the published help articles, the suggestions,
"Did this answer your question?", and the answers a request was sent after.

The index (search.AnswerIndex) is built once per change, as routing's is: the site cache holds a version
number that any change to a Help Article or Help Category bumps; each process keeps the index of the
current version, so a suggestion costs one cache read and no query once the index is built. An article
is in it when it is published, in a published category, and both have their address (slug).

Feedback is once per browser session and article: Answer Feedback has a unique index on (session_key,
article), so of two answers sent at once the second is refused by the table and answered as already
recorded; the article's `helpful` or `not_helpful` is then counted by one UPDATE (`x = x + 1`). A "Yes"
also records a Self Service Resolution. Only the SHA-256 of the browser's session key is stored
(session.py); a page that sends none is counted by the caller's address, hashed the same way.

Answers shown, for the Self-Service report, are counted once per session, article and day without a
database write on the request: one Lua script in Redis adds "session article" to the day's set and, when
it was not there yet, adds 1 to the day's hash field (article, category, source, language); a process
skips even that for what it sent already (the next keystrokes show the same answers). The hourly
job `flush_answers_shown` renames each day's hash (new counts start a fresh one), adds its counts to Self
Service Tally rows (one upsert each; a row's name is made from its day and fields), commits, and only
then deletes the renamed hash: a flush that fails leaves it for the next, which adds it first. A report
that must be exact to the minute calls `flush_answers_shown()` before it reads.
"""

import hashlib
import json
from urllib.parse import urlsplit

import frappe
from frappe import _
from frappe.utils import (
	add_days,
	cint,
	escape_html,
	flt,
	get_url,
	is_markdown,
	md_to_html,
	now_datetime,
	today,
)
from pypika.terms import Values

from servicedesk_shop.intake.sources import get_source
from servicedesk_shop.intake.validation import LIMITS
from servicedesk_shop.routing.rules import ancestors
from servicedesk_shop.routing.service import get_state as routing_state
from servicedesk_shop.self_service.help_centre import published_articles
from servicedesk_shop.self_service.links import article_url
from servicedesk_shop.self_service.search import (
	AnswerIndex,
	Article,
	language_code,
	language_of,
	text_of_html,
)
from servicedesk_shop.self_service.session import HASH_LENGTH, session_hash
from servicedesk_shop.service_desk import counters
from servicedesk_shop.service_desk.children import child_values
from servicedesk_shop.service_desk.errors import ServiceDeskError, ServiceDeskNotFound, refuse
from servicedesk_shop.service_desk.guards import parse_json_argument
from servicedesk_shop.service_desk.versioned import VersionedCache
from servicedesk_shop.triage import service as triage

VERSION_KEY = counters.KEPT + "answers_version"  # kept through frappe.clear_cache() (see VersionedCache)
SUGGESTIONS = 3
MAX_SHOWN = 10
"""A request records at most this many answers its writer was shown."""
MIN_LETTERS = 3
"""A text with fewer letters gets no answers (the pages ask from three words or twelve characters on)."""
QUERY_LENGTH = 1000
"""What a feedback or resolution keeps of what was typed."""
ORDER_TRACKING = "Order Tracking"
"""A source that is no Feedback Source of its own: the order tracking page."""

SHOWN_SET = counters.KEPT + "answers_shown:{day}"
SHOWN_COUNTER = "answers_shown"
SHOWN_COUNTS = counters.COUNTS.format(name=SHOWN_COUNTER, day="{day}")
SHOWN_DAYS = counters.DAYS.format(name=SHOWN_COUNTER)
SHOWN_TTL = 2 * 24 * 3600
"""A day's set of sessions is kept a day longer than the day (a page left open over midnight)."""

# KEYS: the day's set of "session article", the day's counts, the days with counts. ARGV: the set's
# lifetime, the day, then a member and a field per answer shown
_COUNT_SHOWN = """
local added = 0
for i = 3, #ARGV, 2 do
	if redis.call('SADD', KEYS[1], ARGV[i]) == 1 then
		redis.call('HINCRBY', KEYS[2], ARGV[i + 1], 1)
		added = added + 1
	end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
if added > 0 then
	redis.call('SADD', KEYS[3], ARGV[2])
end
return added
"""

_scripts: dict[int, object] = {}
_counted: set[str] = set()
"""What this process already counted as shown ("site day session article"): the shopper's next
keystrokes show the same answers, and need no round trip to Redis. Redis decides across processes."""
COUNTED_LIMIT = 100_000


class SelfServiceError(ServiceDeskError):
	"""Bad input to the self-service: HTTP 400 and a translated message."""


class ArticleNotFound(ServiceDeskNotFound):
	"""No published help article of that name: HTTP 404."""


# --- the index ----------------------------------------------------------------------------------------


# the index of the current version: one cache read per request, a build per change
_indexes = VersionedCache(VERSION_KEY, "servicedesk_answers_index", lambda: AnswerIndex(load_articles()))


def invalidate_index(doc=None, method=None):
	"""Drop every process's index (Help Article and Help Category events)."""
	_indexes.invalidate()


def get_index() -> AnswerIndex:
	return _indexes.get()


CHILD_LISTS = {
	"issue_types": ("Help Article Issue Type", "issue_type"),
	"sources": ("Help Article Source", "feedback_source"),
	"item_groups": ("Help Article Item Group", "item_group"),
}


def load_articles() -> list[Article]:
	"""The published articles of published categories, oldest first, with their lists."""
	query, article, _category = published_articles()
	rows = query.select(article.content).orderby(article.creation).orderby(article.name).run(as_dict=True)
	lists = child_values("Help Article", CHILD_LISTS)
	return [
		Article(
			name=row.name,
			title=row.title or "",
			content=article_text(row.content),
			language=row.language,
			category=row.category_slug,
			url=article_url(row.category_slug, row.slug),
			**{fieldname: tuple(lists[fieldname].get(row.name, ())) for fieldname in CHILD_LISTS},
		)
		for row in rows
	]


def article_text(content: str | None) -> str:
	"""The plain text of an article's content (HTML from the editor, or Markdown)."""
	if content and is_markdown(content):
		content = md_to_html(content)
	return text_of_html(content)


# --- suggestions --------------------------------------------------------------------------------------


def enough_text(text: str | None) -> bool:
	return sum(1 for char in text or "" if char.isalpha()) >= MIN_LETTERS


def suggest_answers(
	text: str,
	source: str | None = None,
	language: str | None = None,
	item_code: str | None = None,
	session_key: str | None = None,
) -> list[dict]:
	"""Up to SUGGESTIONS answers to what the shopper is typing, best first, as {"article", "title", "url",
	"snippet"}; each shown is counted for the report once per session (`session_key_of`) and day.
	Arguments as the endpoint checked them (`check_*`)."""
	if not enough_text(text):
		return []
	item_group = item_group_of(item_code)
	answers = get_index().suggest(
		text,
		language=language,
		source=source,
		issue_type=predicted_category(text, source, item_group),
		item_group=ancestors(item_group, routing_state().index.hierarchies.get("item_group", {}))
		if item_group
		else None,
		limit=SUGGESTIONS,
	)
	if answers:
		count_shown(answers, session_key or session_key_of(None), source, language or language_of(text))
	return [
		{"article": a.article, "title": a.title, "url": get_url(a.url), "snippet": a.snippet} for a in answers
	]


def item_group_of(item_code: str | None) -> str | None:
	return frappe.get_cached_value("Item", item_code, "item_group") if item_code else None


def predicted_category(text: str, source: str | None, item_group: str | None) -> str | None:
	"""The category the triage reads in `text` when it is sure enough (its own threshold), else None."""
	settings = triage.settings()
	if not cint(settings.triage_enabled) or not triage.available():
		return None
	prediction = triage.predict(text, triage.telling_source(source), item_group, explain=0)
	guess = prediction.category if prediction else None
	if guess and guess.confidence >= flt(settings.triage_threshold or 40) / 100:
		return guess.label
	return None


# --- arguments ----------------------------------------------------------------------------------------


def check_text(text) -> str:
	if text is None:
		return ""
	if not isinstance(text, str):
		refuse(_("{0} must be text.").format(_("Message")), SelfServiceError)
	if len(text) > LIMITS["message"]:
		refuse(
			_("{0} is too long: at most {1} characters.").format(_("Message"), LIMITS["message"]),
			SelfServiceError,
		)
	return text


def check_source(source) -> str | None:
	"""A Feedback Source's name, or Order Tracking; None for none."""
	if source in (None, ""):
		return None
	if isinstance(source, str) and (source == ORDER_TRACKING or get_source(source)):
		return source
	refuse(
		_("Unknown feedback source {0}.").format(frappe.utils.escape_html(str(source)[:140])),
		SelfServiceError,
	)


def check_language(language) -> str | None:
	if language in (None, ""):
		return None
	code = language_code(language) if isinstance(language, str) else None
	if not code:
		refuse(_("Answers are in Russian (ru) or English (en)."), SelfServiceError)
	return code


def check_item(item_code) -> str | None:
	if item_code in (None, ""):
		return None
	if not isinstance(item_code, str) or len(item_code) > LIMITS["item_code"]:
		refuse(_("{0} must be text.").format(_("Item")), SelfServiceError)
	return item_code


def session_key_of(session) -> str:
	"""The stored key of the browser's session `session` (session.session_hash); without one, of the
	caller's address, so that a page that sends none is still counted once."""
	if session in (None, ""):
		address = getattr(frappe.local, "request_ip", None) or ""
		return hashlib.sha256(f"address:{address}".encode()).hexdigest()[:HASH_LENGTH]
	key = session_hash(session)
	if not key:
		refuse(_("The session key is not valid."), SelfServiceError)
	return key


def published_article(name) -> Article:
	"""The published article `name` as the index holds it; 404 for any other name."""
	article = get_index().get(name) if isinstance(name, str) else None
	if not article:
		refuse(_("There is no such help article."), ArticleNotFound)
	return article


def plain_query(text: str | None) -> str | None:
	"""What a guest typed, as stored: plain text (tags dropped, entities read), spaces joined, trimmed to
	QUERY_LENGTH characters."""
	if not text:
		return None
	plain = " ".join(text_of_html(text).split()) if "<" in text or "&" in text else " ".join(text.split())
	# stored escaped: the desk shows a Small Text as HTML, and the text read back may hold markup again
	return escape_html(plain[:QUERY_LENGTH]) or None


def page_of_request() -> str | None:
	"""The page the answer was shown on, as the browser names it (Referer)."""
	request = getattr(frappe.local, "request", None)
	referrer = request.headers.get("Referer") if request else None
	return plain_query(referrer[:500]) if referrer and referrer.startswith(("http://", "https://")) else None


# --- "Did this answer your question?" -----------------------------------------------------------------


def answer_feedback(
	article: str,
	helped: bool,
	source: str | None = None,
	text: str | None = None,
	session_key: str | None = None,
) -> dict:
	"""The shopper's "Yes" or "No" to an answer: {"recorded": True}, or {"recorded": False} when this
	session already answered for the article (nothing is counted twice)."""
	found = published_article(article)
	session_key = session_key or session_key_of(None)
	if not (was_shown(session_key, found.name) or read_on_its_page(found)):
		# an answer this session never saw: a script's or another site's vote, counted nowhere
		return {"recorded": False}
	language = language_of(text) or found.language
	recorded = record_feedback(
		found,
		helped,
		session_key,
		source=source,
		query=plain_query(text),
		language=language,
		page=page_of_request(),
	)
	return {"recorded": recorded}


def was_shown(session_key: str, article: str) -> bool:
	"""Whether `article` was suggested to the session today or yesterday (count_shown's sets)."""
	member = f"{session_key} {article}"
	return any(
		frappe.cache.sismember(SHOWN_SET.format(day=day), member) for day in (today(), add_days(today(), -1))
	)


def read_on_its_page(article: Article) -> bool:
	"""Whether the request comes from the article's own page (its "Was this helpful?")."""
	if not getattr(frappe.local, "request", None) or not article.url:
		return False
	page = urlsplit(frappe.get_request_header("Referer") or "")
	# this site's page (another site's page may have the same path), the article's own
	return bool(page.netloc) and (page.netloc, page.path) == (
		frappe.get_request_header("Host"),
		urlsplit(article.url).path,
	)


def record_feedback(
	article: Article,
	helped: bool,
	session_key: str,
	source: str | None = None,
	query: str | None = None,
	language: str | None = None,
	page: str | None = None,
) -> bool:
	"""An Answer Feedback and the article's counter, and for a "Yes" a Self Service Resolution; False
	(and nothing written) when the session already answered for the article."""
	facts = {
		"article": article.name,
		"issue_type": article.issue_types[0] if article.issue_types else None,
		"source": source,
		"language": language,
		"page": page,
		"query": query,
		"session_key": session_key,
	}
	savepoint = "servicedesk_answer_feedback"
	frappe.db.savepoint(savepoint)
	try:
		feedback = frappe.get_doc({"doctype": "Answer Feedback", "helped": 1 if helped else 0, **facts})
		feedback.flags.ignore_links = True  # the article is the index's, the rest was checked
		feedback.insert(ignore_permissions=True)
	except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
		# the same session answered for this article before, or at this moment in another request
		# (InnoDB made this insert wait for that one's commit, then refused it)
		frappe.db.rollback(save_point=savepoint)
		frappe.clear_last_message()
		return False
	counter = "helpful" if helped else "not_helpful"
	table = frappe.qb.DocType("Help Article")
	frappe.qb.update(table).set(table[counter], table[counter] + 1).where(table.name == article.name).run()
	if helped:
		resolution = frappe.get_doc({"doctype": "Self Service Resolution", "kind": "Answer", **facts})
		resolution.flags.ignore_links = True
		resolution.insert(ignore_permissions=True)
	return True


# --- the answers a request was sent after (hook servicedesk_intake_fields) -------------------------------


def shown_articles(value) -> list[str]:
	"""The published articles among the answers a page says it showed (a JSON list of names), each once,
	at most MAX_SHOWN; an article unpublished since is left out. Anything but a list of names is a 400."""
	if value in (None, "", "[]"):
		return []
	value = parse_json_argument(value)
	if not isinstance(value, list) or not all(isinstance(v, str) and 0 < len(v) <= 140 for v in value):
		refuse(_("The answers shown must be a list of help articles."), SelfServiceError)
	index = get_index()
	return [name for name in dict.fromkeys(value) if name in index][:MAX_SHOWN]


def intake_fields(data: dict) -> dict:
	"""Hook servicedesk_intake_fields: a request sent after answers were shown records them
	(Issue.answers_shown), and each counts as not helpful, once per session and article, as a "No"."""
	session_key = session_key_of(data.get("session"))
	# only what this session was shown: a request naming other articles counts against none of them
	names = [name for name in shown_articles(data.get("answers_shown")) if was_shown(session_key, name)]
	if not names:
		return {}
	index = get_index()
	message = data.get("message") if isinstance(data.get("message"), str) else None
	source = data.get("source") if isinstance(data.get("source"), str) else None
	for name in names:
		article = index.get(name)
		record_feedback(
			article,
			False,
			session_key,
			source=source,
			query=plain_query(message),
			language=language_of(message) or article.language,
			page=page_of_request(),
		)
	return {"answers_shown": json.dumps(names)}


# --- answers shown, for the report --------------------------------------------------------------------


def count_script():
	script = _scripts.get(id(frappe.cache))
	if script is None:
		script = _scripts[id(frappe.cache)] = frappe.cache.register_script(_COUNT_SHOWN)
	return script


def count_shown(answers, session_key: str, source: str | None, language: str | None) -> int:
	"""Count each answer as shown to this session today, if it was not yet: one round trip to Redis."""
	day = today()
	args = [SHOWN_TTL, day]
	for answer in answers:
		seen = f"{frappe.local.site} {day} {session_key} {answer.article}"
		if seen in _counted:
			continue
		if len(_counted) >= COUNTED_LIMIT:
			_counted.clear()
		_counted.add(seen)
		category = answer.issue_types[0] if answer.issue_types else None
		args += [f"{session_key} {answer.article}", json.dumps([answer.article, category, source, language])]
	if len(args) == 2:
		return 0
	keys = [
		frappe.cache.make_key(SHOWN_SET.format(day=day)),
		frappe.cache.make_key(SHOWN_COUNTS.format(day=day)),
		frappe.cache.make_key(SHOWN_DAYS),
	]
	return int(count_script()(keys=keys, args=args))


def tally_name(day: str, article: str, issue_type, source, language) -> str:
	key = json.dumps([str(day), article, issue_type, source, language])
	return hashlib.sha256(key.encode()).hexdigest()[:20]


def flush_answers_shown() -> int:
	"""Hourly (and before a report that must be exact): the answers shown counted in Redis, added to Self
	Service Tally. Returns how many were added. One flush at a time (the core's counters)."""

	def add(day: str, field: str, shown: int):
		article, issue_type, source, language = json.loads(field)
		add_to_tally(day, article, issue_type, source, language, shown)

	return counters.flush(SHOWN_COUNTER, add)


def add_to_tally(day: str, article: str, issue_type, source, language, shown: int):
	"""One upsert: the day's row gets `shown` more."""
	counters.add_to_row(
		"Self Service Tally",
		tally_name(day, article, issue_type, source, language),
		{"date": day, "article": article, "issue_type": issue_type, "source": source, "language": language},
		"shown",
		shown,
	)
