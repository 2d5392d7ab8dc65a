"""The customer's half in a real browser: My Requests from the portal sidebar with the answer-by promise,
a request's own page, and nobody else's request by any name; ERPNext's /issues lists no internal
field."""

import json
import uuid

import pytest
from support import URL, bench_json, bench_python, log_in, needs_server, wait_for

pytestmark = needs_server

ANNA = "anna.my-requests.browser@example.com"  # reused from run to run (Frappe throttles new users)
BORIS = "boris.my-requests.browser@example.com"
PASSWORD = "My-Requests-2026"


@pytest.fixture(scope="module")
def requests():
	run = uuid.uuid4().hex[:6]
	return bench_json(
		"from servicedesk_shop.testing import make_customer, make_request\n"
		"names = {}\n"
		f"for email, subject in (({ANNA!r}, 'Anna: платье маломерит {run}'), ({BORIS!r}, 'Boris: секрет {run}')):\n"
		f"\tmake_customer(email, email.split('@')[0], with_user=True, password={PASSWORD!r})\n"
		"\tissue = make_request(email, subject, description=subject, feedback_source='Cart')\n"
		# an internal field with a value of its own, which the customer must never receive
		f"\tfrappe.db.set_value('Issue', issue.name, 'routing_reason', 'SD-INTERNAL-{run}')\n"
		f"\tnames[email] = {{'name': issue.name, 'subject': subject, 'internal': 'SD-INTERNAL-{run}'}}",
		"names",
	)


def test_my_requests_from_the_sidebar_with_the_promise(browser, requests):
	from selenium.webdriver.common.by import By

	log_in(browser, ANNA, PASSWORD)
	browser.get(f"{URL}/support/new")
	link = wait_for(
		browser, lambda d: d.find_element(By.CSS_SELECTOR, '.web-sidebar a[href="/support/requests"]')
	)
	browser.execute_script("arguments[0].click()", link)
	wait_for(browser, lambda d: "/support/requests" in d.current_url)
	rows = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".sd-request"))
	text = browser.find_element(By.CSS_SELECTOR, ".sd-requests").text
	assert requests[ANNA]["subject"] in text
	assert requests[BORIS]["subject"] not in browser.page_source
	mine = next(row for row in rows if requests[ANNA]["subject"] in row.text)
	assert mine.find_element(By.CSS_SELECTOR, ".sd-promise").text.startswith("We will answer by")

	browser.execute_script("arguments[0].click()", mine)
	wait_for(browser, lambda d: "/support/request?name=" in d.current_url)
	assert wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-messages")).text
	assert requests[ANNA]["subject"] in browser.page_source
	assert browser.find_element(By.ID, "sd-reply")  # the reply box


def test_nobody_elses_request_by_its_name(browser, requests):
	from selenium.webdriver.common.by import By

	log_in(browser, ANNA, PASSWORD)
	browser.get(f"{URL}/support/request?name={requests[BORIS]['name']}")
	assert wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-track-page .alert-warning"))
	assert requests[BORIS]["subject"] not in browser.page_source


def test_erpnexts_issues_list_shows_no_internal_field(browser, requests):
	from selenium.webdriver.common.by import By

	log_in(browser, ANNA, PASSWORD)
	browser.get(f"{URL}/issues")
	wait_for(
		browser,
		lambda d: d.find_elements(By.CSS_SELECTOR, ".web-list-table, .web-list-container"),
		timeout=30,
	)
	wait_for(browser, lambda d: requests[ANNA]["subject"][:20] in d.page_source, timeout=30)
	header = browser.find_element(By.CSS_SELECTOR, ".web-list-table").text
	for internal in ("Support Team", "Escalation Level", "Customer Mood"):
		assert internal not in header, header

	# nor in the data behind the list, which the page reads with the customer's session
	rows = browser.execute_async_script(
		"const done = arguments[arguments.length - 1];"
		"fetch('/api/method/frappe.www.list.get_list_data?doctype=Issue&web_form_name=issues&limit=1000',"
		" {headers: {'X-Frappe-CSRF-Token': frappe.csrf_token}}).then(r => r.json()).then(b => done(b.message));"
	)
	mine = next(row for row in rows if row["name"] == requests[ANNA]["name"])
	assert mine["subject"] == requests[ANNA]["subject"]
	assert requests[ANNA]["internal"] not in json.dumps(rows)
	assert not {"support_team", "escalation_level", "routing_reason", "triage_explanation"} & set(mine), mine
	# the rendered list's method answers the raw rows too; the print view would print every field
	fetch = (
		"const done = arguments[arguments.length - 1];"
		"fetch(arguments[0], {headers: {'X-Frappe-CSRF-Token': frappe.csrf_token}})"
		".then(async r => done([r.status, await r.text()]));"
	)
	status, body = browser.execute_async_script(
		fetch, "/api/method/frappe.www.list.get?doctype=Issue&limit=1000"
	)
	raw = json.loads(json.loads(body)["message"]["raw_result"])
	assert status == 200 and requests[ANNA]["subject"] in [row["subject"] for row in raw], raw
	assert requests[ANNA]["internal"] not in body and not any("routing_reason" in row for row in raw)
	for printed in (
		f"/printview?doctype=Issue&name={requests[ANNA]['name']}&format=Standard",
		f"/api/method/frappe.www.printview.get_html_and_style?doc={requests[ANNA]['name']}&doctype=Issue",
		f"/api/method/frappe.utils.print_format.download_pdf?doctype=Issue&name={requests[ANNA]['name']}",
	):
		status, body = browser.execute_async_script(fetch, printed)
		assert status == 403 and requests[ANNA]["internal"] not in body, (printed, status, body[:300])

	# nor in the request's own page of the web form, which embeds the document
	browser.get(f"{URL}/issues/{requests[ANNA]['name']}")
	document = wait_for(browser, lambda d: d.execute_script("return window.frappe && frappe.reference_doc"))
	assert document["subject"] == requests[ANNA]["subject"]
	assert requests[ANNA]["internal"] not in browser.page_source
	assert "routing_reason" not in document, document


MANAGER = "manager.csat.browser@example.com"


@pytest.fixture(scope="module")
def resolved_request():
	"""A request of a team, resolved by the agent: the resolution e-mail with its star links is queued."""
	return json.loads(
		bench_python(
			"import json, re\n"
			"from servicedesk_shop.testing import ensure_outgoing_email_account, emails_about, make_team, make_user\n"
			"from servicedesk_shop.customer.csat import make_templates\n"
			"ensure_outgoing_email_account(); make_templates()\n"
			f"make_user({MANAGER!r}, 'CSAT Manager', ['Support Team', 'Support Manager'], {PASSWORD!r})\n"
			f"team = make_team('CSAT Browser Team', {MANAGER!r}, [{MANAGER!r}])\n"
			f"issue = frappe.get_doc({{'doctype': 'Issue', 'subject': 'Пояс порвался на второй день', 'raised_by': {ANNA!r}, "
			"'support_team': team}).insert(ignore_permissions=True)\n"
			"issue.status = 'Resolved'; issue.resolution_details = 'Мы отправили новый пояс.'; issue.save(ignore_permissions=True)\n"
			"from servicedesk_shop.customer.csat import send_resolution\n"
			"send_resolution(issue.name)  # what the worker does after the save (the served site runs none)\n"
			f"body = [m.body for m in emails_about(issue.name, {ANNA!r}) if '/support/rate?token=' in m.body][0]\n"
			'links = list(dict.fromkeys(re.findall(r"https?://[^\\s\\"\'<>]+/support/rate\\?token=[A-Za-z0-9_.=-]+", body)))\n'
			"print(json.dumps({'name': issue.name, 'links': links}))"
		)
	)


def test_two_stars_from_the_email_and_the_manager_sees_the_unhappy_customer(browser, resolved_request):
	from selenium.webdriver.common.by import By

	assert len(resolved_request["links"]) == 5
	two_stars = resolved_request["links"][3]  # the links go from five stars down to one
	browser.delete_all_cookies()
	browser.get(URL + two_stars[two_stars.index("/support/rate") :])
	# recorded by the page's script as it loads
	rated = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-rated:not(.d-none)"))
	assert "2 of 5" in rated.text, rated.text
	# the customer adds a comment on the same page
	browser.find_element(By.ID, "sd-rating-comment").send_keys("Ждала замену неделю")
	browser.find_element(By.CSS_SELECTOR, "#sd-rating button[type=submit]").click()
	wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-rating-saved:not(.d-none)"))
	stored = bench_json(
		"",
		f"frappe.db.get_value('Issue', {resolved_request['name']!r}, ['csat_rating', 'csat_comment'], as_dict=True)",
	)
	assert stored == {"csat_rating": 0.4, "csat_comment": "Ждала замену неделю"}
	# the same star's link again keeps the comment, and shows it in the box
	browser.get(URL + two_stars[two_stars.index("/support/rate") :])
	wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-rated:not(.d-none)"))
	assert browser.find_element(By.ID, "sd-rating-comment").get_attribute("value") == "Ждала замену неделю"
	assert (
		bench_python(f"print(frappe.db.get_value('Issue', {resolved_request['name']!r}, 'csat_comment'))")
		== "Ждала замену неделю"
	)

	log_in(browser, MANAGER, PASSWORD)
	browser.get(f"{URL}/app/service-desk")
	unhappy = wait_for(
		browser,
		lambda d: next(
			(
				box
				for box in d.find_elements(By.CSS_SELECTOR, ".quick-list-widget-box")
				if "Unhappy Customers" in box.text and "Пояс порвался" in box.text
			),
			None,
		),
		timeout=40,
	)
	assert unhappy.find_elements(By.XPATH, './/*[contains(., "Пояс порвался")]')
	# and the desk told them
	alerts = bench_python(
		f"print(frappe.db.count('Notification Log', {{'for_user': {MANAGER!r}, 'document_name': {resolved_request['name']!r}, "
		"'subject': ('like', 'A customer rated request%')}))"
	)
	assert alerts == "1"


def test_the_agent_sees_the_customer_panel_in_the_issue_form(browser, requests, resolved_request):
	from selenium.webdriver.common.by import By

	log_in(browser, MANAGER, PASSWORD)
	browser.get(f"{URL}/app/issue/{requests[ANNA]['name']}")
	# found afresh on each look: the form may refresh (and redraw its dashboard) while the panel loads
	panel = wait_for(
		browser,
		lambda d: next(
			(
				p
				for p in d.find_elements(By.CSS_SELECTOR, ".form-dashboard .sd-customer-panel")
				if "Earlier Requests" in p.text
			),
			None,
		),
		timeout=30,
	)
	assert "Earlier Requests" in panel.text, panel.text
	assert "Пояс порвался" in panel.text  # Anna's other request, with its stars
	assert "★★" in panel.text
	# a Support Team member without Sales Order access gets no orders part, and no permission error
	assert "Last Orders" not in panel.text
	assert not browser.find_elements(By.CSS_SELECTOR, ".modal.show .msgprint")
