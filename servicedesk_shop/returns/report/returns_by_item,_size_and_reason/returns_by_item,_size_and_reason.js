// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.query_reports["Returns by Item, Size and Reason"] = {
	filters: [
		// From Date and To Date: the last 90 days (servicedesk_desk.js)
		...servicedesk_shop.period_filters(90),
		{ fieldname: "item_group", label: __("Item Group"), fieldtype: "Link", options: "Item Group" },
		{ fieldname: "reason", label: __("Return Reason"), fieldtype: "Link", options: "Return Reason" },
	],
};
