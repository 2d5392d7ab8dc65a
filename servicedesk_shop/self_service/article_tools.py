"""For agents: a help article to link in a reply, in the customer's language, and a draft help article
made from the answer that resolved a request.

The draft is unpublished: an editor (Knowledge Base Editor, or a Support Manager, who is given the same
rights on Help Article, setup.access) reads it, takes out what was only for that customer
and publishes it. The answer loses, before it is stored, the earlier letter the reply box quoted, the
request's tracking link (a key to the customer's conversation) and the customer's address.
"""

import re

import frappe
from bs4 import BeautifulSoup, NavigableString
from frappe import _
from frappe.permissions import add_permission, update_permission_property
from frappe.utils import escape_html, get_fullname, get_url

from servicedesk_shop.self_service.help_centre import (
	LANGUAGES,
	category_title,
	help_language,
	published_articles,
)
from servicedesk_shop.self_service.links import article_url
from servicedesk_shop.service_desk.errors import refuse
from servicedesk_shop.service_desk.sanitize import safe_html

AGENT_ROLES = {"Support Team", "Support Manager", "System Manager"}
RESOLVED = ("Resolved", "Closed")
FOUND = 10
TEXT_LIMIT = 140

# (doctype, role, rights) given on install: a Support Manager edits the help centre as a Knowledge Base
# Editor does (Frappe gives Help Article to that role only, Help Category to the Website Manager). Saving
# an article saves its category too (Frappe recounts its articles), so the category needs "write".

SEPARATOR = "---"
"""Frappe's reply box puts this line (<div>---</div>) between the answer and the letter it quotes."""
TRACKING_LINK = re.compile(r"https?://\S*/support/track\S*|/support/track[?#]\S*")
EMPTY_TAIL = ("p", "div", "br")


def check_agent():
	"""Only the support team (and managers) use the agents' tools."""
	if frappe.session.user != "Administrator" and not AGENT_ROLES.intersection(frappe.get_roles()):
		refuse(_("Only the support team may do this."), frappe.PermissionError)


def customer_language(issue) -> str:
	"""The help centre's language for the request's customer: the language they wrote in (the intake's
	`customer_language`), else the site's."""
	return help_language(issue.get("customer_language") or frappe.get_system_settings("language") or "en")


# Links for a reply


def find_articles(issue, text: str | None = None, language: str | None = None) -> dict:
	"""Published articles whose title holds `text`, in `language` (the customer's by default), read most
	first: {"language", "articles": [{"name", "title", "url", "category"}]}; without text, the most read."""
	language = language if language in LANGUAGES else customer_language(issue)
	text = " ".join((text or "").split())[:TEXT_LIMIT]
	query, article, category = published_articles(language)
	query = (
		query.select(category.category_name, category.title_ru)
		.orderby(article.views, order=frappe.qb.desc)
		.orderby(article.title)
		.limit(FOUND)
	)
	if text:
		escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
		query = query.where(article.title.like(f"%{escaped}%"))
	return {
		"language": language,
		"articles": [
			{
				"name": row.name,
				"title": row.title,
				"url": get_url(article_url(row.category_slug, row.slug)),
				"category": category_title(row, language),
			}
			for row in query.run(as_dict=True)
		],
	}


# A draft from an answer


def _cut_from(node):
	"""`node` and everything after it in the document."""
	current = node
	while current.parent is not None:
		for sibling in list(current.next_siblings):
			sibling.extract()
		current = current.parent
	node.extract()


def _block_of(node):
	"""The paragraph-like element holding `node`."""
	while node.parent is not None and node.parent.name != "[document]":
		if getattr(node, "name", None) in ("p", "div", "li", "blockquote"):
			return node
		node = node.parent
	return node


def answer_body(html: str | None, customer_address: str | None = None) -> str:
	"""The answer in `html` without the quoted letter, tracking links or `customer_address` (not yet
	sanitized)."""
	soup = BeautifulSoup(html or "", "html.parser")
	separator = soup.find(string=lambda text: text.strip() == SEPARATOR)
	if separator is not None:
		_cut_from(_block_of(separator))
	for quote in soup.find_all("blockquote"):
		quote.decompose()
	for link in soup.find_all("a", href=TRACKING_LINK):
		# the line "Follow your request and answer us here: <link>" goes whole
		_block_of(link).decompose()
	address = (customer_address or "").strip()
	for link in soup.find_all("a", href=re.compile(r"^mailto:", re.I)):
		if address and address.lower() in link["href"].lower():
			link.decompose()
	for text in soup.find_all(string=True):
		cleaned = TRACKING_LINK.sub("", text)
		if address:
			cleaned = re.sub(re.escape(address), "", cleaned, flags=re.IGNORECASE)
		if cleaned != text:
			text.replace_with(NavigableString(cleaned))
	# the empty lines the cuts leave at the end
	while soup.contents:
		last = soup.contents[-1]
		if isinstance(last, NavigableString) and not last.strip():
			last.extract()
		elif last.name in EMPTY_TAIL and not last.get_text(strip=True) and not last.find("img"):
			last.decompose()
		else:
			break
	return str(soup).strip()


def draft_title(subject: str | None) -> str:
	"""The request's subject as the draft's title: one line of text."""
	text = BeautifulSoup(subject or "", "html.parser").get_text(" ")
	return " ".join(text.split())[:TEXT_LIMIT].rstrip()


def last_answer(issue) -> str | None:
	"""The last reply the shop sent the customer on `issue`, else the request's resolution details."""
	communication = frappe.qb.DocType("Communication")
	rows = (
		frappe.qb.from_(communication)
		.select(communication.content)
		.where(communication.reference_doctype == "Issue")
		.where(communication.reference_name == issue.name)
		.where(communication.communication_type == "Communication")
		.where(communication.sent_or_received == "Sent")
		.orderby(communication.creation, order=frappe.qb.desc)
		.limit(1)
	).run()
	return rows[0][0] if rows else issue.get("resolution_details")


def category_for(issue_type: str | None) -> str | None:
	"""The Help Category whose articles most often answer `issue_type`; else one of that name; else the
	first by position."""
	if issue_type:
		rows = frappe.get_all(
			"Help Article",
			filters=[["Help Article Issue Type", "issue_type", "=", issue_type]],
			fields=["category", "count(*) as articles"],
			group_by="category",
			order_by="articles desc, category asc",
			limit=1,
			as_list=True,
		)
		if rows:
			return rows[0][0]
		if frappe.db.exists("Help Category", issue_type):
			return issue_type
	categories = frappe.get_all(
		"Help Category", order_by="published desc, position asc, category_name asc", pluck="name", limit=1
	)
	return categories[0] if categories else None


def make_article_from_answer(issue) -> dict:
	"""An unpublished Help Article from the answer that resolved `issue`, in the request's language, for
	its category (Issue Type); answers {"name", "title"}. The caller checked the agent may read `issue`."""
	frappe.has_permission("Help Article", "create", throw=True)
	if issue.status not in RESOLVED:
		refuse(_("Only a resolved request's answer can become a help article."), frappe.ValidationError)
	body = safe_html(answer_body(last_answer(issue), issue.get("raised_by")))
	if not BeautifulSoup(body, "html.parser").get_text(strip=True):
		refuse(_("This request has no answer to make an article from."), frappe.ValidationError)
	category = category_for(issue.get("issue_type"))
	if not category:
		refuse(_("Make a help category first."), frappe.ValidationError)
	article = frappe.get_doc(
		{
			"doctype": "Help Article",
			"title": draft_title(issue.subject) or _("Answer to request {0}").format(issue.name),
			"category": category,
			"content": body,
			"language": customer_language(issue),
			"published": 0,
			"level": "Beginner",
			"author": get_fullname(frappe.session.user),
			"issue_types": [{"issue_type": issue.issue_type}] if issue.get("issue_type") else [],
		}
	).insert()
	article.add_comment(
		"Comment",
		_(
			"Draft made from the answer to request {0}. Check it for the customer's details before publishing."
		).format(f'<a href="/app/issue/{escape_html(issue.name)}">{escape_html(issue.name)}</a>'),
	)
	return {"name": article.name, "title": article.title}


# Install
