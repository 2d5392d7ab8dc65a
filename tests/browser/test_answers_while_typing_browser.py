"""Issue 21's first promise, as a shopper meets it: typing "сколько стоит доставка" into the storefront
widget shows the delivery article under the text box; "Yes" files no request and counts one
self-service resolution of that article for the shopper's session."""

import uuid

import pytest
from support import URL, bench_json, bench_python, needs_server, wait_for

pytestmark = needs_server

TITLE = "Сколько стоит доставка"


@pytest.fixture
def delivery_article():
	"""A published Russian delivery article (and one on another subject that must not come first)."""
	tag = uuid.uuid4().hex[:8]
	names = bench_json(
		"from servicedesk_shop.testing.help import make_help_article, make_help_category\n"
		f"category = make_help_category('Доставка {tag}')\n"
		f"delivery = make_help_article(category, {TITLE + ' ' + tag!r}, "
		"'<p>Доставка по России стоит 350 ₽. Доставка бесплатна для заказов от 5 000 ₽.</p>', 'ru')\n"
		f"care = make_help_article(category, 'Уход за бельём {tag}', "
		"'<p>Стирайте бельё вручную при 30 градусах в мешке для стирки.</p>', 'ru')",
		"{'category': category, 'delivery': delivery, 'care': care}",
	)
	yield names
	bench_python(
		"from servicedesk_shop.testing.help import delete_help_articles\n"
		f"delete_help_articles([{names['delivery']!r}, {names['care']!r}])\n"
		f"frappe.delete_doc('Help Category', {names['category']!r}, ignore_permissions=True, force=True)\n"
		"print('deleted')"
	)


def counts(session: str) -> dict:
	return bench_json(
		"from servicedesk_shop.self_service.session import session_hash",
		"{'issues': frappe.db.count('Issue'), 'resolutions': frappe.get_all("
		f"'Self Service Resolution', filters={{'session_key': session_hash({session!r})}}, "
		"fields=['kind', 'article', 'source', 'language', 'query'])}",
	)


def test_typing_the_delivery_question_shows_the_article_and_yes_files_nothing(browser, delivery_article):
	browser.delete_all_cookies()
	browser.get(f"{URL}/support/widget?source=Cart")
	host = wait_for(browser, lambda d: d.find_element("css selector", ".servicedesk-shop-widget"))
	root = browser.execute_script("return arguments[0].shadowRoot", host)
	wait_for(browser, lambda d: root.find_element("css selector", ".sd-button")).click()
	issues_before = counts("none")["issues"]

	wait_for(browser, lambda d: root.find_element("css selector", "#sd-message")).send_keys(
		"сколько стоит доставка"
	)
	first = wait_for(browser, lambda d: root.find_element("css selector", ".sd-answer"))
	assert first.get_attribute("data-article") == delivery_article["delivery"]
	assert first.find_element("css selector", ".sd-answer-title").text.startswith(TITLE)
	assert "5 000 ₽" in first.find_element("css selector", ".sd-answer-snippet").text

	first.find_element("css selector", ".sd-answer-yes").click()
	wait_for(browser, lambda d: root.find_element("css selector", ".sd-answer-thanks"))
	session = browser.execute_script("return sessionStorage.getItem('sd_session')")
	assert session
	after = wait_for(browser, lambda d: (c := counts(session))["resolutions"] and c)
	assert after["issues"] == issues_before  # no request was filed
	assert after["resolutions"] == [
		{
			"kind": "Answer",
			"article": delivery_article["delivery"],
			"source": "Cart",
			"language": "ru",
			"query": "сколько стоит доставка",
		}
	]
