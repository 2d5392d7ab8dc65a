"""Order tracking over real HTTP against the served site: a wrong e-mail and a missing order answer the
same 404, byte for byte and in the same time (medians of 200 tries each), and one address is refused
with a 429 after its look-ups (bin/test serves the site; run alone, these skip)."""

import json
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from support import URL, bench_python, needs_server

pytestmark = needs_server

EMAIL = "olga.order-tracking.http@example.com"
METHOD = "/api/method/servicedesk_shop.api.track_order"
TRIES = 200
LIMIT_KEYS = ("servicedesk_track_order_rate_limit", "servicedesk_track_order_per_order_limit")


def fresh_ip() -> str:
	value = uuid.uuid4().int
	return f"10.{value % 250}.{(value >> 8) % 250}.{(value >> 16) % 250 + 1}"


def look_up(order: str, email: str, ip: str) -> tuple[int, bytes, float]:
	"""(status, body, seconds) of one look-up from the address `ip`."""
	request = urllib.request.Request(
		URL + METHOD,
		data=urllib.parse.urlencode({"order": order, "email": email}).encode(),
		headers={"Accept": "application/json", "X-Forwarded-For": ip},
		method="POST",
	)
	start = time.perf_counter()
	try:
		with urllib.request.urlopen(request, timeout=60) as response:
			status, body = response.status, response.read()
	except urllib.error.HTTPError as error:
		status, body = error.code, error.read()
	return status, body, time.perf_counter() - start


@pytest.fixture(scope="module")
def order():
	return json.loads(
		bench_python(
			"import json\n"
			"from servicedesk_shop.testing import ensure_shop_setup, ensure_stock, get_company, make_customer, "
			"make_sales_order\n"
			"from servicedesk_shop.self_service.demo_orders import ship_order\n"
			"dress = ensure_shop_setup()[('DEMO-WRAP-DRESS', 'M')]\n"
			"ensure_stock(get_company(), dress, 5)\n"
			f"customer = make_customer({EMAIL!r}, 'Olga Tracking')\n"
			"number = 'WEB-HTTP-' + frappe.generate_hash(length=6).upper()\n"
			"order = make_sales_order(customer, dress, po_no=number).sales_order\n"
			"ship_order(order, 'Boxberry', 'BB-' + number)\n"
			"print(json.dumps({'number': number, 'order': order, 'tracking': 'BB-' + number}))"
		)
	)


@pytest.fixture
def generous_limits():
	"""The limits out of the way while timing (each try would otherwise be a 429 after ten); the site's
	own values back afterwards."""
	before = json.loads(
		bench_python(f"import json; print(json.dumps({{k: frappe.conf.get(k) for k in {LIMIT_KEYS!r}}}))")
	)
	bench_python(
		"from frappe.installer import update_site_config\n"
		f"for key in {LIMIT_KEYS!r}: update_site_config(key, 100000)\n"
		"print('raised')"
	)
	try:
		yield
	finally:
		bench_python(
			"from frappe.installer import update_site_config\n"
			f"for key, value in {before!r}.items(): update_site_config(key, 'None' if value is None else value)\n"
			"from servicedesk_shop.service_desk.ratelimit import clear_limits\n"
			"clear_limits()\n"
			"print('restored')"
		)


def test_the_right_pair_shows_the_shipment(order):
	status, body, _seconds = look_up(order["number"], EMAIL.upper(), fresh_ip())
	assert status == 200, body[:300]
	[shipment] = json.loads(body)["message"]["shipments"]
	assert (shipment["transporter"], shipment["tracking_number"]) == ("Boxberry", order["tracking"])


def test_a_wrong_pair_and_a_missing_order_are_one_answer_in_one_time(order, generous_limits):
	ip = fresh_ip()
	for _warm_up in range(10):
		look_up(order["number"], "nobody@example.com", ip)
		look_up("WEB-NO-SUCH-" + uuid.uuid4().hex[:6].upper(), EMAIL, ip)
	timings = {"wrong": [], "missing": []}
	answers = {"wrong": set(), "missing": set()}
	for attempt in range(TRIES):
		tries = [
			("wrong", order["number"], f"stranger{attempt}@example.com"),
			("missing", "WEB-NO-SUCH-" + uuid.uuid4().hex[:6].upper(), EMAIL),
		]
		for kind, number, email in tries if attempt % 2 else reversed(tries):
			status, body, seconds = look_up(number, email, ip)
			timings[kind].append(seconds)
			answers[kind].add((status, body))
	assert answers["wrong"] == answers["missing"], answers
	[(status, body)] = answers["wrong"]
	assert status == 404 and b"We found no order" in body and b"Traceback" not in body
	wrong, missing = statistics.median(timings["wrong"]), statistics.median(timings["missing"])
	spread = statistics.median(abs(a - b) for a, b in zip(timings["wrong"], timings["missing"], strict=True))
	print(
		f"\ntrack_order medians over {TRIES} tries: wrong pair {wrong * 1000:.2f} ms, missing order "
		f"{missing * 1000:.2f} ms, difference {(wrong - missing) * 1000:+.2f} ms; median pairwise spread "
		f"{spread * 1000:.2f} ms"
	)
	# within noise: the medians differ by less than a tenth of either, and less than the typical spread
	# between two consecutive requests
	assert abs(wrong - missing) < max(0.1 * min(wrong, missing), spread), (wrong, missing, spread)


def test_one_address_is_refused_after_its_look_ups(order):
	ip = fresh_ip()
	statuses = [look_up(f"WEB-GUESS-{n}-{uuid.uuid4().hex[:4]}", EMAIL, ip)[0] for n in range(10)]
	assert statuses == [404] * 10
	status, body, _seconds = look_up(order["number"], EMAIL, ip)
	assert status == 429 and b"Traceback" not in body
	assert look_up(order["number"], EMAIL, fresh_ip())[0] == 200


def test_the_page_answers_with_the_form_and_escapes_its_prefill():
	hostile = '"><img src=x onerror=alert(1)>'
	request = urllib.request.Request(
		URL + "/support/order?" + urllib.parse.urlencode({"order": hostile}), headers={"Accept": "text/html"}
	)
	with urllib.request.urlopen(request, timeout=60) as response:
		assert response.status == 200
		html = response.read().decode()
	assert 'id="sd-order-form"' in html
	assert hostile not in html
	assert "&#34;&gt;&lt;img" in html or "&quot;&gt;&lt;img" in html
