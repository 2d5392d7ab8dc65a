// Copyright (c) 2026, servicedesk_shop developers
// License: MIT. See license.txt

frappe.ui.form.on("Routing Rule", {
	refresh(frm) {
		// the Test action is for those who may change rules (servicedesk_shop.api.test_routing)
		if (frappe.user.has_role(["System Manager", "Support Manager"])) {
			frm.add_custom_button(__("Test"), () => test_routing(frm));
		}
	},
});

function test_routing(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Which rule would route this request?"),
		fields: [
			{ fieldname: "source", fieldtype: "Link", options: "Feedback Source", label: __("Feedback Source") },
			{ fieldname: "category", fieldtype: "Link", options: "Issue Type", label: __("Category") },
			{ fieldname: "item_code", fieldtype: "Link", options: "Item", label: __("Item") },
			{ fieldname: "column_break_sample", fieldtype: "Column Break" },
			{ fieldname: "customer", fieldtype: "Link", options: "Customer", label: __("Customer") },
			{ fieldname: "order_total", fieldtype: "Currency", label: __("Order Total") },
			{
				fieldname: "mood",
				fieldtype: "Select",
				options: ["", "Angry", "Negative", "Neutral", "Positive"],
				label: __("Customer Mood"),
			},
			{ fieldname: "urgency", fieldtype: "Link", options: "Issue Priority", label: __("Urgency") },
			{ fieldname: "section_text", fieldtype: "Section Break" },
			{ fieldname: "text", fieldtype: "Small Text", label: __("Subject and Message") },
			{ fieldname: "result", fieldtype: "HTML" },
		],
		primary_action_label: __("Test"),
		primary_action(values) {
			frappe.call("servicedesk_shop.api.test_routing", values).then((r) => {
				const result = r.message;
				const esc = frappe.utils.escape_html;
				const tried = result.tried
					.map((t) => `<li><b>${esc(t.rule)}</b>: ${esc(t.why_not)}</li>`)
					.join("");
				dialog.fields_dict.result.$wrapper.html(`
					<div class="mt-3">
						<p><b>${__("Winning rule")}:</b> ${esc(result.rule || __("none"))}
						&nbsp; <b>${__("Team")}:</b> ${esc(result.team || __("none"))}</p>
						<p>${esc(result.reasons.join("; "))}</p>
						${tried ? `<p><b>${__("Tried before")}:</b></p><ol>${tried}</ol>` : ""}
					</div>`);
			});
		},
	});
	dialog.show();
}
