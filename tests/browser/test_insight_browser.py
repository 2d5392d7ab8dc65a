"""Insight in a real browser: a shopper leaving the cart page is asked once and their tap is recorded,
a hostile comment stays inert in the desk, the product page shows the fit advice, the Item form shows
it to a merchandiser, and a Support Manager opens each report from the Service Desk workspace with data
and a chart."""

import uuid

import pytest
from support import URL, bench_json, log_in, needs_server, open_report, wait_for

pytestmark = needs_server

MERCHANDISER = (
	"insight-merchandiser.browser@example.com"  # reused from run to run (Frappe throttles new users)
)
PASSWORD = "Insight-Browser-2026"
HOSTILE = '<img src=x onerror="window.__sd_pwned=1"><script>window.__sd_pwned=1</script>'
LEAVE_THE_TOP = "document.dispatchEvent(new MouseEvent('mouseout', {clientX: 400, clientY: -2, relatedTarget: null, bubbles: true}))"


@pytest.fixture(scope="module")
def shop():
	"""The demo items, the exit reasons, people, and size complaints that make the wrap dress run small."""
	run = uuid.uuid4().hex[:6]
	return bench_json(
		"from frappe.utils import add_to_date, now_datetime\n"
		"from servicedesk_shop.insight import exit_feedback, fit_advice\n"
		"from servicedesk_shop.testing import ensure_shop_setup, make_customer, make_request, make_sales_order, make_user\n"
		"items = ensure_shop_setup()\n"
		"exit_feedback.make_exit_reasons(); exit_feedback.clear_reasons_cache()\n"
		f"make_user({MERCHANDISER!r}, 'Insight Merchandiser', ['Item Manager', 'Stock User'], {PASSWORD!r})\n"
		"frappe.db.set_single_value('Service Desk Settings', 'fit_min_observations', 5)\n"
		"for number, size in enumerate(['S', 'M', 'M', 'L', 'M', 'S']):\n"
		# a complaint is fit evidence from a buyer of the item
		f"\tbuyer_email = f'fit{{number}}.{run}@example.net'\n"
		"\tmake_sales_order(make_customer(buyer_email), items[('DEMO-WRAP-DRESS', size)], rate=4990)\n"
		"\tmake_request(buyer_email, f'Маломерит {number}', issue_type='Size and Fit', "
		"description='Платье маломерит, берите на размер больше', item_code=items[('DEMO-WRAP-DRESS', size)])\n"
		"frappe.db.commit()\n"
		"fit_advice.update_fit_advice()",
		f"{{'variant': items[('DEMO-WRAP-DRESS', 'M')], 'run': {run!r}}}",
	)


def exit_feedback_of(key: str) -> dict | None:
	return bench_json(
		"",
		f"frappe.db.get_value('Exit Feedback', {{'session_key': {key!r}}}, "
		"['name', 'exit_reason', 'page', 'trigger', 'cart_value', 'item_codes', 'email', 'issue', 'comment'], "
		"as_dict=True)",
	)


def exit_panel(browser):
	from selenium.webdriver.common.by import By

	host = browser.find_elements(By.CSS_SELECTOR, ".servicedesk-shop-exit")
	return host[0].shadow_root if host else None


def test_a_shopper_leaving_the_cart_is_asked_once_and_the_tap_is_recorded(browser, shop):
	from selenium.webdriver.common.by import By

	browser.delete_all_cookies()
	browser.get(
		f"{URL}/support/widget?mode=exit&source=Cart&page=Cart&items=DEMO-WRAP-DRESS-M,DEMO-LACE-BRA-S"
		"&cart_value=7480&currency=RUB"
	)
	wait_for(browser, lambda d: d.execute_script("return !!window.servicedeskExit"))
	assert exit_panel(browser) is None  # nothing until they leave
	browser.execute_script(LEAVE_THE_TOP)
	panel = wait_for(browser, lambda d: exit_panel(d))
	assert "What stopped you?" in wait_for(browser, lambda d: panel.find_element(By.CSS_SELECTOR, "h2")).text
	taps = panel.find_elements(By.CSS_SELECTOR, ".sd-reason")
	assert [t.text for t in taps][:3] == ["The price", "The delivery cost", "The delivery time"]
	next(t for t in taps if t.get_attribute("data-reason") == "The delivery cost").click()
	wait_for(browser, lambda d: panel.find_element(By.CSS_SELECTOR, ".sd-thanks"))
	key = browser.execute_script("return sessionStorage.getItem('servicedesk_shop:exit_session')")
	stored = wait_for(browser, lambda d: exit_feedback_of(key))
	assert stored["exit_reason"] == "The delivery cost"
	assert (stored["page"], stored["trigger"], float(stored["cart_value"])) == ("Cart", "Leave Window", 7480)
	assert stored["item_codes"] == "DEMO-WRAP-DRESS-M,DEMO-LACE-BRA-S"
	assert stored["email"] is None and stored["issue"] is None  # anonymous

	# once per session: not again on this page, nor after a reload
	panel.find_element(By.CSS_SELECTOR, ".sd-close").click()
	browser.execute_script(LEAVE_THE_TOP)
	assert exit_panel(browser) is None
	browser.refresh()
	wait_for(browser, lambda d: d.execute_script("return !!window.servicedeskExit"))
	browser.execute_script(LEAVE_THE_TOP)
	browser.implicitly_wait(0)
	assert exit_panel(browser) is None
	browser.implicitly_wait(2)


def test_after_an_item_is_removed_with_a_comment_and_an_email_a_request_is_made(browser, people, shop):
	from selenium.webdriver.common.by import By

	browser.switch_to.new_window("tab")  # a new tab: a new session
	try:
		browser.get(
			f"{URL}/support/widget?mode=exit&source=Checkout&page=Checkout&items=DEMO-WRAP-DRESS-M&cart_value=4990"
		)
		wait_for(browser, lambda d: d.execute_script("return !!window.servicedeskExit"))
		browser.execute_script(
			"servicedeskExit.setCart({items: ['DEMO-WRAP-DRESS-M', 'DEMO-SILK-PYJAMA-M'], value: 11980}); servicedeskExit.itemRemoved('DEMO-SILK-PYJAMA-M')"
		)
		panel = wait_for(browser, lambda d: exit_panel(d))
		wait_for(browser, lambda d: panel.find_elements(By.CSS_SELECTOR, ".sd-reason"))
		panel.find_element(By.CSS_SELECTOR, '.sd-reason[data-reason="Payment failed"]').click()
		comment = wait_for(browser, lambda d: panel.find_element(By.ID, "sd-exit-comment"))
		comment.send_keys("Карта не проходит " + HOSTILE)
		email = f"exit-{shop['run']}@example.net"
		panel.find_element(By.ID, "sd-exit-email").send_keys(email)
		panel.find_element(By.CSS_SELECTOR, ".sd-exit-more .sd-send").click()
		wait_for(browser, lambda d: panel.find_element(By.CSS_SELECTOR, ".sd-done"))
		key = browser.execute_script("return sessionStorage.getItem('servicedesk_shop:exit_session')")
		stored = exit_feedback_of(key)
	finally:
		browser.close()
		browser.switch_to.window(browser.window_handles[0])
	assert stored["trigger"] == "Item Removed" and stored["exit_reason"] == "Payment failed"
	assert stored["item_codes"] == "DEMO-WRAP-DRESS-M"  # the cart after the removal
	assert stored["email"] == email and stored["issue"]

	# the hostile comment stays inert where the manager reads it
	log_in(browser, people["manager"], people["password"])
	for route in (f"/app/exit-feedback/{stored['name']}", f"/app/issue/{stored['issue']}"):
		browser.get(URL + route)
		wait_for(browser, lambda d: "Карта не проходит" in d.page_source, timeout=30)
		assert browser.execute_script("return window.__sd_pwned") is None, route


def test_the_product_page_shows_the_fit_advice(browser, shop):
	from selenium.webdriver.common.by import By

	browser.delete_all_cookies()
	browser.get(f"{URL}/support/widget?mode=fit&item={shop['variant']}")
	host = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".servicedesk-shop-fit"))
	note = wait_for(browser, lambda d: host.shadow_root.find_element(By.CSS_SELECTOR, ".sd-fit"))
	assert note.get_attribute("data-fit") == "Runs Small"
	assert note.text.startswith("Runs small: most customers"), note.text


def test_the_merchandiser_sees_it_in_the_item_form(browser, shop):
	from selenium.webdriver.common.by import By

	log_in(browser, MERCHANDISER, PASSWORD)
	browser.get(f"{URL}/app/item/DEMO-WRAP-DRESS")
	advice = wait_for(
		browser,
		lambda d: d.find_element(By.CSS_SELECTOR, ".form-message-container .sd-fit-advice"),
		timeout=40,
	)
	assert "Runs Small" in advice.text and "one size up" in advice.text, advice.text
	assert not browser.find_elements(By.CSS_SELECTOR, ".modal.show .msgprint")


@pytest.mark.parametrize(
	"report, expect",
	[
		("Service Desk Overview", "Median First Response"),
		("Complaints and Returns by Item, Size and Reason", "DEMO-WRAP-DRESS"),
		("Exit Reasons", "The delivery cost"),
	],
)
def test_the_manager_opens_each_report_from_the_workspace(browser, people, shop, report, expect):
	from selenium.webdriver.common.by import By

	log_in(browser, people["manager"], people["password"])
	browser.get(f"{URL}/app/service-desk")
	if report == "Service Desk Overview":
		assert wait_for(
			browser,
			lambda d: any(
				"exit feedback this week" in card.text.lower()
				for card in d.find_elements(By.CSS_SELECTOR, ".number-widget-box")
			),
			timeout=40,
		)
	assert open_report(browser, report)
	wait_for(browser, lambda d: expect in d.page_source, timeout=20)
	assert wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".chart-container svg"), timeout=20)
	assert not browser.find_elements(By.CSS_SELECTOR, ".modal.show .msgprint")
	if report.startswith("Complaints"):
		# a figure opens the requests behind it
		behind = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "a.sd-behind"))
		href = behind[0].get_attribute("href")
		assert "/app/issue?name=" in href or "/app/delivery-note?name=" in href
		browser.get(href)
		wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".list-row-container"), timeout=30)
