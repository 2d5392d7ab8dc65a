# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt
"""The Self-Service report, the workspace's Automation Rate card and the digest's part against
hand-counted records: resolutions, answer feedback, tallies and requests with and without answers shown,
in two weeks of February 2021 (a period no other test writes in) and two sources."""

import json
from datetime import date

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, get_datetime

from servicedesk_shop.self_service import automation
from servicedesk_shop.self_service.report.self_service.self_service import execute
from servicedesk_shop.testing import make_user

WEEK_1, WEEK_2 = date(2021, 2, 1), date(2021, 2, 8)  # Mondays
PERIOD = {"from_date": "2021-02-01", "to_date": "2021-02-14"}
CATEGORY = "Self-Service Report Test"


class TestSelfServiceReport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		if not frappe.db.exists("Help Category", CATEGORY):
			frappe.get_doc({"doctype": "Help Category", "category_name": CATEGORY}).insert()
		cls.delivery = cls.article("Сколько стоит <b>доставка</b>")
		cls.sizes = cls.article("Как подобрать размер")
		cls.clear()  # what an interrupted run left
		cls.make_records()

	@classmethod
	def article(cls, title: str) -> str:
		name = frappe.db.get_value("Help Article", {"title": title, "category": CATEGORY})
		if name:
			return name
		return (
			frappe.get_doc(
				{
					"doctype": "Help Article",
					"title": title,
					"category": CATEGORY,
					"content": f"<p>{title}</p>",
					"published": 1,
					"language": "ru",
				}
			)
			.insert()
			.name
		)

	@classmethod
	def clear(cls):
		start, end = get_datetime("2021-01-01"), get_datetime("2021-03-31")
		for doctype in ("Self Service Resolution", "Answer Feedback"):
			frappe.db.delete(doctype, {"creation": ("between", (start, end))})
		frappe.db.delete("Self Service Tally", {"date": ("between", (start.date(), end.date()))})
		for name in frappe.get_all(
			"Issue", filters={"opening_date": ("between", (start.date(), end.date()))}, pluck="name"
		):
			frappe.delete_doc("Issue", name, force=True, ignore_permissions=True)

	@classmethod
	def at(cls, doc, day: date, field: str = "creation"):
		values = {"creation": get_datetime(f"{day} 10:00")}
		if field != "creation":
			values[field] = day
		frappe.db.set_value(doc.doctype, doc.name, values, update_modified=False)

	@classmethod
	def resolution(cls, day, kind, source, issue_type, article=None, language="ru"):
		doc = frappe.get_doc(
			{
				"doctype": "Self Service Resolution",
				"kind": kind,
				"source": source,
				"issue_type": issue_type,
				"article": article,
				"language": language,
			}
		).insert(ignore_permissions=True)
		cls.at(doc, day)

	@classmethod
	def feedback(cls, day, helped, source, issue_type, article, language="ru", n=0):
		doc = frappe.get_doc(
			{
				"doctype": "Answer Feedback",
				"helped": helped,
				"source": source,
				"issue_type": issue_type,
				"article": article,
				"language": language,
				"session_key": f"report-test-{day}-{helped}-{article}-{n}",
			}
		).insert(ignore_permissions=True)
		cls.at(doc, day)

	@classmethod
	def tally(cls, day, source, issue_type, article, shown, language="ru"):
		frappe.get_doc(
			{
				"doctype": "Self Service Tally",
				"date": day,
				"source": source,
				"issue_type": issue_type,
				"article": article,
				"language": language,
				"shown": shown,
			}
		).insert(ignore_permissions=True)

	@classmethod
	def request(cls, day, source, issue_type, answers=None, language="ru"):
		doc = frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": f"Отчёт самообслуживания {day}",
				"raised_by": "self-service.report@example.net",
				"feedback_source": source,
				"issue_type": issue_type,
				"customer_language": language,
			}
		).insert(ignore_permissions=True)
		# the intake stores what the browser sent: a JSON list, or an empty one
		frappe.db.set_value("Issue", doc.name, "answers_shown", answers, update_modified=False)
		cls.at(doc, day, "opening_date")

	@classmethod
	def make_records(cls):
		d, s = cls.delivery, cls.sizes
		wednesday, tuesday = add_days(WEEK_1, 2), add_days(WEEK_2, 1)
		# week 1: two answers settled delivery questions on the widget, one exit answer about sizes in the cart
		cls.resolution(WEEK_1, "Answer", "Widget", "Delivery", d)
		cls.resolution(WEEK_1, "Answer", "Widget", "Delivery", d)
		cls.resolution(wednesday, "Exit Answer", "Cart", "Size and Fit", s)
		cls.tally(WEEK_1, "Widget", "Delivery", d, 6)
		cls.tally(wednesday, "Cart", "Size and Fit", s, 4)
		cls.feedback(WEEK_1, 1, "Widget", "Delivery", d, n=1)
		cls.feedback(WEEK_1, 1, "Widget", "Delivery", d, n=2)
		cls.feedback(WEEK_1, 0, "Widget", "Delivery", d)
		cls.feedback(wednesday, 1, "Cart", "Size and Fit", s)
		cls.request(WEEK_1, "Widget", "Delivery", json.dumps([d, s]))
		cls.request(WEEK_1, "Widget", "Delivery")
		cls.request(wednesday, "Widget", "Delivery")
		cls.request(wednesday, "Cart", "Size and Fit")
		# week 2, in English: an order found by tracking, a delivery answer that did not help
		cls.resolution(tuesday, "Order Tracking", "Order Tracking", "Delivery", language="en")
		cls.tally(tuesday, "Widget", "Delivery", d, 5, language="en")
		cls.feedback(tuesday, 0, "Widget", "Delivery", d, language="en")
		cls.request(tuesday, "Widget", "Delivery", json.dumps([d]), language="en")
		cls.request(tuesday, "Widget", "Delivery", "[]", language="en")
		# outside the period: counts nowhere
		later = add_days(WEEK_2, 7)
		cls.resolution(later, "Answer", "Widget", "Delivery", d)
		cls.tally(later, "Widget", "Delivery", d, 50)
		cls.request(later, "Widget", "Delivery", json.dumps([d]))

	def report(self, group_by, **filters):
		columns, data, _message, chart, summary = execute({**PERIOD, "group_by": group_by, **filters})
		return columns, data, chart, {item["label"]: item["value"] for item in summary}

	@staticmethod
	def figures(data, key="group"):
		return {
			row[key]: (
				row["resolutions"],
				row["shown"],
				row["helpful"],
				row["not_helpful"],
				row["requests"],
				row.get("after_answer"),
				row["automation_rate"],
			)
			for row in data
		}

	def test_by_week(self):
		columns, data, chart, summary = self.report("Week")
		self.assertEqual(
			self.figures(data),
			{str(WEEK_1): (3, 10, 3, 1, 4, 1, 42.9), str(WEEK_2): (1, 5, 0, 1, 2, 1, 33.3)},
		)
		self.assertEqual(chart["type"], "line")
		self.assertEqual(chart["data"]["labels"], [str(WEEK_1), str(WEEK_2)])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [42.9, 33.3])
		self.assertEqual(
			[columns[0]["fieldname"], columns[1]["fieldname"], columns[-1]["fieldname"]],
			["group", "resolutions", "automation_rate"],
		)
		self.assertEqual(
			(
				summary["Automation Rate"],
				summary["Self-Service Resolutions"],
				summary["Requests"],
				summary["Answers Shown"],
				summary["Helpful %"],
				summary["Requests After an Answer"],
			),
			(40.0, 4, 6, 15, 60.0, 2),
		)

	def test_by_source_against_the_requests_of_the_same_source(self):
		_columns, data, chart, _summary = self.report("Source")
		self.assertEqual(
			self.figures(data),
			{
				"Widget": (2, 11, 2, 2, 5, 2, 28.6),
				"Cart": (1, 4, 1, 0, 1, 0, 50.0),
				"Order Tracking": (1, 0, 0, 0, 0, 0, 100.0),
			},
		)
		self.assertEqual(chart["type"], "bar")
		self.assertEqual(chart["data"]["datasets"][1]["values"], [row["requests"] for row in data])

	def test_by_category(self):
		_columns, data, _chart, _summary = self.report("Category")
		self.assertEqual(
			self.figures(data),
			{"Delivery": (3, 11, 2, 2, 5, 2, 37.5), "Size and Fit": (1, 4, 1, 0, 1, 0, 50.0)},
		)

	def test_by_article_the_requests_filed_after_each(self):
		columns, data, _chart, summary = self.report("Article")
		self.assertEqual(
			self.figures(data),
			{
				self.delivery: (2, 11, 2, 2, 2, 2, 50.0),
				self.sizes: (1, 4, 1, 0, 1, 1, 50.0),
				None: (1, 0, 0, 0, 4, 0, 20.0),  # order tracking; the requests without an answer shown
			},
		)
		titles = {row["group"]: row["title"] for row in data}
		self.assertEqual(titles[self.delivery], "Сколько стоит &lt;b&gt;доставка&lt;/b&gt;")
		self.assertEqual(titles[None], "No Article")
		self.assertEqual(data[0]["group"], self.delivery)  # the most requests after it first
		self.assertNotIn("after_answer", [c["fieldname"] for c in columns])
		self.assertEqual(summary["Requests"], 6)  # each request once

	def test_an_agent_runs_it_by_article_whether_or_not_they_may_read_the_articles(self):
		agent = make_user("self-service.agent@example.com", "Self Service Agent", ["Support Team"])
		reads = frappe.has_permission("Help Article", "read", user=agent)
		frappe.set_user(agent)
		try:
			result = run("Self-Service", filters={**PERIOD, "group_by": "Article"})
		finally:
			frappe.set_user("Administrator")
		# a link makes Frappe check the reader's access to Help Article (a 403 for an agent without it)
		self.assertEqual(result["columns"][0]["fieldtype"], "Link" if reads else "Data")
		self.assertIn(self.delivery, [row["group"] for row in result["result"]])

	def test_filters(self):
		_columns, _data, _chart, widget = self.report("Week", source="Widget")
		self.assertEqual((widget["Self-Service Resolutions"], widget["Requests"]), (2, 5))
		_columns, _data, _chart, english = self.report("Week", language="en")
		self.assertEqual(
			(english["Self-Service Resolutions"], english["Requests"], english["Answers Shown"]), (1, 2, 5)
		)
		self.assertEqual(english["Automation Rate"], 33.3)
		_columns, data, *_rest = self.report("Source", issue_type="Size and Fit")
		self.assertEqual(self.figures(data), {"Cart": (1, 4, 1, 0, 1, 0, 50.0)})
		_columns, data, *_rest = self.report("Week", from_date="2021-02-03", to_date="2021-02-03")
		self.assertEqual(self.figures(data), {str(WEEK_1): (1, 4, 1, 0, 2, 0, 33.3)})

	def test_the_card_counts_the_last_30_days(self):
		self.assertEqual(automation.rate_of_days(30, "2021-02-14"), 40.0)
		self.assertEqual(automation.rate_of_days(30, "2021-03-15"), 50.0)  # only what came after the period
		self.assertIsNone(automation.rate_of_days(30, "2020-06-01"))
		card = automation.automation_rate_card()
		self.assertEqual((card["fieldtype"], card["value"]), ("Percent", automation.rate_of_days(30) or 0))

	def test_the_card_is_for_who_may_read_the_resolutions(self):
		frappe.set_user("Guest")
		try:
			with self.assertRaises(frappe.PermissionError):
				automation.automation_rate_card()
		finally:
			frappe.set_user("Administrator")

	def test_the_digest_tells_the_weeks_rate_and_the_articles_that_failed(self):
		section = automation.digest_section("manager@example.com", [], today="2021-02-14")
		self.assertIn("1 questions answered without a request, 2 requests: automation rate 33.3%", section)
		self.assertIn("(42.9% the week before)", section)
		self.assertIn(
			"Сколько стоит &lt;b&gt;доставка&lt;/b&gt;: 1 requests after it was shown 5 times", section
		)
		self.assertNotIn("<b>доставка", section)
		# no self-service that week: nothing to say
		self.assertEqual(automation.digest_section("manager@example.com", [], today="2021-06-01"), "")
		self.assertIn(
			"servicedesk_shop.self_service.automation.digest_section",
			frappe.get_hooks("servicedesk_digest_sections"),
		)
