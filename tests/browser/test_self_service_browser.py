"""The Self-Service report in a real browser: a Support Manager opens it through the desk's route, by
week (the automation rate's chart) and by article (the articles after which requests were filed), and
sees the Automation Rate card on the Service Desk workspace."""

import re
import uuid

import pytest
from support import URL, bench_json, bench_python, log_in, needs_server, open_report, wait_for

pytestmark = needs_server

CATEGORY = "Self-Service Browser Test"


@pytest.fixture(scope="module")
def figures():
	"""Today: an article shown 3 times, one resolution with it and one request filed after it."""
	run = uuid.uuid4().hex[:8]
	made = bench_json(
		"from frappe.utils import nowdate\n"
		"from servicedesk_shop.testing import make_help_article, make_help_category, make_request\n"
		f"article = make_help_article(make_help_category({CATEGORY!r}), 'Delivery cost {run}', "
		"'<p>Free from 5,000</p>', 'en')\n"
		"frappe.get_doc({'doctype': 'Self Service Resolution', 'kind': 'Answer', 'source': 'Widget', "
		f"'issue_type': 'Delivery', 'article': article, 'language': 'en', 'session_key': {run!r}}})"
		".insert(ignore_permissions=True)\n"
		"frappe.get_doc({'doctype': 'Self Service Tally', 'date': nowdate(), 'source': 'Widget', "
		"'issue_type': 'Delivery', 'article': article, 'language': 'en', 'shown': 3})"
		".insert(ignore_permissions=True)\n"
		f"issue = make_request('self-service.browser@example.net', 'Still no parcel {run}', "
		"feedback_source='Widget', issue_type='Delivery')\n"
		"frappe.db.set_value('Issue', issue.name, 'answers_shown', json.dumps([article]))",
		f"{{'article': article, 'issue': issue.name, 'title': 'Delivery cost {run}'}}",
	)
	yield made
	bench_python(
		"from servicedesk_shop.testing.help import delete_help_articles\n"
		f"frappe.delete_doc('Issue', {made['issue']!r}, force=True, ignore_permissions=True)\n"
		f"delete_help_articles([{made['article']!r}])\n"
		"print('cleared')"
	)


def rows_of(browser) -> list[str]:
	from selenium.webdriver.common.by import By

	return [row.text for row in browser.find_elements(By.CSS_SELECTOR, ".dt-scrollable .dt-row")]


def test_the_manager_opens_the_report_by_week_and_by_article(browser, people, figures):
	from selenium.webdriver.common.by import By

	log_in(browser, people["manager"], people["password"])
	browser.get(f"{URL}/app/query-report/Self-Service")
	wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".dt-scrollable .dt-row"), timeout=40)
	header = browser.find_element(By.CSS_SELECTOR, ".dt-header").text
	assert "Self-Service Resolutions" in header and "Automation Rate %" in header, header
	assert len(rows_of(browser)) >= 4  # every week of the last 28 days
	# the automation rate by week: a line over the weeks of the table
	wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".chart-container svg path"), timeout=20)
	labels = browser.find_element(By.CSS_SELECTOR, ".chart-container").text
	assert len(re.findall(r"\d{4}-\d{2}-\d{2}", labels)) == len(rows_of(browser)), labels
	assert wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".report-summary .summary-item"))
	assert not browser.find_elements(By.CSS_SELECTOR, ".modal.show .msgprint")

	browser.get(f"{URL}/app/query-report/Self-Service?group_by=Article")
	wait_for(browser, lambda d: any(figures["title"] in row for row in rows_of(d)), timeout=40)
	row = next(row for row in rows_of(browser) if figures["title"] in row)
	header = browser.find_element(By.CSS_SELECTOR, ".dt-header").text
	assert "Requests After It Was Shown" in header, header
	# this article: 1 resolution, shown 3 times, no feedback, 1 request after it: 50%
	cells = row.split("\n")
	after = cells[cells.index(figures["title"]) + 1 :]
	assert after[:5] == ["1", "3", "0", "0", "1"] and after[-1].startswith("50"), row
	assert wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".chart-container svg"), timeout=20)


def test_the_workspace_shows_the_automation_rate(browser, people, figures):
	from selenium.webdriver.common.by import By

	log_in(browser, people["manager"], people["password"])
	browser.get(f"{URL}/app/service-desk")
	card = wait_for(
		browser,
		lambda d: next(
			(
				c
				for c in d.find_elements(By.CSS_SELECTOR, ".number-widget-box")
				if "automation rate" in c.text.lower() and "%" in c.text
			),
			None,
		),
		timeout=40,
	)
	assert "%" in card.text, card.text
	assert open_report(browser, "Self-Service")
