"""The impact in a real browser: a Support Manager sees the four impact cards on the Service Desk workspace,
each opens the Service Desk Impact report (the return rate change on its Returns Avoided view), a figure
of the report opens the documents behind it, and a storefront's confirmation page tells the desk of an
order placed after the exit question (ServiceDesk.orderPlaced)."""

import json
import urllib.parse
import uuid

import pytest
from support import URL, bench_json, bench_python, log_in, needs_server, wait_for

pytestmark = needs_server

CARDS = {
	"Saved Orders Last 30 Days": "By Month",
	"Saved Revenue Last 30 Days": "By Month",
	"Return Rate Change": "Returns Avoided",
	"Requests per 100 Orders Last 30 Days": "By Month",
}


@pytest.fixture(scope="module")
def saved_order():
	"""An order now after a request's first answer, counted by the job, so that the cards and the report
	have a saved order to show."""
	run = uuid.uuid4().hex[:6]
	return bench_json(
		"from datetime import timedelta\n"
		"from frappe.utils import now_datetime\n"
		"from servicedesk_shop.impact import conversions, months\n"
		"from servicedesk_shop.testing import ensure_shop_setup, make_customer, make_request, make_sales_order\n"
		"items = ensure_shop_setup()\n"
		f"email = 'impact.{run}@example.net'\n"
		"customer = make_customer(email)\n"
		"issue = make_request(email, 'Which size?', customer=customer)\n"
		"frappe.db.set_value('Issue', issue.name, 'first_responded_on', now_datetime() - timedelta(hours=5))\n"
		"order = make_sales_order(customer, items[('DEMO-WRAP-DRESS', 'M')], rate=4990).sales_order\n"
		"conversions.attribute([order])\n"
		"months.save_month(months.count_month(months.month_key(now_datetime())))",
		"{'order': order, 'saved': frappe.db.count('Service Desk Conversion', {'sales_order': order})}",
	)


def card(driver, label: str):
	from selenium.webdriver.common.by import By

	def found(d):
		for box in d.find_elements(By.CSS_SELECTOR, ".number-widget-box"):
			# the title as written (the page shows it in capitals)
			title = box.find_elements(By.CSS_SELECTOR, ".widget-title [title]")
			number = box.find_elements(By.CSS_SELECTOR, ".number")
			if title and title[0].get_attribute("title") == label and number and number[0].text.strip():
				return box
		return None

	return wait_for(driver, found, timeout=40)


@pytest.mark.parametrize("label, view", list(CARDS.items()))
def test_each_impact_card_opens_the_report(browser, people, saved_order, label, view):
	from selenium.webdriver.common.by import By

	assert saved_order["saved"] == 1
	log_in(browser, people["manager"], people["password"])
	browser.get(f"{URL}/app/service-desk")
	box = card(browser, label)
	if label == "Saved Orders Last 30 Days":
		assert int(box.find_element(By.CSS_SELECTOR, ".number").text.strip()) >= 1
	browser.execute_script("arguments[0].click()", box.find_element(By.CSS_SELECTOR, ".widget-body"))
	wait_for(browser, lambda d: "/app/query-report/Service%20Desk%20Impact" in d.current_url, timeout=30)
	# the report has run in its view (its rows, or none: a site may have no item whose advice changed yet)
	loaded = (
		"const r = frappe.query_report; return r && r.get_filter_value('view') === arguments[0] "
		"&& Array.isArray(r.data) && !r.loading ? r.data.length : null"
	)
	wait_for(browser, lambda d: d.execute_script(loaded, view) is not None, timeout=40)
	if view != "Returns Avoided":
		assert wait_for(
			browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".dt-scrollable .dt-row"), timeout=40
		)
	assert not browser.find_elements(By.CSS_SELECTOR, ".modal.show .msgprint")


def test_a_figure_opens_the_orders_the_desk_saved(browser, people, saved_order):
	from selenium.webdriver.common.by import By

	log_in(browser, people["manager"], people["password"])
	browser.get(f"{URL}/app/query-report/Service Desk Impact")
	wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".dt-scrollable .dt-row"), timeout=40)

	from selenium.common.exceptions import StaleElementReferenceException

	def saved_order_links(d):
		try:
			return [
				a.get_attribute("href")
				for a in d.find_elements(By.CSS_SELECTOR, "a.sd-behind")
				# the Saved Orders figure (a kind of contact opens a part of them)
				if "/app/service-desk-conversion?" in (a.get_attribute("href") or "")
				and "contact_doctype" not in a.get_attribute("href")
				and a.text.strip() not in ("", "0")
			]
		except StaleElementReferenceException:
			return None  # the table drew itself again: look once more

	links = wait_for(browser, saved_order_links, timeout=30)
	browser.get(links[-1])
	# the figure's list opens with its rows (a site keeps earlier runs' saved orders, more than a page of
	# the list: this run's order is looked for by the link's own filters)
	wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".list-row-container .list-row"), timeout=30)
	filters = {
		field: json.loads(value) if value.startswith("[") else value
		for field, value in urllib.parse.parse_qsl(urllib.parse.urlsplit(links[-1]).query)
	}
	held = bench_json(
		f"n = frappe.db.count('Service Desk Conversion', {{**{filters!r}, 'sales_order': {saved_order['order']!r}}})",
		"n",
	)
	assert held == 1, (filters, saved_order)


LEAVE_THE_TOP = (
	"document.dispatchEvent(new MouseEvent('mouseout', "
	"{clientX: 400, clientY: -2, relatedTarget: null, bubbles: true}))"
)
ORDER_PLACED = (
	"const done = arguments[arguments.length - 1];"
	"ServiceDesk.orderPlaced(arguments[0], 4990, 'RUB').then(done, (e) => done({error: String(e)}));"
)


def storefront_order(order_id: str):
	return bench_json(
		"",
		f"frappe.db.get_value('Storefront Order', {{'order_id': {order_id!r}}}, "
		"['exit_feedback', 'value', 'currency', 'owner'], as_dict=True)",
	)


def test_the_storefront_tells_of_an_order_placed_after_the_exit_question(browser):
	from selenium.webdriver.common.by import By

	bench_python(
		"from servicedesk_shop.insight import exit_feedback\n"
		"exit_feedback.make_exit_reasons(); exit_feedback.clear_reasons_cache()\n"
		"print('ok')"
	)
	run = uuid.uuid4().hex[:8]
	browser.delete_all_cookies()
	browser.get(
		f"{URL}/support/widget?mode=exit&source=Cart&page=Checkout&items=DEMO-WRAP-DRESS-M&cart_value=4990&currency=RUB"
	)
	wait_for(browser, lambda d: d.execute_script("return !!(window.servicedeskExit && window.ServiceDesk)"))
	browser.execute_script("sessionStorage.clear()")
	# a tab that had no contact with the desk tells nothing
	assert browser.execute_async_script(ORDER_PLACED, f"SHOP-NONE-{run}") == {"recorded": False}
	browser.execute_script(LEAVE_THE_TOP)
	panel = wait_for(
		browser,
		lambda d: (
			d.find_elements(By.CSS_SELECTOR, ".servicedesk-shop-exit")
			and d.find_element(By.CSS_SELECTOR, ".servicedesk-shop-exit").shadow_root
		),
	)
	tap = wait_for(browser, lambda d: panel.find_elements(By.CSS_SELECTOR, ".sd-reason"))[0]
	tap.click()
	wait_for(browser, lambda d: panel.find_elements(By.CSS_SELECTOR, ".sd-thanks"))
	key = browser.execute_script("return sessionStorage.getItem('servicedesk_shop:exit_session')")
	feedback = bench_json("", f"frappe.db.get_value('Exit Feedback', {{'session_key': {key!r}}}, 'name')")
	assert feedback
	order_id = f"SHOP-{run}"
	assert browser.execute_async_script(ORDER_PLACED, order_id) == {"recorded": True}
	stored = storefront_order(order_id)
	assert (stored["exit_feedback"], stored["value"], stored["currency"], stored["owner"]) == (
		feedback,
		4990,
		"RUB",
		"Guest",
	)
	# the confirmation page shown again: the order is told once
	assert browser.execute_async_script(ORDER_PLACED, order_id) == {"recorded": False}
	assert storefront_order(f"SHOP-NONE-{run}") is None
