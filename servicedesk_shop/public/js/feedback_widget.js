/*
 * servicedesk_shop storefront feedback widget.
 *
 * One script tag on any shop page (ERPNext webshop or an external storefront):
 *
 *   <script src="https://YOUR-ERP/assets/servicedesk_shop/js/feedback_widget.js"
 *           data-source="Cart" data-item="DRESS-RED-M" data-order="SAL-ORD-2026-00001" defer></script>
 *
 * Attributes: data-source (required, a Feedback Source), data-item, data-order (optional),
 * data-base (the ERP's address; default: where this script comes from), data-open="1" (open at once).
 * It shows a small button; its form posts to servicedesk_shop.api.submit_feedback with the page URL.
 * As the customer types, it asks suggest_category (the shop's own triage model) and pre-selects the
 * likely category, until the customer picks one; a category they did not pick is not sent, so the
 * server's triage (or the source's default) decides it.
 * Plain JavaScript, no dependency; styles live in a shadow root so the shop's CSS is not touched.
 */
(function () {
	"use strict";
	var script = document.currentScript;
	if (!script || script.dataset.sdLoaded) return;
	script.dataset.sdLoaded = "1";

	var config = {
		source: script.getAttribute("data-source") || "Widget",
		item: script.getAttribute("data-item") || "",
		order: script.getAttribute("data-order") || "",
		base: (script.getAttribute("data-base") || new URL(script.src, location.href).origin).replace(/\/$/, ""),
		open: script.getAttribute("data-open") === "1",
	};
	var sameOrigin = config.base === location.origin;
	var csrf = sameOrigin && window.frappe && window.frappe.csrf_token;
	// a logged-in session is only used where its CSRF token is at hand; anywhere else we post as a guest
	var credentials = csrf ? "same-origin" : "omit";
	var clientToken = window.crypto && crypto.randomUUID
		? crypto.randomUUID()
		: String(Date.now()) + "-" + Math.random().toString(36).slice(2);

	function api(method, params) {
		var headers = { Accept: "application/json" };
		if (csrf) headers["X-Frappe-CSRF-Token"] = csrf;
		return fetch(config.base + "/api/method/servicedesk_shop.api." + method, {
			method: "POST",
			headers: headers,
			body: new URLSearchParams(params),
			credentials: credentials,
		}).then(function (response) {
			return response.json().catch(function () { return {}; }).then(function (data) {
				if (response.ok) return data.message;
				var text = "";
				try {
					text = JSON.parse(data._server_messages).map(function (m) { return JSON.parse(m).message; }).join(" ");
				} catch (e) {
					text = "";
				}
				var error = new Error(text);
				error.status = response.status;
				throw error;
			});
		});
	}

	function el(tag, attrs, children) {
		var node = document.createElement(tag);
		Object.keys(attrs || {}).forEach(function (key) {
			if (key === "text") node.textContent = attrs[key];
			else node.setAttribute(key, attrs[key]);
		});
		(children || []).forEach(function (child) { if (child) node.appendChild(child); });
		return node;
	}

	var CSS = [
		":host{all:initial;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:14px;color:#1f272e}",
		".sd-button{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:22px;",
		"padding:10px 18px;background:#171717;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.2);font:inherit}",
		".sd-panel{position:fixed;right:20px;bottom:74px;z-index:2147483000;width:320px;max-width:calc(100vw - 40px);",
		"background:#fff;border-radius:12px;box-shadow:0 10px 40px rgba(0,0,0,.25);padding:16px;box-sizing:border-box}",
		".sd-panel[hidden]{display:none}",
		".sd-panel h2{font-size:16px;margin:0 0 8px}.sd-prompt{color:#525252;margin:0 0 10px}",
		"label{display:block;font-size:12px;color:#525252;margin:8px 0 4px}",
		"input,select,textarea{width:100%;box-sizing:border-box;border:1px solid #d4d4d4;border-radius:6px;padding:7px;font:inherit}",
		"textarea{min-height:90px;resize:vertical}",
		".sd-actions{display:flex;gap:8px;justify-content:flex-end;margin-top:12px}",
		".sd-actions button{border:0;border-radius:6px;padding:8px 14px;cursor:pointer;font:inherit}",
		".sd-send{background:#171717;color:#fff}.sd-close{background:#f3f3f3}",
		".sd-hint{font-size:12px;color:#525252;margin-top:4px}.sd-hint[hidden]{display:none}",
		".sd-promise{font-weight:600}.sd-error{color:#b91c1c;margin-top:8px}.sd-done a{color:#2563eb}",
	].join("");

	function render(meta) {
		var L = meta.labels;
		var host = el("div", { "class": "servicedesk-shop-widget" });
		var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
		root.appendChild(el("style", { text: CSS }));

		var button = el("button", { "class": "sd-button", type: "button", "aria-expanded": "false", text: L.button });
		var form = el("form", { "class": "sd-form", novalidate: "novalidate" });
		var panel = el("div", { "class": "sd-panel", role: "dialog", "aria-label": L.title, hidden: "hidden" }, [
			el("h2", { text: L.title }),
			meta.prompt ? el("p", { "class": "sd-prompt", text: meta.prompt }) : null,
			form,
		]);

		var select = null;
		var hint = null;
		var chosen = false; // the customer picked the category themselves
		if (meta.categories.length > 1) {
			select = el("select", { name: "category", id: "sd-category" });
			meta.categories.forEach(function (c) {
				var option = el("option", { value: c.value, text: c.label });
				if (c.value === meta.default_category) option.selected = true;
				select.appendChild(option);
			});
			form.appendChild(el("label", { "for": "sd-category", text: L.category }));
			form.appendChild(select);
			hint = el("div", { "class": "sd-hint", role: "status", hidden: "hidden" });
			form.appendChild(hint);
			select.addEventListener("change", function () {
				chosen = true;
				hint.hidden = true;
			});
		}
		if (!meta.logged_in || !csrf) {
			form.appendChild(el("label", { "for": "sd-email", text: L.email + " *" }));
			form.appendChild(el("input", { name: "email", id: "sd-email", type: "email", maxlength: "140", required: "required", autocomplete: "email" }));
		}
		if (meta.order_required || config.order) {
			form.appendChild(el("label", { "for": "sd-order", text: L.order + (meta.order_required ? " *" : "") }));
			var order = el("input", { name: "order", id: "sd-order", maxlength: "140" });
			order.value = config.order;
			form.appendChild(order);
		}
		form.appendChild(el("label", { "for": "sd-message", text: L.message + " *" }));
		var message = el("textarea", { name: "message", id: "sd-message", maxlength: "5000", required: "required" });
		form.appendChild(message);
		if (select) {
			var timer = null;
			var asked = "";
			message.addEventListener("input", function () {
				clearTimeout(timer);
				timer = setTimeout(function () {
					var text = message.value;
					if (chosen || text === asked || (text.match(/\p{L}/gu) || []).length < 8) return;
					asked = text;
					api("suggest_category", { text: text, source: config.source }).then(function (answer) {
						if (chosen || !answer || !answer.category || text !== message.value) return;
						var offered = Array.prototype.some.call(select.options, function (o) { return o.value === answer.category; });
						if (!offered) return;
						select.value = answer.category;
						hint.textContent = L.suggested.replace("{0}", answer.label);
						hint.hidden = false;
					}).catch(function () { /* a suggestion is a courtesy: typing goes on */ });
				}, 600);
			});
		}
		var error = el("div", { "class": "sd-error", role: "alert" });
		var send = el("button", { type: "submit", "class": "sd-send", text: L.send });
		var close = el("button", { type: "button", "class": "sd-close", text: L.close });
		form.appendChild(error);
		form.appendChild(el("div", { "class": "sd-actions" }, [close, send]));

		function toggle(open) {
			panel.hidden = !open;
			button.setAttribute("aria-expanded", String(open));
		}
		button.addEventListener("click", function () { toggle(panel.hidden); });
		close.addEventListener("click", function () { toggle(false); });

		form.addEventListener("submit", function (event) {
			event.preventDefault();
			error.textContent = "";
			send.disabled = true;
			var params = new FormData(form);
			var body = { source: config.source, client_token: clientToken, page_url: location.href.slice(0, 500) };
			params.forEach(function (value, key) { body[key] = value; });
			if (select && !chosen) delete body.category; // not the customer's choice: the server decides
			if (config.item) body.item_code = config.item;
			if (meta.categories.length === 1) body.category = meta.categories[0].value;
			api("submit_feedback", body).then(function (result) {
				var done = el("div", { "class": "sd-done", role: "status" }, [
					el("p", {}, [
						document.createTextNode(L.thanks + " "),
						el("strong", { "class": "sd-issue", text: result.issue }),
						document.createTextNode("."),
					]),
					// when they will hear back: the SLA's deadline on the shop's hours, in their language
					result.promise ? el("p", { "class": "sd-promise", text: result.promise + "." }) : null,
					// a guest's link goes to their e-mail; only a logged-in customer gets it here
					result.track_url && /^https?:\/\//.test(result.track_url)
						? el("a", { href: result.track_url, target: "_blank", rel: "noopener", text: L.track })
						: el("p", { "class": "sd-sent", text: L.track_sent }),
				]);
				form.replaceWith(done);
				host.dispatchEvent(new CustomEvent("servicedesk:submitted", { detail: result, bubbles: true }));
			}).catch(function (e) {
				error.textContent = e.message || L.error;
				send.disabled = false;
			});
		});

		root.appendChild(button);
		root.appendChild(panel);
		document.body.appendChild(host);
		if (config.open) toggle(true);
	}

	function start() {
		api("get_feedback_source", { source: config.source }).then(render).catch(function (e) {
			if (window.console) console.warn("servicedesk_shop widget:", e.message || e);
		});
	}
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
