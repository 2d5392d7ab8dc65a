"""Routing rules as plain data: which rule wins for a request, and why. No `frappe` import.

Conditions: the source, the category, the item's group, the customer's group and territory, the mood and
urgency that triage read from the customer's words, the order total and keywords.

A rule's conditions are all optional and combined with AND; each condition is a list matched as OR. Rules
are tried by `priority` (lower first; ties by name), the first that matches wins; a rule without
conditions is a catch-all. Groups, customer groups and territories match their sub-groups too: the
hierarchies are given as child -> parent maps.

Speed: `RuleIndex.route` does not look at every rule. For each list condition it keeps, per value, a bit
mask of the rules that accept that value (and a mask of the rules without that condition); a request's
candidates are the AND of those masks, and only candidates are checked in priority order for the order
total and keywords. 1,000 rules route in microseconds (benchmarks/routing_benchmark.py).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_words(text: str) -> list[str]:
	"""Lower-case words of `text`; Russian ё is read as е (customers write both)."""
	return [w.replace("ё", "е") for w in _WORD.findall((text or "").casefold())]


def parse_keywords(value: str | Iterable[str]) -> tuple[tuple[str, ...], ...]:
	"""Keywords as an admin writes them, one per line or comma-separated; each keyword may be a phrase.
	Returns each as a tuple of normalised words."""
	items = re.split(r"[\n,;]+", value) if isinstance(value, str) else list(value)
	keywords = []
	for item in items:
		words = tuple(normalise_words(item))
		if words and words not in keywords:
			keywords.append(words)
	return tuple(keywords)


def find_keyword(keywords: tuple[tuple[str, ...], ...], words: list[str], word_set: set[str]) -> str | None:
	"""The first keyword found in the text as whole words (a phrase as consecutive words), or None."""
	for keyword in keywords:
		if len(keyword) == 1:
			if keyword[0] in word_set:
				return keyword[0]
		elif keyword[0] in word_set:
			n = len(keyword)
			for i in range(len(words) - n + 1):
				if tuple(words[i : i + n]) == keyword:
					return " ".join(keyword)
	return None


# Every reason routing gives, in English with {0}… placeholders. The Frappe side shows them through _()
# (translations/ru.csv has each; tests/test_translations.py checks), so this module needs no frappe.
MESSAGES = {
	"catch_all": "catch-all rule",
	"source": "source {0}",
	"category": "category {0}",
	"item_group": "item group {0}",
	"item_group_via": "item group {0} (in {1})",
	"customer_group": "customer group {0}",
	"customer_group_via": "customer group {0} (in {1})",
	"territory": "territory {0}",
	"territory_via": "territory {0} (in {1})",
	"source_not": "source {0} is not one of {1}",
	"category_not": "category {0} is not one of {1}",
	"item_group_not": "item group {0} is not one of {1}",
	"customer_group_not": "customer group {0} is not one of {1}",
	"territory_not": "territory {0} is not one of {1}",
	"source_none": "no source (rule needs one of {0})",
	"category_none": "no category (rule needs one of {0})",
	"item_group_none": "no item group (rule needs one of {0})",
	"customer_group_none": "no customer group (rule needs one of {0})",
	"territory_none": "no territory (rule needs one of {0})",
	"mood": "mood {0}",
	"mood_not": "mood {0} is not one of {1}",
	"mood_none": "no mood read (rule needs one of {0})",
	"urgency": "urgency {0}",
	"urgency_not": "urgency {0} is not one of {1}",
	"urgency_none": "no urgency read (rule needs one of {0})",
	"order_total": "order total {0} in {1}",
	"order_total_none": "no order total (rule needs {0})",
	"order_total_not": "order total {0} is not in {1}",
	"keyword": 'keyword "{0}"',
	"keyword_none": "no keyword found: {0}",
}


class Reason(str):
	"""Why a rule matched or not: the English text (the str itself), with its message key and arguments
	so that the Frappe side can translate it: `reason.translated(_)`."""

	key: str
	args: tuple

	def __new__(cls, key: str, *args):
		self = super().__new__(cls, MESSAGES[key].format(*args))
		self.key = key
		self.args = args
		return self

	def translated(self, gettext) -> str:
		return gettext(MESSAGES[self.key]).format(*self.args)


@dataclass(frozen=True)
class Rule:
	name: str
	team: str
	priority: int = 0
	sources: frozenset = frozenset()
	categories: frozenset = frozenset()
	item_groups: frozenset = frozenset()
	customer_groups: frozenset = frozenset()
	territories: frozenset = frozenset()
	moods: frozenset = frozenset()  # the customer's mood read by triage: Angry, Negative, Neutral, Positive
	urgencies: frozenset = frozenset()  # the urgency read by triage (Issue Priorities)
	min_order_total: float | None = None
	max_order_total: float | None = None
	keywords: tuple = ()
	user: str | None = None
	set_priority: str | None = None

	@property
	def is_catch_all(self) -> bool:
		return not (
			self.sources
			or self.categories
			or self.item_groups
			or self.customer_groups
			or self.territories
			or self.moods
			or self.urgencies
			or self.min_order_total is not None
			or self.max_order_total is not None
			or self.keywords
		)


@dataclass
class Request:
	"""What routing knows about a request."""

	source: str | None = None
	category: str | None = None
	item_group: str | None = None
	customer_group: str | None = None
	territory: str | None = None
	mood: str | None = None
	urgency: str | None = None
	order_total: float | None = None
	text: str = ""


@dataclass
class Decision:
	rule: Rule | None
	reasons: list[Reason] = field(default_factory=list)
	tried: list[tuple[str, Reason]] = field(default_factory=list)  # (rule, why it did not match), in order

	@property
	def team(self):
		return self.rule.team if self.rule else None


def ancestors(value: str | None, parents: Mapping[str, str | None]) -> list[str]:
	"""`value` and the groups above it, nearest first (cycles are cut)."""
	chain = []
	while value and value not in chain:
		chain.append(value)
		value = parents.get(value)
	return chain


# (rule attribute, request attribute, hierarchy name or None, message key)
LIST_CONDITIONS = (
	("sources", "source", None, "source"),
	("categories", "category", None, "category"),
	("item_groups", "item_group", "item_group", "item_group"),
	("customer_groups", "customer_group", "customer_group", "customer_group"),
	("territories", "territory", "territory", "territory"),
	("moods", "mood", None, "mood"),
	("urgencies", "urgency", None, "urgency"),
)


class RuleIndex:
	def __init__(
		self, rules: Iterable[Rule], hierarchies: Mapping[str, Mapping[str, str | None]] | None = None
	):
		self.rules = sorted(rules, key=lambda r: (r.priority, r.name))
		self.hierarchies = {name: dict(m) for name, m in (hierarchies or {}).items()}
		self.all_mask = (1 << len(self.rules)) - 1
		self.masks: dict[str, tuple[dict[str, int], int]] = {}
		for attribute, _request_attribute, _hierarchy, _label in LIST_CONDITIONS:
			by_value: dict[str, int] = {}
			unconditioned = 0
			for i, rule in enumerate(self.rules):
				values = getattr(rule, attribute)
				if not values:
					unconditioned |= 1 << i
				for value in values:
					by_value[value] = by_value.get(value, 0) | (1 << i)
			self.masks[attribute] = (by_value, unconditioned)

	def __len__(self):
		return len(self.rules)

	def uses(self, attribute: str) -> bool:
		"""Whether any rule has a condition on this rule attribute (`item_groups`, `min_order_total`…),
		so that the facts nobody asks about are never looked up."""
		if attribute in ("min_order_total", "max_order_total", "order_total"):
			return any(r.min_order_total is not None or r.max_order_total is not None for r in self.rules)
		if attribute == "keywords":
			return any(r.keywords for r in self.rules)
		return bool(self.masks[attribute][0])

	def _values(self, request: Request, request_attribute: str, hierarchy: str | None) -> list[str]:
		value = getattr(request, request_attribute)
		if hierarchy:
			return ancestors(value, self.hierarchies.get(hierarchy, {}))
		return [value] if value else []

	def candidates(self, request: Request) -> int:
		mask = self.all_mask
		for attribute, request_attribute, hierarchy, _label in LIST_CONDITIONS:
			by_value, unconditioned = self.masks[attribute]
			accepted = unconditioned
			for value in self._values(request, request_attribute, hierarchy):
				accepted |= by_value.get(value, 0)
			mask &= accepted
			if not mask:
				break
		return mask

	def route(self, request: Request) -> Decision:
		"""The winning rule and why it matched (the fast path: no list of tried rules)."""
		mask = self.candidates(request)
		if not mask:
			return Decision(None)
		words = normalise_words(request.text)
		word_set = set(words)
		while mask:
			low = mask & -mask
			rule = self.rules[low.bit_length() - 1]
			mask ^= low
			reasons = self.check_rest(rule, request, words, word_set)
			if reasons is not None:
				return Decision(rule, self.list_reasons(rule, request) + reasons)
		return Decision(None)

	def explain(self, request: Request) -> Decision:
		"""Every rule in order until one matches, each with why it did not (for the "Test" action)."""
		words = normalise_words(request.text)
		word_set = set(words)
		tried = []
		for rule in self.rules:
			failed = self.list_failure(rule, request)
			if failed is None:
				rest = self.check_rest(rule, request, words, word_set)
				if rest is not None:
					return Decision(rule, self.list_reasons(rule, request) + rest, tried)
				failed = self.rest_failure(rule, request)
			tried.append((rule.name, failed))
		return Decision(None, [], tried)

	def list_reasons(self, rule: Rule, request: Request) -> list[Reason]:
		if rule.is_catch_all:
			return [Reason("catch_all")]
		reasons = []
		for attribute, request_attribute, hierarchy, label in LIST_CONDITIONS:
			accepted = getattr(rule, attribute)
			if accepted:
				value = getattr(request, request_attribute)
				via = next(
					(v for v in self._values(request, request_attribute, hierarchy) if v in accepted), value
				)
				reasons.append(Reason(label, value) if via == value else Reason(f"{label}_via", value, via))
		return reasons

	def list_failure(self, rule: Rule, request: Request) -> Reason | None:
		for attribute, request_attribute, hierarchy, label in LIST_CONDITIONS:
			accepted = getattr(rule, attribute)
			if accepted and not accepted.intersection(self._values(request, request_attribute, hierarchy)):
				value = getattr(request, request_attribute)
				listed = ", ".join(sorted(accepted))
				return Reason(f"{label}_not", value, listed) if value else Reason(f"{label}_none", listed)
		return None

	@staticmethod
	def check_rest(rule: Rule, request: Request, words: list[str], word_set: set[str]) -> list[Reason] | None:
		"""Order total and keywords: the reasons when they hold, None when they do not."""
		reasons = []
		if rule.min_order_total is not None or rule.max_order_total is not None:
			total = request.order_total
			if total is None:
				return None
			if rule.min_order_total is not None and total < rule.min_order_total:
				return None
			if rule.max_order_total is not None and total > rule.max_order_total:
				return None
			reasons.append(Reason("order_total", f"{total:g}", format_range(rule)))
		if rule.keywords:
			keyword = find_keyword(rule.keywords, words, word_set)
			if keyword is None:
				return None
			reasons.append(Reason("keyword", keyword))
		return reasons

	@staticmethod
	def rest_failure(rule: Rule, request: Request) -> Reason:
		if rule.min_order_total is not None or rule.max_order_total is not None:
			total = request.order_total
			if total is None:
				return Reason("order_total_none", format_range(rule))
			if (rule.min_order_total is not None and total < rule.min_order_total) or (
				rule.max_order_total is not None and total > rule.max_order_total
			):
				return Reason("order_total_not", f"{total:g}", format_range(rule))
		return Reason("keyword_none", ", ".join(" ".join(k) for k in rule.keywords))


def format_range(rule: Rule) -> str:
	low = "" if rule.min_order_total is None else f"{rule.min_order_total:g}"
	high = "" if rule.max_order_total is None else f"{rule.max_order_total:g}"
	return f"[{low or '…'}, {high or '…'}]"
