// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.ui.form.on("Messenger Channel", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Connect"), () => {
			if (frm.is_dirty()) {
				frappe.msgprint(__("Save the channel first, then connect it."));
				return;
			}
			frappe.call({
				method: "servicedesk_shop.api.connect_messenger_channel",
				args: { channel: frm.doc.name },
				freeze: true,
				freeze_message: __("Connecting..."),
				callback: ({ message }) => {
					if (!message) return;
					frm.reload_doc();
					if (message.vk) {
						show_vk_settings(message);
					} else {
						frappe.msgprint({
							title: message.ok ? __("Connected") : __("Not Connected"),
							indicator: message.ok ? "green" : "red",
							message: frappe.utils.escape_html(message.message),
						});
					}
				},
			});
		});
	},
	channel_type(frm) {
		// the other messenger's address would be wrong: the default follows the type
		frm.set_value("api_url", "");
	},
});

function show_vk_settings(answer) {
	const e = frappe.utils.escape_html;
	const vk = answer.vk;
	const row = (label, value) =>
		`<tr><th style="white-space:nowrap;padding-right:1em">${e(label)}</th><td><code>${e(value || "")}</code></td></tr>`;
	frappe.msgprint({
		title: __("VK Callback API Settings"),
		indicator: answer.ok ? "green" : "orange",
		wide: true,
		message:
			`<p>${e(answer.message)}</p>` +
			`<p>${e(__("In the community: Manage, then API usage, then Callback API."))}</p>` +
			'<table class="table table-bordered">' +
			row(__("API version"), vk.api_version) +
			row(__("Address"), vk.url) +
			row(__("Secret key"), vk.secret) +
			row(__("Confirmation String"), vk.confirmation) +
			row(__("Event types"), vk.events.join(", ")) +
			"</table>",
	});
}
