# The widget as a messenger on a real site: the sending device's conversation token opens its request
# only, and only soon after sending; another token, a revoked or an expired one is refused with a 4xx;
# polling since a cursor; what the device is never shown (internal notes, others' mail, the address
# owner's e-mails, the tracking link); the shopper's answer from the widget; the limits.

import uuid
from datetime import timedelta

import frappe
from frappe.tests.test_api import FrappeAPITestCase, make_request
from frappe.utils import add_days, now_datetime

from servicedesk_shop import api
from servicedesk_shop.messengers import widget
from servicedesk_shop.messengers.widget_rules import CHAT, OPEN_WINDOW
from servicedesk_shop.service_desk.ratelimit import clear_limits
from servicedesk_shop.service_desk.tracking import confirm_address, revoke_links, track_token
from servicedesk_shop.testing import (
	ShopTestCase,
	agent_reply,
	as_guest,
	backdate,
	ensure_outgoing_email_account,
)

SOURCE = "Cart"
FIRST = "Платье не подошло по размеру, можно обменять на M?"


def restore_settings(values: dict):
	"""The settings as they were before the test, kept: Frappe commits a test's transaction when an
	assignment mails its Notification Log, and the HTTP tests after this module read the site's own."""
	frappe.db.set_single_value("Service Desk Settings", values)
	frappe.db.commit()  # nosemgrep: test clean-up of what a mid-test commit may have kept


class WidgetCase(ShopTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		clear_limits()  # per minute, across runs too
		self.addCleanup(clear_limits)
		ensure_outgoing_email_account()
		settings = {"reopen_days": 14, "tracking_link_days": 30}
		before = frappe.db.get_values_from_single(
			list(settings), None, "Service Desk Settings", as_dict=True
		)[0]
		self.addCleanup(restore_settings, before)
		frappe.db.set_single_value("Service Desk Settings", settings)

	def send(self, email=None, message=FIRST, proven=True):
		"""A guest's request from the widget and the device's conversation: (request, client token,
		address, the answer of open_widget_conversation). `proven`: the address's owner opened the link
		e-mailed to it (as the tracking page confirms it), so the shop's answers show in the widget."""
		email = email or f"widget-{uuid.uuid4().hex[:8]}@example.net"
		client_token = str(uuid.uuid4())
		sent = as_guest(
			api.submit_feedback, source=SOURCE, email=email, message=message, client_token=client_token
		)
		if proven:
			confirm_address(sent["issue"])
		opened = as_guest(
			api.open_widget_conversation, request=sent["issue"], client_token=client_token, email=email
		)
		return sent["issue"], client_token, email, opened

	def poll(self, token, since=""):
		return as_guest(api.get_widget_conversation, token=token, since=since)

	def refused(self, status, fn, *args, **kwargs):
		with self.assertRaises(frappe.ValidationError) as caught:
			as_guest(fn, *args, **kwargs)
		self.assertEqual(caught.exception.http_status_code, status, caught.exception)
		return str(caught.exception)


class TestTheSendingDevice(WidgetCase):
	def test_the_sending_device_gets_its_conversation(self):
		issue, _client_token, _email, opened = self.send()
		self.assertEqual(opened["request"], issue)
		self.assertTrue(opened["token"])
		self.assertEqual(
			[(m["id"], m["from_shop"], m["text"]) for m in opened["messages"]], [("request", False, FIRST)]
		)
		self.assertTrue(opened["can_reply"])
		self.assertTrue(opened["room"].startswith("sdw-"))
		self.assertEqual(opened["labels"]["you"], "You")
		# the tracking link never reaches the screen: it goes to the address by e-mail
		self.assertNotIn("/support/track", frappe.as_json(opened))

	def test_only_the_device_that_sent_it_opens_it(self):
		issue, client_token, email, _opened = self.send()
		other_issue = self.send()[0]
		# someone who only knows the request and the address (they typed it): no client token, no conversation
		self.refused(
			404, api.open_widget_conversation, request=issue, client_token=str(uuid.uuid4()), email=email
		)
		# the device's key with another address, or for another request
		self.refused(
			404, api.open_widget_conversation, request=issue, client_token=client_token, email="x@example.net"
		)
		self.refused(
			404, api.open_widget_conversation, request=other_issue, client_token=client_token, email=email
		)
		self.refused(400, api.open_widget_conversation, request=issue, client_token="", email=email)

	def test_the_device_opens_it_only_soon_after_sending(self):
		issue, client_token, email, _opened = self.send()
		backdate("Issue", issue, now_datetime() - OPEN_WINDOW - timedelta(minutes=1))
		message = self.refused(
			410, api.open_widget_conversation, request=issue, client_token=client_token, email=email
		)
		self.assertIn("e-mail", message)

	def test_a_token_opens_its_own_request_only(self):
		mine, _ct, my_email, opened = self.send()
		theirs, _ct2, their_email, _theirs = self.send(message="Где мой заказ? Курьер не пришёл.")
		agent_reply(theirs, "<p>Ваш заказ SAL-ORD-1 у курьера</p>", their_email)
		agent_reply(mine, "<p>Обменяем, пришлите фото бирки</p>", my_email)
		seen = self.poll(opened["token"])
		self.assertEqual(seen["request"], mine)
		texts = [m["text"] for m in seen["messages"]]
		self.assertEqual(texts, [FIRST, "Обменяем, пришлите фото бирки"])


class TestATypedAddress(WidgetCase):
	def test_the_shops_answers_show_only_once_the_address_is_proven(self):
		# a guest may type another customer's address: an answer to it may tell that customer's orders
		issue, _client_token, email, opened = self.send(proven=False)
		self.assertTrue(opened["answers_by_email"])
		agent_reply(issue, "<p>Ваш заказ SAL-ORD-1 едет по адресу ул. Ленина 1</p>", email)
		frappe.db.set_value("Issue", issue, {"status": "Resolved", "resolution_details": "<p>Доставлен</p>"})
		seen = self.poll(opened["token"])
		self.assertEqual([m["text"] for m in seen["messages"]], [FIRST])
		self.assertEqual(seen["resolution"], "")
		self.assertTrue(seen["answers_by_email"])
		self.assertIn("e-mail", seen["labels"]["by_email"])

		confirm_address(issue)  # its owner opened the e-mailed link
		# the device's next poll, from where the last one left off, brings the answer held back
		later = self.poll(opened["token"], since=seen["cursor"])
		self.assertEqual(
			[m["text"] for m in later["messages"]], ["Ваш заказ SAL-ORD-1 едет по адресу ул. Ленина 1"]
		)
		seen = self.poll(opened["token"])
		self.assertEqual(
			[m["text"] for m in seen["messages"]], [FIRST, "Ваш заказ SAL-ORD-1 едет по адресу ул. Ленина 1"]
		)
		self.assertEqual(seen["resolution"], "Доставлен")
		self.assertFalse(seen["answers_by_email"])


class TestRefusedTokens(WidgetCase):
	def test_not_a_token_a_tracking_token_or_a_forged_one_is_a_404(self):
		issue, _ct, _email, opened = self.send()
		token = opened["token"]
		for bad in (
			None,
			"",
			"x",
			track_token(issue),
			token[:-1] + ("0" if token[-1] != "0" else "1"),
			"é" * 10,
		):
			self.refused(404, api.get_widget_conversation, token=bad)
			self.refused(404, api.reply_in_widget, token=bad, message="Ещё вопрос по заказу")

	def test_a_revoked_token_is_a_404(self):
		issue, _ct, _email, opened = self.send()
		self.poll(opened["token"])
		revoke_links(issue)
		message = self.refused(404, api.get_widget_conversation, token=opened["token"])
		self.assertIn("e-mail", message)

	def test_a_token_past_the_days_links_live_is_a_410(self):
		issue, _ct, _email, opened = self.send()
		frappe.db.set_value(
			"Issue",
			issue,
			{"status": "Resolved", "resolved_on": add_days(now_datetime(), -31)},
			update_modified=False,
		)
		self.refused(410, api.get_widget_conversation, token=opened["token"])
		frappe.db.set_value(
			"Issue", issue, "resolved_on", add_days(now_datetime(), -29), update_modified=False
		)
		self.assertTrue(self.poll(opened["token"])["done"])

	def test_a_bad_cursor_is_a_400(self):
		_issue, _ct, _email, opened = self.send()
		self.refused(400, api.get_widget_conversation, token=opened["token"], since="yesterday")


class TestPolling(WidgetCase):
	def test_a_poll_since_the_cursor_gets_what_came_after_it(self):
		issue, _ct, email, opened = self.send()
		early = agent_reply(issue, "<p>Первый ответ</p>", email)
		# made before the device's cursor, further back than the overlap a poll looks again
		backdate("Communication", early, now_datetime() - timedelta(minutes=10))
		agent_reply(issue, "<p>Второй ответ</p>", email)

		since = self.poll(opened["token"], opened["cursor"])
		self.assertEqual([m["text"] for m in since["messages"]], ["Второй ответ"])
		self.assertTrue(all(m["from_shop"] for m in since["messages"]))
		self.assertNotIn("labels", since)  # the widget's words come with the first answer only
		self.assertGreaterEqual(since["cursor"], opened["cursor"])
		# all of it without a cursor
		everything = self.poll(opened["token"])
		self.assertEqual([m["text"] for m in everything["messages"]], [FIRST, "Первый ответ", "Второй ответ"])

	def test_nothing_new_is_an_empty_answer_in_one_query_on_the_messages(self):
		issue, _ct, email, opened = self.send()
		agent_reply(issue, "<p>Ответ</p>", email)
		cursor = self.poll(opened["token"], opened["cursor"])["cursor"]
		backdate("Communication", {"reference_name": issue}, now_datetime() - timedelta(minutes=5))
		with self.assertQueryCount(2):
			# the token's request by its name, and the request's messages since the cursor by their index
			# on the reference (the settings are cached): as many with ten requests as with a million
			answer = self.poll(opened["token"], cursor)
		self.assertEqual(answer["messages"], [])
		self.assertEqual(answer["cursor"], cursor)


class TestWhatTheDeviceNeverSees(WidgetCase):
	def test_internal_notes_others_mail_and_the_tracking_link_stay_out(self):
		issue, _ct, email, opened = self.send()
		doc = frappe.get_doc("Issue", issue)
		doc.add_comment("Comment", "Внутренняя заметка: клиент хамил")
		# an e-mail from the address's owner: the device only typed the address, it may not be theirs
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Received",
				"sender": email,
				"subject": "Re",
				"content": "<p>Это не я писал! Мой телефон +7 900 000-00-00</p>",
				"reference_doctype": "Issue",
				"reference_name": issue,
			}
		).insert(ignore_permissions=True)
		# the shop's e-mail to a courier about the request
		agent_reply(issue, "<p>Курьеру: адрес клиента ул. Ленина 1</p>", "courier@cdek.example")
		# the answer to the customer, which gains the tracking link on the way out
		answer = agent_reply(issue, "<p>Обменяем на M.</p>", email)
		self.assertIn("/support/track#token=", frappe.db.get_value("Communication", answer, "content"))

		seen = self.poll(opened["token"])
		texts = [m["text"] for m in seen["messages"]]
		self.assertEqual(texts, [FIRST, "Обменяем на M."])
		self.assertNotIn("token", frappe.as_json(seen["messages"]))

	def test_hostile_text_comes_as_text(self):
		hostile = "<img src=x onerror=alert(1)> <script>alert(2)</script>"
		issue, _ct, email, opened = self.send(message="Размер " + hostile)
		agent_reply(issue, "<p>Ответ <b>жирный</b><script>alert(3)</script></p>", email)
		seen = self.poll(opened["token"])
		self.assertEqual(seen["messages"][0]["text"], "Размер " + hostile)  # the widget sets it as text
		# the agent's markup is gone, and what the sanitizer kept of the script is words, not a tag
		self.assertTrue(seen["messages"][1]["text"].startswith("Ответ жирный"), seen["messages"][1])
		self.assertNotIn("<b>", seen["messages"][1]["text"])


class TestTheShopperAnswersInTheWidget(WidgetCase):
	def test_the_answer_lands_in_the_request_as_a_chat_message(self):
		issue, _ct, email, opened = self.send()
		agent_reply(issue, "<p>Пришлите фото бирки</p>", email)
		answer = as_guest(api.reply_in_widget, token=opened["token"], message="Бирка <b>M</b>, фото не могу")
		self.assertEqual(answer["request"], issue)
		self.assertEqual(answer["message"]["text"], "Бирка <b>M</b>, фото не могу")
		stored = frappe.db.get_value(
			"Communication",
			answer["message"]["id"],
			["reference_name", "sent_or_received", "communication_medium", "sender", "content"],
			as_dict=True,
		)
		self.assertEqual(
			(stored.reference_name, stored.sent_or_received, stored.communication_medium, stored.sender),
			(issue, "Received", CHAT, email),
		)
		self.assertIn("&lt;b&gt;M&lt;/b&gt;", stored.content)  # stored escaped: the desk shows it as HTML
		self.assertEqual(
			[m["text"] for m in self.poll(opened["token"])["messages"]],
			[FIRST, "Пришлите фото бирки", "Бирка <b>M</b>, фото не могу"],
		)

	def test_an_answer_reopens_a_resolved_request_and_a_closed_one_refuses(self):
		issue, _ct, _email, opened = self.send()
		doc = frappe.get_doc("Issue", issue)
		doc.status = "Resolved"
		doc.save(ignore_permissions=True)
		self.assertTrue(self.poll(opened["token"])["reopens"])
		answer = as_guest(api.reply_in_widget, token=opened["token"], message="Всё-таки не подошло")
		self.assertTrue(answer["reopened"])
		self.assertEqual(frappe.db.get_value("Issue", issue, "status"), "Open")

		frappe.db.set_value("Issue", issue, "status", "Closed")
		self.assertFalse(self.poll(opened["token"])["can_reply"])
		self.refused(400, api.reply_in_widget, token=opened["token"], message="Ещё одно")

	def test_an_empty_answer_is_a_400(self):
		_issue, _ct, _email, opened = self.send()
		self.refused(400, api.reply_in_widget, token=opened["token"], message="  ")


class TestLimits(WidgetCase):
	def test_one_token_polls_at_most_its_allowance_a_minute(self):
		_issue, _ct, _email, opened = self.send()
		for _ in range(widget.POLLS_PER_TOKEN):
			self.poll(opened["token"], opened["cursor"])
		self.refused(429, api.get_widget_conversation, token=opened["token"], since=opened["cursor"])
		# another device's token has its own allowance
		_issue2, _ct2, _email2, other = self.send()
		self.assertEqual(self.poll(other["token"], other["cursor"])["messages"], [])

	def test_the_realtime_nudge_goes_to_the_requests_room_after_the_commit(self):
		issue, _ct, email, opened = self.send()
		agent_reply(issue, "<p>Ответ</p>", email)
		log = getattr(frappe.local, "_realtime_log", [])
		room = "task_progress:" + opened["room"]
		self.assertIn([widget.EVENT, {"room": opened["room"]}, room], log)
		# revoked links: the devices' room is another, so a revoked device hears of nothing more
		revoke_links(issue)
		self.assertNotEqual(
			widget.room(issue, frappe.db.get_value("Issue", issue, "tracking_revision")), opened["room"]
		)


class TestOverHTTP(FrappeAPITestCase):
	"""The endpoints as a storefront calls them: refusals are a 4xx with a message, never a traceback."""

	def setUp(self):
		clear_limits()
		self.addCleanup(clear_limits)

	def post(self, method, **data):
		return make_request(
			target=self.TEST_CLIENT.post,
			args=(f"/api/method/servicedesk_shop.api.{method}",),
			kwargs={"data": data, "headers": {"Accept": "application/json"}},
		)

	def test_refusals_are_clear_4xx(self):
		for method, data, status in (
			("get_widget_conversation", {"token": "not-a-token"}, 404),
			("reply_in_widget", {"token": "not-a-token", "message": "Привет"}, 404),
			(
				"open_widget_conversation",
				{"request": "ISS-0", "client_token": str(uuid.uuid4()), "email": "a@b.cd"},
				404,
			),
			("open_widget_conversation", {"request": "ISS-0"}, 400),
		):
			response = self.post(method, **data)
			self.assertEqual(response.status_code, status, (method, response.get_data(as_text=True)[:300]))
			self.assertNotIn("Traceback", response.get_data(as_text=True))

	def test_polling_is_get_free_the_token_never_rides_in_an_address(self):
		response = make_request(
			target=self.TEST_CLIENT.get,
			args=("/api/method/servicedesk_shop.api.get_widget_conversation?token=x",),
			kwargs={"headers": {"Accept": "application/json"}},
		)
		self.assertGreaterEqual(response.status_code, 400)
		self.assertLess(response.status_code, 500)
