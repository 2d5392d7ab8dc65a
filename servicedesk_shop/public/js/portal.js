// servicedesk_shop portal pages: one way to call the API from /support/* pages.
(function () {
	"use strict";
	const servicedesk = (window.servicedesk = window.servicedesk || {});

	// the server's translated messages of a failed call
	servicedesk.errorText = function (data, fallback) {
		try {
			return JSON.parse(data._server_messages)
				.map((m) => JSON.parse(m).message)
				.join(" ");
		} catch (e) {
			return fallback;
		}
	};

	// POST to servicedesk_shop.api.<method>; resolves with `message`, rejects with a readable Error
	servicedesk.post = async function (method, body, fallback) {
		const headers = { Accept: "application/json" };
		if (window.frappe && frappe.csrf_token) headers["X-Frappe-CSRF-Token"] = frappe.csrf_token;
		const response = await fetch(`/api/method/servicedesk_shop.api.${method}`, {
			method: "POST",
			headers,
			body: new URLSearchParams(body),
			credentials: "same-origin",
		});
		const data = await response.json().catch(() => ({}));
		if (!response.ok) throw new Error(servicedesk.errorText(data, fallback));
		return data.message;
	};

	// a form sent without leaving the page: `send()` does the work while the submit button waits; a
	// refusal's message shows in `errorBox`, hidden again at the next try
	servicedesk.onSubmit = function (form, errorBox, send) {
		const button = form.querySelector("[type=submit]");
		form.addEventListener("submit", async (event) => {
			event.preventDefault();
			errorBox.classList.add("d-none");
			button.disabled = true;
			try {
				await send();
			} catch (error) {
				errorBox.textContent = error.message;
				errorBox.classList.remove("d-none");
			} finally {
				button.disabled = false;
			}
		});
	};

	// the chosen files as [{name, data: "data:...;base64,..."}]; the server judges them by their bytes
	servicedesk.readPhotos = function (files) {
		return Promise.all(
			[...(files || [])].map(
				(file) =>
					new Promise((resolve, reject) => {
						const reader = new FileReader();
						reader.onload = () => resolve({ name: file.name, data: reader.result });
						reader.onerror = reject;
						reader.readAsDataURL(file);
					})
			)
		);
	};

	servicedesk.clientToken = function () {
		return window.crypto && crypto.randomUUID
			? crypto.randomUUID()
			: String(Date.now()) + "-" + Math.random().toString(36).slice(2);
	};

	// one anonymous key per tab session (sessionStorage `sd_session`, self_service/session.py), which the
	// server counts by; null where the browser blocks storage
	servicedesk.sessionKey = function () {
		try {
			let session = sessionStorage.getItem("sd_session");
			if (!session) {
				session = servicedesk.clientToken();
				sessionStorage.setItem("sd_session", session);
			}
			return session;
		} catch (error) {
			return null;
		}
	};
})();
