"""The customer's half in a real browser: My Requests from the portal sidebar with the answer-by promise,
a request's own page, and nobody else's request by any name; ERPNext's /issues lists no internal
field."""

import json
import uuid

import pytest
from support import URL, bench_python, chromium, log_in, needs_server, wait_for

pytestmark = needs_server

ANNA = "anna.my-requests.browser@example.com"  # reused from run to run (Frappe throttles new users)
BORIS = "boris.my-requests.browser@example.com"
PASSWORD = "My-Requests-2026"


@pytest.fixture(scope="module")
def browser():
	driver = chromium()
	yield driver
	driver.quit()


@pytest.fixture(scope="module")
def requests():
	run = uuid.uuid4().hex[:6]
	return json.loads(
		bench_python(
			"import json\n"
			"from servicedesk_shop.testing import make_customer\n"
			"from frappe.utils.password import update_password\n"
			"names = {}\n"
			f"for email, subject in (({ANNA!r}, 'Anna: платье маломерит {run}'), ({BORIS!r}, 'Boris: секрет {run}')):\n"
			"\tmake_customer(email, email.split('@')[0], with_user=True)\n"
			f"\tupdate_password(email, {PASSWORD!r})\n"
			"\tissue = frappe.get_doc({'doctype': 'Issue', 'subject': subject, 'raised_by': email, "
			"'description': subject, 'feedback_source': 'Cart'}).insert(ignore_permissions=True)\n"
			"\tnames[email] = {'name': issue.name, 'subject': subject}\n"
			"print(json.dumps(names))"
		)
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
