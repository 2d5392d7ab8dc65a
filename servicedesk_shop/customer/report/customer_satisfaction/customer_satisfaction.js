// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Customer Satisfaction"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -90),
			reqd: 1,
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
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
