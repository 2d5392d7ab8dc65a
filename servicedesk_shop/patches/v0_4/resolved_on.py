"""When each resolved request was resolved (issue 9), on existing sites: ERPNext's resolution date where
an SLA set one, else the last change, so the reopening and rating days keep counting from then."""

import frappe
from frappe.query_builder.functions import Coalesce

from servicedesk_shop.setup.install import sync_custom_fields


def execute():
	sync_custom_fields()  # the field first: custom fields are otherwise made after the patches
	issue = frappe.qb.DocType("Issue")
	(
		frappe.qb.update(issue)
		.set(issue.resolved_on, Coalesce(issue.sla_resolution_date, issue.modified))
		.where(issue.status.isin(["Resolved", "Closed"]))
		.where(issue.resolved_on.isnull())
	).run()
