// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Self-Service"] = {
	filters: [
		// From Date and To Date: the last 28 days (servicedesk_desk.js)
		...servicedesk_shop.period_filters(28),
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Week", label: __("Week") },
				{ value: "Source", label: __("Source") },
				{ value: "Category", label: __("Category") },
				{ value: "Article", label: __("Article") },
			],
			default: "Week",
		},
		{ fieldname: "source", label: __("Source"), fieldtype: "Link", options: "Feedback Source" },
		{ fieldname: "issue_type", label: __("Category"), fieldtype: "Link", options: "Issue Type" },
		{ fieldname: "language", label: __("Language"), fieldtype: "Link", options: "Language" },
	],
};
