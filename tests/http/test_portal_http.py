"""ERPNext's portal over real HTTP, as a logged-in customer (a website User whose Contact is linked to
their Customer) trying what the pages do not offer: printing their request by every route Frappe serves
(its print shows every internal field), filtering their list by an internal field (a yes-or-no answer
about its value), reading requests through the desk's APIs, and filing or editing a request under
another customer (bin/test serves the site; run alone, these skip)."""

import http.cookiejar
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from support import URL, bench_python, needs_server

pytestmark = needs_server

PASSWORD = "Portal-Guard-2026"


class Session:
	"""One browser's cookies: logged in with POST /api/method/login, as the login page does."""

	def __init__(self, user: str, password: str):
		self.ip = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
		self.opener = urllib.request.build_opener(
			urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
		)
		status, body = self.request("POST", "/api/method/login", {"usr": user, "pwd": password})
		assert status == 200, (status, body[:300])

	def request(self, method: str, path: str, data=None, json_body=None) -> tuple[int, str]:
		headers = {"Accept": "application/json", "X-Forwarded-For": self.ip}
		body = None
		if json_body is not None:
			body = json.dumps(json_body).encode()
			headers["Content-Type"] = "application/json"
		elif data is not None and method == "GET":
			path += ("&" if "?" in path else "?") + urllib.parse.urlencode(data)
		elif data is not None:
			body = urllib.parse.urlencode(data).encode()
		request = urllib.request.Request(URL + path, data=body, headers=headers, method=method)
		try:
			with self.opener.open(request, timeout=120) as response:
				return response.status, response.read().decode(errors="replace")
		except urllib.error.HTTPError as error:
			return error.code, error.read().decode(errors="replace")

	def get(self, path: str, data=None) -> tuple[int, str]:
		return self.request("GET", path, data)

	def post(self, path: str, data=None, json_body=None) -> tuple[int, str]:
		return self.request("POST", path, data, json_body)


@pytest.fixture(scope="module")
def world():
	"""Customer Anna (portal user) with a request whose internal fields carry a marker, another
	customer, a portal user without a customer, and a desk agent."""
	tag = uuid.uuid4().hex[:8]
	made = json.loads(
		bench_python(
			"import json\n"
			"from frappe.utils.password import update_password\n"
			"from servicedesk_shop.testing import make_agent, make_customer, make_user\n"
			f"anna = 'portal-guard-anna-{tag}@example.net'\n"
			f"lone = 'portal-guard-lone-{tag}@example.net'\n"
			f"agent = 'portal-guard-agent-{tag}@example.com'\n"
			f"customer = make_customer(anna, 'Anna Guard {tag}', with_user=True)\n"
			f"other = make_customer('portal-guard-other-{tag}@example.net', 'Other Guard {tag}')\n"
			"make_user(lone, 'Lone Guard', ['Customer'], website=True)\n"
			"make_agent(agent)\n"
			f"for user in (anna, lone, agent): update_password(user, {PASSWORD!r})\n"
			f"issue = frappe.get_doc({{'doctype': 'Issue', 'subject': 'Guarded {tag}', 'raised_by': anna, "
			"'customer': customer, 'description': 'My parcel'}).insert(ignore_permissions=True)\n"
			f"frappe.db.set_value('Issue', issue.name, {{'routing_reason': 'SD-MARK-{tag} VIP', "
			"'customer_mood': 'Angry'})\n"
			"print(json.dumps({'anna': anna, 'lone': lone, 'agent': agent, 'customer': customer, "
			"'other': other, 'issue': issue.name}))"
		)
	)
	made["marker"] = f"SD-MARK-{tag}"
	return made


@pytest.fixture(scope="module")
def anna(world):
	return Session(world["anna"], PASSWORD)


def refused(status: int, body: str, world, clean: bool = True) -> bool:
	"""A 403 that shows nothing of the request (and, from the app's guards, no traceback)."""
	return status == 403 and world["marker"] not in body and not (clean and "Traceback" in body)


# --- prints ------------------------------------------------------------------------------------------


def print_routes(issue: str) -> list[tuple[str, str, dict | None, dict | None]]:
	"""(method, path, query or form, JSON body): the print of a request, by each route."""
	one = {"doctype": "Issue", "name": issue}
	html = {"doc": "Issue", "name": issue}
	return [
		("GET", "/api/method/frappe.utils.print_format.download_pdf", one, None),
		("GET", "/api/v1/method/frappe.utils.print_format.download_pdf", one, None),
		("GET", "/api/v2/method/frappe.utils.print_format.download_pdf", one, None),
		("GET", "/api/v1/method/frappe.www.printview.get_html_and_style", html, None),
		("GET", "/api/v2/method/frappe.www.printview.get_html_and_style", html, None),
		# the legacy `cmd` on any path, before /api
		("GET", "/", {"cmd": "frappe.www.printview.get_html_and_style", **html}, None),
		("GET", "/me", {"cmd": "frappe.utils.print_format.download_pdf", **one}, None),
		("POST", "/", {"cmd": "frappe.utils.print_format.download_pdf", **one}, None),
		# the same function under the name of a module that imports it, and by a DocType's module (v2)
		(
			"GET",
			"/api/method/erpnext.buying.doctype.request_for_quotation.request_for_quotation.download_pdf",
			one,
			None,
		),
		("GET", "/api/v2/method/Request%20for%20Quotation/download_pdf", one, None),
		# another spelling of the DocType
		("GET", "/api/v1/method/frappe.utils.print_format.download_pdf", {**one, "doctype": "issue"}, None),
		# several documents at once: a DocType and names, a {DocType: names} as JSON body and as a string
		(
			"GET",
			"/api/v1/method/frappe.utils.print_format.download_multi_pdf",
			{"doctype": "Issue", "name": json.dumps([issue])},
			None,
		),
		(
			"POST",
			"/api/v2/method/frappe.utils.print_format.download_multi_pdf",
			None,
			{"doctype": {"Issue": [issue]}, "name": "mine"},
		),
		(
			"POST",
			"/api/method/frappe.utils.print_format.download_multi_pdf_async",
			{"doctype": json.dumps({"Issue": [issue]}), "name": "mine"},
			None,
		),
		(
			"POST",
			"/api/method/frappe.utils.print_format.download_multi_pdf_async",
			None,
			{"doctype": {"Issue": [issue]}, "name": "mine"},
		),
		# the print pages
		("GET", "/printview", {**one, "format": "Standard"}, None),
		("GET", "/printview.html", one, None),
		("GET", "/printview/", one, None),
		("GET", f"/Issue/{issue}", None, None),
	]


def test_a_customer_prints_no_request_by_any_route(world, anna):
	for method, path, data, body in print_routes(world["issue"]):
		status, text = anna.request(method, path, data, body)
		assert refused(status, text, world), (method, path, data, body, status, text[:500])


def test_a_desk_agent_still_prints_a_request(world):
	agent = Session(world["agent"], PASSWORD)
	status, text = agent.get("/printview", {"doctype": "Issue", "name": world["issue"]})
	assert status == 200 and world["issue"] in text, (status, text[:300])
	status, text = agent.get(
		"/api/v2/method/frappe.www.printview.get_html_and_style", {"doc": "Issue", "name": world["issue"]}
	)
	assert status == 200 and world["issue"] in json.loads(text)["data"]["html"], (status, text[:300])

	# with an API key: Frappe reads it after before_request, so the guard waits for it (an auth hook)
	keys = json.loads(
		bench_python(
			"import json\n"
			"from frappe.core.doctype.user.user import generate_keys\n"
			f"print(json.dumps(generate_keys({world['agent']!r})))"
		)
	)
	request = urllib.request.Request(
		URL
		+ "/api/method/frappe.www.printview.get_html_and_style?"
		+ urllib.parse.urlencode({"doc": "Issue", "name": world["issue"]}),
		headers={
			"Accept": "application/json",
			"Authorization": f"token {keys['api_key']}:{keys['api_secret']}",
		},
	)
	with urllib.request.urlopen(request, timeout=120) as response:
		assert world["issue"] in json.loads(response.read())["message"]["html"]


# --- the list: filters and search on what the customer sees -----------------------------------------------

LIST_DATA = "/api/method/frappe.www.list.get_list_data"


def rows(text: str) -> list[dict]:
	return json.loads(text)["message"]


def test_the_list_filters_on_the_customers_fields_only(world, anna):
	base = {"doctype": "Issue", "web_form_name": "issues", "limit": 100}
	# by a field they see: it works
	status, text = anna.get(LIST_DATA, {**base, "status": "Open"})
	assert status == 200, text[:300]
	assert world["issue"] in [row["name"] for row in rows(text)]
	status, text = anna.get(LIST_DATA, {**base, "subject": json.dumps(["like", "%Guarded%"])})
	assert status == 200 and world["issue"] in [row["name"] for row in rows(text)], text[:300]

	# by an internal field, in any spelling Frappe takes: refused, not answered
	internal = [
		{"customer_mood": "Angry"},
		{"routing_reason": json.dumps(["like", f"%{world['marker']}%"])},
		{"routing_reason": json.dumps(["is", "set"])},
		{"_assign": json.dumps(["like", "%@%"])},
		{"modified_by": "Administrator"},
		{"pathname": "issues", "customer_mood": "Angry"},
	]
	for filters in internal:
		for path in (LIST_DATA, "/api/v1/method/frappe.www.list.get_list_data"):
			status, text = anna.get(path, {**base, **filters})
			assert status == 403 and "Traceback" not in text, (path, filters, status, text[:300])
		status, text = anna.get("/api/v2/method/frappe.www.list.get_list_data", {**base, **filters})
		assert status == 403, (filters, status, text[:300])
		status, text = anna.get("/", {"cmd": "frappe.www.list.get_list_data", **base, **filters})
		assert status == 403, (filters, status, text[:300])
		status, text = anna.get("/api/method/frappe.www.list.get", {**base, **filters})
		assert status == 403, (filters, status, text[:300])
	# `filters` and `or_filters` name no field: Frappe's list drops them, so they answer nothing (the
	# request shows whether the mood asked is its own or not)
	for spelling in ("filters", "or_filters"):
		for mood in ("Angry", "Positive"):
			for value in ({"customer_mood": mood}, [["Issue", "customer_mood", "=", mood]]):
				status, text = anna.get(LIST_DATA, {**base, spelling: json.dumps(value)})
				assert status == 200 and world["issue"] in [row["name"] for row in rows(text)], (
					spelling,
					value,
					status,
					text[:300],
				)
	# JSON body, as frappe.call sends it
	status, text = anna.post(LIST_DATA, json_body={**base, "customer_mood": ["=", "Angry"]})
	assert status == 403, text[:300]
	# the list pages that render the rows
	for path in ("/list", "/Issue"):
		status, text = anna.get(path, {"doctype": "Issue", "customer_mood": "Angry"})
		assert status == 403 and world["issue"] not in text, (path, status, text[:300])


def test_the_desk_apis_give_a_customer_no_request(world, anna):
	"""ERPNext gives customers website permission on their requests, no DocPerm: the desk's reading
	APIs refuse them."""
	issue = world["issue"]
	calls = [
		("frappe.client.get_list", {"doctype": "Issue", "fields": json.dumps(["name", "routing_reason"])}),
		("frappe.client.get_count", {"doctype": "Issue", "filters": json.dumps({"customer_mood": "Angry"})}),
		("frappe.client.get_value", {"doctype": "Issue", "fieldname": "routing_reason", "filters": issue}),
		("frappe.client.get", {"doctype": "Issue", "name": issue}),
		("frappe.desk.reportview.get", {"doctype": "Issue", "fields": json.dumps(["name"])}),
		("frappe.desk.reportview.get_count", {"doctype": "Issue"}),
		("frappe.desk.form.load.getdoc", {"doctype": "Issue", "name": issue}),
	]
	for method, args in calls:
		status, text = anna.get(f"/api/method/{method}", args)
		assert refused(status, text, world, clean=False), (method, status, text[:300])
	for path in (f"/api/resource/Issue/{issue}", "/api/resource/Issue", f"/api/v2/document/Issue/{issue}"):
		status, text = anna.get(path, {"fields": json.dumps(["name", "routing_reason"])})
		assert refused(status, text, world, clean=False), (path, status, text[:300])
	status, text = anna.get(
		"/api/v2/doctype/Issue/count", {"filters": json.dumps({"customer_mood": "Angry"})}
	)
	assert status == 403, text[:300]


# --- the customer a request is filed under --------------------------------------------------------------

ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"


def file_by_web_form(session, **values) -> str:
	"""The Issue that ERPNext's /issues web form files (or edits) for `session` with `values`: its name."""
	data = {"doctype": "Issue", "description": "Hello", **values}
	status, text = session.post(ACCEPT, {"web_form": "issues", "data": json.dumps(data)})
	assert status == 200, text[:500]
	return json.loads(text)["message"]["name"]


def stored(issue: str) -> dict:
	return json.loads(
		bench_python(
			f"import json; print(json.dumps(frappe.db.get_value('Issue', {issue!r}, "
			"['customer', 'contact', 'raised_by', 'subject'], as_dict=True)))"
		)
	)


def test_a_request_from_the_web_form_is_the_customers_own(world, anna):
	row = stored(file_by_web_form(anna, subject="Filed under another", customer=world["other"]))
	assert row["customer"] == world["customer"], row
	assert row["contact"], row

	# editing their own request with another customer: the customer stays theirs
	file_by_web_form(anna, name=world["issue"], subject="Still mine", customer=world["other"])
	row = stored(world["issue"])
	assert (row["customer"], row["subject"]) == (world["customer"], "Still mine"), row


def test_a_portal_user_without_a_customer_files_under_none(world):
	lone = Session(world["lone"], PASSWORD)
	row = stored(file_by_web_form(lone, subject="No customer of mine", customer=world["other"]))
	assert not row["customer"], row
	assert row["raised_by"] == world["lone"], row
