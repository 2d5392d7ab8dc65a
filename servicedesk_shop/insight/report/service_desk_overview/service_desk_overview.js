// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Service Desk Overview"] = {
	filters: [
		// From Date and To Date: the last 28 days (servicedesk_desk.js)
		...servicedesk_shop.period_filters(28),
		servicedesk_shop.group_by_filter(["Source", "Category", "Team", "Week"]),
		{ fieldname: "feedback_source", label: __("Source"), fieldtype: "Link", options: "Feedback Source" },
		{ fieldname: "issue_type", label: __("Category"), fieldtype: "Link", options: "Issue Type" },
		{ fieldname: "support_team", label: __("Team"), fieldtype: "Link", options: "Service Desk Team" },
	],
};
