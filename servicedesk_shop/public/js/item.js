// servicedesk_shop: the fit advice in the Item form, from what customers said (size complaints and
// returns with a size reason; servicedesk_shop.insight).

frappe.ui.form.on("Item", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.name) return;
		frappe
			.xcall("servicedesk_shop.api.get_fit_advice", { item: frm.doc.name }, "GET")
			.then((advice) => {
				if (!advice || frm.doc.name !== advice.item) return;
				const esc = frappe.utils.escape_html;
				let html;
				if (advice.fit) {
					const colour = { "Runs Small": "orange", "Runs Large": "orange", "True to Size": "green" }[advice.fit];
					const link = `<a href="/app/fit-observation?template=${encodeURIComponent(advice.template)}">${__("Evidence")}</a>`;
					html = `<div class="sd-fit-advice"><span class="indicator-pill ${colour}">${esc(advice.label)} · ${
						advice.share
					}%</span> ${esc(advice.advice)} ${link}</div>`;
				} else if (advice.observations) {
					html = `<div class="sd-fit-advice text-muted">${__(
						"Fit: not enough evidence yet ({0} customers told us about the fit).",
						[advice.observations]
					)}</div>`;
				} else {
					return;
				}
				// above the tabs, beside ERPNext's own messages (the form's dashboard is a tab of its own)
				frm.layout.message.find(".sd-fit-advice").closest(".form-message").remove();
				frm.layout.show_message(html, advice.fit === "True to Size" ? "green" : "yellow", true);
			})
			.catch(() => {
				// the advice is a help beside the form, never in its way
			});
	},
});
