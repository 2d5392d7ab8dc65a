"""Frappe's Contact, the person behind a customer. hooks.py names one function per event here."""

from servicedesk_shop.messengers import service as messengers


def validate(doc, method=None):
	# each number keeps its key: a shopper sharing their phone in a chat is found by it
	messengers.note_phone_keys(doc, method)
