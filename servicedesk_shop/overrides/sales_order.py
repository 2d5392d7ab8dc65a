"""ERPNext's Sales Order, which the service desk counts as saved when it follows a contact of the desk
(impact.conversions). hooks.py names one function per event here; each does almost nothing on the
order's own path (a field set, a job enqueued after the commit, one DELETE on a cancel)."""

from servicedesk_shop.impact import conversions


def before_submit(doc, method=None):
	# when it was submitted: the conversion window is measured to it
	conversions.note_submitted(doc, method)


def on_submit(doc, method=None):
	# the order attributed to the latest contact before it, by a job after the commit
	conversions.on_submit(doc, method)


def on_cancel(doc, method=None):
	# a cancelled order was not saved
	conversions.on_cancel(doc, method)
