"""The fit signal from size complaints and returns, without a site."""

from datetime import date, timedelta

import pytest

from servicedesk_shop.insight.fit import (
	COMPLAINT,
	LARGE,
	RETURN,
	RUNS_LARGE,
	RUNS_SMALL,
	SMALL,
	TRUE_TO_SIZE,
	Observation,
	advice_text,
	case_of,
	direction_of_reason,
	direction_of_text,
	fit_signal,
	request_counts,
)


@pytest.mark.parametrize(
	"text",
	[
		"Платье маломерит, M как S",
		"Маломерка! Взяла свой размер — не сходится",
		"в груди тесновато и узко",
		"The dress runs small, order one size up",
		"Way too tight around the waist",
		"It was small on me",
	],
)
def test_words_that_say_small(text):
	assert direction_of_text(text) == SMALL


@pytest.mark.parametrize(
	"text",
	[
		"Большемерит на размер",
		"Платье велико и висит",
		"Runs large, size down",
		"Too big in the shoulders",
		"the bra is too loose",
	],
)
def test_words_that_say_large(text):
	assert direction_of_text(text) == LARGE


@pytest.mark.parametrize(
	"text",
	["Какой размер выбрать при росте 170?", "Where is my order?", "", None, "маломерит или большемерит?"],
)
def test_words_that_say_neither(text):
	assert direction_of_text(text) is None


def test_return_reasons():
	assert direction_of_reason("Size too small") == SMALL
	assert direction_of_reason("Size too big") == LARGE
	assert direction_of_reason("Quality or defect") is None


def obs(direction, n, kind=COMPLAINT, size="M", weight=1):
	return [Observation("DRESS", size, direction, kind, weight) for _ in range(n)]


def test_below_the_evidence_needed_there_is_no_advice():
	signal = fit_signal("DRESS", obs(SMALL, 4), min_observations=5)
	assert signal.fit is None and signal.observations == 4
	assert advice_text(signal, "en") == ""


def test_the_thresholds():
	# exactly the evidence needed, all small
	assert fit_signal("DRESS", obs(SMALL, 5), 5).fit == RUNS_SMALL
	# 60% small: runs small; 59%... is true to size
	assert fit_signal("DRESS", obs(SMALL, 3) + obs(LARGE, 2), 5).fit == RUNS_SMALL
	mixed = fit_signal("DRESS", obs(SMALL, 59) + obs(LARGE, 41), 5)
	assert mixed.fit == TRUE_TO_SIZE
	assert mixed.share == 82.0  # the smaller side doubled: 100 would be exactly balanced
	assert fit_signal("DRESS", obs(LARGE, 6) + obs(SMALL, 4), 5).fit == RUNS_LARGE


def test_complaints_and_returns_count_together_with_quantities_and_sizes():
	evidence = (
		obs(SMALL, 2, COMPLAINT, "S") + obs(SMALL, 1, RETURN, "M", weight=2) + obs(LARGE, 1, RETURN, "L")
	)
	signal = fit_signal("DRESS", evidence, 5)
	assert (signal.fit, signal.observations, signal.small, signal.large) == (RUNS_SMALL, 5, 4, 1)
	assert (signal.complaints, signal.returns) == (2, 3)
	assert signal.share == 80.0
	assert signal.sizes == {"S": 2, "M": 2}


def test_a_customers_case_counts_once():
	"""A complaint and the return started from it, or two sizes returned in one return, are one customer:
	five such customers' ten observations must not count as ten."""
	evidence = []
	for customer in range(4):
		case = f"ISS-{customer}"
		evidence += [
			Observation("DRESS", "S", SMALL, COMPLAINT, case=case),
			Observation("DRESS", "S", SMALL, RETURN, case=case),
		]
	signal = fit_signal("DRESS", evidence, 5)
	assert (signal.fit, signal.observations) == (None, 4)  # four customers: below the five needed
	one_return_two_sizes = [
		Observation("DRESS", "S", SMALL, RETURN, case="MAT-DN-RET-1"),
		Observation("DRESS", "M", SMALL, RETURN, case="MAT-DN-RET-1"),
	]
	signal = fit_signal("DRESS", evidence + one_return_two_sizes, 5)
	assert (signal.fit, signal.observations, signal.complaints, signal.returns) == (RUNS_SMALL, 5, 4, 1)
	assert "Based on 5 customers" in advice_text(signal, "en")


def test_the_advice_for_the_next_buyer():
	signal = fit_signal("DRESS", obs(SMALL, 6, size="S") + obs(SMALL, 2, size="M"), 5)
	assert advice_text(signal, "en") == (
		"Runs small: most customers who returned it or wrote to us about the fit needed one size up"
		" (especially in S, M). Based on 8 customers."
	)
	assert advice_text(signal, "ru-RU").startswith("Маломерит: большинству покупателей")
	assert "По отзывам 8 покупателей" in advice_text(signal, "ru")


def test_a_customer_is_one_case_whatever_they_sent():
	assert case_of("Анна Смирнова", "ISS-2026-00001") == case_of("Анна Смирнова", "MAT-DN-RET-00002")
	assert case_of(None, "ISS-2026-00001") == "ISS-2026-00001"
	assert case_of("ISS-2026-00001", "ISS-2026-00002") != case_of(None, "ISS-2026-00001")
	assert len(case_of("x" * 200, "ISS-1")) == 140


def test_a_complaint_counts_from_a_buyer_or_once_an_agent_resolved_it():
	day = date(2026, 12, 1)

	def counts(**given):
		facts = {
			"resolved_by_agent": False,
			"typed_address": False,
			"names_order": False,
			"first_bought": None,
			"opened_on": day,
		}
		return request_counts(**{**facts, **given})

	assert not counts()  # a signed-up customer who never bought it
	assert counts(first_bought=day - timedelta(days=20))
	assert counts(first_bought=day)  # bought and wrote the same day
	assert not counts(first_bought=day + timedelta(days=1))  # wrote before they had it
	assert counts(resolved_by_agent=True)
	assert counts(resolved_by_agent=True, typed_address=True)
	# a guest typed a buyer's address: no proof, unless the request names that customer's order
	assert not counts(typed_address=True, first_bought=day)
	assert counts(typed_address=True, names_order=True, first_bought=day)
	assert not counts(typed_address=True, names_order=True)


def test_one_customer_by_the_form_by_e_mail_and_a_return_counts_once():
	case = case_of("Анна Смирнова", "ISS-1")
	observations = [Observation("D", "S", SMALL, COMPLAINT, 1, case) for _ in range(2)]
	observations.append(Observation("D", "S", SMALL, RETURN, 1, case))
	observations += [Observation("D", "S", SMALL, COMPLAINT, 1, case_of(f"C{n}", "x")) for n in range(4)]
	signal = fit_signal("D", observations, 5)
	assert (signal.fit, signal.observations) == (RUNS_SMALL, 5)
