"""Every public endpoint still answers under its old dotted name (servicedesk_shop.api.<name>), which
storefronts, the widget, external shops and the desk call, though each now lives in its capability's
api.py (bin/test serves the site; run alone, these skip)."""

import ast
import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from support import URL, needs_server

pytestmark = needs_server

API = Path(__file__).resolve().parents[2] / "servicedesk_shop" / "api.py"


def endpoints() -> list[str]:
	"""The names servicedesk_shop.api lists in ENDPOINTS (read from its source: no Frappe here)."""
	for node in ast.parse(API.read_text()).body:
		if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "ENDPOINTS":
			return list(ast.literal_eval(node.value))
	raise AssertionError("servicedesk_shop.api has no ENDPOINTS")


@pytest.fixture(scope="module")
def administrator():
	opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
	body = urllib.parse.urlencode({"usr": "Administrator", "pwd": "admin"}).encode()
	with opener.open(urllib.request.Request(URL + "/api/method/login", data=body), timeout=60) as response:
		assert response.status == 200
	return opener


def call(opener, name: str, method: str) -> tuple[int, str]:
	request = urllib.request.Request(
		URL + f"/api/method/servicedesk_shop.api.{name}",
		data=b"" if method == "POST" else None,
		headers={"Accept": "application/json", "X-Forwarded-For": "10.250.250.250"},
		method=method,
	)
	try:
		with opener.open(request, timeout=60) as response:
			return response.status, response.read().decode()
	except urllib.error.HTTPError as error:
		return error.code, error.read().decode()


def test_the_facade_names_every_endpoint():
	names = endpoints()
	assert len(names) == len(set(names)) >= 21, names
	for required in (
		"submit_feedback",
		"get_feedback_source",
		"reply_to_request",
		"get_fit_advice",
		"make_return",
	):
		assert required in names


@pytest.mark.parametrize("name", endpoints())
def test_each_old_name_answers(administrator, name):
	"""Called without its arguments as Administrator: the endpoint itself answers (a 2xx, or its own 4xx
	about the missing argument), never Frappe's "not whitelisted", a missing module or a 500."""
	answers = []
	for method in ("POST", "GET"):
		status, body = call(administrator, name, method)
		answers.append((method, status, body[:200]))
		assert status < 500, answers
		assert "is not whitelisted" not in body and "has no attribute" not in body, answers
	# at least one of the two verbs reaches the endpoint (the other may be refused by its `methods`)
	assert any(status != 405 and "not allowed" not in body.lower() for _m, status, body in answers), answers
