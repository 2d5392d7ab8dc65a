"""The category suggestion as the customer types, over real HTTP: a guest endpoint, rate limited per IP,
answering bad input with a 4xx and never a traceback (bin/test serves the site; run alone, these skip)."""

import json
import os
import pickle
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from support import URL, bench_python, fresh_ip, needs_server

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


class MakesDirectory:
	"""A pickle payload: unpickling it calls os.mkdir(path), the stand-in for any code an attacker runs."""

	def __init__(self, path):
		self.path = str(path)

	def __reduce__(self):
		return (os.mkdir, (self.path,))


def test_a_planted_pickle_is_not_run_by_a_guests_request():
	"""A Triage Model row pointing at a pickle with its true SHA-256 (what a System Manager could write
	after a permission change) is refused by the web worker that serves a guest's suggestion: the pickle's
	code does not run, and the guest gets an answer without a model."""
	folder = Path(tempfile.mkdtemp(prefix="servicedesk-triage-http-"))
	pickle.loads(pickle.dumps(MakesDirectory(folder / "live")))
	assert (folder / "live").exists()  # the payload runs when unpickled
	marker = folder / "ran"
	payload = pickle.dumps(MakesDirectory(marker))
	planted = bench_python(
		"import hashlib\n"
		"from frappe.utils import add_to_date, now_datetime\n"
		"from servicedesk_shop.triage import service\n"
		f"content = bytes.fromhex({payload.hex()!r})\n"
		"doc = frappe.get_doc({'doctype': 'Triage Model', 'version': service.next_version(),"
		" 'status': 'Published', 'trained_on': add_to_date(now_datetime(), minutes=-1),"
		" 'seed_version': service.training_version()}).insert(ignore_permissions=True)\n"
		"file = frappe.get_doc({'doctype': 'File', 'file_name': f'triage-model-{doc.version}.npz',"
		" 'attached_to_doctype': 'Triage Model', 'attached_to_name': doc.name, 'is_private': 1,"
		" 'content': content}).insert(ignore_permissions=True)\n"
		"doc.db_set({'model_file': file.file_url, 'model_sha256': hashlib.sha256(content).hexdigest()})\n"
		"service.invalidate_model()\n"
		"print(doc.name)"
	)
	try:
		assert (
			bench_python("from servicedesk_shop.triage import service\nprint(service.published_name())")
			== planted
		)
		status, body = post({"text": ANGRY_DELIVERY, "source": "Order Tracking"}, fresh_ip())
		assert status == 200, body
		assert body["message"] == {"category": None}  # answered, without the refused model
		assert not marker.exists(), "the web worker ran the pickle"
	finally:
		bench_python(
			"from servicedesk_shop.triage import service\n"
			f"doc = frappe.get_doc('Triage Model', {planted!r})\n"
			"file = frappe.db.get_value('File', {'file_url': doc.model_file}, 'name')\n"
			"doc.db_set('status', 'Retired')\n"  # the published model may not be deleted
			"frappe.delete_doc('Triage Model', doc.name, ignore_permissions=True, force=True)\n"
			"frappe.delete_doc('File', file, ignore_permissions=True, force=True) if file else None\n"
			"service.invalidate_model()\n"
			"print('removed')"
		)
	status, body = post({"text": ANGRY_DELIVERY, "source": "Order Tracking"}, fresh_ip())
	assert status == 200 and body["message"]["category"] == "Delivery", body  # the real model again
