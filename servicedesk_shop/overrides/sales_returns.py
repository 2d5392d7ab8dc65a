"""ERPNext's Delivery Note and Sales Invoice, whose returns (a Delivery Note return, a Credit Note) are
the service desk's returns and fit evidence. hooks.py names these for both doctypes."""

from servicedesk_shop.insight import fit_advice
from servicedesk_shop.returns import service as returns


def on_submit(doc, method=None):
	# a submitted return tells its request
	returns.on_return_submitted(doc, method)


def on_trash(doc, method=None):
	# a deleted return is no evidence of an item's fit
	fit_advice.forget_evidence(doc, method)
