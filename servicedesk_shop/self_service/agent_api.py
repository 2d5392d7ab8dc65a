"""The self-service's endpoints for agents, on the Issue form: a help article to link in a reply, in the
customer's language, and a draft help article made from the answer that resolved a request.

Served under their names in servicedesk_shop.api, which the desk's issue.js calls."""

from servicedesk_shop.self_service.article_tools import check_agent, find_articles, make_article_from_answer
from servicedesk_shop.service_desk.guards import endpoint, issue_for


@endpoint("GET", "POST")
def find_help_articles(
	issue: str | None = None, text: str | None = None, language: str | None = None
) -> dict:
	"""Published help articles whose title holds `text`, in `language` (ru or en; by default the language
	of `issue`'s customer), read most first, for an agent who may read `issue`: {"language", "articles":
	[{"name", "title", "url", "category"}]}."""
	check_agent()
	return find_articles(issue_for(issue), text if isinstance(text, str) else None, language)


@endpoint("POST")
def make_help_article(issue: str | None = None) -> dict:
	"""An unpublished help article from the last answer on the resolved `issue` ("Make a Help Article"),
	in the request's language and for its category: {"name", "title"}. For an agent who may read the
	request and create help articles (a Knowledge Base Editor, a Support Manager)."""
	check_agent()
	return make_article_from_answer(issue_for(issue))
