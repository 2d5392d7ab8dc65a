"""The exit question's answer and "Back to my cart" over real HTTP: the tap answers with the shop's
figures; only the tapping session may say it went back (a stranger's key and a missing record get the
same 404); ten clicks at once count one resolution; bad input is a 400 and the guest limit a 429
(bin/test serves the site; run alone, these skip)."""

import json
import uuid

from support import api_call as call
from support import at_once, bench_python, fresh_ip, needs_server

pytestmark = needs_server

RECORD = "/api/method/servicedesk_shop.api.record_exit_feedback"
BACK = "/api/method/servicedesk_shop.api.exit_back_to_cart"


def tapped(reason: str = "The delivery cost") -> tuple[str, str, dict]:
	"""(session key, Exit Feedback, answer) of a new session's tap."""
	key = "http-exit-" + uuid.uuid4().hex
	status, body = call(RECORD, {"reason": reason, "session_key": key, "page": "Cart"}, fresh_ip())
	assert status == 200, body
	return key, body["message"]["exit_feedback"], body["message"]["answer"]


def counted(key: str) -> int:
	return int(
		bench_python(
			"from servicedesk_shop.self_service.session import session_hash\n"
			f"print(frappe.db.count('Self Service Resolution', {{'session_key': session_hash({key!r})}}))"
		)
	)


def message_of(body: dict) -> str:
	return " ".join(json.loads(m)["message"] for m in json.loads(body["_server_messages"]))


def test_the_tap_answers_and_only_its_session_goes_back():
	key, feedback, answer = tapped()
	assert answer["text"].startswith("Delivery is free from 5,000 ₽"), answer
	stranger = call(BACK, {"feedback": feedback, "session": "http-exit-" + uuid.uuid4().hex}, fresh_ip())
	missing = call(BACK, {"feedback": "no-such-feedback", "session": key}, fresh_ip())
	assert stranger[0] == missing[0] == 404, (stranger, missing)
	assert message_of(stranger[1]) == message_of(missing[1]) == "There is no such exit feedback."
	assert counted(key) == 0
	status, body = call(BACK, {"feedback": feedback, "session": key}, fresh_ip())
	assert status == 200 and body["message"] == {"went_back_to_cart": True, "counted": True}, body
	assert counted(key) == 1


def test_ten_clicks_at_once_count_once():
	key, feedback, _answer = tapped()
	results = at_once(lambda _number: call(BACK, {"feedback": feedback, "session": key}, fresh_ip()))
	assert [status for status, _ in results] == [200] * 10, results
	assert sum(body["message"]["counted"] for _status, body in results) == 1, results
	assert counted(key) == 1


def test_bad_input_is_a_400_then_the_limit_is_a_429():
	ip = fresh_ip()
	status, body = call(BACK, {"feedback": "x", "session": "<b>not a key</b>"}, ip)
	assert status == 400 and "Session Key" in body["_server_messages"], body
	status, body = call(BACK, {"session": "http-exit-" + uuid.uuid4().hex}, ip)
	assert status == 400 and "Traceback" not in str(body), body
	statuses = [
		call(BACK, {"feedback": "no-such-feedback", "session": "http-exit-" + uuid.uuid4().hex}, ip)[0]
		for _ in range(10)
	]
	assert statuses[-1] == 429, statuses  # the guest intake limit: 10 a minute per address
	assert statuses.count(404) == 8, statuses
