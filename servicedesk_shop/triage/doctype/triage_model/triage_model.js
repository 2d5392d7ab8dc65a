// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.ui.form.on("Triage Model", {
	refresh(frm) {
		frm.set_intro(
			frm.doc.status === "Published"
				? __("This model triages every new request.")
				: frm.doc.status === "Rejected"
					? __("This model was not published: it did worse than the published model.")
					: __("A model published earlier and replaced since."),
			frm.doc.status === "Published" ? "green" : "orange"
		);
	},
});
