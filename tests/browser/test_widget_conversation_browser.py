"""The widget as a messenger in a real browser: a shopper sends from the widget on a storefront of another
origin, an agent answers through the desk's own API, and the answer appears in the widget without a
reload, with the unread mark on its button; the shopper answers there and it lands in the request; the
conversation stays on that device and only there; hostile text stays text. On the ERP's own page, where
Frappe's realtime service runs, the answer comes at once, long before a poll would fetch it."""

import http.server
import json
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from support import (
	URL,
	agent_answers,
	bench_json,
	bench_python,
	needs_server,
	set_storefront_origins,
	storefront_page,
	wait_for,
)

pytestmark = needs_server

MARKER = "__sd_xss"
STORE = "servicedesk_shop:conversation:" + (URL or "")


@pytest.fixture(scope="module")
def agent_api(people):
	"""The agent's API key and secret: the desk's own API answers as that Support Team user."""
	keys = bench_json(
		"from frappe.core.doctype.user.user import generate_keys\n"
		"from servicedesk_shop.testing import ensure_outgoing_email_account\n"
		"ensure_outgoing_email_account()\n"
		f"keys = generate_keys({people['agent']!r})",
		"keys",
	)
	return f"token {keys['api_key']}:{keys['api_secret']}"


@pytest.fixture(scope="module")
def storefront():
	"""A shop page on another origin (another port of this machine) carrying the widget, its origin
	allowed in Service Desk Settings."""
	with storefront_page(heading="Платье миди") as origin:
		set_storefront_origins(origin)
		yield origin
		set_storefront_origins("")


def widget_root(browser):
	host = wait_for(browser, lambda d: d.find_element("css selector", ".servicedesk-shop-widget"))
	return host, browser.execute_script("return arguments[0].shadowRoot", host)


def send_from_widget(browser, root, email: str, message: str) -> str:
	wait_for(browser, lambda d: root.find_element("css selector", ".sd-button")).click()
	wait_for(browser, lambda d: root.find_element("css selector", "#sd-email")).send_keys(email)
	root.find_element("css selector", "#sd-message").send_keys(message)
	root.find_element("css selector", ".sd-send").click()
	done = wait_for(browser, lambda d: root.find_element("css selector", ".sd-done"))
	return done.find_element("css selector", ".sd-issue").text


def shop_messages(root) -> list[str]:
	return [node.text for node in root.find_elements("css selector", ".sd-msg-shop .sd-msg-text")]


def owner_opens_the_emailed_link(issue: str):
	"""What the address's owner opening the link e-mailed to it does (the tracking page): the address is
	proven, and from then on the widget shows the shop's answers."""
	bench_python(
		"from servicedesk_shop.service_desk.tracking import confirm_address\n"
		f"confirm_address({issue!r})\n"
		"frappe.db.commit()\n"
		"print('ok')"
	)


def marker(browser):
	return browser.execute_script(f"return window.{MARKER} === undefined ? null : window.{MARKER}")


def test_the_agents_answer_appears_in_the_widget_and_the_shopper_answers_there(
	browser, storefront, agent_api
):
	browser.delete_all_cookies()
	browser.get(storefront + "/index.html")
	_host, root = widget_root(browser)
	email = f"chat-{uuid.uuid4().hex[:8]}@example.net"
	hostile = f"<img src=x onerror=window.{MARKER}=1>"
	issue = send_from_widget(browser, root, email, "Платье велико, есть размер S? " + hostile)

	# the conversation opens under the thank-you note, the shopper's own message first, as text
	first = wait_for(browser, lambda d: root.find_element("css selector", ".sd-chat .sd-msg-me .sd-msg-text"))
	# as the intake stored it (escaped, its handler dropped), shown as the words it is
	assert first.text.startswith("Платье велико, есть размер S? <img"), first.text
	assert first.find_elements("css selector", "img") == []
	# the device holds its conversation token, not the tracking link
	saved = json.loads(browser.execute_script("return localStorage.getItem(arguments[0])", STORE))
	assert saved["request"] == issue and saved["token"]
	assert "track" not in json.dumps(saved)

	# the shopper closes the panel and goes on shopping on the same page
	root.find_element("css selector", ".sd-button").click()
	browser.execute_script("window.__sd_same_page = true")
	owner_opens_the_emailed_link(issue)
	agent_answers(
		agent_api,
		issue,
		"<p>Здравствуйте! Размер S есть, обменяем.</p>"
		f"<p>&lt;script&gt;window.{MARKER}=2&lt;/script&gt;</p>"
		f'<p><img src="x" onerror="window.{MARKER}=3"></p>',
		email,
	)

	# polling brings it in: the unread mark on the button, without a reload
	badge = wait_for(
		browser,
		lambda d: (b := root.find_element("css selector", ".sd-badge")).is_displayed() and b,
		timeout=75,
	)
	assert badge.text == "1"
	assert "1" in root.find_element("css selector", ".sd-button").get_attribute("aria-label")
	assert browser.execute_script("return window.__sd_same_page") is True
	root.find_element("css selector", ".sd-button").click()
	texts = wait_for(browser, lambda d: shop_messages(root))
	assert texts[0].startswith("Здравствуйте! Размер S есть, обменяем.")
	assert f"<script>window.{MARKER}=2</script>" in texts[0]  # shown as written, not run
	assert "/support/track" not in texts[0]  # the reply e-mail's tracking link stays out of the widget
	# read now that the panel is open
	wait_for(browser, lambda d: not root.find_element("css selector", ".sd-badge").is_displayed())

	# the shopper answers in the widget, and it lands in the request
	reply = "Отлично, оформляйте обмен на S"
	root.find_element("css selector", "#sd-chat-input").send_keys(reply)
	root.find_element("css selector", ".sd-chat-send").click()
	wait_for(
		browser,
		lambda d: reply in [n.text for n in root.find_elements("css selector", ".sd-msg-me .sd-msg-text")],
	)
	stored = bench_json(
		f"rows = frappe.get_all('Communication', filters={{'reference_name': {issue!r}, "
		"'communication_medium': 'Chat'}, fields=['sender', 'sent_or_received', 'content'])",
		"rows",
	)
	assert [(r["sender"], r["sent_or_received"]) for r in stored] == [(email, "Received")]
	assert reply in stored[0]["content"]

	time.sleep(1)  # an image error fires right after it is added
	assert marker(browser) is None
	assert (
		browser.execute_script("return arguments[0].querySelectorAll('[onerror], script').length", root) == 0
	)

	# the conversation stays on this device: after a reload it is still there
	browser.refresh()
	_host, root = widget_root(browser)
	root.find_element("css selector", ".sd-button").click()
	wait_for(browser, lambda d: len(root.find_elements("css selector", ".sd-chat .sd-msg")) == 3)
	assert not root.find_element("css selector", ".sd-form").is_displayed()

	# a new device has no token: the form, and the e-mail's link is the way to the request
	browser.execute_script("localStorage.clear()")
	browser.refresh()
	_host, root = widget_root(browser)
	root.find_element("css selector", ".sd-button").click()
	assert wait_for(browser, lambda d: root.find_element("css selector", "#sd-message")).is_displayed()
	assert root.find_elements("css selector", ".sd-chat") == []


def test_a_revoked_conversation_is_forgotten_on_the_device(browser, storefront):
	browser.delete_all_cookies()
	browser.get(storefront + "/index.html")
	_host, root = widget_root(browser)
	issue = send_from_widget(browser, root, f"revoke-{uuid.uuid4().hex[:8]}@example.net", "Где мой заказ?")
	wait_for(browser, lambda d: root.find_element("css selector", ".sd-chat"))
	bench_python(
		f"from servicedesk_shop.service_desk.tracking import revoke_links\nrevoke_links({issue!r})\nprint('ok')"
	)
	browser.refresh()
	_host, root = widget_root(browser)
	root.find_element("css selector", ".sd-button").click()
	notice = wait_for(
		browser, lambda d: (n := root.find_element("css selector", ".sd-ended")).is_displayed() and n
	)
	assert "e-mail" in notice.text
	assert root.find_element("css selector", "#sd-message").is_displayed()
	assert browser.execute_script("return localStorage.getItem(arguments[0])", STORE) is None


def test_on_the_shops_own_page_realtime_brings_the_answer_at_once(browser, agent_api):
	"""Where Frappe's realtime service runs (the ERP's own pages; with `bench start`, or nginx in
	production), a nudge fetches the answer at once: with the socket connected the widget polls only
	every 60 s."""
	browser.delete_all_cookies()
	browser.get(f"{URL}/support/widget?source=Cart")
	browser.execute_script("localStorage.clear()")
	browser.refresh()
	host, root = widget_root(browser)
	email = f"live-{uuid.uuid4().hex[:8]}@example.net"
	issue = send_from_widget(browser, root, email, "Можно оплатить при получении?")
	wait_for(browser, lambda d: root.find_element("css selector", ".sd-chat"))
	try:
		wait_for(browser, lambda d: host.get_attribute("data-sd-live") == "1", timeout=15)
	except Exception:
		pytest.skip("Frappe's realtime service does not answer this site's pages")
	owner_opens_the_emailed_link(issue)
	time.sleep(6)  # past the first quick poll: from now on the widget polls every 60 s
	started = time.monotonic()
	agent_answers(agent_api, issue, "<p>Да, при получении картой или наличными.</p>", email)
	wait_for(browser, lambda d: shop_messages(root), timeout=15)
	assert time.monotonic() - started < 15
	assert shop_messages(root)[0].startswith("Да, при получении")
