# The customer rates the answer on a real site: the resolution e-mail with a link per star (read from the
# Email Queue), one click, changing it, the window, the manager told of an unhappy customer, the report.

import re
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

import frappe
from frappe.desk.form.assign_to import add as assign
from frappe.desk.form.assign_to import remove as hand_back
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from servicedesk_shop import api
from servicedesk_shop.customer import csat
from servicedesk_shop.customer.report.customer_satisfaction import customer_satisfaction
from servicedesk_shop.escalation import service as escalation
from servicedesk_shop.intake import service as intake
from servicedesk_shop.portal.rating import rate_context
from servicedesk_shop.testing import (
	ShopTestCase,
	emails_about,
	ensure_outgoing_email_account,
	make_agent,
	make_team,
)

MANAGER = "manager.csat@example.com"
CUSTOMER = "olga.csat@example.net"


class TestRating(ShopTestCase):
	@classmethod
	def make_fixtures(cls):
		csat.make_templates()
		make_agent(MANAGER, roles=("Support Team", "Support Manager"))

	def setUp(self):
		frappe.set_user("Administrator")
		self.team = make_team("CSAT Team", MANAGER, [MANAGER])
		ensure_outgoing_email_account()

	def resolved(self, language="en", subject="Платье не подошло"):
		issue = frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": subject,
				"raised_by": CUSTOMER,
				"support_team": self.team,
				"customer_language": language,
			}
		).insert(ignore_permissions=True)
		issue.status = "Resolved"
		issue.resolution_details = "<p>Мы обменяли платье на размер L.</p>"
		issue.save(ignore_permissions=True)
		return issue

	def star_links(self, issue):
		mails = [m for m in emails_about(issue.name, CUSTOMER) if "/support/rate?token=" in m.body]
		self.assertEqual(len(mails), 1, "one resolution e-mail")
		links = re.findall(r"https?://[^\s\"'<>]+/support/rate\?token=[A-Za-z0-9_.=-]+", mails[0].body)
		return mails[0], list(dict.fromkeys(links))

	def open_page(self, link):
		"""The GET of a star's link: what a mail scanner does too."""
		frappe.set_user("Guest")
		frappe.form_dict.token = parse_qs(urlsplit(link).query)["token"][0]
		try:
			return rate_context(frappe._dict())
		finally:
			frappe.set_user("Administrator")

	def click(self, link):
		"""A customer's click: the page, then the POST its script sends as it loads (rating.js)."""
		context = self.open_page(link)
		self.assertTrue(context.record_on_load, context.get("error"))
		frappe.set_user("Guest")
		try:
			api.rate_request(parse_qs(urlsplit(link).query)["token"][0])
		finally:
			frappe.set_user("Administrator")
		return context

	def stored(self, issue):
		return frappe.db.get_value(
			"Issue", issue.name, ["csat_rating", "csat_comment", "csat_rated_on"], as_dict=True
		)

	def manager_alerts(self, issue):
		return frappe.db.count(
			"Notification Log",
			{
				"for_user": MANAGER,
				"document_type": "Issue",
				"document_name": issue.name,
				"subject": ("like", "A customer rated request%"),
			},
		)

	def test_the_resolution_e_mail_holds_a_link_per_star_and_the_tracking_link(self):
		issue = self.resolved()
		mail, links = self.star_links(issue)
		self.assertEqual(len(links), 5)
		self.assertIn("/support/track#token=", mail.body)
		self.assertIn("is resolved", mail.subject)
		self.assertIn("Мы обменяли платье", mail.body)
		russian, _links = self.star_links(self.resolved("ru", "Где мой заказ"))
		self.assertIn("решено", russian.subject)

	def test_one_click_rates_and_an_unhappy_rating_tells_the_manager(self):
		issue = self.resolved()
		_mail, links = self.star_links(issue)
		two_stars = next(
			link for link in links if csat.from_star_token(parse_qs(urlsplit(link).query)["token"][0])[1] == 2
		)
		context = self.click(two_stars)
		self.assertEqual(context.rating["stars"], 2)
		self.assertAlmostEqual(self.stored(issue).csat_rating, 0.4)
		self.assertEqual(self.manager_alerts(issue), 1)
		# clicking again, or adding a comment, does not tell the manager twice
		self.click(two_stars)
		frappe.set_user("Guest")
		api.rate_request(parse_qs(urlsplit(two_stars).query)["token"][0], None, "Курьер опоздал на два дня")
		frappe.set_user("Administrator")
		self.assertEqual(self.stored(issue).csat_comment, "Курьер опоздал на два дня")
		self.assertEqual(self.manager_alerts(issue), 1)
		# the star's link once more keeps the comment, and the page's box shows it
		self.assertEqual(self.click(two_stars).rating.comment, "Курьер опоздал на два дня")
		self.assertEqual(self.stored(issue).csat_comment, "Курьер опоздал на два дня")

	def test_opening_every_star_link_records_nothing(self):
		"""Mail scanners and link previews fetch each link of the e-mail, five stars down to one."""
		issue = self.resolved()
		_mail, links = self.star_links(issue)
		for link in links:
			self.assertTrue(self.open_page(link).record_on_load)
		self.assertFalse(self.stored(issue).csat_rating)
		self.assertEqual(self.manager_alerts(issue), 0)

	def test_a_comment_is_shown_back_as_written(self):
		issue = self.resolved()
		token = intake.track_token(issue.name)
		frappe.set_user("Guest")
		api.rate_request(token, 4, "Размер 44 < 46, а прислали 48 & больше")
		frappe.set_user("Administrator")
		self.assertNotIn("<", self.stored(issue).csat_comment)  # inert where the desk shows it
		self.assertEqual(
			csat.comment_text(self.stored(issue).csat_comment), "Размер 44 < 46, а прислали 48 & больше"
		)

	def test_the_customer_changes_it_through_the_tracking_link(self):
		issue = self.resolved()
		token = intake.track_token(issue.name)
		frappe.set_user("Guest")
		self.assertEqual(api.rate_request(token, "5", "Спасибо!")["stars"], 5)
		self.assertEqual(api.rate_request(token, 4)["stars"], 4)
		frappe.set_user("Administrator")
		self.assertAlmostEqual(self.stored(issue).csat_rating, 0.8)
		self.assertEqual(self.manager_alerts(issue), 0)  # a happy customer is nobody's alarm

	def test_what_cannot_be_rated(self):
		issue = self.resolved()
		token = intake.track_token(issue.name)
		frappe.set_user("Guest")
		for rating, comment in ((0, None), (6, None), ("x", None), (3, "x" * 1001)):
			with self.assertRaises(csat.RatingRefused):
				api.rate_request(token, rating, comment)
		with self.assertRaises(frappe.ValidationError):
			api.rate_request(token + "0", 3)  # forged
		with self.assertRaises(frappe.ValidationError):
			api.rate_request("nonsense", 3)
		frappe.set_user("Administrator")
		frappe.db.set_value("Issue", issue.name, "resolved_on", add_days(now_datetime(), -8))
		frappe.set_user("Guest")
		with self.assertRaises(csat.RatingRefused):
			api.rate_request(token, 3)  # the window closed
		frappe.set_user("Administrator")
		open_issue = frappe.get_doc(
			{"doctype": "Issue", "subject": "Открыто", "raised_by": CUSTOMER}
		).insert()
		frappe.set_user("Guest")
		with self.assertRaises(csat.RatingRefused):
			api.rate_request(intake.track_token(open_issue.name), 3)
		frappe.set_user("Administrator")
		self.assertFalse(self.stored(issue).csat_rating)

	def test_a_star_link_rates_its_own_request_only(self):
		first, second = self.resolved(), self.resolved(subject="Второе обращение")
		_mail, links = self.star_links(first)
		self.click(links[0])
		self.assertTrue(self.stored(first).csat_rating)
		self.assertFalse(self.stored(second).csat_rating)

	def test_without_an_outgoing_account_resolving_works_and_sends_nothing(self):
		with patch.object(csat, "has_outgoing_account", return_value=False):
			issue = self.resolved()
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "status"), "Resolved")
		self.assertFalse([m for m in emails_about(issue.name) if "/support/rate" in m.body])

	def test_the_report_by_team(self):
		frappe.db.set_value("Issue", {"support_team": self.team}, "csat_rating", 0)
		for stars in (5, 4, 2):
			issue = self.resolved(subject=f"Оценка {stars}")
			csat.rate(issue.name, stars)
		_columns, data, _message, chart, summary = customer_satisfaction.execute(
			{"from_date": add_days(now_datetime(), -1), "to_date": now_datetime(), "group_by": "Team"}
		)
		row = next(r for r in data if r["group"] == self.team)
		self.assertEqual(
			(row["ratings"], row["average"], row["satisfied"], row["unhappy"]), (3, 3.67, 66.7, 1)
		)
		self.assertTrue(chart["data"]["labels"])
		self.assertTrue(summary)

	def test_the_report_by_agent_keeps_the_rating_with_who_answered(self):
		frappe.db.set_value("Issue", {"csat_rating": (">", 0)}, "csat_rating", 0)
		issue = self.resolved(subject="Оценка агенту")
		assign({"doctype": "Issue", "name": issue.name, "assign_to": [MANAGER]})
		# the agent closes the assignment on resolving: Issue._assign forgets them, the ToDo does not
		frappe.db.set_value(
			"ToDo", {"reference_type": "Issue", "reference_name": issue.name}, "status", "Closed"
		)
		frappe.db.set_value("Issue", issue.name, "_assign", "[]")
		csat.rate(issue.name, 5)
		unassigned = self.resolved(subject="Без исполнителя")
		frappe.db.delete("ToDo", {"reference_type": "Issue", "reference_name": unassigned.name})
		assign({"doctype": "Issue", "name": unassigned.name, "assign_to": [MANAGER]})
		hand_back("Issue", unassigned.name, MANAGER)  # handed back: a cancelled ToDo credits nobody
		csat.rate(unassigned.name, 3)
		_columns, data, *_rest = customer_satisfaction.execute(
			{"from_date": add_days(now_datetime(), -1), "to_date": now_datetime(), "group_by": "Agent"}
		)
		by_agent = {row["group"]: (row["ratings"], row["average"]) for row in data}
		self.assertEqual(by_agent[MANAGER], (1, 5))
		self.assertEqual(by_agent["Not assigned"], (1, 3))

	def test_the_daily_digest_tells_the_manager_the_days_ratings(self):
		issue = self.resolved(subject="Долгая доставка")
		csat.rate(issue.name, 2, "Ждала неделю")
		section = csat.digest_section(MANAGER, [self.team])
		self.assertIn(issue.name, section)
		self.assertIn("Ждала неделю", section)
		self.assertIn("unhappy: 1", section)
		self.assertEqual(csat.digest_section(MANAGER, ["Another Team"]), "")
		frappe.db.set_single_value("Service Desk Settings", "send_daily_digest", 1)
		escalation.send_daily_digest()
		queue = frappe.get_all(
			"Email Queue",
			filters={
				"message": ("like", f"%{issue.name}%"),
				"creation": (">=", add_days(now_datetime(), -1)),
			},
			pluck="name",
		)
		recipients = frappe.get_all(
			"Email Queue Recipient", filters={"parent": ("in", queue)}, pluck="recipient"
		)
		self.assertIn(MANAGER, recipients)

	def test_a_hostile_comment_is_stored_inert(self):
		issue = self.resolved()
		csat.rate(issue.name, 1, '<img src=x onerror="window.__sd_xss=1">Плохо')
		stored = self.stored(issue).csat_comment
		self.assertNotIn("onerror", stored)
		self.assertIn("Плохо", stored)
		csat.rate(issue.name, 1, "a < b, и всё же плохо")
		self.assertEqual(
			self.stored(issue).csat_comment, "a &lt; b, и всё же плохо"
		)  # escaped, shown as written
