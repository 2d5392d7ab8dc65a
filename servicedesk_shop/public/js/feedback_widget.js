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
 * server's triage (or the source's default) decides it. Under the text box it shows up to 3 answers
 * from the help centre as the customer types (servicedesk_shop.api.suggest_answers), each asking "Did
 * this answer your question?": "Yes" settles it without a request (answer_feedback), "No" hides the
 * answer; a request sent anyway names the answers shown and the tab's anonymous session key.
 *
 * The widget as a messenger: once a request is sent, the device that sent it keeps its conversation.
 * It exchanges the request's client token for a conversation token of its own
 * (servicedesk_shop.api.open_widget_conversation), kept in localStorage for the ERP's address, and shows
 * the shop's answers under the request, with the count of unread answers on its button; the shopper
 * answers there (reply_in_widget). New answers come by polling get_widget_conversation with the cursor
 * of the last answer, every 5 s doubling to 60 s while nothing comes, again at 5 s on any news, on
 * opening the panel and when the page comes back; paused while the page is hidden. On the ERP's own
 * pages, where Frappe's realtime service runs, a nudge in the conversation's room fetches at once and
 * polling only backs it up (60 s). A 404 or 410 (revoked, expired) forgets the conversation: a new
 * device, or a device after that, follows the link e-mailed to the address.
 *
 * Exit mode, on the cart and checkout pages: data-mode="exit" data-page="Cart" (or "Checkout"),
 * data-items="DRESS-M,BRA-75B", data-cart-value="7480", data-currency="RUB". It shows no button; once
 * per browser session it asks "What stopped you?" when the pointer leaves the top of the window (a
 * desktop), when the page comes back after being hidden with items in the cart (a phone), or after an
 * item is removed. A tap of a reason records an Exit Feedback (servicedesk_shop.api.record_exit_feedback)
 * with an anonymous session key; a line of text and an e-mail may follow ("contact me"). Where the
 * reason has an answer (the fit advice of the cart's items, a help article, or the shop's figures, e.g.
 * "Delivery is free from 5,000 ₽") it shows at once with "Back to my cart", which records that the
 * shopper went back (servicedesk_shop.api.exit_back_to_cart), closes the question and, with
 * data-cart-url="/cart", opens the cart. The shop keeps the cart current with the small API:
 *
 *   servicedeskExit.setCart({items: ["DRESS-M"], value: 4990, currency: "RUB"});
 *   servicedeskExit.itemRemoved("DRESS-M");   // asks, once per session
 *   servicedeskExit.ask();                    // asks now (once per session)
 *
 * Fit mode, on the product page: data-mode="fit" data-item="DRESS-M" shows the fit advice from what
 * customers said ("Runs small: ...") where the script tag stands, when there is enough evidence.
 *
 * On the order's confirmation page, the shop tells the desk of the order (any mode):
 *
 *   ServiceDesk.orderPlaced("A-1001", 7480, "RUB");
 *
 * which links the order to this tab's exit question and self-service answers (servicedesk_shop.api.
 * record_order_placed), for the desk's report of the orders it saved; a tab that had neither sends nothing.
 *
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
		mode: script.getAttribute("data-mode") || "feedback",
		page: script.getAttribute("data-page") || "Cart",
		items: (script.getAttribute("data-items") || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean),
		cartValue: script.getAttribute("data-cart-value") || "",
		currency: script.getAttribute("data-currency") || "",
		cartUrl: script.getAttribute("data-cart-url") || "",
	};
	var sameOrigin = config.base === location.origin;
	var csrf = sameOrigin && window.frappe && window.frappe.csrf_token;
	// a logged-in session is only used where its CSRF token is at hand; anywhere else we post as a guest
	var credentials = csrf ? "same-origin" : "omit";
	function newToken() {
		return window.crypto && crypto.randomUUID
			? crypto.randomUUID()
			: String(Date.now()) + "-" + Math.random().toString(36).slice(2);
	}
	var clientToken = newToken();
	// the request's own key: the intake answers the same request to it again, and only this device knows
	// it (the conversation is opened with it); a new request from the same page gets a new one
	var requestToken = clientToken;

	function api(method, params, signal) {
		var headers = { Accept: "application/json" };
		if (csrf) headers["X-Frappe-CSRF-Token"] = csrf;
		return fetch(config.base + "/api/method/servicedesk_shop.api." + method, {
			method: "POST",
			headers: headers,
			body: new URLSearchParams(params),
			credentials: credentials,
			signal: signal,
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
		".sd-answers{margin-top:8px}.sd-answers[hidden]{display:none}.sd-answers-title{font-weight:600;margin:0 0 6px}",
		".sd-answer{border:1px solid #e5e5e5;border-radius:8px;padding:8px;margin-bottom:6px}",
		".sd-answer-title{font-weight:600;color:#2563eb;text-decoration:none}.sd-answer-snippet{color:#525252;font-size:12px;margin:4px 0}",
		".sd-answer-ask{font-size:12px;color:#525252}.sd-answer-ask button{border:1px solid #d4d4d4;background:#fff;border-radius:12px;",
		"padding:2px 10px;margin-left:4px;cursor:pointer;font:inherit}.sd-answer-thanks{color:#15803d}",
		".sd-badge{display:inline-block;min-width:18px;height:18px;margin-left:8px;padding:0 5px;border-radius:9px;",
		"background:#dc2626;color:#fff;font-size:12px;line-height:18px;text-align:center;box-sizing:border-box}",
		".sd-badge[hidden],.sd-chat [hidden],.sd-form[hidden]{display:none}",
		".sd-chat-head{margin:8px 0;color:#525252;font-size:12px}.sd-chat-status{font-weight:600}",
		".sd-messages{max-height:280px;overflow-y:auto;display:flex;flex-direction:column;gap:6px;margin:8px 0}",
		".sd-msg{max-width:85%;padding:6px 10px;border-radius:10px}.sd-msg-me{align-self:flex-end;background:#f3f3f3}",
		".sd-msg-shop{align-self:flex-start;background:#eef4ff;border:1px solid #dbe6fe}",
		".sd-msg-text{white-space:pre-wrap;overflow-wrap:anywhere}.sd-msg-text a{color:#2563eb}",
		".sd-msg-meta{font-size:11px;color:#737373;margin-top:2px}",
		".sd-chat-note{font-size:12px;color:#525252;margin:6px 0}.sd-resolution{border-left:3px solid #15803d;padding-left:8px}",
		".sd-chat-form textarea{min-height:60px}.sd-chat-foot{display:flex;gap:8px;justify-content:space-between;margin-top:8px}",
		".sd-chat-foot button{border:0;background:none;color:#2563eb;cursor:pointer;padding:0;font:inherit;font-size:12px}",
	].join("");

	// --- answers from the help centre as the customer types ------------------------------------------

	var SESSION = "sd_session";

	function answerSession() {
		// one anonymous key per tab session, shared with the shop's other pages; a random one per page
		// when storage is blocked
		return session(SESSION) || session(SESSION, clientToken) || clientToken;
	}

	function enoughToAsk(text) {
		var trimmed = text.trim();
		return trimmed.length >= 12 || trimmed.split(/\s+/).length >= 3;
	}

	function answerUrl(url) {
		if (/^https?:\/\//.test(url || "")) return url;
		if (/^\/(?![\/\\])/.test(url || "")) return config.base + url;
		return null;
	}

	function answersUnder(message, L) {
		var box = el("div", { "class": "sd-answers", hidden: "hidden", "aria-live": "polite" });
		var list = el("div", { "class": "sd-answer-list" });
		box.appendChild(el("p", { "class": "sd-answers-title", text: L.answers }));
		box.appendChild(list);
		var shown = []; // the articles shown, most recent last (the request names at most 10)
		var dismissed = {};
		var timer = null;
		var asked = "";
		var pending = null;

		function feedback(answer, helped) {
			return api("answer_feedback", {
				article: answer.article,
				helped: helped ? "1" : "0",
				source: config.source,
				text: message.value,
				session: answerSession(),
			}).catch(function () { return null; });
		}

		function card(answer) {
			var title = el("a", { "class": "sd-answer-title", target: "_blank", rel: "noopener", text: answer.title });
			var url = answerUrl(answer.url);
			if (url) title.setAttribute("href", url);
			var yes = el("button", { type: "button", "class": "sd-answer-yes", text: L.yes });
			var no = el("button", { type: "button", "class": "sd-answer-no", text: L.no });
			var ask = el("div", { "class": "sd-answer-ask" }, [document.createTextNode(L.answer_question), yes, no]);
			var node = el("div", { "class": "sd-answer", "data-article": answer.article }, [
				title,
				el("p", { "class": "sd-answer-snippet", text: answer.snippet }),
				ask,
			]);
			yes.addEventListener("click", function () {
				yes.disabled = no.disabled = true;
				feedback(answer, true).then(function () {
					ask.replaceWith(el("div", { "class": "sd-answer-thanks", role: "status", text: L.answer_thanks }));
				});
			});
			no.addEventListener("click", function () {
				yes.disabled = no.disabled = true;
				dismissed[answer.article] = true;
				node.remove();
				box.hidden = !list.childNodes.length;
				feedback(answer, false);
			});
			return node;
		}

		function show(answers) {
			// an answer the customer already said yes to stays as it is
			var kept = {};
			Array.prototype.forEach.call(list.childNodes, function (node) {
				if (node.querySelector(".sd-answer-thanks")) kept[node.getAttribute("data-article")] = node;
			});
			list.textContent = "";
			answers.forEach(function (answer) {
				if (dismissed[answer.article]) return;
				shown = shown.filter(function (name) { return name !== answer.article; });
				shown.push(answer.article);
				list.appendChild(kept[answer.article] || card(answer));
			});
			box.hidden = !list.childNodes.length;
		}

		function ask(text) {
			if (pending) pending.abort(); // a stale question's answers never replace newer ones
			var controller = window.AbortController ? new AbortController() : null;
			pending = controller;
			var params = { text: text, source: config.source, session: answerSession() };
			if (config.item) params.item_code = config.item;
			api("suggest_answers", params, controller ? controller.signal : undefined).then(function (result) {
				if (pending === controller) show((result && result.answers) || []);
			}).catch(function () { /* aborted by newer typing, or a courtesy that failed: typing goes on */ });
		}

		message.addEventListener("input", function () {
			clearTimeout(timer);
			timer = setTimeout(function () {
				var text = message.value.trim();
				if (text === asked) return;
				asked = text;
				if (!enoughToAsk(text)) {
					if (pending) pending.abort();
					show([]);
					return;
				}
				ask(text);
			}, 300);
		});
		return {
			node: box,
			shown: function () { return shown.slice(-10); },
		};
	}

	// --- the conversation on this device (the widget as a messenger) ---------------------------------

	var STORE = "servicedesk_shop:conversation:" + config.base;
	var EVENT = "servicedesk_conversation";
	var QUICK = 5000;
	var SLOW = 60000;

	function stored(value) {
		// the device's conversation: {request, token, seen}; nothing when storage is blocked (then it
		// lasts as long as the page)
		try {
			if (value === undefined) return JSON.parse(window.localStorage.getItem(STORE) || "null");
			if (value === null) window.localStorage.removeItem(STORE);
			else window.localStorage.setItem(STORE, JSON.stringify(value));
		} catch (e) {
			return null;
		}
		return value;
	}

	function withLinks(text) {
		// the message is text: its http(s) addresses become links, nothing else is markup
		var nodes = [];
		var pattern = /https?:\/\/[^\s<>"']+/g;
		var last = 0;
		var match;
		while ((match = pattern.exec(text))) {
			var url = match[0].replace(/[).,;:!?]+$/, "");
			if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
			nodes.push(el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: url }));
			last = match.index + url.length;
			pattern.lastIndex = last;
		}
		nodes.push(document.createTextNode(text.slice(last)));
		return nodes;
	}

	/*
	 * The conversation of `saved` ({request, token, seen}) in the panel: `ui` gives the host, the panel,
	 * the button's badge and what to do when it ends or the shopper starts a new request. `first`: the
	 * answer of open_widget_conversation, when the request was sent just now (else it is fetched).
	 */
	function conversation(saved, ui, first) {
		var L = null;
		var node = el("div", { "class": "sd-chat" });
		var list = null;
		var status = null;
		var note = null;
		var resolution = null;
		var reply = null;
		var input = null;
		var sendReply = null;
		var error = null;
		var shown = {};
		var shopTimes = [];
		var cursor = "";
		var delay = QUICK;
		var timer = null;
		var busy = false;
		var again = false;
		var ended = false;
		var socket = null;
		var listening = false;
		var waiting = false;

		function build(answer) {
			L = answer.labels;
			status = el("span", { "class": "sd-chat-status" });
			list = el("div", { "class": "sd-messages", role: "log", "aria-live": "polite" });
			note = el("p", { "class": "sd-chat-note", hidden: "hidden" });
			resolution = el("p", { "class": "sd-chat-note sd-resolution", hidden: "hidden" });
			input = el("textarea", { "class": "sd-chat-input", id: "sd-chat-input", maxlength: "5000", "aria-label": L.answer });
			sendReply = el("button", { type: "submit", "class": "sd-send sd-chat-send", text: L.send });
			error = el("div", { "class": "sd-error", role: "alert" });
			reply = el("form", { "class": "sd-chat-form", novalidate: "novalidate" }, [
				el("label", { "for": "sd-chat-input", text: L.answer }),
				input,
				error,
				el("div", { "class": "sd-actions" }, [sendReply]),
			]);
			var restart = el("button", { type: "button", "class": "sd-new", text: L.new_request });
			var forget = el("button", { type: "button", "class": "sd-forget", text: L.forget });
			node.appendChild(el("p", { "class": "sd-chat-head" }, [
				el("span", { "class": "sd-chat-request", text: L.request.replace("{0}", answer.request) }),
				document.createTextNode(" · "),
				status,
			]));
			if (answer.promise && !ui.intro) node.appendChild(el("p", { "class": "sd-promise", text: answer.promise + "." }));
			node.appendChild(list);
			node.appendChild(resolution);
			node.appendChild(note);
			node.appendChild(reply);
			node.appendChild(el("div", { "class": "sd-chat-foot" }, [restart, forget]));
			reply.addEventListener("submit", function (event) {
				event.preventDefault();
				send();
			});
			input.addEventListener("keydown", function (event) {
				// Enter sends, as in a messenger; Shift+Enter is a new line
				if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
					event.preventDefault();
					send();
				}
			});
			restart.addEventListener("click", function () { stop(); ui.newRequest(); });
			forget.addEventListener("click", function () { stored(null); stop(); ui.newRequest(); });
		}

		function add(message) {
			if (shown[message.id]) return false;
			shown[message.id] = true;
			var mine = !message.from_shop;
			list.appendChild(el("div", { "class": "sd-msg " + (mine ? "sd-msg-me" : "sd-msg-shop"), "data-id": message.id }, [
				el("div", { "class": "sd-msg-text" }, withLinks(message.text)),
				el("div", { "class": "sd-msg-meta", title: message.at, text: (mine ? L.you : L.shop) + " · " + message.at.slice(11, 16) }),
			]));
			list.scrollTop = list.scrollHeight;
			if (message.from_shop) shopTimes.push(message.at);
			return message.from_shop;
		}

		function apply(answer) {
			if (!L) build(answer);
			var news = 0;
			(answer.messages || []).forEach(function (message) { if (add(message)) news += 1; });
			if (answer.cursor && answer.cursor > cursor) cursor = answer.cursor;
			status.textContent = answer.status_label;
			resolution.textContent = answer.resolution ? L.resolution + ": " + answer.resolution : "";
			resolution.hidden = !answer.resolution;
			reply.hidden = !answer.can_reply;
			var said = answer.can_reply ? (answer.reopens ? L.reopens : "") : L.closed;
			// a typed address not yet proven: the shop's answers go by e-mail only
			note.textContent = answer.answers_by_email ? [L.by_email, said].join(" ").trim() : said;
			note.hidden = !note.textContent;
			if (answer.done && !answer.can_reply) delay = SLOW;
			if (answer.room) listen(answer.room);
			seen();
			return news;
		}

		function unread() {
			return shopTimes.filter(function (at) { return !saved.seen || at > saved.seen; }).length;
		}

		function seen() {
			// what the shopper has in front of them is read: the panel open on the visible page
			if (ui.isOpen() && !document.hidden && shopTimes.length) {
				var newest = shopTimes[shopTimes.length - 1];
				if (!saved.seen || newest > saved.seen) {
					saved.seen = newest;
					stored(saved);
				}
			}
			ui.badge(ended ? 0 : unread(), L);
		}

		function live() {
			return !!(socket && socket.connected);
		}

		function listen(room) {
			// Frappe's realtime client exists on the ERP's own pages only (another origin's socket is
			// refused): there a nudge in the room fetches at once, and polling only backs it up
			if (listening) return;
			var realtime = sameOrigin && window.frappe && window.frappe.realtime;
			if (!realtime || !realtime.socket) {
				if (realtime && !waiting && document.readyState !== "complete") {
					waiting = true; // Frappe's page starts its client when it is ready
					window.addEventListener("load", function () { listen(room); });
				}
				return;
			}
			listening = true;
			socket = realtime.socket;
			realtime.on(EVENT, function (data) {
				if (data && data.room === room) wake();
			});
			socket.on("connect", function () {
				realtime.emit("task_subscribe", room); // again after a reconnection: rooms are per socket
				wake();
			});
			socket.on("disconnect", schedule);
			realtime.emit("task_subscribe", room);
		}

		function schedule() {
			clearTimeout(timer);
			ui.host.setAttribute("data-sd-live", live() ? "1" : "0");
			if (ended || document.hidden) return;
			timer = setTimeout(poll, live() ? SLOW : delay);
		}

		function poll() {
			if (ended) return;
			if (busy) {
				again = true; // news came while a fetch was under way: fetch once more after it
				return;
			}
			busy = true;
			api("get_widget_conversation", { token: saved.token, since: cursor }).then(function (answer) {
				busy = false;
				delay = apply(answer) ? QUICK : Math.min(delay * 2, SLOW);
				if (again) {
					again = false;
					poll();
				} else schedule();
			}).catch(function (e) {
				busy = false;
				if (e.status === 404 || e.status === 410) return end(e.message);
				delay = e.status === 429 ? SLOW : Math.min(delay * 2, SLOW);
				schedule();
			});
		}

		function wake() {
			delay = QUICK;
			poll();
		}

		function send() {
			var text = input.value.trim();
			if (!text || sendReply.disabled) return;
			error.textContent = "";
			sendReply.disabled = true;
			api("reply_in_widget", { token: saved.token, message: text }).then(function (answer) {
				sendReply.disabled = false;
				input.value = "";
				add(answer.message);
				status.textContent = answer.status_label;
				wake();
			}).catch(function (e) {
				sendReply.disabled = false;
				if (e.status === 404 || e.status === 410) return end(e.message);
				error.textContent = e.message || L.error;
			});
		}

		function stop() {
			ended = true;
			clearTimeout(timer);
			node.remove();
			ui.badge(0, L);
		}

		function end(message) {
			// revoked or expired: the device forgets it; the e-mail's link still opens the request
			stored(null);
			stop();
			ui.ended(message || (L && L.ended) || "");
		}

		document.addEventListener("visibilitychange", function () {
			if (ended) return;
			if (document.hidden) clearTimeout(timer);
			else wake();
		});
		window.addEventListener("storage", function (event) {
			// another tab of the shop read the answers, or forgot the conversation
			if (event.key !== STORE || ended) return;
			var next = stored();
			if (!next) return end("");
			if (next.token === saved.token && next.seen && (!saved.seen || next.seen > saved.seen)) {
				saved.seen = next.seen;
				ui.badge(unread(), L);
			}
		});

		ui.container.appendChild(node);
		if (first) {
			apply(first);
			schedule();
		} else poll();
		return {
			opened: function () {
				if (ended) return;
				seen();
				wake();
			},
		};
	}

	function render(meta) {
		var L = meta.labels;
		var host = el("div", { "class": "servicedesk-shop-widget" });
		var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
		root.appendChild(el("style", { text: CSS }));

		var badge = el("span", { "class": "sd-badge", hidden: "hidden", "aria-hidden": "true" });
		var button = el("button", { "class": "sd-button", type: "button", "aria-expanded": "false" }, [
			document.createTextNode(L.button),
			badge,
		]);
		var form = el("form", { "class": "sd-form", novalidate: "novalidate" });
		var notice = el("p", { "class": "sd-chat-note sd-ended", role: "status", hidden: "hidden" });
		var view = el("div", { "class": "sd-view" }, [notice, form]);
		var panel = el("div", { "class": "sd-panel", role: "dialog", "aria-label": L.title, hidden: "hidden" }, [
			el("h2", { text: L.title }),
			meta.prompt ? el("p", { "class": "sd-prompt", text: meta.prompt }) : null,
			view,
		]);
		var chat = null;
		var done = null;
		var ui = {
			host: host,
			container: view,
			intro: false,
			isOpen: function () { return !panel.hidden; },
			badge: function (count, labels) {
				badge.textContent = count ? String(count) : "";
				badge.hidden = !count;
				button.setAttribute("aria-label", count && labels ? L.button + ", " + labels.unread.replace("{0}", count) : L.button);
			},
			newRequest: function () {
				// the form again, empty, under a new key: the same key would answer the last request
				chat = null;
				if (done) done.remove();
				done = null;
				ui.intro = false;
				requestToken = newToken();
				form.reset();
				message.dispatchEvent(new Event("input"));
				send.disabled = false;
				notice.hidden = true;
				form.hidden = false;
			},
			ended: function (text) {
				ui.newRequest();
				notice.textContent = text;
				notice.hidden = !text;
			},
		};

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
		var answers = answersUnder(message, L);
		form.appendChild(answers.node);
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
			if (open && chat) chat.opened();
		}
		button.addEventListener("click", function () { toggle(panel.hidden); });
		close.addEventListener("click", function () { toggle(false); });

		form.addEventListener("submit", function (event) {
			event.preventDefault();
			error.textContent = "";
			send.disabled = true;
			var params = new FormData(form);
			var body = { source: config.source, client_token: requestToken, page_url: location.href.slice(0, 500) };
			params.forEach(function (value, key) { body[key] = value; });
			if (select && !chosen) delete body.category; // not the customer's choice: the server decides
			if (config.item) body.item_code = config.item;
			if (meta.categories.length === 1) body.category = meta.categories[0].value;
			if (answers.shown().length) body.answers_shown = JSON.stringify(answers.shown());
			body.session = answerSession();
			api("submit_feedback", body).then(function (result) {
				done = el("div", { "class": "sd-done", role: "status" }, [
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
				form.hidden = true;
				notice.hidden = true;
				view.appendChild(done);
				host.dispatchEvent(new CustomEvent("servicedesk:submitted", { detail: result, bubbles: true }));
				// the conversation stays on this device: it proves it sent the request by the request's key
				api("open_widget_conversation", {
					request: result.issue,
					client_token: body.client_token,
					email: body.email || "",
				}).then(function (answer) {
					var saved = { request: answer.request, token: answer.token, seen: answer.cursor };
					stored(saved);
					ui.intro = true;
					chat = conversation(saved, ui, answer);
				}).catch(warn); // the e-mail's link still leads to the request
			}).catch(function (e) {
				error.textContent = e.message || L.error;
				send.disabled = false;
			});
		});

		root.appendChild(button);
		root.appendChild(panel);
		document.body.appendChild(host);
		var saved = stored();
		if (saved && saved.token) {
			form.hidden = true;
			chat = conversation(saved, ui, null);
		}
		if (config.open) toggle(true);
	}

	function warn(e) {
		if (window.console) console.warn("servicedesk_shop widget:", e.message || e);
	}

	// --- the fit advice on the product page ---------------------------------------------------------

	function fitNote(advice) {
		return el("p", { "class": "sd-fit", "data-fit": advice.fit, text: advice.advice });
	}

	function startFit() {
		if (!config.item) return;
		api("get_fit_advice", { item: config.item }).then(function (advice) {
			if (!advice || !advice.fit) return;
			var host = el("div", { "class": "servicedesk-shop-fit" });
			var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
			root.appendChild(el("style", { text: CSS + ".sd-fit{margin:8px 0;padding:8px 12px;border-radius:8px;background:#fff7e6;border:1px solid #ffd591}" }));
			root.appendChild(fitNote(advice));
			script.parentNode.insertBefore(host, script.nextSibling);
			host.dispatchEvent(new CustomEvent("servicedesk:fit", { detail: advice, bubbles: true }));
		}).catch(warn);
	}

	// --- exit feedback on the cart and checkout ------------------------------------------------------

	var ASKED = "servicedesk_shop:exit_asked";
	var KEY = "servicedesk_shop:exit_session";
	var cart = { items: config.items, value: config.cartValue, currency: config.currency };

	function session(name, value) {
		try {
			if (value === undefined) return window.sessionStorage.getItem(name);
			window.sessionStorage.setItem(name, value);
		} catch (e) {
			return null; // storage blocked: asked at most once per page then
		}
		return value;
	}

	function sessionKey() {
		var key = session(KEY);
		if (!key) key = session(KEY, clientToken.replace(/[^A-Za-z0-9_.:-]/g, "").slice(0, 64)) || clientToken;
		return key;
	}

	var asked = false;
	function askExit(trigger) {
		if (asked || session(ASKED)) return;
		asked = true;
		session(ASKED, "1");
		api("get_exit_reasons", {}).then(function (meta) { renderExit(meta, trigger); }).catch(warn);
	}

	function renderExit(meta, trigger) {
		var L = meta.labels;
		var host = el("div", { "class": "servicedesk-shop-exit" });
		var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
		root.appendChild(el("style", { text: CSS + [
			".sd-exit{position:fixed;left:50%;top:20%;transform:translateX(-50%);bottom:auto;right:auto}",
			".sd-reasons{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0}",
			".sd-reasons button{border:1px solid #d4d4d4;background:#fff;border-radius:16px;padding:6px 12px;cursor:pointer;font:inherit}",
			".sd-reasons button:hover{background:#f3f3f3}",
			".sd-exit-answer{border-left:3px solid #15803d;background:#f0fdf4;border-radius:6px;padding:8px 10px;margin:0 0 10px}",
			".sd-exit-answer-title{font-weight:600;margin:0 0 4px}.sd-exit-answer-text{margin:0;white-space:pre-line}",
			".sd-exit-answer a{color:#2563eb;font-size:12px}.sd-exit-answer .sd-actions{justify-content:flex-start;margin-top:8px}",
			".sd-back-to-cart{background:#15803d;color:#fff}",
		].join("") }));
		var panel = el("div", { "class": "sd-panel sd-exit", role: "dialog", "aria-label": meta.question });
		var close = el("button", { type: "button", "class": "sd-close", text: L.close });
		var error = el("div", { "class": "sd-error", role: "alert" });
		var reasons = el("div", { "class": "sd-reasons" });
		var base = {
			session_key: sessionKey(),
			page: config.page,
			source: config.source === "Widget" ? config.page : config.source,
			trigger: trigger,
			page_url: location.href.slice(0, 500),
		};
		function cartParams() {
			return {
				item_codes: (cart.items || []).join(","),
				cart_value: cart.value === undefined || cart.value === null ? "" : String(cart.value),
				currency: cart.currency || "",
			};
		}
		function send(params) {
			var body = {};
			[base, cartParams(), params].forEach(function (part) {
				Object.keys(part).forEach(function (k) { body[k] = part[k]; });
			});
			return api("record_exit_feedback", body);
		}
		meta.reasons.forEach(function (reason) {
			var tap = el("button", { type: "button", "class": "sd-reason", "data-reason": reason.value, text: reason.label });
			tap.addEventListener("click", function () {
				error.textContent = "";
				send({ reason: reason.value }).then(function (result) {
					host.dispatchEvent(new CustomEvent("servicedesk:exit", { detail: result, bubbles: true }));
					thanks(reason, result);
				}).catch(function (e) { error.textContent = e.message || L.error; });
			});
			reasons.appendChild(tap);
		});
		function thanks(reason, result) {
			var form = el("form", { "class": "sd-form sd-exit-more", novalidate: "novalidate" });
			var comment = el("textarea", { name: "comment", id: "sd-exit-comment", maxlength: "1000" });
			var email = el("input", { name: "email", id: "sd-exit-email", type: "email", maxlength: "140", autocomplete: "email" });
			var more = el("button", { type: "submit", "class": "sd-send", text: L.send });
			if (result && result.answer) form.appendChild(answerBack(result));
			form.appendChild(el("p", { "class": "sd-thanks", text: L.thanks }));
			form.appendChild(el("label", { "for": "sd-exit-comment", text: L.comment }));
			form.appendChild(comment);
			form.appendChild(el("label", { "for": "sd-exit-email", text: L.email }));
			form.appendChild(email);
			form.appendChild(error);
			form.appendChild(el("div", { "class": "sd-actions" }, [close, more]));
			form.addEventListener("submit", function (event) {
				event.preventDefault();
				if (!comment.value.trim() && !email.value.trim()) { hide(); return; }
				more.disabled = true;
				send({ reason: reason.value, comment: comment.value, email: email.value }).then(function (answer) {
					form.replaceWith(el("p", { "class": "sd-done", role: "status", text: answer.issue ? L.sent : L.thanks }));
					setTimeout(hide, 2500);
				}).catch(function (e) {
					error.textContent = e.message || L.error;
					more.disabled = false;
				});
			});
			panel.replaceChild(form, reasons);
			if (reason.asks_for_text) comment.focus();
		}
		// what the reason answers, at once, with the way back to the cart
		function answerBack(result) {
			var answer = result.answer;
			var back = el("button", { type: "button", "class": "sd-back-to-cart", text: L.back_to_cart });
			var url = answerUrl(answer.url);
			var box = el("div", { "class": "sd-exit-answer", role: "status" }, [
				el("p", { "class": "sd-exit-answer-title", text: answer.title }),
				el("p", { "class": "sd-exit-answer-text", text: answer.text }),
				url ? el("a", { href: url, target: "_blank", rel: "noopener", text: L.read_more }) : null,
				el("div", { "class": "sd-actions" }, [back]),
			]);
			back.addEventListener("click", function () {
				back.disabled = true;
				api("exit_back_to_cart", { feedback: result.exit_feedback, session: base.session_key })
					.catch(warn)
					.then(function () {
						host.dispatchEvent(new CustomEvent("servicedesk:back-to-cart", { detail: result, bubbles: true }));
						hide();
						// the shop's own cart page: a path or an http(s) address, nothing else
						if (/^(https?:\/\/|\/(?![\/\\]))/.test(config.cartUrl)) location.href = config.cartUrl;
					});
			});
			return box;
		}
		function hide() { host.remove(); }
		close.addEventListener("click", hide);
		panel.appendChild(el("h2", { text: meta.question }));
		panel.appendChild(reasons);
		panel.appendChild(error);
		panel.appendChild(el("div", { "class": "sd-actions" }, [close]));
		root.appendChild(panel);
		document.body.appendChild(host);
	}

	function startExit() {
		var phone = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
		if (!phone) {
			// the pointer leaves the top of the window: towards the tabs, the address bar, the close button
			document.addEventListener("mouseout", function (event) {
				if (!event.relatedTarget && event.clientY <= 0) askExit("Leave Window");
			});
		}
		// a phone: the shopper switched away with items in the cart; ask when they come back
		var hiddenWithItems = false;
		document.addEventListener("visibilitychange", function () {
			if (document.visibilityState === "hidden") hiddenWithItems = (cart.items || []).length > 0;
			else if (hiddenWithItems && phone) askExit("Page Hidden");
		});
		window.addEventListener("pageshow", function (event) {
			if (event.persisted && phone && (cart.items || []).length) askExit("Page Hidden");
		});
	}

	window.servicedeskExit = {
		setCart: function (next) {
			next = next || {};
			if (Array.isArray(next.items)) cart.items = next.items.map(String);
			if (next.value !== undefined) cart.value = next.value;
			if (next.currency !== undefined) cart.currency = next.currency;
		},
		itemRemoved: function (code) {
			if (code) cart.items = (cart.items || []).filter(function (c) { return c !== String(code); });
			askExit("Item Removed");
		},
		ask: function () { askExit("Asked by Shop"); },
	};

	// --- the storefront's word that an order was placed ---------------------------------------------

	window.ServiceDesk = window.ServiceDesk || {};
	window.ServiceDesk.orderPlaced = function (orderId, value, currency) {
		// only the keys this tab already has: a tab without an exit question or answers has nothing to link
		var answers = session(SESSION);
		var exit = session(KEY);
		if (!orderId || !(answers || exit)) return Promise.resolve({ recorded: false });
		return api("record_order_placed", {
			order_id: String(orderId),
			value: value === undefined || value === null ? "" : String(value),
			currency: currency || "",
			session: answers || "",
			exit_session: exit || "",
		}).catch(function (e) { warn(e); return { recorded: false }; });
	};

	function start() {
		if (config.mode === "exit") return startExit();
		if (config.mode === "fit") return startFit();
		api("get_feedback_source", { source: config.source }).then(render).catch(warn);
	}
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
