"""The exit question and the fit advice over real HTTP: ten taps of one session at once make one Exit
Feedback and one answer; bad input is a 400 with its message; the guest endpoints are rate limited;
the fit advice answers a guest (bin/test serves the site; run alone, these skip)."""

import json
import uuid

from support import api_call as call
from support import at_once, bench_python, fresh_ip, needs_server

pytestmark = needs_server

RECORD = "/api/method/servicedesk_shop.api.record_exit_feedback"
FIT = "/api/method/servicedesk_shop.api.get_fit_advice"


def test_ten_taps_of_one_session_at_once_make_one_exit_feedback():
	key = "race-exit-" + uuid.uuid4().hex
	data = {"reason": "The delivery cost", "session_key": key, "page": "Checkout", "cart_value": "4990"}
	ip = fresh_ip()
	results = at_once(lambda _number: call(RECORD, data, ip))
	assert [status for status, _ in results] == [200] * 10, results
	names = {body["message"]["exit_feedback"] for _status, body in results}
	assert len(names) == 1, results
	assert sum(body["message"]["recorded"] for _status, body in results) == 1
	assert not any("_server_messages" in body for _status, body in results)  # no "must be unique" popup
	assert bench_python(f"print(frappe.db.count('Exit Feedback', {{'session_key': {key!r}}}))") == "1"


def test_bad_input_is_a_400_then_the_limit_is_a_429():
	ip = fresh_ip()
	status, body = call(RECORD, {"reason": "Aliens", "session_key": "x" * 20}, ip)
	assert status == 400, body
	assert "Unknown reason" in body["_server_messages"] and "Traceback" not in json.dumps(body)
	status, body = call(RECORD, {"reason": "Other", "session_key": "x" * 20, "cart_value": "1e400"}, ip)
	assert status == 400 and "Cart Value" in body["_server_messages"], body
	# markup in item codes, quoted so that Frappe's sanitizer would take it for JSON and keep it
	hostile = '"<img src=x onerror=window.__sd_xss=1>"'
	status, body = call(RECORD, {"reason": "Other", "session_key": "y" * 20, "item_codes": hostile}, ip)
	assert status == 400 and "140 characters" in body["_server_messages"], body
	statuses = [
		call(RECORD, {"reason": "Other", "session_key": f"limit-{uuid.uuid4().hex}"}, ip)[0]
		for _ in range(10)
	]
	assert statuses[-1] == 429, statuses  # the guest intake limit: 10 a minute per address
	assert statuses.count(200) == 7, statuses


def test_the_fit_advice_answers_a_guest():
	status, body = call(FIT, {"item": "NO-SUCH-ITEM-" + uuid.uuid4().hex[:6]}, fresh_ip(), method="GET")
	assert status == 404, body
	status, body = call(FIT, {}, fresh_ip(), method="GET")
	assert status == 400, body
	item = bench_python(
		"print(frappe.get_all('Item', filters={'has_variants': 1}, pluck='name', limit=1)[0])"
	)
	status, body = call(FIT, {"item": item}, fresh_ip(), method="GET")
	assert status == 200 and body["message"]["template"] == item, body
