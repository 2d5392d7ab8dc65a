"""Plain arithmetic of the triage reports. No `frappe` import."""


def share(part: int, total: int) -> float | None:
	"""`part` of `total` in percent, one decimal; None when there is nothing to count."""
	return round(100 * part / total, 1) if total else None


def agreement_rows(pairs: dict[tuple[str, str], int]) -> list[dict]:
	"""From counts per (agent's label, suggested label): one row per agent's label with its total, the
	number where the suggestion was the same, their share and the counts per suggestion; largest first."""
	rows: dict[str, dict] = {}
	for (agent, guess), count in pairs.items():
		row = rows.setdefault(agent, {"label": agent, "total": 0, "agreed": 0, "by_guess": {}})
		row["total"] += count
		row["by_guess"][guess] = row["by_guess"].get(guess, 0) + count
		if agent == guess:
			row["agreed"] += count
	for row in rows.values():
		row["share"] = share(row["agreed"], row["total"])
	return sorted(rows.values(), key=lambda row: (-row["total"], row["label"]))
