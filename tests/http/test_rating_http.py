"""The one-click rating page over real HTTP: a bad link is a 404 with a message, and the page, which
records, is rate limited per IP like the API (bin/test serves the site; run alone, these skip)."""

import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "browser"))

from support import URL, needs_server

pytestmark = needs_server


def get(path: str, ip: str) -> tuple[int, str]:
	request = urllib.request.Request(URL + path, headers={"Accept": "text/html", "X-Forwarded-For": ip})
	try:
		with urllib.request.urlopen(request, timeout=60) as response:
			return response.status, response.read().decode()
	except urllib.error.HTTPError as error:
		return error.code, error.read().decode()


def test_a_bad_link_then_the_limit():
	ip = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
	statuses = []
	for _ in range(11):
		status, html = get("/support/rate?token=not-a-token", ip)
		statuses.append(status)
	assert statuses[:10] == [404] * 10, statuses
	assert (
		"This rating link is not valid."
		in get("/support/rate?token=x", f"10.0.0.{uuid.uuid4().int % 250}")[1]
	)
	assert statuses[10] == 429, statuses
	assert "Traceback" not in html
