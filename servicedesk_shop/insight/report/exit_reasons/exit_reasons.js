// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Exit Reasons"] = {
	filters: [
		// From Date and To Date: the last 28 days (servicedesk_desk.js)
		...servicedesk_shop.period_filters(28),
		servicedesk_shop.group_by_filter(["Reason", "Page and Reason", "Week and Reason", "Week"]),
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
