// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Service Desk Overview"] = {
	filters: [
		// From Date and To Date: the last 28 days (servicedesk_desk.js)
		...servicedesk_shop.period_filters(28),
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Source", label: __("Source") },
				{ value: "Category", label: __("Category") },
				{ value: "Team", label: __("Team") },
				{ value: "Week", label: __("Week") },
			],
			default: "Source",
		},
		{ fieldname: "feedback_source", label: __("Source"), fieldtype: "Link", options: "Feedback Source" },
		{ fieldname: "issue_type", label: __("Category"), fieldtype: "Link", options: "Issue Type" },
		{ fieldname: "support_team", label: __("Team"), fieldtype: "Link", options: "Service Desk Team" },
	],
};
