// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Exit Reasons"] = {
	filters: [
		// From Date and To Date: the last 28 days (servicedesk_desk.js)
		...servicedesk_shop.period_filters(28),
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Reason", label: __("Reason") },
				{ value: "Page and Reason", label: __("Page and Reason") },
				{ value: "Week and Reason", label: __("Week and Reason") },
				{ value: "Week", label: __("Week") },
			],
			default: "Reason",
		},
		{
			fieldname: "page",
			label: __("Page"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Cart", label: __("Cart") },
				{ value: "Checkout", label: __("Checkout") },
			],
		},
		{ fieldname: "exit_reason", label: __("Reason"), fieldtype: "Link", options: "Exit Reason" },
		{
			fieldname: "currency",
			label: __("Currency"),
			fieldtype: "Link",
			options: "Currency",
			default: frappe.defaults.get_default("currency"),
			description: __("The cart values of this currency are summed."),
		},
	],
};
