// servicedesk_shop: escalation alerts in the desk, as they happen.
frappe.realtime.on("servicedesk_escalation", (data) => {
	frappe.show_alert(
		{
			message: `${frappe.utils.escape_html(data.message)}<br>
				<a href="/app/issue/${encodeURIComponent(data.issue)}">${frappe.utils.escape_html(data.subject || data.issue)}</a>`,
			indicator: "red",
		},
		15
	);
});

// the From Date and To Date filters of the app's reports: the last `days` days by default
frappe.provide("servicedesk_shop");
servicedesk_shop.period_filters = function (days) {
	return [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -days),
			reqd: 1,
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
	];
};

// the Group By filter of the app's reports: its values in order, the first by default, each shown in
// the user's language (the values are in translations/ru.csv)
servicedesk_shop.group_by_filter = function (values) {
	return {
		fieldname: "group_by",
		label: __("Group By"),
		fieldtype: "Select",
		options: values.map((value) => ({ value, label: __(value) })),
		default: values[0],
	};
};
