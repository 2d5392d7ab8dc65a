"""The insight's indexes: it reads the other capabilities' fields and adds none of its own. No `frappe`
import: setup.install composes them."""

CUSTOM_FIELDS: dict = {}

# (doctype, fields, index name): the reports count the requests opened in a period; the reports and the fit
# advice job read exit feedback, fit observations and returns by when they changed
INDEXES = [
	("Issue", ["opening_date"], "servicedesk_opening_date"),
	("Exit Feedback", ["creation"], "servicedesk_exit_creation"),
	("Fit Observation", ["reference_doctype", "reference_name"], "servicedesk_fit_reference"),
	("Delivery Note", ["is_return", "modified"], "servicedesk_return_modified"),
	("Sales Invoice", ["is_return", "modified"], "servicedesk_return_modified"),
]
