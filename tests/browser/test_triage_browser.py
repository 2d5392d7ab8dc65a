"""Triage in a real browser: the customer typing sees the category chosen for them, the request is routed
by what triage read, the agent reads why in the form, and the manager opens the Triage Accuracy report
from the desk with its chart."""

import json
import uuid

import pytest
from support import URL, bench_python, issue_in_database, log_in, needs_server, open_report, wait_for

pytestmark = needs_server

ANGRY_DELIVERY = "курьер второй день не приезжает, сколько можно!"


def triage_fields(issue: str) -> dict:
	return json.loads(
		bench_python(
			"import json\n"
			f"print(json.dumps(frappe.db.get_value('Issue', {issue!r}, ['issue_type', 'triage_applied', "
			"'customer_mood', 'triage_urgency', 'triage_explanation'], as_dict=True)))"
		)
	)


@pytest.fixture(scope="module")
def typed_request(browser):
	"""A guest types the issue's example into /support/new and sends it without touching the category."""
	from selenium.webdriver.common.by import By
	from selenium.webdriver.support.ui import Select

	browser.delete_all_cookies()
	browser.get(f"{URL}/support/new?source=Widget")
	message = wait_for(browser, lambda d: d.find_element(By.ID, "sd-message"))
	select = Select(browser.find_element(By.ID, "sd-category"))
	assert select.first_selected_option.get_attribute("value") == "Wish or Suggestion"  # the default
	message.send_keys(ANGRY_DELIVERY)
	hint = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-hint:not(.d-none)"))
	assert select.first_selected_option.get_attribute("value") == "Delivery"
	assert hint.text  # "Chosen for you from your words: Delivery…"
	browser.find_element(By.ID, "sd-email").send_keys(f"triage-{uuid.uuid4().hex[:8]}@example.net")
	browser.find_element(By.CSS_SELECTOR, ".sd-submit").click()
	done = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-done:not(.d-none)"))
	return done.find_element(By.CSS_SELECTOR, ".sd-issue").text


def test_the_customer_typing_sees_the_category_chosen_for_them(typed_request):
	stored = triage_fields(typed_request)
	assert stored["issue_type"] == "Delivery"
	assert stored["triage_applied"]  # the server's triage chose it: the customer did not pick it
	assert stored["customer_mood"] == "Angry"
	assert stored["triage_urgency"] == "High"


def test_a_category_the_customer_picks_stays_theirs(browser):
	from selenium.webdriver.common.by import By
	from selenium.webdriver.support.ui import Select

	browser.delete_all_cookies()
	browser.get(f"{URL}/support/new?source=Widget")
	message = wait_for(browser, lambda d: d.find_element(By.ID, "sd-message"))
	select = Select(browser.find_element(By.ID, "sd-category"))
	select.select_by_value("Praise")
	message.send_keys(ANGRY_DELIVERY)
	browser.find_element(By.ID, "sd-email").send_keys(f"triage-{uuid.uuid4().hex[:8]}@example.net")
	browser.implicitly_wait(0)
	try:
		# no suggestion overrides the customer's own choice, even after the pause
		browser.execute_script("return new Promise((r) => setTimeout(r, 1500))")
		assert select.first_selected_option.get_attribute("value") == "Praise"
		assert not browser.find_elements(By.CSS_SELECTOR, ".sd-hint:not(.d-none)")
	finally:
		browser.implicitly_wait(2)
	browser.find_element(By.CSS_SELECTOR, ".sd-submit").click()
	done = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-done:not(.d-none)"))
	assert issue_in_database(done.find_element(By.CSS_SELECTOR, ".sd-issue").text)["issue_type"] == "Praise"


def test_the_widget_preselects_the_category_as_the_customer_types(browser):
	from selenium.webdriver.common.by import By

	browser.delete_all_cookies()
	browser.get(f"{URL}/support/widget?source=Widget")
	host = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".servicedesk-shop-widget"))
	root = browser.execute_script("return arguments[0].shadowRoot", host)
	root.find_element(By.CSS_SELECTOR, ".sd-button").click()
	root.find_element(By.CSS_SELECTOR, "#sd-message").send_keys(
		"С карты списали деньги два раза, а заказа нет"
	)
	wait_for(browser, lambda d: root.find_element(By.CSS_SELECTOR, ".sd-hint").is_displayed())
	value = browser.execute_script("return arguments[0].querySelector('#sd-category').value", root)
	assert value == "Payment"


def test_the_agent_reads_why_in_the_issue_form(browser, people, typed_request):
	from selenium.webdriver.common.by import By

	log_in(browser, people["agent"], people["password"])
	browser.get(f"{URL}/app/issue/{typed_request}")
	headline = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".form-dashboard .sd-triage"))
	text = headline.text
	assert "Angry" in text and "High" in text and "Delivery" in text, text
	assert "курьер" in text, text  # the words that decided it
	assert not browser.find_elements(By.CSS_SELECTOR, ".modal.show .msgprint")


def test_the_manager_opens_triage_accuracy_from_the_desk(browser, people, typed_request):
	from selenium.webdriver.common.by import By

	# the agent resolved the request: a label the report counts
	bench_python(
		f"doc = frappe.get_doc('Issue', {typed_request!r})\n"
		"doc.flags.ignore_permissions = True\n"
		"frappe.set_user('Administrator')\n"
		"doc.status = 'Resolved'\n"
		"doc.save()\n"
		"print(doc.triage_labelled_on)"
	)
	log_in(browser, people["manager"], people["password"])
	browser.get(f"{URL}/app/service-desk")
	assert open_report(browser, "Triage Accuracy")
	assert "Delivery" in browser.page_source
	assert wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".chart-container svg"), timeout=20)
	summary = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".report-summary .summary-item"))
	assert any("Category Agreement" in item.text for item in summary)
	assert not browser.find_elements(By.CSS_SELECTOR, ".modal.show .msgprint")
