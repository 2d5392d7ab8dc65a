"""The category suggestion as the customer types, over real HTTP: a guest endpoint, rate limited per IP,
answering bad input with a 4xx and never a traceback (bin/test serves the site; run alone, these skip)."""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "browser"))

from support import URL, needs_server

pytestmark = needs_server

SUGGEST = "/api/method/servicedesk_shop.api.suggest_category"
ANGRY_DELIVERY = "курьер второй день не приезжает, сколько можно!"


def post(data: dict, ip: str, as_json: bool = False) -> tuple[int, dict]:
	headers = {"Accept": "application/json", "X-Forwarded-For": ip}
	if as_json:  # JSON may carry what a form cannot: a lone surrogate
		body = json.dumps(data).encode()
		headers["Content-Type"] = "application/json"
	else:
		body = urllib.parse.urlencode(data).encode()
	request = urllib.request.Request(URL + SUGGEST, data=body, headers=headers)
	try:
		with urllib.request.urlopen(request, timeout=60) as response:
			return response.status, json.loads(response.read())
	except urllib.error.HTTPError as error:
		return error.code, json.loads(error.read() or b"{}")


def fresh_ip() -> str:
	return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def test_a_guest_gets_the_likely_category():
	status, body = post({"text": ANGRY_DELIVERY, "source": "Order Tracking"}, fresh_ip())
	assert status == 200, body
	assert body["message"]["category"] == "Delivery"
	assert 0 < body["message"]["confidence"] <= 1


def test_bad_input_is_a_clear_4xx_without_a_traceback():
	ip = fresh_ip()
	for data in (
		{"text": "x" * 5001, "source": "Widget"},
		{"text": ANGRY_DELIVERY, "source": "No Such Source"},
		{"text": "\ud800 сломалось, ничего не работает"},
	):
		status, body = post(data, ip, as_json=True)
		assert 400 <= status < 500, (data, status, body)
		assert "exc" not in body and "Traceback" not in json.dumps(body), body
	status, body = post({"text": "ой"}, ip)
	assert status == 200 and body["message"]["category"] is None


def test_a_guest_is_rate_limited_per_ip():
	ip = fresh_ip()
	statuses = [post({"text": ANGRY_DELIVERY, "source": "Widget"}, ip)[0] for _ in range(32)]
	assert statuses[:30] == [200] * 30, statuses
	assert statuses[-1] == 429, statuses
	# another address is not held back
	assert post({"text": ANGRY_DELIVERY, "source": "Widget"}, fresh_ip())[0] == 200
