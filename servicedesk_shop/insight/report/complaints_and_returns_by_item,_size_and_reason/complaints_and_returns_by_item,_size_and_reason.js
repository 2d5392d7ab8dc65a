// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

// a figure opens the list of the requests or returns behind it
const servicedesk_linked = {
	size_complaints: ["Issue", "size_issues"],
	quality_complaints: ["Issue", "quality_issues"],
	returned_qty: ["Delivery Note", "return_notes"],
	returned_for_size: ["Delivery Note", "return_notes"],
	returned_for_quality: ["Delivery Note", "return_notes"],
};

frappe.query_reports["Complaints and Returns by Item, Size and Reason"] = {
	filters: [
		// From Date and To Date: the last 90 days (servicedesk_desk.js)
		...servicedesk_shop.period_filters(90),
		{ fieldname: "item_group", label: __("Item Group"), fieldtype: "Link", options: "Item Group" },
		{ fieldname: "item", label: __("Item"), fieldtype: "Link", options: "Item" },
	],
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		const linked = servicedesk_linked[column.fieldname];
		if (!linked || !data || !value) return formatted;
		const names = data[linked[1]] || [];
		if (!names.length) return formatted;
		const route = `/app/${frappe.router.slug(linked[0])}?name=${encodeURIComponent(JSON.stringify(["in", names]))}`;
		return `<a class="sd-behind" href="${route}" title="${__("Open the documents behind this figure")}">${formatted}</a>`;
	},
};
