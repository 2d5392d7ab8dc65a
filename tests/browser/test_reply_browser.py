"""The customer's answer in a real browser: a guest on the tracking page replies with a photo, sees it
with their message, and a file that only pretends to be a photo is refused; the agent sees the photo in
the Issue's timeline; a resolved request is reopened from its page; a request marked for a phone call
shows the agent that no e-mail goes out."""

import uuid

import pytest
from support import URL, bench_json, bench_python, log_in, needs_server, png, wait_for

pytestmark = needs_server


@pytest.fixture(scope="module")
def requests():
	run = uuid.uuid4().hex[:6]
	return bench_json(
		"from frappe.utils import add_days, now_datetime\n"
		"from servicedesk_shop.intake.service import track_token\n"
		"from servicedesk_shop.testing import make_request\n"
		"frappe.db.set_single_value('Service Desk Settings', {'reopen_days': 14, 'reply_photo_max_mb': 8})\n"
		"made = {}\n"
		"for key, subject, values in (\n"
		f"\t('open', 'Шов разошёлся {run}', {{}}),\n"
		f"\t('resolved', 'Решено {run}', {{}}),\n"
		f"\t('phone', 'Перезвоните {run}', {{'contact_by_phone': 1, 'contact_phone': '+7 916 555-00-11'}}),\n"
		"):\n"
		"\tissue = make_request(f'reply-{key}@example.net', subject, description=subject, **values)\n"
		"\tif key == 'resolved':\n"
		"\t\tissue.status = 'Resolved'; issue.save(ignore_permissions=True)\n"
		"\tmade[key] = {'name': issue.name, 'token': track_token(issue.name)}",
		"made",
	)


def test_a_guest_replies_with_a_photo_and_sees_it(browser, people, requests, tmp_path):
	from selenium.webdriver.common.by import By

	photo = tmp_path / "seam.png"
	# bytes of its own (a colour of this run's): Frappe stores a file whose content it already has under
	# the first copy's URL, so a photo of an earlier run would link to that run's request
	photo.write_bytes(png(colour=uuid.uuid4().bytes[:3]))
	fake = tmp_path / "fake.png"
	fake.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg' onload='window.__sd_pwned=1'/>")

	browser.delete_all_cookies()
	browser.get(f"{URL}/support/track?token={requests['open']['token']}")
	form = wait_for(browser, lambda d: d.find_element(By.ID, "sd-reply"))
	form.find_element(By.ID, "sd-reply-message").send_keys("Вот фото")
	form.find_element(By.ID, "sd-reply-photos").send_keys(str(fake))
	form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
	error = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#sd-reply .sd-error:not(.d-none)"))
	assert "JPEG, PNG, WebP or GIF" in error.text

	browser.get(f"{URL}/support/track?token={requests['open']['token']}")
	form = wait_for(browser, lambda d: d.find_element(By.ID, "sd-reply"))
	form.find_element(By.ID, "sd-reply-message").send_keys("Вот фото шва")
	form.find_element(By.ID, "sd-reply-photos").send_keys(str(photo))
	form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
	image = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-message .sd-photo"), timeout=30)
	wait_for(
		browser,
		lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image),
	)
	assert browser.execute_script("return arguments[0].naturalWidth", image) == 30  # the photo itself
	assert browser.execute_script("return window.__sd_pwned") is None
	message = image.find_element(By.XPATH, "./ancestor::div[contains(@class, 'sd-message')]")
	assert "Вот фото шва" in message.text

	# the agent sees it with the customer's message in the Issue's timeline
	log_in(browser, people["agent"], people["password"])
	browser.get(f"{URL}/app/issue/{requests['open']['name']}")
	wait_for(
		browser,
		lambda d: any(
			f"{requests['open']['name']}-photo-1.png" in (a.get_attribute("href") or "")
			for a in d.find_elements(By.CSS_SELECTOR, ".timeline-content a, .timeline-item a")
		),
		timeout=40,
	)


def test_a_resolved_request_is_reopened_from_its_page(browser, requests):
	from selenium.webdriver.common.by import By

	browser.delete_all_cookies()
	browser.get(f"{URL}/support/track?token={requests['resolved']['token']}")
	note = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".sd-reopen-note"))
	assert "reopen" in note.text
	form = browser.find_element(By.ID, "sd-reply")
	button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
	assert button.text == "Reopen the request"
	form.find_element(By.ID, "sd-reply-message").send_keys("Платье снова порвалось после стирки")
	button.click()
	wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".sd-reopen-note"), timeout=30)
	status = bench_python(f"print(frappe.db.get_value('Issue', {requests['resolved']['name']!r}, 'status'))")
	assert status == "Open"


def test_the_agent_sees_that_a_phone_request_gets_no_email(browser, people, requests):
	from selenium.webdriver.common.by import By

	log_in(browser, people["agent"], people["password"])
	browser.get(f"{URL}/app/issue/{requests['phone']['name']}")
	notice = wait_for(
		browser, lambda d: d.find_element(By.CSS_SELECTOR, ".form-dashboard .sd-phone-answer"), timeout=40
	)
	assert "+7 916 555-00-11" in notice.text and "no e-mail" in notice.text
