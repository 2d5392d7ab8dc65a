"""Real concurrent HTTP requests against the served site (bin/test starts `bench serve`, a threaded
server, and sets SERVICEDESK_URL; run alone, these skip)."""

import json
import uuid

from support import api_call as post
from support import at_once, bench_python, fresh_ip, needs_server

pytestmark = needs_server

SUBMIT = "/api/method/servicedesk_shop.api.submit_feedback"


def test_ten_identical_requests_at_once_make_one_issue_and_one_answer():
	token = "race-" + uuid.uuid4().hex
	email = f"race-{uuid.uuid4().hex[:8]}@example.net"
	data = {
		"source": "Cart",
		"email": email,
		"message": "Двойной клик по кнопке «Отправить»",
		"client_token": token,
	}
	ip = fresh_ip()
	results = at_once(lambda _number: post(SUBMIT, data, ip))
	statuses = [status for status, _body in results]
	assert statuses == [200] * 10, results
	answers = {json.dumps(body["message"], sort_keys=True) for _status, body in results}
	assert len(answers) == 1, answers
	issue = json.loads(answers.pop())["issue"]
	count = bench_python(f"print(frappe.db.count('Issue', {{'raised_by': {email!r}}}))")
	assert count == "1"
	assert bench_python(f"print(frappe.db.get_value('Issue', {issue!r}, 'raised_by'))") == email
