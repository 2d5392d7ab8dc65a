from frappe import _


def issue_dashboard(data):
	"""ERPNext's Issue connections plus the request's escalations, returns and exchange orders."""
	data.setdefault("transactions", []).extend(
		[
			{"label": _("Escalations"), "items": ["Issue Escalation"]},
			{"label": _("Returns and Exchanges"), "items": ["Delivery Note", "Sales Invoice", "Sales Order"]},
		]
	)
	return data
