// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

// a figure opens the documents behind it: the row's `_links` name a list (or a report) and its filters
function servicedesk_impact_route(target, filters) {
	const path = target.startsWith("query-report/")
		? `/app/query-report/${encodeURIComponent(target.slice("query-report/".length))}`
		: `/app/${frappe.router.slug(target)}`;
	const query = Object.entries(filters)
		.map(([key, value]) => {
			const text = typeof value === "string" ? value : JSON.stringify(value);
			return `${encodeURIComponent(key)}=${encodeURIComponent(text)}`;
		})
		.join("&");
	return query ? `${path}?${query}` : path;
}

frappe.query_reports["Service Desk Impact"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(frappe.datetime.add_months(frappe.datetime.get_today(), -11)),
			reqd: 1,
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{
			fieldname: "view",
			label: __("View"),
			fieldtype: "Select",
			options: ["By Month", "Returns Avoided", "By Team", "By Agent", "By Source", "By Category", "By Exit Reason"].map(
				(value) => ({ value, label: __(value) })
			),
			default: "By Month",
		},
		{
			fieldname: "print_month",
			label: __("Print a Month"),
			fieldtype: "Link",
			options: "Service Desk Impact Month",
			on_change() {
				const month = frappe.query_report.get_filter_value("print_month");
				if (!month) return;
				const url = `/printview?doctype=${encodeURIComponent("Service Desk Impact Month")}&name=${encodeURIComponent(
					month
				)}&format=${encodeURIComponent("Service Desk Impact Summary")}`;
				window.open(url, "_blank");
			},
		},
	],
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		const link = data && data._links && data._links[column.fieldname];
		if (!link || value === null || value === undefined || value === "") return formatted;
		const href = servicedesk_impact_route(link[0], link[1]);
		return `<a class="sd-behind" href="${href}" title="${__("Open the documents behind this figure")}">${formatted}</a>`;
	},
};
