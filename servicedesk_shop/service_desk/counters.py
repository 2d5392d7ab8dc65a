"""Counts kept in Redis between the requests that make them and a job that writes them to a table: a
request adds to a day's hash (one round trip, no database write), the job moves the hashes into rows.

`count(name, field)` adds 1 to the field of today's hash of the counter `name` (a field names what is
counted, e.g. a JSON list of an item and a channel) and notes the day. `flush(name, add)` renames each
day's hash (new counts start a fresh one), calls `add(day, field, count)` for each field, commits, and
only then deletes the renamed hash: a flush that fails before its commit leaves it for the next flush,
which adds it first. One flush of a counter at a time (a lock in Redis). The keys are kept through a
clearing of the cache (KEPT)."""

import frappe
from frappe.utils import now_datetime, today
from pypika.terms import Values

KEPT = "servicedesk_shop:kept:"
"""Keys under this prefix outlive frappe.clear_cache() (hooks.py persistent_cache_keys), which deletes
every other key of the site: Frappe clears the whole cache whenever a global default is set."""
COUNTS = KEPT + "counts:{name}:{day}"
DAYS = KEPT + "counts:{name}:days"
LOCK = KEPT + "lock:counts:{name}"


def count(name: str, field: str, by: int = 1, day: str | None = None) -> None:
	"""Add `by` to `field` of the counter `name` for `day` (today): one pipelined round trip."""
	day = str(day or today())
	pipe = frappe.cache.pipeline()
	pipe.hincrby(frappe.cache.make_key(COUNTS.format(name=name, day=day)), field, by)
	pipe.sadd(frappe.cache.make_key(DAYS.format(name=name)), day)
	pipe.execute()


def pending(name: str) -> dict[str, dict[str, int]]:
	"""What the counter holds that no flush has written yet: {day: {field: count}} (for tests and a
	report that must be exact)."""
	days = frappe.cache.pipeline().smembers(frappe.cache.make_key(DAYS.format(name=name))).execute()[0]
	found = {}
	for raw in days:
		day = raw.decode() if isinstance(raw, bytes) else str(raw)
		key = frappe.cache.make_key(COUNTS.format(name=name, day=day))
		pipe = frappe.cache.pipeline()
		pipe.hgetall(key)
		pipe.hgetall(f"{key}:flushing")
		counts: dict[str, int] = {}
		for part in pipe.execute():
			for field, value in part.items():
				field = field.decode() if isinstance(field, bytes) else field
				counts[field] = counts.get(field, 0) + int(value)
		if counts:
			found[day] = counts
	return found


def flush(name: str, add) -> int:
	"""Write the counter's days into the database with `add(day, field, count)`; how many were added."""
	lock = frappe.cache.lock(frappe.cache.make_key(LOCK.format(name=name)), timeout=600)
	if not lock.acquire(blocking=True, blocking_timeout=30):
		return 0
	try:
		return _flush(name, add)
	finally:
		lock.release()


def _flush(name: str, add) -> int:
	days_key = frappe.cache.make_key(DAYS.format(name=name))
	added = 0
	for raw_day in sorted(frappe.cache.pipeline().smembers(days_key).execute()[0]):
		day = raw_day.decode() if isinstance(raw_day, bytes) else str(raw_day)
		counts_key = frappe.cache.make_key(COUNTS.format(name=name, day=day))
		flushing = f"{counts_key}:flushing"
		pipe = frappe.cache.pipeline()
		pipe.exists(flushing)
		pipe.exists(counts_key)
		left_over, waiting = pipe.execute()
		if not left_over and waiting:
			frappe.cache.rename(counts_key, flushing)
		if left_over or waiting:
			for field, value in frappe.cache.pipeline().hgetall(flushing).execute()[0].items():
				add(day, field.decode() if isinstance(field, bytes) else field, int(value))
				added += int(value)
			# the counts are in the database before they leave Redis: a failure before this commit
			# leaves them for the next flush
			if not frappe.flags.in_test:
				frappe.db.commit()  # nosemgrep
			frappe.cache.delete(flushing)
		if day < today() and not frappe.cache.pipeline().exists(counts_key).execute()[0]:
			frappe.cache.pipeline().srem(days_key, raw_day).execute()
	return added


def add_to_row(doctype: str, name: str, keys: dict, field: str, by: int) -> None:
	"""One upsert: row `name` of `doctype` (made with the values `keys` when new) gets `by` more `field`, as
	a flush writes a day's count into its tally table."""
	table = frappe.qb.DocType(doctype)
	now = now_datetime()
	values = {
		"name": name,
		"creation": now,
		"modified": now,
		"owner": "Administrator",
		"modified_by": "Administrator",
		**keys,
		field: by,
	}
	(
		frappe.qb.into(table)
		.columns(*values)
		.insert(*values.values())
		.on_duplicate_key_update(table[field], table[field] + Values(table[field]))
		.on_duplicate_key_update(table.modified, Values(table.modified))
	).run()
