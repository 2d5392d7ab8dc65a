// servicedesk_shop: the customer's rating form (/support/rate, /support/track, /support/request).
(function () {
	"use strict";
	const form = document.getElementById("sd-rating");
	if (!form) return;
	const errorBox = form.querySelector(".sd-rating-error");
	servicedesk.onSubmit(form, errorBox, async () => {
		const saved = form.querySelector(".sd-rating-saved");
		saved.classList.add("d-none");
		await servicedesk.post("rate_request", new FormData(form), form.dataset.error);
		saved.textContent = form.dataset.saved;
		saved.classList.remove("d-none");
	});
	// the page of a star's link (/support/rate): the star is recorded now, by this POST; the stored
	// comment stays (none is sent). Mail scanners fetch the link without running this.
	if (form.dataset.recordOnLoad) {
		const chosen = form.querySelector("input[name=rating]:checked");
		const body = new URLSearchParams({ token: form.elements.token.value, rating: chosen.value });
		servicedesk
			.post("rate_request", body, form.dataset.error)
			.then(() => document.querySelector(".sd-rated").classList.remove("d-none"))
			.catch((error) => {
				errorBox.textContent = error.message;
				errorBox.classList.remove("d-none");
			});
	}
})();
