"""Frappe's Notification Log (assignments, mentions, shares): hooks.py names this for its events."""

from servicedesk_shop.service_desk import mail


def before_insert(doc, method=None):
	# without an outgoing e-mail account, a notice about a request stays in the desk (no error logged)
	mail.hold_notification_email(doc, method)
