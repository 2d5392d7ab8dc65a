"""Frappe's Communication on a request (an e-mail received or sent, a customer's reply): what each
capability does at each of its events, in order. hooks.py names one function per event here."""

from servicedesk_shop.customer import service as customer
from servicedesk_shop.inbox import service as inbox
from servicedesk_shop.intake import email_intake
from servicedesk_shop.service_desk import sanitize


def before_insert(doc, method=None):
	# an agent's reply e-mail to the customer carries the tracking link
	customer.add_tracking_link(doc, method)


def validate(doc, method=None):
	sanitize.sanitize_communication(doc, method)
	# an automatic letter on a request (an out-of-office reply) does not reopen it
	inbox.note_status(doc, method)


def after_insert(doc, method=None):
	# a received e-mail on a request without a source: from E-mail, linked to the sender's order
	email_intake.link_email_issue(doc, method)


def on_update(doc, method=None):
	# after Frappe reopened the request: an automatic letter's request gets its status back
	inbox.keep_status(doc, method)
