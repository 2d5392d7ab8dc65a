// servicedesk_shop: the fit advice in the Item form, from what customers said (size complaints and
// returns with a size reason; servicedesk_shop.insight).

frappe.ui.form.on("Item", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.name) return;
		frappe
			.call({ method: "servicedesk_shop.api.get_fit_advice", args: { item: frm.doc.name }, type: "GET" })
			.then((r) => {
				const advice = r.message;
				if (!advice || frm.doc.name !== advice.item) return;
				const esc = frappe.utils.escape_html;
				if (!advice.fit) {
					if (advice.observations)
						frm.dashboard.add_comment(
							__("Fit: not enough evidence yet ({0} customers told us about the fit).", [advice.observations]),
							"blue",
							true
						);
					return;
				}
				const colour = { "Runs Small": "orange", "Runs Large": "orange", "True to Size": "green" }[advice.fit];
				const link = `<a href="/app/fit-observation?template=${encodeURIComponent(advice.template)}">${__("Evidence")}</a>`;
				frm.dashboard.add_comment(
					`<b>${esc(advice.label)}</b> (${advice.share}%): ${esc(advice.advice)} ${link}`,
					colour,
					true
				);
			})
			.catch(() => {
				// the advice is a help beside the form, never in its way
			});
	},
});
