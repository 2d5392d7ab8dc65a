"""What the on-site benchmarks share: the bench, a site connected for one run that is rolled back, and a
timer. Run them with the bench's Python (`~/frappe-bench/env/bin/python benchmarks/….py`); set
SERVICEDESK_BENCH for a bench elsewhere.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path
from typing import NamedTuple

BENCH = Path(os.environ.get("SERVICEDESK_BENCH", Path.home() / "frappe-bench"))


def command_line(doc: str, site: str, **numbers: int) -> argparse.Namespace:
	"""A benchmark's arguments: `--site` and, for each of `numbers`, `--name` with its default."""
	parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
	parser.add_argument("--site", default=site)
	for name, default in numbers.items():
		parser.add_argument(f"--{name.replace('_', '-')}", type=type(default), default=default)
	return parser.parse_args()


def import_frappe():
	"""Frappe from the bench, with the bench's sites folder as the working directory (as `bench` runs)."""
	sys.path.insert(0, str(BENCH / "apps" / "frappe"))
	os.chdir(BENCH / "sites")
	import frappe

	return frappe


@contextmanager
def rolled_back_site(site: str, cleanup=None, report_rollback: bool = False):
	"""The site connected as Administrator for one run. Whatever the run wrote is rolled back at the end;
	then `cleanup()` drops what the run cached from rows that are gone now (routing rules, say)."""
	frappe = import_frappe()
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		yield frappe
	finally:
		frappe.set_user("Administrator")
		start = time.perf_counter()
		frappe.db.rollback()
		if report_rollback:
			print(f"rolled back in {time.perf_counter() - start:.1f} s")
		if cleanup:
			cleanup()
		frappe.destroy()


def quietly(command: list) -> subprocess.Popen:
	"""`command` started in the bench's sites folder (as `bench` runs it), its output dropped."""
	return subprocess.Popen(
		[str(part) for part in command],
		cwd=BENCH / "sites",
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)


def frappe_command(*arguments: str) -> list:
	"""A `bench frappe` command line, run by the bench's Python."""
	return [BENCH / "env" / "bin" / "python", "-m", "frappe.utils.bench_helper", "frappe", *arguments]


def start_server(command: list, port: int, site: str) -> subprocess.Popen:
	"""A server of the bench (`command`, quietly), once it answers Frappe's ping for `site` on `port`."""
	process = quietly(command)
	for _ in range(120):
		try:
			connection = HTTPConnection("127.0.0.1", port, timeout=2)
			connection.request("GET", "/api/method/ping", headers={"Host": site})
			if connection.getresponse().status == 200:
				return process
		except OSError:
			time.sleep(0.5)
	process.kill()
	raise RuntimeError(f"{Path(str(command[0])).name} did not start")


def invalidate_routing():
	"""The routing and escalation state the app caches (a cleanup for runs that made rules or teams)."""
	from servicedesk_shop.routing.service import invalidate_routing

	invalidate_routing()


class Timing(NamedTuple):
	median_ms: float
	p95_ms: float
	max_ms: float
	result: object  # what the last call returned


def timed(fn, repeat: int, warmup: int = 20) -> Timing:
	"""`fn()` called `warmup` times untimed, then `repeat` times timed."""
	result = None
	for _ in range(warmup):
		result = fn()
	times = []
	for _ in range(repeat):
		start = time.perf_counter()
		result = fn()
		times.append(time.perf_counter() - start)
	times.sort()
	return Timing(
		statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000, times[-1] * 1000, result
	)
