# The intake over HTTP in-process, through Frappe's own request handling (frappe.tests.test_api's test
# client; tests/http calls the served site): status codes, JSON answers without tracebacks, the rate
# limit, and the portal pages.

import json
from urllib.parse import urlsplit

import frappe
from frappe.tests.test_api import FrappeAPITestCase, get_test_client, make_request

from servicedesk_shop.intake import service
from servicedesk_shop.intake.test_intake import ANNA, IntakeTestCase
from servicedesk_shop.service_desk.ratelimit import clear_limits
from servicedesk_shop.testing import tracking_link_sent_to

METHOD = "/api/method/servicedesk_shop.api.submit_feedback"


def clear_rate_limits():
	clear_limits()


class TestIntakeInProcessHTTP(FrappeAPITestCase, IntakeTestCase):
	def setUp(self):
		clear_rate_limits()

	def tearDown(self):
		clear_rate_limits()
		super().tearDown()

	def request(self, verb: str, path: str, **kwargs):
		"""A request through Frappe's WSGI app, in a thread of its own as frappe.tests.test_api does."""
		kwargs.setdefault("headers", {"Accept": "application/json"})
		return make_request(target=getattr(self.TEST_CLIENT, verb), args=(path,), kwargs=kwargs)

	def post_form(self, path, data):
		return self.request("post", path, data=data)

	def get_page(self, path, **query):
		return self.request("get", path, query_string=query, headers={"Accept": "text/html"})

	def messages(self, response) -> str:
		return " ".join(json.loads(m)["message"] for m in json.loads(response.json["_server_messages"]))

	def test_guest_submit_answers_json(self):
		response = self.post_form(
			METHOD,
			{
				"source": "Cart",
				"email": ANNA,
				"message": "Корзина не открывается",
				"client_token": "http-ok-1",
			},
		)
		self.assertEqual(response.status_code, 200)
		answer = response.json["message"]
		self.assertEqual(set(answer), {"issue", "status", "track_url", "answer_by", "promise"})
		self.assertEqual(frappe.db.get_value("Issue", answer["issue"], "feedback_source"), "Cart")

	def test_bad_input_is_http_400_with_message_and_no_traceback(self):
		response = self.post_form(METHOD, {"source": "Cart", "email": "not-an-email", "message": "Корзина"})
		self.assertEqual(response.status_code, 400)
		self.assertIn("valid e-mail", self.messages(response))
		body = response.get_data(as_text=True)
		self.assertNotIn("Traceback", body)
		self.assertNotIn("exception", response.json)

	def test_desk_endpoints_refuse_malformed_input_without_traceback(self):
		issue = frappe.get_doc({"doctype": "Issue", "subject": "Возврат", "raised_by": ANNA}).insert(
			ignore_permissions=True
		)
		frappe.db.commit()  # nosemgrep: the request below runs on its own connection
		try:
			api = "/api/method/servicedesk_shop.api."
			desk = get_test_client()  # its own cookies: the shared client stays a guest's

			def post(path, data):
				return make_request(
					target=desk.post,
					args=(path,),
					kwargs={"data": {**data, "sid": self.sid}, "headers": {"Accept": "application/json"}},
				)

			for method, data, message in (
				("make_return", {"issue": issue.name, "lines": "{not json"}, "Lines must be a list"),
				("make_return", {"issue": issue.name, "lines": '["nope"]'}, "is not a line of this request"),
				("add_order_lines", {"issue": issue.name, "rows": "[1, "}, "Rows must be a list"),
			):
				response = post(api + method, data)
				self.assertEqual(response.status_code, 417, method)
				self.assertIn(message, self.messages(response))
				self.assertNotIn("Traceback", response.get_data(as_text=True))
			missing = post(api + "get_order_lines", {"issue": "ISS-NONE-1"})
			self.assertEqual(missing.status_code, 404)
			self.assertNotIn("Traceback", missing.get_data(as_text=True))
		finally:
			frappe.delete_doc("Issue", issue.name, force=True, ignore_permissions=True)
			frappe.db.commit()  # nosemgrep: undo the committed fixture

	def test_missing_everything_is_http_400(self):
		response = self.post_form(METHOD, {})
		self.assertEqual(response.status_code, 400)
		self.assertIn("source", self.messages(response))

	def test_guest_where_login_is_needed_is_http_403(self):
		response = self.post_form(METHOD, {"source": "Returns", "email": ANNA, "message": "Хочу вернуть"})
		self.assertEqual(response.status_code, 403)
		self.assertIn("log in", self.messages(response))

	def test_get_is_not_allowed(self):
		response = self.request(
			"get", METHOD, query_string={"source": "Cart", "email": ANNA, "message": "GET"}
		)
		self.assertGreaterEqual(response.status_code, 400)
		self.assertLess(response.status_code, 500)

	def test_guests_are_rate_limited_per_ip(self):
		limit = int(frappe.conf.get("servicedesk_guest_rate_limit") or 10)
		statuses = [
			self.post_form(
				METHOD, {"source": "Cart", "email": "flood@example.net", "message": f"flood {n}"}
			).status_code
			for n in range(limit + 1)
		]
		self.assertEqual(statuses[:limit], [200] * limit)
		self.assertEqual(statuses[limit], 429)
		refused = self.post_form(METHOD, {"source": "Cart", "email": "flood@example.net", "message": "more"})
		self.assertEqual(refused.status_code, 429)
		self.assertNotIn("Traceback", refused.get_data(as_text=True))
		self.assertNotIn("exception", refused.json)
		self.assertEqual(refused.json["exc_type"], "RateLimitExceededError")

	def test_source_settings_for_widgets(self):
		response = self.post_form(
			"/api/method/servicedesk_shop.api.get_feedback_source", {"source": "Size Chart"}
		)
		self.assertEqual(response.status_code, 200)
		settings = response.json["message"]
		self.assertEqual([c["value"] for c in settings["categories"]], ["Size and Fit", "Product Question"])
		self.assertTrue(settings["prompt"])
		unknown = self.post_form("/api/method/servicedesk_shop.api.get_feedback_source", {"source": "Nope"})
		self.assertEqual(unknown.status_code, 400)

	def test_portal_form_shows_source_prompt_and_deep_link_values(self):
		response = self.get_page("/support/new", source="Order Tracking", order="SAL-ORD-X<script>", item="X")
		self.assertEqual(response.status_code, 200)
		html = response.get_data(as_text=True)
		self.assertIn("A question about your order?", html)
		self.assertIn('value="SAL-ORD-X&lt;script&gt;"', html)
		self.assertNotIn("SAL-ORD-X<script>", html)

	def test_portal_form_without_source_offers_sources(self):
		html = self.get_page("/support/new").get_data(as_text=True)
		self.assertIn("/support/new?source=Cart", html)
		self.assertNotIn("source=Returns", html)  # guests are not offered a login-only source

	def test_tracking_page_shows_status_and_replies(self):
		answer = self.post_form(
			METHOD,
			{"source": "Cart", "email": ANNA, "message": "Где трек-номер?", "client_token": "http-track-1"},
		).json["message"]
		self.assertIsNone(answer["track_url"])  # a guest: the link goes by e-mail
		service.record_pending_messages()  # what the worker does after the request
		issue = frappe.get_doc("Issue", answer["issue"])
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Sent",
				"subject": "Re",
				"content": "<p>Ваш трек-номер 123</p><script>alert(1)</script>",
				"reference_doctype": "Issue",
				"reference_name": issue.name,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: the reply must be visible to the request thread of the test client

		link = tracking_link_sent_to(ANNA, issue.name)
		self.assertIn("/support/track#token=", link)  # the token rides in the fragment
		token = link.split("#token=", 1)[1]
		# a link sent before, with the token in its query, is sent on to the fragment
		old = self.get_page("/support/track", token=token)
		self.assertEqual(old.status_code, 302)
		self.assertEqual(urlsplit(old.headers["Location"]).fragment, "token=" + token)
		# the page's script exchanges it once for this request's cookie and goes on at a clean address
		opened = self.post_form("/api/method/servicedesk_shop.api.open_tracking_link", {"token": token})
		self.assertEqual(opened.status_code, 200)
		self.assertIn("HttpOnly", opened.headers.get("Set-Cookie", ""))
		url = urlsplit(opened.json["message"]["url"])
		self.assertNotIn("token", url.query)
		html = self.request(
			"get", url.path, query_string=url.query, headers={"Accept": "text/html"}
		).get_data(as_text=True)
		self.assertIn(issue.name, html)
		self.assertIn("Где трек-номер?", html)
		self.assertIn("Ваш трек-номер 123", html)
		self.assertNotIn("<script>alert(1)</script>", html)
		self.assertNotIn(token, html)  # nothing on the page hands the key to its scripts

		forged = self.post_form(
			"/api/method/servicedesk_shop.api.open_tracking_link",
			{"token": service.track_token(issue.name) + "0"},
		)
		self.assertEqual(forged.status_code, 404)
		self.assertNotIn(issue.name, forged.get_data(as_text=True))
		# without the cookie the clean address shows nothing
		stranger = get_test_client()
		page = make_request(
			target=stranger.get,
			args=(url.path,),
			kwargs={"query_string": url.query, "headers": {"Accept": "text/html"}},
		)
		self.assertEqual(page.status_code, 404)
		self.assertNotIn("Где трек-номер?", page.get_data(as_text=True))
