"""Fit advice from what customers said: rules without `frappe`.

Evidence per item template: size complaints (requests of the category Size and Fit whose words say small
or large: маломерит / большемерит / runs small / too big ...; the size named on their order line) and
returned lines with the reasons "Size too small" / "Size too big". The signal of a template:

- below `min_observations` pieces of evidence (Service Desk Settings, default 5): no advice;
- `FIT_SHARE` (60%) or more of them small: runs small; as many large: runs large;
- else true to size (the evidence points both ways: the size chart is right on the whole).

Who counts (`request_counts`, `case_of`): a complaint only from a customer who had bought the item by the
day they wrote, or one an agent resolved; a return is a purchase already. A customer counts once per item
template, whatever they sent (the form, an e-mail, a return).

No `frappe` import.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

SMALL, LARGE = "small", "large"
RUNS_SMALL, TRUE_TO_SIZE, RUNS_LARGE = "Runs Small", "True to Size", "Runs Large"
FIT_SHARE = 0.6
DEFAULT_MIN_OBSERVATIONS = 5

COMPLAINT, RETURN = "Complaint", "Return"
SIZE_CATEGORY = "Size and Fit"
RETURN_DIRECTIONS = {"Size too small": SMALL, "Size too big": LARGE, "Size too large": LARGE}

# the words customers use; a stem where Russian inflects ("маломерит", "маломерка", "маломерят")
_SMALL_WORDS = [
	r"маломер",
	r"мал[аоы]?\b",
	r"маловат",
	r"тесн",
	r"узк",
	r"жм[её]т",
	r"не\s+сходит",
	r"не\s+застегива",
	r"на\s+размер\s+больше",
	r"runs?\s+small",
	r"too\s+(?:small|tight|short|narrow)",
	r"(?:is|was|are|were)\s+(?:small|tight)",
	r"size\s+up",
	r"(?:one|a)\s+size\s+(?:up|bigger|larger)",
	r"smaller\s+than\s+(?:expected|the\s+chart)",
]
_LARGE_WORDS = [
	r"большемер",
	r"велик[аоий]?\b",
	r"великоват",
	r"широк",
	r"висит",
	r"болта",
	r"на\s+размер\s+меньше",
	r"runs?\s+(?:large|big)",
	r"too\s+(?:big|large|loose|long|wide)",
	r"(?:is|was|are|were)\s+(?:big|loose|huge)",
	r"size\s+down",
	r"(?:one|a)\s+size\s+(?:down|smaller)",
	r"bigger\s+than\s+(?:expected|the\s+chart)",
]
_SMALL = re.compile("|".join(_SMALL_WORDS), re.IGNORECASE)
_LARGE = re.compile("|".join(_LARGE_WORDS), re.IGNORECASE)


def direction_of_text(text: str | None) -> str | None:
	"""small, large, or None when the words say neither (or both as often)."""
	if not text:
		return None
	small, large = len(_SMALL.findall(text)), len(_LARGE.findall(text))
	if small > large:
		return SMALL
	if large > small:
		return LARGE
	return None


def direction_of_reason(reason: str | None) -> str | None:
	return RETURN_DIRECTIONS.get(reason or "")


@dataclass(frozen=True)
class Observation:
	template: str
	size: str
	direction: str  # SMALL or LARGE
	kind: str  # COMPLAINT or RETURN
	weight: float = 1.0
	# whose evidence it is (`case_of`): the customer, else its own document. A case counts once per
	# template: a customer who complained by the form and by e-mail, then returned the dress, or returned
	# two sizes of it in one return, is one customer.
	case: str = ""


CUSTOMER_CASE = "Customer:"


def case_of(customer: str | None, document: str) -> str:
	"""The case a piece of evidence belongs to: its customer, whatever the channel, else the document
	itself (a guest's request the shop cannot tie to anyone)."""
	return f"{CUSTOMER_CASE}{customer}"[:140] if customer else document


def request_counts(
	*,
	resolved_by_agent: bool,
	typed_address: bool,
	names_order: bool,
	first_bought: date | None,
	opened_on: date,
) -> bool:
	"""Whether a size complaint about an item is evidence of its fit. An agent's resolution says a person
	at the shop took it as real. Otherwise its customer must have bought the item (a submitted order or
	invoice of the template or a variant) by the day they wrote: anyone may open an account and type
	"runs small". A guest's typed address does not say who wrote, unless the request names an order of
	that customer."""
	if resolved_by_agent:
		return True
	if typed_address and not names_order:
		return False
	return first_bought is not None and first_bought <= opened_on


@dataclass
class FitSignal:
	template: str
	fit: str | None  # RUNS_SMALL, TRUE_TO_SIZE, RUNS_LARGE; None below the evidence needed
	observations: float
	small: float
	large: float
	complaints: float
	returns: float
	sizes: dict[str, float] = field(default_factory=dict)  # the sizes concerned, in the signal's way

	@property
	def share(self) -> float:
		"""The share of the evidence behind the signal, 0-100 (true to size: the smaller side's
		share doubled, 100 when as many found it small as large)."""
		if not self.observations:
			return 0.0
		if self.fit == RUNS_SMALL:
			return round(100 * self.small / self.observations, 1)
		if self.fit == RUNS_LARGE:
			return round(100 * self.large / self.observations, 1)
		return round(200 * min(self.small, self.large) / self.observations, 1)


def fit_signal(template: str, observations, min_observations: int = DEFAULT_MIN_OBSERVATIONS) -> FitSignal:
	small = large = complaints = returns = 0.0
	sizes = {SMALL: Counter(), LARGE: Counter()}
	counted = set()
	for obs in observations:
		if obs.direction not in (SMALL, LARGE):
			continue
		if obs.case:
			if obs.case in counted:
				continue
			counted.add(obs.case)
		if obs.direction == SMALL:
			small += obs.weight
		else:
			large += obs.weight
		if obs.kind == RETURN:
			returns += obs.weight
		else:
			complaints += obs.weight
		if obs.size:
			sizes[obs.direction][obs.size] += obs.weight
	total = small + large
	fit = None
	if total and total >= max(min_observations, 1):
		if small / total >= FIT_SHARE:
			fit = RUNS_SMALL
		elif large / total >= FIT_SHARE:
			fit = RUNS_LARGE
		else:
			fit = TRUE_TO_SIZE
	concerned = sizes[SMALL] if fit == RUNS_SMALL else sizes[LARGE] if fit == RUNS_LARGE else Counter()
	return FitSignal(
		template=template,
		fit=fit,
		observations=total,
		small=small,
		large=large,
		complaints=complaints,
		returns=returns,
		sizes=dict(concerned.most_common()),
	)


ADVICE = {
	"en": {
		RUNS_SMALL: "Runs small: most customers who returned it or wrote to us about the fit needed one size up",
		RUNS_LARGE: "Runs large: most customers who returned it or wrote to us about the fit needed one size down",
		TRUE_TO_SIZE: "True to size: take your usual size",
		"sizes": "especially in {sizes}",
		"based_on": "Based on {count} customers",
	},
	"ru": {
		RUNS_SMALL: "Маломерит: большинству покупателей, вернувших его или написавших нам о посадке, нужен был размер больше",
		RUNS_LARGE: "Большемерит: большинству покупателей, вернувших его или написавших нам о посадке, нужен был размер меньше",
		TRUE_TO_SIZE: "Соответствует размеру: берите свой обычный размер",
		"sizes": "особенно {sizes}",
		"based_on": "По отзывам {count} покупателей",
	},
}


def advice_text(signal: FitSignal, lang: str | None = None) -> str:
	"""The sentence for the next buyer, or "" without a signal."""
	if not signal.fit:
		return ""
	words = ADVICE["ru" if (lang or "").lower().startswith("ru") else "en"]
	text = words[signal.fit]
	if signal.sizes and signal.fit != TRUE_TO_SIZE:
		text += " (" + words["sizes"].format(sizes=", ".join(list(signal.sizes)[:3])) + ")"
	count = signal.observations
	return text + ". " + words["based_on"].format(count=int(count) if count == int(count) else count) + "."
