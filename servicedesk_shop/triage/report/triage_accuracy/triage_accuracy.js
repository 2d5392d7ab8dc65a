// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Triage Accuracy"] = {
	filters: [
		// From Date and To Date: the last 90 days (servicedesk_desk.js)
		...servicedesk_shop.period_filters(90),
		{ fieldname: "model", label: __("Triage Model"), fieldtype: "Link", options: "Triage Model" },
		{ fieldname: "support_team", label: __("Support Team"), fieldtype: "Link", options: "Service Desk Team" },
	],
};
