// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.ui.form.on("Messenger Update", {
	refresh(frm) {
		if (!["Failed", "Held", "Ignored"].includes(frm.doc.status)) return;
		if (!frappe.user.has_role(["System Manager", "Support Manager"])) return;
		frm.add_custom_button(__("Process Again"), () => {
			frappe.call({
				method: "servicedesk_shop.api.retry_messenger_update",
				args: { update: frm.doc.name },
				freeze: true,
				callback: () => frm.reload_doc(),
			});
		});
	},
});
