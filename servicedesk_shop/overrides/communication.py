"""Frappe's Communication on a request (an e-mail received or sent, a customer's reply): what each
capability does at each of its events, in order. hooks.py names one function per event here."""

from frappe.core.doctype.communication.communication import Communication

from servicedesk_shop.customer import service as customer
from servicedesk_shop.impact import service as impact
from servicedesk_shop.inbox import service as inbox
from servicedesk_shop.intake import email_intake
from servicedesk_shop.messengers import delivery as messengers
from servicedesk_shop.messengers import widget
from servicedesk_shop.service_desk import sanitize
from servicedesk_shop.service_desk.addresses import addresses_of, is_chat_address, mailboxes


class ChatsOnly:
	"""What a reply addressed to messenger chats only is sent through instead of an Email Account: the
	messengers deliver it (messengers.delivery), and no e-mail is made."""

	name = email_id = None

	def __bool__(self):
		return True


class ServiceDeskCommunication(Communication):
	"""Frappe's Communication, which never e-mails a messenger chat's address (`*.messenger.invalid`, the
	address a request from Telegram or VK stands under). The agent's reply box fills that address in as the
	recipient, and Frappe's `communication.email.make` sends: the chat gets the answer through the
	messengers, any real address on it still gets its e-mail, and a site without an outgoing e-mail account
	still takes a reply meant only for chats (Frappe would refuse it: "missing email account")."""

	def mail_recipients(self, is_inbound_mail_communcation=False):
		return mailboxes(super().mail_recipients(is_inbound_mail_communcation))

	def mail_cc(self, is_inbound_mail_communcation=False, include_sender=False):
		return mailboxes(super().mail_cc(is_inbound_mail_communcation, include_sender))

	def mail_bcc(self, is_inbound_mail_communcation=False):
		return mailboxes(super().mail_bcc(is_inbound_mail_communcation))

	def get_outgoing_email_account(self):
		account = super().get_outgoing_email_account()
		if account or not self.to_chats_only():
			return account
		return ChatsOnly()

	def send_email(self, *args, **kwargs):
		# to chats only, on a site without an outgoing account: the messengers deliver it, and no e-mail
		# goes (a copy to the agent neither: there is no account to send it, and ChatsOnly is none)
		if isinstance(self.get_outgoing_email_account(), ChatsOnly):
			return None
		return super().send_email(*args, **kwargs)

	def set_delivery_status(self, commit=False):
		super().set_delivery_status(commit=commit)
		# a reply to a chat and a mailbox: its e-mails' state would hide the chat's, so the worse shows
		messengers.keep_chat_status(self)

	def to_chats_only(self) -> bool:
		found = addresses_of(self)
		return bool(found) and all(is_chat_address(address) for address in found)


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
	# an agent's answer to a Telegram or VK chat's address: delivered in the chat
	messengers.on_communication(doc, method)
	# a message on a request: the widgets that hold its conversation are nudged to fetch it
	widget.on_communication(doc, method)


def on_update(doc, method=None):
	# after Frappe reopened the request: an automatic letter's request gets its status back
	inbox.keep_status(doc, method)
	# then a request the customer's message reopened counts a reopening
	impact.note_reopened_by_message(doc, method)
