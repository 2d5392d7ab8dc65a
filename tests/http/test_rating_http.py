"""The one-click rating page over real HTTP: a bad link is a 404 with a message, and the page is rate
limited per IP like the API; fetching a star's link, as a mail scanner does, records nothing; ten
unhappy ratings at once tell the manager once (bin/test serves the site; run alone, these skip)."""

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid

from support import URL, api_call, at_once, bench_python, fresh_ip, needs_server

pytestmark = needs_server


def get(path: str, ip: str) -> tuple[int, str]:
	request = urllib.request.Request(URL + path, headers={"Accept": "text/html", "X-Forwarded-For": ip})
	try:
		with urllib.request.urlopen(request, timeout=60) as response:
			return response.status, response.read().decode()
	except urllib.error.HTTPError as error:
		return error.code, error.read().decode()


def test_a_bad_link_then_the_limit():
	ip = fresh_ip()
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


def test_ten_unhappy_clicks_at_once_tell_the_manager_once():
	made = json.loads(
		bench_python(
			"import json, uuid\n"
			"from servicedesk_shop.customer.csat import star_url\n"
			"from servicedesk_shop.testing import make_agent, make_team\n"
			"manager = make_agent('rating-race-manager@example.com', roles=('Support Team', 'Support Manager'))\n"
			"team = make_team('Rating Race Team', manager, [manager])\n"
			"issue = frappe.get_doc({'doctype': 'Issue', 'subject': 'Race ' + uuid.uuid4().hex[:6], "
			"'raised_by': 'rating-race@example.net', 'support_team': team}).insert(ignore_permissions=True)\n"
			"issue.status = 'Resolved'; issue.save(ignore_permissions=True)\n"
			"print(json.dumps({'issue': issue.name, 'url': star_url(issue.name, 2)}))"
		)
	)
	token = urllib.parse.parse_qs(urllib.parse.urlsplit(made["url"]).query)["token"][0]

	# a mail scanner fetches every star's link of the e-mail: the page shows, and records nothing
	for stars in (5, 4, 3, 2, 1):
		scanned = bench_python(
			f"from servicedesk_shop.customer.csat import star_url; print(star_url({made['issue']!r}, {stars}))"
		)
		status, html = get(
			scanned[scanned.index("/support/rate") :], f"10.78.{stars}.{uuid.uuid4().int % 250}"
		)
		assert status == 200 and "sd-rating" in html, (status, html[:300])
	assert bench_python(f"print(frappe.db.get_value('Issue', {made['issue']!r}, 'csat_rating'))") in (
		"0.0",
		"0",
		"None",
	)

	def click(number):
		# what the star's page sends as it loads; one address each: the per-IP limit is not the point here
		return api_call(
			"/api/method/servicedesk_shop.api.rate_request",
			{"token": token},
			f"10.77.{number}.{uuid.uuid4().int % 250}",
		)[0]

	statuses = at_once(click)
	assert statuses == [200] * 10, statuses
	told = bench_python(
		f"print(frappe.db.count('Notification Log', {{'document_name': {made['issue']!r}, 'for_user': 'rating-race-manager@example.com'}}))"
	)
	assert told == "1", told
	assert bench_python(f"print(frappe.db.get_value('Issue', {made['issue']!r}, 'csat_rating'))") == "0.4"
