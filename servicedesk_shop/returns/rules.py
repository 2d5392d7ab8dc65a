"""Returns and exchanges as plain rules: how much of a line may still come back, which variant an
exchange needs, and the figures of the returns report. No `frappe` import."""

import math
from collections import defaultdict
from dataclasses import dataclass

from servicedesk_shop.service_desk.rules import RuleError


class ReturnError(RuleError):
	"""A return that cannot be made. `code` names the rule; `params` fill the message."""


@dataclass(frozen=True)
class ReturnableLine:
	"""A delivered (or invoiced) line and how much of it has already come back."""

	row: str  # the Delivery Note Item or Sales Invoice Item row
	item_code: str
	qty: float
	returned: float = 0.0

	@property
	def returnable(self) -> float:
		return max(self.qty - self.returned, 0.0)


def check_return_quantities(
	requested: dict[str, float], lines: dict[str, ReturnableLine]
) -> dict[str, float]:
	"""`requested` {row: qty} against what each line can still return; returns the cleaned request.

	Every row must be one of `lines` (lines of the request's own order), every qty positive and at
	most the returnable quantity."""
	if not requested:
		raise ReturnError("no_lines")
	cleaned = {}
	for row, qty in requested.items():
		line = lines.get(row)
		if line is None:
			raise ReturnError("unknown_line", row=row)
		try:
			qty = float(qty)
		except (TypeError, ValueError):
			raise ReturnError("bad_qty", item=line.item_code)
		if not math.isfinite(qty) or qty <= 0:
			raise ReturnError("bad_qty", item=line.item_code)
		if qty > line.returnable + 1e-9:
			raise ReturnError("too_many", item=line.item_code, qty=qty, returnable=line.returnable)
		cleaned[row] = qty
	return cleaned


def exchange_variant(
	variants: dict[str, dict[str, str]], current: dict[str, str], attribute: str, value: str
) -> str | None:
	"""The variant of the same template with `attribute` = `value` and every other attribute as in
	`current` (same colour, other size), or None."""
	wanted = {**current, attribute: value}
	for code, attributes in sorted(variants.items()):
		if attributes == wanted:
			return code
	return None


def variant_label(attributes: dict[str, str]) -> str:
	return " / ".join(value for _attribute, value in sorted(attributes.items()))


@dataclass
class ReportRow:
	template: str
	size: str
	reason: str
	returned_qty: float = 0.0
	returned_value: float = 0.0
	delivered_qty: float = 0.0
	issues: int = 0

	@property
	def share_returned(self) -> float:
		"""Returned qty as a percentage of the qty delivered of that template and size."""
		return round(100.0 * self.returned_qty / self.delivered_qty, 1) if self.delivered_qty else 0.0


def returns_report(returns, deliveries, issues_by_template) -> list[ReportRow]:
	"""Returned qty and value by template, size and reason.

	`returns`: (template, size, reason, qty, value) per returned line (qty positive);
	`deliveries`: (template, size, qty) per delivered line; `issues_by_template`: {template: count}.
	Sorted by returned qty, most first."""
	delivered = defaultdict(float)
	for template, size, qty in deliveries:
		delivered[(template, size)] += qty
	rows: dict[tuple, ReportRow] = {}
	for template, size, reason, qty, value in returns:
		key = (template, size, reason or "")
		row = rows.setdefault(key, ReportRow(template, size, reason or ""))
		row.returned_qty += qty
		row.returned_value += value
	for (template, size, _reason), row in rows.items():
		row.delivered_qty = delivered[(template, size)]
		row.issues = issues_by_template.get(template, 0)
	return sorted(rows.values(), key=lambda r: (-r.returned_qty, r.template, r.size, r.reason))
