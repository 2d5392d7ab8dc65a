"""End-to-end tests in headless Chromium (Debian's chromium + chromedriver) against a page served by the
bench. bin/test starts `bench --site SITE serve` and sets SERVICEDESK_URL; run alone, these skip."""

import json
import uuid

import pytest
from support import (
	URL,
	bench_python,
	chromium,
	issue_in_database,
	log_in,
	needs_server,
	png,
	tracking_link_by_email,
	wait_for,
	wait_for_dialog,
)

pytestmark = needs_server


def test_guest_submits_the_portal_form(browser):
	from selenium.webdriver.common.by import By
	from selenium.webdriver.support.ui import Select

	browser.get(f"{URL}/support/new?source=Cart")
	assert "Something stops you from ordering?" in browser.page_source
	email = f"browser-{uuid.uuid4().hex[:8]}@example.net"

	# a bad e-mail first: the form shows the server's message and keeps what was typed
	browser.find_element(By.ID, "sd-email").send_keys("not-an-email")
	browser.find_element(By.ID, "sd-message").send_keys("Кнопка оплаты не нажимается")
	Select(browser.find_element(By.ID, "sd-category")).select_by_value("Payment")
	browser.find_element(By.CSS_SELECTOR, ".sd-submit").click()
	error = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-error:not(.d-none)"))
	assert "valid e-mail" in error.text
	assert browser.find_element(By.ID, "sd-message").get_attribute("value") == "Кнопка оплаты не нажимается"

	field = browser.find_element(By.ID, "sd-email")
	field.clear()
	field.send_keys(email)
	browser.find_element(By.CSS_SELECTOR, ".sd-submit").click()
	done = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-done:not(.d-none)"))
	issue_name = done.find_element(By.CSS_SELECTOR, ".sd-issue").text
	assert issue_name
	# the promise of when they will hear back (the SLA's deadline, or the source's typical time)
	assert done.find_element(By.CSS_SELECTOR, ".sd-promise").text.startswith("We will answer by")

	issue = issue_in_database(issue_name)
	assert (issue["feedback_source"], issue["issue_type"], issue["raised_by"]) == ("Cart", "Payment", email)

	# a guest only typed the address: the page says the link went there, and shows none
	assert done.find_element(By.CSS_SELECTOR, ".sd-track-sent").is_displayed()
	assert not done.find_element(By.CSS_SELECTOR, ".sd-track-link").is_displayed()
	# the tracking link from the e-mail shows the request without a login
	link = tracking_link_by_email(email, issue_name)
	assert "/support/track#token=" in link, link
	browser.get(URL + link[link.index("/support/track") :])
	wait_for(browser, lambda d: issue_name in d.page_source)
	# the page's script took the token out of the address: a clean URL, the key in an HttpOnly cookie
	assert browser.current_url.endswith(f"/support/track?request={issue_name}"), browser.current_url
	assert "token" not in browser.current_url
	assert "sd_track_" not in browser.execute_script("return document.cookie")
	assert "Кнопка оплаты не нажимается" in browser.page_source
	assert browser.find_element(By.CSS_SELECTOR, ".sd-promise").text.startswith("We will answer by")
	assert browser.find_element(By.CSS_SELECTOR, ".sd-status").text


def test_guest_submits_the_storefront_widget(browser):
	from selenium.webdriver.common.by import By

	item = "DEMO-WRAP-DRESS-M"
	browser.get(f"{URL}/support/widget?source=Product%20Page&item={item}")
	host = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".servicedesk-shop-widget"))
	root = browser.execute_script("return arguments[0].shadowRoot", host)
	root.find_element(By.CSS_SELECTOR, ".sd-button").click()
	email = f"widget-{uuid.uuid4().hex[:8]}@example.net"
	root.find_element(By.CSS_SELECTOR, "#sd-email").send_keys(email)
	root.find_element(By.CSS_SELECTOR, "#sd-message").send_keys("<b>Платье</b> маломерит?")
	root.find_element(By.CSS_SELECTOR, ".sd-send").click()
	done = wait_for(browser, lambda d: root.find_element(By.CSS_SELECTOR, ".sd-done"))
	issue_name = done.find_element(By.CSS_SELECTOR, ".sd-issue").text
	# a guest gets no tracking link on screen: it goes to the address; and the promise
	assert done.find_elements(By.CSS_SELECTOR, "a") == []
	assert done.find_element(By.CSS_SELECTOR, ".sd-promise").text.startswith("We will answer by")
	assert done.find_element(By.CSS_SELECTOR, ".sd-sent").text

	issue = issue_in_database(issue_name)
	assert issue["feedback_source"] == "Product Page"
	# the customer picked no category: triage read "маломерит" as Size and Fit, over the source's default
	assert issue["issue_type"] == "Size and Fit"
	assert issue["raised_by"] == email
	assert issue["item_code"] == item
	assert issue["page_url"].startswith(f"{URL}/support/widget")
	assert "&lt;b&gt;Платье&lt;/b&gt;" in issue["description"]


def test_customer_asks_for_a_return_in_the_portal(browser, tmp_path):
	from selenium.webdriver.common.by import By
	from selenium.webdriver.support.ui import Select

	email = f"portal-return-{uuid.uuid4().hex[:6]}@example.com"
	password = "Portal-Return-2026"
	order = bench_python(
		"from servicedesk_shop.testing import ensure_shop_setup, make_customer, make_sales_order\n"
		"from frappe.utils.password import update_password\n"
		"items = ensure_shop_setup()\n"
		f"customer = make_customer({email!r}, 'Portal Return', with_user=True)\n"
		f"update_password({email!r}, {password!r})\n"
		"print(make_sales_order(customer, items[('DEMO-LINEN-SHIRT', 'L')], qty=2, rate=3590, deliver=True).sales_order)"
	)

	log_in(browser, email, password)

	browser.get(f"{URL}/support/return")
	row = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-line"))
	assert order in row.text
	row.find_element(By.CSS_SELECTOR, ".sd-pick").click()
	Select(browser.find_element(By.ID, "sd-reason")).select_by_value("Size too big")
	browser.find_element(By.ID, "sd-comment").send_keys("Рубашка велика")
	photo = tmp_path / "shirt.png"
	photo.write_bytes(png())
	browser.find_element(By.ID, "sd-photo").send_keys(str(photo))
	browser.find_element(By.CSS_SELECTOR, ".sd-submit").click()
	done = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-done:not(.d-none)"))
	issue_name = done.find_element(By.CSS_SELECTOR, ".sd-issue").text

	stored = json.loads(
		bench_python(
			"import json\n"
			f"doc = frappe.get_doc('Issue', {issue_name!r})\n"
			"print(json.dumps({'source': doc.feedback_source, 'order': doc.sales_order, "
			"'lines': [(l.item_code, l.qty, l.return_reason) for l in doc.order_lines], "
			"'photos': frappe.db.count('File', {'attached_to_doctype': 'Issue', 'attached_to_name': doc.name})}))"
		)
	)
	assert stored["source"] == "Returns"
	assert stored["order"] == order
	assert stored["lines"] == [["DEMO-LINEN-SHIRT-L", 1.0, "Size too big"]]
	assert stored["photos"] == 1  # the page's photo, read by portal.js


def test_agent_turns_a_request_into_a_draft_return_from_the_issue_form(browser):
	"""The desk side of returns: Returns > Get Order Lines, then Make Return, on a real Issue form."""
	from selenium.webdriver.common.by import By

	agent = "desk-agent.browser@example.com"  # reused from run to run (Frappe throttles new users)
	password = "Desk-Agent-2026"
	issue_name, order = bench_python(
		"from servicedesk_shop.testing import ensure_shop_setup, make_customer, make_sales_order, make_user\n"
		"from frappe.utils.password import update_password\n"
		"items = ensure_shop_setup()\n"
		f"make_user({agent!r}, 'Desk Agent', ['Support Team', 'Stock User', 'Sales User', 'Accounts User'])\n"
		f"update_password({agent!r}, {password!r})\n"
		"customer = make_customer('desk-return@example.com', 'Desk Return')\n"
		"so = make_sales_order(customer, items[('DEMO-WRAP-DRESS', 'S')], qty=2, rate=4990, deliver=True)\n"
		"issue = frappe.get_doc({'doctype': 'Issue', 'subject': 'Платье маломерит', "
		"'raised_by': 'desk-return@example.com', 'customer': customer, 'sales_order': so.sales_order, "
		"'delivery_note': so.delivery_note}).insert(ignore_permissions=True)\n"
		"print(issue.name + ' ' + so.sales_order)"
	).split()

	log_in(browser, agent, password)

	def menu_item(group: str, label: str):
		"""Click `label` in the Issue form's `group` button menu, as an agent does."""
		wait_for(
			browser, lambda d: not [m for m in d.find_elements(By.CSS_SELECTOR, ".modal") if m.is_displayed()]
		)
		toggle = wait_for(
			browser,
			lambda d: d.find_element(By.CSS_SELECTOR, f'.inner-group-button[data-label="{group}"] > button'),
		)
		toggle.click()
		item = wait_for(
			browser,
			lambda d: d.find_element(
				By.XPATH,
				f'//div[@data-label="{group}"]//a[contains(@class, "dropdown-item") and normalize-space()="{label}"]',
			),
		)
		item.click()

	def primary_button_of_dialog():
		return wait_for(
			browser,
			lambda d: next(
				b
				for b in d.find_elements(By.CSS_SELECTOR, ".modal.show .btn-modal-primary")
				if b.is_displayed()
			),
		)

	browser.get(f"{URL}/app/issue/{issue_name}")
	wait_for(browser, lambda d: d.execute_script("return window.cur_frm && cur_frm.doc.name") == issue_name)

	menu_item("Returns", "Get Order Lines")
	wait_for_dialog(browser)
	line = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".modal.show .checkbox input"))
	line.click()
	primary_button_of_dialog().click()
	wait_for(browser, lambda d: d.execute_script("return (cur_frm.doc.order_lines || []).length") == 1)

	menu_item("Returns", "Make Return")
	wait_for_dialog(browser)
	wait_for(
		browser,
		lambda d: d.find_element(By.CSS_SELECTOR, ".modal.show .frappe-control[data-fieldname='lines']"),
	)
	primary_button_of_dialog().click()
	wait_for(browser, lambda d: "Draft return" in d.page_source)

	stored = json.loads(
		bench_python(
			"import json\n"
			"rows = frappe.get_all('Delivery Note', filters={'issue': "
			f"{issue_name!r}, 'is_return': 1}}, fields=['name', 'docstatus', 'return_against'])\n"
			"items = frappe.get_all('Delivery Note Item', filters={'parent': rows[0].name}, fields=['item_code', 'qty']) if rows else []\n"
			"print(json.dumps({'returns': [[r.docstatus, r.return_against] for r in rows], "
			"'items': [[i.item_code, i.qty] for i in items]}))"
		)
	)
	delivery_note = bench_python(f"print(frappe.db.get_value('Issue', {issue_name!r}, 'delivery_note'))")
	assert stored["returns"] == [[0, delivery_note]]  # one draft, against the order's delivery
	assert stored["items"] == [["DEMO-WRAP-DRESS-S", -2.0]]
	assert order


def test_manager_tests_the_rules_and_reads_why_in_russian(browser):
	"""Routing Rule > Test in a Russian session: the winner, and each reason translated."""
	from selenium.webdriver.common.by import By

	manager = "rules-manager.browser@example.com"  # reused from run to run
	password = "Rules-Manager-2026"
	suffix = uuid.uuid4().hex[:4]
	payment_rule, fit_rule = f"Browser Payment {suffix}", f"Browser Fit {suffix}"
	bench_python(
		"from servicedesk_shop.testing import ensure_shop_setup, make_rule, make_team, make_user\n"
		"from frappe.utils.password import update_password\n"
		"ensure_shop_setup()\n"
		f"make_user({manager!r}, 'Rules Manager', ['Support Team', 'Support Manager'])\n"
		f"frappe.db.set_value('User', {manager!r}, 'language', 'ru')\n"
		f"update_password({manager!r}, {password!r})\n"
		f"team = make_team('Browser Fit Team {suffix}', {manager!r}, [])\n"
		f"make_rule({payment_rule!r}, team, priority=1, categories=['Payment'])\n"
		f"make_rule({fit_rule!r}, team, priority=2, categories=['Size and Fit'], keywords='маломерит')\n"
		"print('ok')"
	)
	try:
		log_in(browser, manager, password)

		browser.get(f"{URL}/app/routing-rule/{fit_rule}")
		wait_for(browser, lambda d: d.execute_script("return window.cur_frm && cur_frm.doc.name") == fit_rule)
		button = wait_for(
			browser,
			lambda d: d.find_element(
				By.XPATH, '//div[contains(@class, "page-actions")]//button[normalize-space()="Проверить"]'
			),
		)
		button.click()
		category = wait_for(
			browser, lambda d: d.find_element(By.CSS_SELECTOR, ".modal.show input[data-fieldname='category']")
		)
		wait_for_dialog(browser)  # typing into a dialog still opening can be lost
		category.send_keys("Size and Fit")
		text_field = browser.find_element(By.CSS_SELECTOR, ".modal.show textarea[data-fieldname='text']")
		text_field.send_keys("Платье маломерит на размер")
		wait_for(browser, lambda d: text_field.get_attribute("value") == "Платье маломерит на размер")
		wait_for(browser, lambda d: d.execute_script("return cur_dialog.get_value('text')"))
		browser.find_element(By.CSS_SELECTOR, ".modal.show .btn-modal-primary").click()
		result = wait_for(
			browser,
			lambda d: d.find_element(
				By.XPATH,
				'//div[contains(@class, "modal") and contains(@class, "show")]//p[contains(., "Сработавшее правило")]/..',
			),
		)
		text = result.text
		assert fit_rule in text
		assert "категория Size and Fit; ключевое слово «маломерит»" in text
		assert f"{payment_rule}: категория Size and Fit не входит в Payment" in text
	finally:
		bench_python(
			f"for rule in ({payment_rule!r}, {fit_rule!r}):\n"
			"\tfrappe.delete_doc('Routing Rule', rule, force=True, ignore_permissions=True)\n"
			f"frappe.delete_doc('Service Desk Team', 'Browser Fit Team {suffix}', force=True, ignore_permissions=True)\n"
			"print('ok')"
		)
