"""Order tracking in a real browser: a guest on a phone types an order number and the e-mail it was
placed with and reads the shipment, its transporter and tracking number; a stranger's e-mail reads the
same "not found" as a missing order; "Write to us" opens the form with the order filled in; markup in an
item's name or the transporter's stays text."""

import json

import pytest
from support import URL, bench_python, needs_server, wait_for

pytestmark = needs_server

EMAIL = "vera.order-tracking.browser@example.com"
HOSTILE = '<img src=x onerror="window.__xss=1">'
PHONE = (375, 812)


@pytest.fixture(scope="module")
def order():
	"""A shipped order whose item name and transporter carry markup, stored as it came (an import or
	another app writes it past Frappe's sanitising)."""
	return json.loads(
		bench_python(
			"import json\n"
			"from frappe.utils import add_days, nowdate\n"
			"from servicedesk_shop.testing import ensure_shop_setup, ensure_stock, get_company, make_customer, "
			"make_sales_order\n"
			"from servicedesk_shop.self_service.demo_orders import ship_order\n"
			"items = ensure_shop_setup()\n"
			"dress, shirt = items[('DEMO-WRAP-DRESS', 'S')], items[('DEMO-LINEN-SHIRT', 'L')]\n"
			"for code in (dress, shirt): ensure_stock(get_company(), code, 5)\n"
			f"customer = make_customer({EMAIL!r}, 'Vera Tracking')\n"
			"number = 'WEB-B-' + frappe.generate_hash(length=6).upper()\n"
			"order = make_sales_order(customer, lines=[(dress, 1, 4990), (shirt, 1, 3590)], po_no=number, "
			"delivery_date=add_days(nowdate(), 3)).sales_order\n"
			"tracking = 'RP' + frappe.generate_hash(length=9).upper()\n"
			"note = ship_order(order, 'Почта России', tracking)\n"
			f"hostile = {HOSTILE!r}\n"
			"frappe.db.set_value('Sales Order Item', {'parent': order, 'item_code': shirt}, 'item_name', hostile)\n"
			"frappe.db.set_value('Delivery Note Item', {'parent': note, 'item_code': shirt}, 'item_name', hostile)\n"
			"frappe.db.set_value('Delivery Note', note, 'transporter_name', hostile + ' Почта')\n"
			"print(json.dumps({'number': number, 'tracking': tracking}))"
		)
	)


def look_up(browser, number: str, email: str):
	from selenium.webdriver.common.by import By

	browser.delete_all_cookies()
	browser.set_window_size(*PHONE)
	browser.get(f"{URL}/support/order")
	form = wait_for(browser, lambda d: d.find_element(By.ID, "sd-order-form"))
	form.find_element(By.NAME, "order").send_keys(number)
	form.find_element(By.NAME, "email").send_keys(email)
	form.find_element(By.CSS_SELECTOR, ".sd-submit").click()


def test_a_guest_on_a_phone_sees_the_shipment(browser, order):
	from selenium.webdriver.common.by import By

	look_up(browser, order["number"], "  " + EMAIL.upper())
	shipment = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-result .sd-shipment"))
	assert shipment.find_element(By.CSS_SELECTOR, ".sd-tracking-value").text == order["tracking"]
	assert shipment.find_element(By.CSS_SELECTOR, ".sd-transporter-value").text == HOSTILE + " Почта"
	result = browser.find_element(By.CSS_SELECTOR, ".sd-result")
	assert browser.find_element(By.CSS_SELECTOR, ".sd-number").text == order["number"]
	assert browser.find_element(By.CSS_SELECTOR, ".sd-status").text == "Shipped"
	assert browser.find_element(By.CSS_SELECTOR, ".sd-expected").text  # the expected delivery date
	items = [cell.text for cell in result.find_elements(By.CSS_SELECTOR, ".sd-lines .sd-item")]
	assert items == ["Платье на запах / Wrap Dress", HOSTILE]
	# the markup is text: no element was made of it, and its script never ran
	assert browser.execute_script("return window.__xss") is None
	assert not result.find_elements(By.CSS_SELECTOR, "img")
	# sized for the phone: nothing wider than its screen
	assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]


def test_a_strangers_email_reads_not_found_and_the_form_takes_the_order(browser, order):
	from selenium.webdriver.common.by import By

	look_up(browser, order["number"], "stranger@example.com")
	error = wait_for(
		browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-order-form .sd-error:not(.d-none)")
	)
	assert "We found no order" in error.text
	assert browser.find_element(By.CSS_SELECTOR, ".sd-result").get_attribute("class").count("d-none")

	look_up(browser, order["number"], EMAIL)
	write = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-result:not(.d-none) .sd-write"))
	browser.execute_script("arguments[0].click()", write)
	field = wait_for(browser, lambda d: d.find_element(By.ID, "sd-order"))
	assert "/support/new" in browser.current_url
	assert field.get_attribute("value") == order["number"]
	assert browser.find_element(By.NAME, "source").get_attribute("value") == "Order Tracking"
