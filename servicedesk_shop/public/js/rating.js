// servicedesk_shop: the customer's rating form (/support/rate, /support/track, /support/request).
(function () {
	"use strict";
	const form = document.getElementById("sd-rating");
	if (!form) return;
	form.addEventListener("submit", async (event) => {
		event.preventDefault();
		const errorBox = form.querySelector(".sd-rating-error");
		const saved = form.querySelector(".sd-rating-saved");
		errorBox.classList.add("d-none");
		saved.classList.add("d-none");
		try {
			await servicedesk.post("rate_request", new FormData(form), form.dataset.error);
			saved.textContent = form.dataset.saved;
			saved.classList.remove("d-none");
		} catch (error) {
			errorBox.textContent = error.message;
			errorBox.classList.remove("d-none");
		}
	});
})();
