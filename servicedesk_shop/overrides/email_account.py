"""Frappe's Email Account, reading each pulled letter with the service desk's rules
(servicedesk_shop.inbox.service.ShopInboundMail). A class override, since Frappe offers no hook between
reading a letter and making a document of it: held-back mail must make no request at all."""

from frappe.email.doctype.email_account.email_account import EmailAccount

from servicedesk_shop.inbox.service import ShopInboundMail


class ServiceDeskEmailAccount(EmailAccount):
	def get_inbound_mails(self):
		mails = super().get_inbound_mails()
		for mail in mails:
			mail.__class__ = ShopInboundMail
		return mails
