// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Triage Accuracy"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -90),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "model", label: __("Triage Model"), fieldtype: "Link", options: "Triage Model" },
		{ fieldname: "support_team", label: __("Support Team"), fieldtype: "Link", options: "Service Desk Team" },
	],
};
