"""Background work on Issues that a request left for later (the timeline copy of a message, the
assignment): one deduplicated job takes every waiting Issue, and a scheduled sweep catches any it
missed. Each Issue carries an indexed flag while it waits."""

import frappe


def enqueue_pending(method, job_id: str):
	"""After commit, one job for all waiting Issues: a job already queued takes the new ones too."""
	frappe.enqueue(method, queue="short", job_id=job_id, deduplicate=True, enqueue_after_commit=True)


def for_each_pending(flag: str, work, what: str, batch: int = 200):
	"""`work(name)` for every Issue with `flag` set, oldest first, one transaction each, so that a
	failure (logged) affects only its own Issue; `work` clears the flag."""
	done = set()
	while names := frappe.get_all(
		"Issue",
		filters={flag: 1, "name": ("not in", list(done) or [""])},
		pluck="name",
		order_by="creation asc, name asc",
		limit=batch,
	):
		for name in names:
			done.add(name)
			try:
				work(name)
				frappe.db.commit()  # nosemgrep: a background job, one transaction per Issue
			except Exception:
				frappe.db.rollback()
				frappe.log_error(
					title=f"servicedesk_shop: {what} of {name}",
					reference_doctype="Issue",
					reference_name=name,
				)
