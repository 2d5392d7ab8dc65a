"""What scheduled jobs keep between runs (the impact's attribution and months, the fit advice): their
watermarks (how far they have read) and one run at a time. A watermark is a row of DefaultValue read
and written directly: frappe.db.set_default would clear the site's whole cache on every run (Frappe
clears it for any global default), and its cached read could miss what the last run wrote."""

import contextlib

import frappe
from redis.exceptions import LockNotOwnedError

from servicedesk_shop.service_desk.counters import KEPT


def watermark(key: str) -> str | None:
	return frappe.db.get_value("DefaultValue", {"parent": "__default", "defkey": key}, "defvalue")


def set_watermark(key: str, value) -> None:
	table = frappe.qb.DocType("DefaultValue")
	exists = frappe.db.get_value("DefaultValue", {"parent": "__default", "defkey": key}, "name")
	if exists:
		frappe.qb.update(table).set(table.defvalue, str(value)).where(table.name == exists).run()
		return
	row = frappe.get_doc(
		{
			"doctype": "DefaultValue",
			"parent": "__default",
			"parenttype": "__default",
			"parentfield": "system_defaults",
			"defkey": key,
			"defvalue": str(value),
		}
	)
	row.name = frappe.generate_hash(length=10)
	row.db_insert()


@contextlib.contextmanager
def one_at_a_time(name: str, timeout: int = 3600):
	"""Yields True when this run holds the job's lock (False: another run has it, this one skips)."""
	lock = frappe.cache.lock(frappe.cache.make_key(f"{KEPT}lock:{name}"), timeout=timeout)
	held = lock.acquire(blocking=False)
	try:
		yield held
	finally:
		if held:
			with contextlib.suppress(LockNotOwnedError):
				# a run longer than the timeout: its lock expired (another run may have begun meanwhile)
				lock.release()
