// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.listview_settings["Triage Model"] = {
	get_indicator(doc) {
		const colour = { Published: "green", Rejected: "orange", Retired: "gray" }[doc.status];
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
	onload(listview) {
		listview.page.add_inner_button(__("Train Now"), () =>
			frappe
				.xcall("servicedesk_shop.triage.doctype.triage_model.triage_model.train_now")
				.then((message) => frappe.show_alert({ message, indicator: "blue" }))
		);
	},
};
