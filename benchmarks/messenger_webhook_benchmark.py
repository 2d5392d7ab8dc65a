"""Messenger webhook benchmark: Telegram's update posted to servicedesk_shop.api.messenger_webhook against a
guest's submit_feedback, on the same site and server, served by gunicorn as production serves it, with a
background worker running.

    ~/frappe-bench/env/bin/python benchmarks/messenger_webhook_benchmark.py --site shop.localhost

It makes a Telegram channel pointed at the local stand-in of the Bot API (servicedesk_shop.testing's
messenger_standin, started here) and a customer with an order, starts gunicorn (`--workers`, --preload)
and a background worker, warms up, then sends `--requests` of each kind interleaved, one at a time: a
first message from a new chat (the webhook stores it and answers "ok"; the job opens the request and sends
the promise to the stand-in) and a guest's submit_feedback. It reports the median and p95 of each answer,
and, once the worker is done, how long after its "ok" each update was Done (the job's whole work,
request and promise included). The guest limit of submit_feedback is raised for the run and restored.
"""

import argparse
import json
import os
import statistics
import sys
import time
from http.client import HTTPConnection

from common import BENCH, import_frappe
from intake_benchmark import (
	GUEST_LIMIT_KEYS,
	SessionClient,
	free_port,
	guest_intake,
	prepare_guest,
	set_site_config,
	start_gunicorn,
	start_worker,
)

CHANNEL = "Benchmark Bot"
WEBHOOK = "/api/method/servicedesk_shop.api.messenger_webhook?channel=Benchmark%20Bot"


def prepare_channel(site: str, api_url: str, token: str) -> str:
	"""The Telegram channel on the stand-in (committed); its webhook secret."""
	frappe = import_frappe()
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		exists = frappe.db.exists("Messenger Channel", CHANNEL)
		doc = frappe.get_doc("Messenger Channel", CHANNEL) if exists else frappe.new_doc("Messenger Channel")
		doc.update(
			{
				"channel_name": CHANNEL,
				"channel_type": "Telegram",
				"api_url": api_url,
				"token": token,
				"enabled": 1,
			}
		)
		doc.save(ignore_permissions=True)
		frappe.db.commit()
		return doc.get_password("secret")
	finally:
		frappe.destroy()


def update_times(site: str, keys: list[str]) -> list[float]:
	"""Seconds from each update's arrival to its Done, once every one is Done or Failed."""
	frappe = import_frappe()
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		for _ in range(1800):
			rows = frappe.get_all(
				"Messenger Update",
				filters={"channel": CHANNEL, "update_key": ("in", keys)},
				fields=["status", "received_on", "modified"],
			)
			if len(rows) == len(keys) and all(row.status in ("Done", "Failed") for row in rows):
				failed = [row for row in rows if row.status == "Failed"]
				if failed:
					raise RuntimeError(f"{len(failed)} updates failed")
				return sorted((row.modified - row.received_on).total_seconds() for row in rows)
			time.sleep(1)
			frappe.db.rollback()
		raise RuntimeError("the updates' jobs did not finish")
	finally:
		frappe.destroy()


def webhook(connection: HTTPConnection, site: str, secret: str, update: dict) -> float:
	start = time.perf_counter()
	connection.request(
		"POST",
		WEBHOOK,
		body=json.dumps(update).encode(),
		headers={
			"Host": site,
			"Content-Type": "application/json",
			"X-Telegram-Bot-Api-Secret-Token": secret,
		},
	)
	response = connection.getresponse()
	data = response.read()
	elapsed = time.perf_counter() - start
	if response.status != 200 or data != b"ok":
		raise RuntimeError(f"webhook: HTTP {response.status}: {data[:300]!r}")
	return elapsed


def stats(seconds: list[float]) -> dict:
	ordered = sorted(seconds)
	return {
		"median_ms": round(statistics.median(ordered) * 1000, 1),
		"p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
	}


def main():
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", default="shop.localhost")
	parser.add_argument("--port", type=int, default=0, help="gunicorn's port (a free one by default)")
	parser.add_argument("--workers", type=int, default=2)
	parser.add_argument("--requests", type=int, default=100, help="requests of each kind")
	args = parser.parse_args()

	# the stand-in by its path: importing servicedesk_shop.testing would import Frappe before the site is set
	sys.path.insert(0, str(BENCH / "apps" / "servicedesk_shop" / "servicedesk_shop" / "testing"))
	from messenger_standin import TELEGRAM_TOKEN, StandIn, telegram_message

	standin = StandIn().start()
	secret = prepare_channel(args.site, standin.telegram_url, TELEGRAM_TOKEN)
	context = prepare_guest(args.site)
	previous = set_site_config(args.site, dict.fromkeys(GUEST_LIMIT_KEYS, 10_000_000))
	port = args.port or free_port()
	server = start_gunicorn(port, args.workers, args.site)
	worker = start_worker()
	base = int(time.time()) % 10_000_000 * 100
	keys, hooks, intakes = [], [], []
	try:
		connection = HTTPConnection("127.0.0.1", port, timeout=60)
		guest = SessionClient(port, args.site)
		for n in range(20):  # warm up both workers and the caches
			webhook(connection, args.site, secret, telegram_message(base + n, "Здравствуйте, где мой заказ?"))
			guest_intake(guest, context, n)
		for n in range(args.requests):
			update = telegram_message(base + 1000 + n, f"Где мой заказ {context['order']}? ({n})")
			keys.append(str(update["update_id"]))
			hooks.append(webhook(connection, args.site, secret, update))
			intakes.append(guest_intake(guest, context, n))
		done = update_times(args.site, keys)
	finally:
		worker.terminate()
		worker.wait()
		server.terminate()
		server.wait()
		set_site_config(args.site, previous)
		standin.stop()
	report = {
		"messenger_webhook": stats(hooks),
		"submit_feedback_guest": stats(intakes),
		"ratio_median": round(statistics.median(hooks) / statistics.median(intakes), 2),
		"update_done_after_arrival": {
			"median_s": round(statistics.median(done), 2),
			"p95_s": round(done[int(0.95 * (len(done) - 1))], 2),
		},
		"promises_sent": len(standin.calls("sendMessage")),
		"setup": {
			"cores": os.cpu_count(),
			"gunicorn_workers": args.workers,
			"requests_per_kind": args.requests,
			"background_worker": True,
		},
	}
	print(json.dumps(report, indent=2))


if __name__ == "__main__":
	main()
