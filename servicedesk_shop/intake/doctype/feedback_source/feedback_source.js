// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.ui.form.on("Feedback Source", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Open Form"), () => {
			window.open(`/support/new?source=${encodeURIComponent(frm.doc.name)}`, "_blank");
		});
		frm.add_custom_button(__("Widget Snippet"), () => {
			const snippet =
				`<script src="${frappe.urllib.get_base_url()}/assets/servicedesk_shop/js/feedback_widget.js" ` +
				`data-source="${frappe.utils.escape_html(frm.doc.name)}" defer></script>`;
			frappe.msgprint({
				title: __("Embed on a shop page"),
				message: `<pre>${frappe.utils.escape_html(snippet)}</pre>`,
			});
		});
	},
});
