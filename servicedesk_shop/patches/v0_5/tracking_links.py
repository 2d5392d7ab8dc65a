"""The second hardening on existing sites:
- the shipped acknowledgement and resolution templates, as the shop left them, quote the subject only
  where it may be quoted (an edited template stays as the shop made it; the app passes it no subject for
  an unproven address all the same);
- a guest's typed address counts as proven where its owner already used the e-mailed links: they rated
  the request or answered through its page."""

import frappe

from servicedesk_shop.customer.csat import TEMPLATES as RESOLUTION_TEMPLATES
from servicedesk_shop.intake.acknowledgement import TEMPLATES as ACKNOWLEDGEMENT_TEMPLATES

QUOTED = "{% if subject %} ({{ subject }}){% endif %}"


def execute():
	for template in ACKNOWLEDGEMENT_TEMPLATES + RESOLUTION_TEMPLATES:
		before = template["response"].replace(QUOTED, " ({{ subject }})")
		current = frappe.db.get_value(
			"Email Template", template["name"], ["response", "use_html"], as_dict=True
		)
		if current and not current.use_html and current.response == before:
			frappe.db.set_value("Email Template", template["name"], "response", template["response"])

	frappe.db.sql(
		"""
		update `tabIssue` issue
		set issue.address_confirmed = 1
		where issue.sender_identity = 'Typed Address'
			and issue.address_confirmed = 0
			and (
				ifnull(issue.csat_rating, 0) > 0
				or (
					select count(*) from `tabCommunication` c
					where c.reference_doctype = 'Issue' and c.reference_name = issue.name
						and c.communication_type = 'Communication' and c.sent_or_received = 'Received'
						and c.sender = issue.raised_by
				) > 1
			)
		"""
	)
