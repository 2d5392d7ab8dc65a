"""The default records (setup.defaults), the shop's e-mail templates and canned answers, and the exit
reasons: made on install, and by the demo and the tests. Existing records stay as they are, and migrate
does not bring back what an admin deleted."""

import frappe

from servicedesk_shop.customer.canned import make_canned_answers
from servicedesk_shop.customer.csat import make_templates as make_resolution_templates
from servicedesk_shop.insight.exit_feedback import make_exit_reasons
from servicedesk_shop.intake.acknowledgement import make_templates as make_acknowledgement_templates
from servicedesk_shop.setup.access import make_roles
from servicedesk_shop.setup.defaults import FEEDBACK_SOURCES, ISSUE_TYPES, RETURN_REASONS


def make_default_records():
	"""The shop's roles, categories (Issue Types), return reasons, feedback sources, e-mail templates and
	exit reasons."""
	make_roles()
	make_issue_types()
	make_return_reasons()
	make_feedback_sources()
	make_email_templates()
	make_exit_reasons()


def make_issue_types():
	for issue_type in ISSUE_TYPES:
		if not frappe.db.exists("Issue Type", issue_type):
			frappe.get_doc({"doctype": "Issue Type", "name": issue_type}).insert(ignore_permissions=True)


def make_return_reasons():
	for reason, category in RETURN_REASONS:
		if not frappe.db.exists("Return Reason", reason):
			frappe.get_doc(
				{"doctype": "Return Reason", "reason": reason, "default_issue_type": category}
			).insert(ignore_permissions=True)


def make_feedback_sources():
	for source in FEEDBACK_SOURCES:
		priority = source.get("default_priority")
		if priority and not frappe.db.exists("Issue Priority", priority):
			frappe.get_doc({"doctype": "Issue Priority", "name": priority}).insert(ignore_permissions=True)
	for source in FEEDBACK_SOURCES:
		if frappe.db.exists("Feedback Source", source["title"]):
			continue
		doc = frappe.new_doc("Feedback Source")
		doc.update({key: value for key, value in source.items() if key != "categories"})
		for issue_type in source["categories"]:
			doc.append("categories", {"issue_type": issue_type})
		doc.insert(ignore_permissions=True)


def make_email_templates():
	"""The intake's acknowledgements, the resolution e-mails and the canned answers."""
	make_acknowledgement_templates()
	make_resolution_templates()
	make_canned_answers()
