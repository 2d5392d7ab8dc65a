"""The exit question answers back, in a real browser: a shopper leaving the cart over the delivery cost
reads at once that delivery is free from 5,000 ₽, clicks "Back to my cart", and that is recorded on their
Exit Feedback and counted once as a self-service resolution; the page then opens the shop's cart."""

import json

import pytest
from support import URL, bench_python, needs_server, wait_for

pytestmark = needs_server

LEAVE_THE_TOP = "document.dispatchEvent(new MouseEvent('mouseout', {clientX: 400, clientY: -2, relatedTarget: null, bubbles: true}))"
CART = "/support/new"  # the page "Back to my cart" opens (a shop's cart page; any page of the site here)


@pytest.fixture(scope="module")
def reasons():
	"""The default exit reasons with their answers (a reason's own answer stays as the shop set it)."""
	bench_python(
		"from servicedesk_shop.insight import exit_feedback\n"
		"from servicedesk_shop.testing import ensure_shop_setup\n"
		"ensure_shop_setup()\n"
		"exit_feedback.make_exit_reasons(); exit_feedback.clear_reasons_cache()\n"
		"print('ok')"
	)


def exit_panel(browser):
	from selenium.webdriver.common.by import By

	host = browser.find_elements(By.CSS_SELECTOR, ".servicedesk-shop-exit")
	return host[0].shadow_root if host else None


def stored(key: str) -> dict:
	"""The Exit Feedback of the session `key` and the resolutions counted for it, read through the bench."""
	return json.loads(
		bench_python(
			"import json\n"
			"from servicedesk_shop.self_service.session import session_hash\n"
			f"feedback = frappe.db.get_value('Exit Feedback', {{'session_key': {key!r}}}, "
			"['name', 'exit_reason', 'went_back_to_cart'], as_dict=True)\n"
			"counted = frappe.get_all('Self Service Resolution', "
			f"filters={{'session_key': session_hash({key!r})}}, fields=['kind', 'issue_type', 'source', 'query'])\n"
			"print(json.dumps({'feedback': feedback, 'resolutions': counted}))"
		)
	)


def test_leaving_the_cart_over_the_delivery_cost_shows_the_free_delivery_answer(browser, reasons):
	from selenium.webdriver.common.by import By

	browser.delete_all_cookies()
	browser.get(
		f"{URL}/support/widget?mode=exit&source=Cart&page=Cart&items=DEMO-WRAP-DRESS-M&cart_value=3990"
		f"&currency=RUB&cart_url={CART}"
	)
	wait_for(browser, lambda d: d.execute_script("return !!window.servicedeskExit"))
	browser.execute_script(LEAVE_THE_TOP)
	panel = wait_for(browser, lambda d: exit_panel(d))
	tap = wait_for(
		browser, lambda d: panel.find_element(By.CSS_SELECTOR, '.sd-reason[data-reason="The delivery cost"]')
	)
	tap.click()

	answer = wait_for(browser, lambda d: panel.find_element(By.CSS_SELECTOR, ".sd-exit-answer"))
	assert answer.find_element(By.CSS_SELECTOR, ".sd-exit-answer-title").text == "The delivery cost"
	assert (
		"Delivery is free from 5,000 ₽" in answer.find_element(By.CSS_SELECTOR, ".sd-exit-answer-text").text
	)
	key = browser.execute_script("return sessionStorage.getItem('servicedesk_shop:exit_session')")
	before = stored(key)
	assert before["feedback"]["exit_reason"] == "The delivery cost"
	assert not before["feedback"]["went_back_to_cart"] and before["resolutions"] == []

	answer.find_element(By.CSS_SELECTOR, ".sd-back-to-cart").click()
	wait_for(browser, lambda d: d.current_url.startswith(URL + CART))  # the question closed, the cart opened
	after = stored(key)
	assert after["feedback"]["went_back_to_cart"] == 1
	assert after["resolutions"] == [
		{"kind": "Exit Answer", "issue_type": "Delivery", "source": "Cart", "query": "The delivery cost"}
	]


def test_a_reason_without_an_answer_shows_none(browser, reasons):
	from selenium.webdriver.common.by import By

	browser.switch_to.new_window("tab")  # a new tab: a new session
	try:
		browser.get(f"{URL}/support/widget?mode=exit&source=Cart&page=Cart&items=DEMO-WRAP-DRESS-M")
		wait_for(browser, lambda d: d.execute_script("return !!window.servicedeskExit"))
		browser.execute_script("servicedeskExit.ask()")
		panel = wait_for(browser, lambda d: exit_panel(d))
		wait_for(
			browser, lambda d: panel.find_element(By.CSS_SELECTOR, '.sd-reason[data-reason="The price"]')
		).click()
		wait_for(browser, lambda d: panel.find_element(By.CSS_SELECTOR, ".sd-thanks"))
		assert not panel.find_elements(By.CSS_SELECTOR, ".sd-exit-answer")
	finally:
		browser.close()
		browser.switch_to.window(browser.window_handles[0])
