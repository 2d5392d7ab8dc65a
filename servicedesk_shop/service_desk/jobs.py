"""Background work on Issues that a request left for later (the timeline copy of a message, the
assignment): one deduplicated job takes every waiting Issue, and a scheduled sweep catches any it
missed. Each Issue carries an indexed flag while it waits."""

import frappe


def enqueue_pending(method, job_id: str):
	"""After commit, one job for all waiting Issues: a job already queued takes the new ones too."""
	frappe.enqueue(method, queue="short", job_id=job_id, deduplicate=True, enqueue_after_commit=True)


def after_commit(method, job_id: str | None = None, queue: str = "short", **kwargs):
	"""`method(**kwargs)` in a background job once the transaction commits, so that a failed save sends
	nothing (a job id given is queued once at a time); at once in tests, whose work is rolled back."""
	if frappe.flags.in_test:
		return method(**kwargs)
	frappe.enqueue(
		method, queue=queue, job_id=job_id, deduplicate=bool(job_id), enqueue_after_commit=True, **kwargs
	)


def claim(name: str, flag: str, also: dict | None = None) -> bool:
	"""Take Issue `name`'s pending work: clear `flag` if it is still set, in one UPDATE (which also sets
	the fields in `also`). Only one of the processes that race for it (the enqueued job, the 5-minute
	sweep, a customer's reply) sees True; the row stays locked until its transaction ends, and a
	rollback puts the flag back."""
	issue = frappe.qb.DocType("Issue")
	update = frappe.qb.update(issue).set(issue[flag], 0)
	for fieldname, value in (also or {}).items():
		update = update.set(issue[fieldname], value)
	update.where(issue.name == name).where(issue[flag] == 1).run()
	return frappe.db._cursor.rowcount == 1


def for_each_pending(flag: str, work, what: str, batch: int = 200):
	"""`work(name)` for every Issue with `flag` set, oldest first, one transaction each, so that a
	failure (logged) affects only its own Issue; `work` claims the Issue (`claim`), so that the job and
	the sweep never both do it."""
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
