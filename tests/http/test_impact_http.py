"""The storefront's word that an order was placed, over real HTTP: ten reports of one order at once make
one Storefront Order; bad input is a 400 with its message and no traceback; the guest endpoint is rate
limited (bin/test serves the site; run alone, these skip)."""

import json
import uuid

from support import api_call as call
from support import at_once, bench_python, fresh_ip, needs_server

pytestmark = needs_server

PLACED = "/api/method/servicedesk_shop.api.record_order_placed"
EXIT = "/api/method/servicedesk_shop.api.record_exit_feedback"


def test_ten_reports_of_one_order_at_once_make_one_storefront_order():
	key = "impact-race-" + uuid.uuid4().hex
	status, body = call(EXIT, {"reason": "The price", "session_key": key, "page": "Checkout"}, fresh_ip())
	assert status == 200, body
	order_id = "RACE-" + uuid.uuid4().hex[:10]
	data = {"order_id": order_id, "value": "4990", "currency": "RUB", "exit_session": key}
	results = at_once(lambda _number: call(PLACED, data, fresh_ip()))
	assert [status for status, _ in results] == [200] * 10, results
	assert sum(body["message"]["recorded"] for _status, body in results) == 1, results
	assert not any("_server_messages" in body for _status, body in results)  # no "must be unique" popup
	assert bench_python(f"print(frappe.db.count('Storefront Order', {{'order_id': {order_id!r}}}))") == "1"


def test_bad_input_is_a_400_then_the_limit_is_a_429():
	ip = fresh_ip()
	for data, words in (
		({"order_id": "<img src=x onerror=alert(1)>", "exit_session": "x" * 20}, "140 characters"),
		({"order_id": "A-1", "value": "1e400", "currency": "RUB", "exit_session": "x" * 20}, "Value"),
		({"order_id": "A-1", "value": "5", "currency": "XYZ", "exit_session": "x" * 20}, "Unknown currency"),
		({"order_id": "A-1"}, "session key"),
	):
		status, body = call(PLACED, data, ip)
		assert status == 400, (data, body)
		assert words in body["_server_messages"] and "Traceback" not in json.dumps(body), body
	statuses = [
		call(PLACED, {"order_id": f"L-{n}", "exit_session": f"no-contact-{uuid.uuid4().hex}"}, ip)[0]
		for n in range(8)
	]
	assert statuses[-1] == 429, statuses  # the guest limit: 10 a minute per address
	assert statuses.count(200) == 6, statuses
