"""Text from customers, e-mails and agents made inert before it is stored and wherever it is shown.

Frappe sanitizes field values on save with `sanitize_html`, which returns its input untouched when the
text parses as JSON (`"<img src=x onerror=alert(1)>"`) or has no complete tag
(`<img src=x onerror=alert(1) ` at the end). A description sent through ERPNext's `/issues` web form, a
plain-text e-mail and an agent's reply all passed through that way. Here every such value of an Issue and
of its conversation is sanitized with `always_sanitize=True`. Subjects stay as written: they are text,
escaped wherever the app shows them (pages, e-mails, notifications), as Frappe's desk does.
"""

import re

from bs4 import BeautifulSoup
from frappe.utils import escape_html
from frappe.utils.html_utils import sanitize_html

ISSUE_HTML_FIELDS = ("description", "resolution_details")
_ONLY_BARE_PARAGRAPHS = re.compile(r"(?:</?p>|<br>|[^<>])*")


def safe_html(value: str | None) -> str:
	"""HTML that runs no script, whatever `value` is (JSON-looking, half a tag, plain text). Text without
	a complete tag (a plain-text e-mail, "a < b", "<img src=x onerror=… " cut off) is escaped, so it
	shows as written instead of being dropped."""
	if not value:
		return ""
	if "<" not in value and ">" not in value:
		return value
	if _ONLY_BARE_PARAGRAPHS.fullmatch(value):
		return value  # escaped text in <p> and <br> (the intake's own HTML): nothing can run in it
	if not BeautifulSoup(value, "html.parser").find():
		return escape_html(value)
	return sanitize_html(value, always_sanitize=True)


# what an article needs none of, and a pasted page may carry: page-wide CSS, a form that asks for a
# card number on the shop's own domain, a refresh to another site
PAGE_TAGS = ("style", "link", "meta", "form", "input", "button", "select", "textarea", "iframe", "object")


def article_html(value: str | None) -> str:
	"""An article's HTML as shown to shoppers: sanitized, and without the tags of a page (PAGE_TAGS)."""
	soup = BeautifulSoup(sanitize_html(value or "", always_sanitize=True), "html.parser")
	for tag in soup.find_all(PAGE_TAGS):
		tag.decompose()
	return str(soup)


def sanitize_issue(doc, method=None):
	"""Issue validate: the description and resolution as safe HTML."""
	for fieldname in ISSUE_HTML_FIELDS:
		value = doc.get(fieldname)
		if value and ("<" in value or ">" in value):
			doc.set(fieldname, safe_html(value))


def sanitize_communication(doc, method=None):
	"""Communication validate: the messages of a request (received e-mails, the customer's replies, the
	agents' answers) as safe HTML."""
	if doc.reference_doctype != "Issue":
		return
	if doc.content and ("<" in doc.content or ">" in doc.content):
		doc.content = safe_html(doc.content)
