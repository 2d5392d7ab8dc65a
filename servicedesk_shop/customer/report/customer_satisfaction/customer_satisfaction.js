// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Customer Satisfaction"] = {
	filters: [
		// From Date and To Date: the last 90 days (servicedesk_desk.js)
		...servicedesk_shop.period_filters(90),
		servicedesk_shop.group_by_filter(["Team", "Agent", "Category", "Source", "Week"]),
	],
};
