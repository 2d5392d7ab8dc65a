// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Self-Service"] = {
	filters: [
		// From Date and To Date: the last 28 days (servicedesk_desk.js)
		...servicedesk_shop.period_filters(28),
		servicedesk_shop.group_by_filter(["Week", "Source", "Category", "Article"]),
		{ fieldname: "source", label: __("Source"), fieldtype: "Link", options: "Feedback Source" },
		{ fieldname: "issue_type", label: __("Category"), fieldtype: "Link", options: "Issue Type" },
		{ fieldname: "language", label: __("Language"), fieldtype: "Link", options: "Language" },
	],
};
