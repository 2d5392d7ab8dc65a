"""Answers going back to the chat a request came from (filled in by the messengers' work)."""


def on_communication(doc, method=None):
	"""A Communication on a request: an agent's answer to a chat's address is delivered in the chat."""


def on_issue_update(doc, method=None):
	"""A request from a chat, resolved: the resolution message with the rating buttons in the chat."""
