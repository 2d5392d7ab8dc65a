// servicedesk_shop: shop actions on the Issue form.

frappe.ui.form.on("Issue", {
	refresh(frm) {
		if (frm.is_new()) return;
		show_sender(frm);
		show_phone_answer(frm);
		show_triage(frm);
		show_customer_panel(frm);
		show_messenger_deliveries(frm);
		frm.add_custom_button(
			__("Tracking Link"),
			() =>
				frappe
					.call("servicedesk_shop.api.get_track_url", { issue: frm.doc.name })
					.then((r) => {
						frappe.msgprint({
							title: __("Tracking Link"),
							message: `<p>${__("The customer follows and answers the request here:")}</p>
								<p><a href="${encodeURI(r.message)}" target="_blank" rel="noopener">${frappe.utils.escape_html(r.message)}</a></p>`,
						});
					}),
			__("Shop")
		);
		if (frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(
				__("Revoke Tracking Links"),
				() =>
					frappe.confirm(
						__("Every tracking link sent for this request stops working. The next reply carries a new one. Continue?"),
						() =>
							frappe
								.call("servicedesk_shop.api.revoke_tracking_links", { issue: frm.doc.name })
								.then(() => {
									frappe.show_alert({ message: __("Tracking links revoked."), indicator: "green" });
									frm.reload_doc();
								})
					),
				__("Shop")
			);
			if (["Typed Address", "E-mail"].includes(frm.doc.sender_identity) && !frm.doc.address_confirmed) {
				frm.add_custom_button(
					__("Confirm Sender's Address"),
					() =>
						frappe.confirm(
							__("Confirm that {0} is the customer's own address? The request then shows in their My Requests.", [
								frappe.utils.escape_html(frm.doc.raised_by || ""),
							]),
							() =>
								frappe
									.call("servicedesk_shop.api.confirm_sender_address", { issue: frm.doc.name })
									.then(() => frm.reload_doc())
						),
					__("Shop")
				);
			}
			frm.add_custom_button(
				__("Route Again"),
				() =>
					frappe
						.call("servicedesk_shop.api.route_issue", { issue: frm.doc.name })
						.then(() => frm.reload_doc()),
				__("Shop")
			);
		}
		if (frm.doc.sales_order && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Get Order Lines"), () => get_order_lines(frm), __("Returns"));
		}
		if ((frm.doc.order_lines || []).length && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Make Return"), () => make_return(frm), __("Returns"));
			frm.add_custom_button(__("Exchange Size"), () => make_exchange(frm), __("Returns"));
		}
		if (frm.doc.page_url) {
			frm.add_custom_button(__("Open Page"), () => window.open(frm.doc.page_url, "_blank", "noopener"), __("Shop"));
		}
		frm.add_custom_button(
			__("Reply with Help Article"),
			() => pick_help_article(frm, (article) => frm.email_doc(article_link_html(article))),
			__("Shop")
		);
		if (["Resolved", "Closed"].includes(frm.doc.status) && frappe.model.can_create("Help Article")) {
			frm.add_custom_button(__("Make a Help Article"), () => make_help_article(frm), __("Shop"));
		}
	},
});

// the reply box (Frappe's e-mail composer) of a request offers a help article to link, in the customer's
// language; wrapped once, whichever form opened it first
if (!frappe.views.CommunicationComposer.servicedesk_help_articles) {
	const Composer = frappe.views.CommunicationComposer;
	frappe.views.CommunicationComposer = class extends Composer {
		make() {
			super.make();
			if (this.frm && this.frm.doctype === "Issue" && !this.frm.is_new()) {
				this.dialog.add_custom_action(__("Insert Help Article"), () =>
					pick_help_article(this.frm, (article) => insert_article_link(this, article))
				);
			}
		}
	};
	frappe.views.CommunicationComposer.servicedesk_help_articles = true;
}

function article_link_html(article) {
	return `<p><a href="${encodeURI(article.url)}">${frappe.utils.escape_html(article.title)}</a></p>`;
}

// the link where the agent's cursor was in the reply (the editor lost focus to the picker)
function insert_article_link(composer, article) {
	const field = composer.get_content_field();
	const quill = field && field.quill;
	if (!quill) {
		field.set_value(article_link_html(article) + (field.get_value() || ""));
		return;
	}
	const range = quill.getSelection() || quill.selection.savedRange || { index: 0 };
	quill.insertText(range.index, article.title, "link", article.url, "user");
	quill.setSelection(range.index + article.title.length, 0, "user");
}

function pick_help_article(frm, on_pick) {
	const esc = frappe.utils.escape_html;
	let articles = [];
	const dialog = new frappe.ui.Dialog({
		title: __("Insert Help Article"),
		fields: [
			{
				fieldname: "language",
				fieldtype: "Select",
				label: __("Language"),
				options: [
					{ value: "ru", label: __("Russian") },
					{ value: "en", label: __("English") },
				],
				change: () => search(),
			},
			{ fieldname: "text", fieldtype: "Data", label: __("Title contains"), change: () => search() },
			{ fieldname: "results", fieldtype: "HTML" },
		],
	});
	const results = dialog.fields_dict.results.$wrapper;
	results.on("click", "[data-index]", (event) => {
		event.preventDefault();
		dialog.hide();
		on_pick(articles[Number(event.currentTarget.dataset.index)]);
	});
	// the first search leaves the language to the server: the customer's
	let language_known = false;
	let searches = 0;
	const search = frappe.utils.debounce(() => {
		const asked = ++searches;
		frappe
			.xcall("servicedesk_shop.api.find_help_articles", {
				issue: frm.doc.name,
				text: dialog.get_value("text") || "",
				language: language_known ? dialog.get_value("language") || "" : "",
			})
			.then((found) => {
				if (asked !== searches) return; // a later search is on its way
				articles = found.articles;
				if (!language_known) {
					language_known = true;
					dialog.set_value("language", found.language);
				}
				results.html(
					articles.length
						? `<div class="list-group sd-help-articles">${articles
								.map(
									(a, i) =>
										`<a href="#" class="list-group-item list-group-item-action" data-index="${i}"><div>${esc(a.title)}</div><div class="small text-muted">${esc(a.category)}</div></a>`
								)
								.join("")}</div>`
						: `<p class="text-muted">${__("No published article has these words in its title.")}</p>`
				);
			});
	}, 300);
	dialog.show();
	search();
}

function make_help_article(frm) {
	frappe.confirm(__("Make an unpublished help article from the last answer to this request?"), () =>
		frappe
			.call({ method: "servicedesk_shop.api.make_help_article", args: { issue: frm.doc.name }, freeze: true })
			.then((r) => {
				frappe.show_alert({
					message: __("Draft help article made: check it and publish it."),
					indicator: "green",
				});
				frappe.set_route("Form", "Help Article", r.message.name);
			})
	);
}

function get_order_lines(frm) {
	frappe.call("servicedesk_shop.api.get_order_lines", { issue: frm.doc.name }).then((r) => {
		const lines = r.message || [];
		if (!lines.length) {
			frappe.msgprint(__("The linked order has no delivered or invoiced lines."));
			return;
		}
		const dialog = new frappe.ui.Dialog({
			title: __("Lines of {0}", [frm.doc.sales_order]),
			fields: [
				{
					fieldname: "rows",
					fieldtype: "MultiCheck",
					label: __("Lines"),
					options: lines.map((line) => ({
						value: line.row,
						label: `${frappe.utils.escape_html(line.item_code)} ${frappe.utils.escape_html(line.variant || "")} · ${line.qty} (${__("returnable")}: ${line.returnable}) · ${frappe.utils.escape_html(line.parent)}`,
					})),
				},
			],
			primary_action_label: __("Add"),
			primary_action(values) {
				frappe
					.call("servicedesk_shop.api.add_order_lines", { issue: frm.doc.name, rows: values.rows })
					.then(() => {
						dialog.hide();
						frm.reload_doc();
					});
			},
		});
		dialog.show();
	});
}

function make_return(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Make Return"),
		fields: [
			{ fieldname: "reason", fieldtype: "Link", options: "Return Reason", label: __("Return Reason") },
			{
				fieldname: "lines",
				fieldtype: "Table",
				label: __("Lines"),
				cannot_add_rows: true,
				in_place_edit: true,
				data: frm.doc.order_lines.map((row) => ({
					line: row.name,
					item_code: row.item_code,
					qty: row.qty,
					reason: row.return_reason,
				})),
				fields: [
					{ fieldname: "line", fieldtype: "Data", hidden: 1 },
					{ fieldname: "item_code", fieldtype: "Link", options: "Item", label: __("Item"), read_only: 1, in_list_view: 1 },
					{ fieldname: "qty", fieldtype: "Float", label: __("Qty"), in_list_view: 1 },
					{ fieldname: "reason", fieldtype: "Link", options: "Return Reason", label: __("Return Reason"), in_list_view: 1 },
				],
			},
		],
		primary_action_label: __("Make Draft Return"),
		primary_action(values) {
			const lines = (values.lines || []).filter((line) => line.qty > 0);
			frappe
				.call("servicedesk_shop.api.make_return", { issue: frm.doc.name, lines, reason: values.reason })
				.then((r) => {
					dialog.hide();
					frappe.show_alert({ message: __("Draft return {0}", [r.message.join(", ")]), indicator: "green" });
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}

function make_exchange(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Exchange Size"),
		fields: [
			{
				fieldname: "line",
				fieldtype: "Select",
				label: __("Line"),
				reqd: 1,
				options: frm.doc.order_lines.map((row) => ({
					value: row.name,
					label: frappe.utils.escape_html(`${row.item_code} ${row.variant || ""}`),
				})),
			},
			{ fieldname: "attribute", fieldtype: "Link", options: "Item Attribute", label: __("Attribute"), reqd: 1, default: "Clothing Size" },
			{ fieldname: "value", fieldtype: "Data", label: __("New Value"), reqd: 1 },
			{ fieldname: "qty", fieldtype: "Float", label: __("Qty"), default: 1 },
		],
		primary_action_label: __("Exchange"),
		primary_action(values) {
			frappe.call("servicedesk_shop.api.make_exchange", { issue: frm.doc.name, ...values }).then((r) => {
				const result = r.message;
				if (!result.available) {
					frappe.msgprint({ title: __("Not in stock"), message: frappe.utils.escape_html(result.message), indicator: "orange" });
					return;
				}
				dialog.hide();
				frappe.show_alert({ message: __("Exchange order {0}", [result.sales_order]), indicator: "green" });
				frm.reload_doc();
			});
		},
	});
	dialog.show();
}

// who wrote: a logged-in customer, a guest who only typed the address, or the shop's integration
function show_sender(frm) {
	const who = frm.doc.sender_identity;
	if (who === "Typed Address") {
		frm.set_intro(
			__("A guest typed the address {0}: it may not be theirs. Check before you share order or personal details.", [
				`<b>${frappe.utils.escape_html(frm.doc.raised_by || "")}</b>`,
			]),
			"orange"
		);
	} else if (who === "E-mail" && !frm.doc.address_confirmed) {
		frm.set_intro(
			__("The letter came from {0}, but the mail system did not prove it: the address may be forged. Check before you share order or personal details.", [
				`<b>${frappe.utils.escape_html(frm.doc.raised_by || "")}</b>`,
			]),
			"orange"
		);
	} else if (who === "Logged In") {
		frm.set_intro(__("The customer was logged in when they wrote."), "green");
	} else if (who === "External Shop") {
		frm.set_intro(__("The shop's integration sent this request for the customer."), "blue");
	}
}

// a customer who asked for a call gets no e-mail about the request (servicedesk_shop.service_desk.mail)
function show_phone_answer(frm) {
	if (!frm.doc.contact_by_phone) return;
	const phone = frm.doc.contact_phone ? ` <b>${frappe.utils.escape_html(frm.doc.contact_phone)}</b>` : "";
	// a section of its own: the headline above the form is the sender's warning (show_sender)
	frm.dashboard.add_section(
		`<div class="sd-phone-answer alert alert-warning mb-0">${__(
			"The customer asked for a call{0}: no e-mail reaches them about this request. Replies show on their request page.",
			[phone]
		)}</div>`,
		__("Answer by Phone")
	);
	frm.dashboard.show();
}

// what triage read from the customer's words, and why, at the top of the form
function show_triage(frm) {
	const doc = frm.doc;
	if (!doc.triage_explanation) return;
	const esc = frappe.utils.escape_html;
	const colour = { Angry: "red", Negative: "orange", Neutral: "blue", Positive: "green" }[doc.customer_mood] || "blue";
	const parts = [];
	if (doc.customer_mood) parts.push(`${__("Mood")}: <b>${esc(__(doc.customer_mood))}</b>`);
	if (doc.triage_urgency) parts.push(`${__("Urgency")}: <b>${esc(__(doc.triage_urgency))}</b>`);
	if (doc.triage_category)
		parts.push(`${__("Category")}: <b>${esc(__(doc.triage_category))}</b> (${Math.round(doc.triage_confidence || 0)}%)`);
	const why = esc(doc.triage_explanation).replace(/\n/g, "<br>");
	// a dashboard section of its own: the headline above the form is the sender's warning (show_sender)
	frm.dashboard.add_section(
		`<div class="sd-triage"><div><span class="indicator-pill ${colour}">${esc(__(doc.customer_mood || ""))}</span>
			${parts.join(" · ")}</div><div class="small text-muted mt-2">${why}</div></div>`,
		__("Triage")
	);
	frm.dashboard.show();
}

// who is writing: the last orders, earlier requests, returns, the total spent, the customer since when
function show_customer_panel(frm) {
	if (!frm.doc.customer) return;
	frappe.xcall("servicedesk_shop.api.get_customer_panel", { issue: frm.doc.name }).then((panel) => {
		if (!panel || !panel.customer || frm.doc.customer !== panel.customer) return;
		const esc = frappe.utils.escape_html;
		const link = (doctype, name) =>
			`<a href="/app/${frappe.router.slug(doctype)}/${encodeURIComponent(name)}">${esc(name)}</a>`;
		const rows = (items, render) =>
			items && items.length ? `<ul class="list-unstyled mb-2">${items.map(render).join("")}</ul>` : `<p class="text-muted small">${__("None")}</p>`;
		// a heading and its list, where the panel has that part
		const section = (title, items, render) => (items ? `<h6>${title}</h6>` + rows(items, render) : "");
		const parts = [
			`<div class="mb-2"><b>${esc(panel.customer_name || panel.customer)}</b>` +
				(panel.customer_since ? ` · ${__("Customer since {0}", [frappe.datetime.str_to_user(panel.customer_since).split(" ")[0]])}` : "") +
				(panel.total_spent !== undefined
					? ` · ${__("Total spent")}: <b>${format_currency(panel.total_spent)}</b> (${panel.invoices || 0})`
					: "") +
				`</div>`,
		];
		parts.push(
			section(
				__("Last Orders"),
				panel.orders,
				(o) =>
					`<li>${link("Sales Order", o.name)} · ${esc(frappe.datetime.str_to_user(o.transaction_date))} · ${esc(__(o.status))} · ${format_currency(o.grand_total, o.currency)} · ${__("Delivered")} ${Math.round(o.per_delivered || 0)}% · ${__("Billed")} ${Math.round(o.per_billed || 0)}%</li>`
			),
			section(
				__("Earlier Requests"),
				panel.requests,
				(r) =>
					`<li>${link("Issue", r.name)} · ${esc(r.subject || "")} · ${esc(__(r.issue_type || ""))} · ${esc(__(r.status))}${r.stars ? " · " + "★".repeat(r.stars) : ""}</li>`
			),
			section(
				__("Returns"),
				panel.returns,
				(d) =>
					`<li>${link("Delivery Note", d.name)} · ${esc(frappe.datetime.str_to_user(d.posting_date))} · ${format_currency(d.grand_total, d.currency)}${d.return_reason ? " · " + esc(__(d.return_reason)) : ""}</li>`
			)
		);
		frm.dashboard.add_section(`<div class="sd-customer-panel">${parts.join("")}</div>`, __("Customer"));
		frm.dashboard.show();
	});
}

// a request from a Telegram or VK chat: the answers that did not reach the chat, each with Retry Delivery
// (servicedesk_shop.messengers.delivery); a delivery's end, told by realtime, shows without a reload
function show_messenger_deliveries(frm) {
	if (!frm.doc.messenger_chat) return;
	frappe.xcall("servicedesk_shop.api.get_messenger_deliveries", { issue: frm.doc.name }).then((rows) => {
		const esc = frappe.utils.escape_html;
		$(frm.dashboard.parent).find(".sd-messenger-deliveries").closest(".form-dashboard-section").remove();
		if (!rows || !rows.length || frm.doc.name !== cur_frm?.doc.name) return;
		const items = rows.map(
			(row) =>
				`<div class="alert ${row.status === "Sent" ? "alert-warning" : "alert-danger"} mb-2">
					<div>${esc(row.error).replace(/\n/g, "<br>")}</div>
					<div class="small text-muted">${esc(frappe.datetime.str_to_user(row.creation))}</div>
					${row.retry ? `<button class="btn btn-xs btn-default mt-2" data-communication="${esc(row.communication)}">${__("Retry Delivery")}</button>` : ""}
				</div>`
		);
		const body = frm.dashboard.add_section(
			`<div class="sd-messenger-deliveries">${items.join("")}</div>`,
			__("Not Delivered to the Chat")
		);
		body.on("click", "[data-communication]", (event) => {
			const button = $(event.currentTarget).prop("disabled", true);
			frappe
				.xcall("servicedesk_shop.api.retry_messenger_delivery", { communication: button.attr("data-communication") })
				.then(() => {
					frappe.show_alert({ message: __("Sending again."), indicator: "orange" });
					show_messenger_deliveries(frm);
				})
				.catch(() => button.prop("disabled", false));
		});
		frm.dashboard.show();
	});
}

if (!frappe.servicedesk_messenger_delivery_listener) {
	frappe.servicedesk_messenger_delivery_listener = true;
	frappe.realtime.on("servicedesk_messenger_delivery", (data) => {
		const frm = cur_frm;
		if (frm && frm.doctype === "Issue" && data && frm.doc.name === data.issue) show_messenger_deliveries(frm);
	});
}
