// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Customer Satisfaction"] = {
	filters: [
		// From Date and To Date: the last 90 days (servicedesk_desk.js)
		...servicedesk_shop.period_filters(90),
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Team", label: __("Team") },
				{ value: "Agent", label: __("Agent") },
				{ value: "Category", label: __("Category") },
				{ value: "Source", label: __("Source") },
				{ value: "Week", label: __("Week") },
			],
			default: "Team",
		},
	],
};
