# The impact on a real site: which contact an order is counted for (the window's edges, the latest of two
# contacts, exit feedback by e-mail and through the widget, self-service), currencies, a cancelled order,
# a month's figures against a hand count, the returns before and after a change, the fit advice shown, the
# reopenings, the report, the cards and the digest.

from datetime import datetime, timedelta
from unittest.mock import patch

import frappe
from frappe.utils import add_days, get_datetime, get_last_day, getdate, nowdate

from servicedesk_shop import api
from servicedesk_shop.impact import (
	cards,
	conversions,
	digest,
	months,
	orders,
	returns_avoided,
	service,
	shown,
)
from servicedesk_shop.impact.figures import month_bounds, months_between
from servicedesk_shop.impact.report.service_desk_impact import service_desk_impact as report
from servicedesk_shop.insight import fit_advice
from servicedesk_shop.returns.service import draft_return
from servicedesk_shop.self_service.session import session_hash
from servicedesk_shop.service_desk import counters, watermarks
from servicedesk_shop.testing import (
	ShopTestCase,
	as_guest,
	backdate,
	make_agent,
	make_customer,
	make_request,
	make_sales_order,
	make_sized_item,
)

T = datetime(2026, 6, 10, 12, 0, 0)
"""The orders' moment in the conversion tests (a past month no other test writes to)."""
# a month no other test writes in (ERPNext's own Issue tests leave requests of March 2019 on a site)
MONTH = "2013-03"
"""The month of the hand-counted figures: no other document of the site is dated in it."""
SECOND = timedelta(seconds=1)
EMAILS = [f"impact.customer{n}@example.com" for n in range(1, 9)]


class TestImpact(ShopTestCase):
	@classmethod
	def make_fixtures(cls):
		cls.customers = [make_customer(email) for email in EMAILS]
		cls.dress = make_sized_item("IMPACT-TEST-DRESS", "Impact Test Dress", 3000, sizes=["M"])["M"]
		cls.agent = make_agent("impact.agent@example.com", ["Support Team"], "Impact Agent")
		cls.manager = make_agent(
			"impact.manager@example.com", ["Support Team", "Support Manager"], "Impact Boss"
		)

	def setUp(self):
		frappe.db.set_single_value("Service Desk Settings", "conversion_window_days", 3)
		# the tests' documents decide alone: conversions of earlier runs out of the way
		frappe.db.delete("Service Desk Conversion")
		frappe.db.delete("Storefront Order")

	# --- helpers ------------------------------------------------------------------------------------

	def answered(self, n: int, at: datetime, **values) -> str:
		"""A request of customer `n`, first answered at `at`."""
		issue = make_request(EMAILS[n], f"Impact question {n}", customer=self.customers[n], **values)
		frappe.db.set_value("Issue", issue.name, "first_responded_on", at, update_modified=False)
		return issue.name

	def order(self, n: int, at: datetime, rate: float = 1000, **values) -> str:
		"""A submitted order of customer `n` placed at `at`."""
		name = make_sales_order(self.customers[n], self.dress, rate=rate, **values).sales_order
		frappe.db.set_value(
			"Sales Order",
			name,
			{"servicedesk_submitted_on": at, "contact_email": EMAILS[n], "transaction_date": at.date()},
			update_modified=False,
		)
		return name

	def exit_feedback(self, at: datetime, email: str | None = None, key: str = "", reason="The price") -> str:
		doc = frappe.get_doc(
			{
				"doctype": "Exit Feedback",
				"exit_reason": reason,
				"page": "Cart",
				"email": email,
				"session_key": key or frappe.generate_hash(length=24),
			}
		)
		doc.name = frappe.generate_hash(length=10)
		doc.creation = doc.modified = at
		doc.owner = doc.modified_by = "Guest"
		doc.db_insert()
		return doc.name

	def conversion(self, order: str):
		return frappe.db.get_value(
			"Service Desk Conversion",
			{"sales_order": order},
			["contact_doctype", "contact_name", "base_value", "hours_to_order", "agent", "exit_reason"],
			as_dict=True,
		)

	# --- the window ---------------------------------------------------------------------------------

	def test_the_windows_edges(self):
		answered_at = T - timedelta(days=3)
		cases = [
			(0, answered_at, True),  # exactly three days after the answer: inside
			(1, answered_at + SECOND, True),
			(2, answered_at - SECOND, False),  # a second more than three days: outside
			(3, T + SECOND, False),  # answered after the order
			(4, T, True),  # at the very moment of the order
		]
		made = {n: (self.answered(n, at), self.order(n, T)) for n, at, _counted in cases}
		conversions.attribute([order for _issue, order in made.values()])
		for n, _at, counted in cases:
			issue, order = made[n]
			found = self.conversion(order)
			if counted:
				self.assertEqual((found.contact_doctype, found.contact_name), ("Issue", issue), n)
			else:
				self.assertIsNone(found, n)

	def test_a_wider_window_counts_more(self):
		self.answered(0, T - timedelta(days=5))
		order = self.order(0, T)
		conversions.attribute([order])
		self.assertIsNone(self.conversion(order))
		frappe.db.set_single_value("Service Desk Settings", "conversion_window_days", 7)
		conversions.attribute([order])
		self.assertEqual(self.conversion(order).hours_to_order, 120.0)

	def test_an_order_claimed_by_two_contacts_counts_once_for_the_latest(self):
		self.answered(0, T - timedelta(days=2))
		later = self.answered(0, T - timedelta(days=1))
		order = self.order(0, T, rate=2500)
		conversions.attribute([order])
		written = frappe.db.get_value("Service Desk Conversion", {"sales_order": order}, "modified")
		conversions.attribute([order])  # read again: the same one row, not even rewritten
		self.assertEqual(
			frappe.db.get_value("Service Desk Conversion", {"sales_order": order}, "modified"), written
		)
		rows = frappe.get_all(
			"Service Desk Conversion", filters={"sales_order": order}, fields=["contact_name", "base_value"]
		)
		self.assertEqual(rows, [{"contact_name": later, "base_value": 2500}])
		figures = months.count_month("2026-06")
		self.assertEqual((figures["saved_orders"], figures["saved_revenue"]), (1, 2500))

	def test_a_cancelled_order_is_not_counted(self):
		self.answered(0, T - timedelta(days=1))
		order = self.order(0, T)
		conversions.attribute([order])
		self.assertTrue(self.conversion(order))
		frappe.get_doc("Sales Order", order).cancel()
		self.assertIsNone(self.conversion(order))
		self.assertEqual(frappe.db.get_value("Service Desk Impact Month", "2026-06", "stale"), 1)
		conversions.attribute([order])  # the job reading it again
		self.assertIsNone(self.conversion(order))
		self.assertEqual(months.count_month("2026-06")["saved_orders"], 0)

	def test_the_job_follows_the_orders_and_counts_each_once(self):
		self.answered(0, T - timedelta(days=1))
		order = self.order(0, T)
		watermarks.set_watermark(
			conversions.WATERMARKS["Sales Order"], get_datetime(nowdate()) - timedelta(days=1)
		)
		watermarks.set_watermark(conversions.WATERMARKS["Storefront Order"], get_datetime(nowdate()))
		self.assertGreaterEqual(conversions.attribute_orders(), 1)
		self.assertTrue(self.conversion(order))
		conversions.attribute_orders()
		self.assertEqual(frappe.db.count("Service Desk Conversion", {"sales_order": order}), 1)

	def test_the_submit_notes_when(self):
		name = make_sales_order(self.customers[0], self.dress).sales_order
		submitted = frappe.db.get_value("Sales Order", name, "servicedesk_submitted_on")
		self.assertLess(abs((get_datetime(submitted) - get_datetime()).total_seconds()), 120)

	# --- exit feedback, the widget and self-service ------------------------------------------------

	def test_exit_feedback_by_the_orders_email(self):
		feedback = self.exit_feedback(T - timedelta(hours=5), email=EMAILS[1], reason="The delivery cost")
		order = self.order(1, T)
		conversions.attribute([order])
		found = self.conversion(order)
		self.assertEqual((found.contact_doctype, found.contact_name), ("Exit Feedback", feedback))
		self.assertEqual(found.exit_reason, "The delivery cost")

	def test_the_widget_links_a_guests_order_to_their_exit_feedback(self):
		key = "impact-widget-session-00000001"
		feedback = self.exit_feedback(T - timedelta(hours=2), key=key)
		order = self.order(2, T, rate=4000, po_no="SHOP-A-1001")
		frappe.db.set_value("Sales Order", order, "contact_email", None)
		answer = as_guest(
			api.record_order_placed, order_id="SHOP-A-1001", value="3999", currency="EUR", exit_session=key
		)
		self.assertEqual(answer, {"recorded": True})
		self.assertEqual(
			as_guest(api.record_order_placed, order_id="SHOP-A-1001", exit_session=key),
			{"recorded": False},
		)
		# one order per contact: made-up orders of the same tab record nothing more
		self.assertEqual(
			as_guest(
				api.record_order_placed,
				order_id="SHOP-FAKE-1",
				value="999999",
				currency="EUR",
				exit_session=key,
			),
			{"recorded": False},
		)
		reported = frappe.get_all("Storefront Order", fields=["name", "exit_feedback", "owner"])
		self.assertEqual([(r.exit_feedback, r.owner) for r in reported], [(feedback, "Guest")])
		conversions.attribute_storefront_batch(
			frappe.get_all("Storefront Order", fields=["name", "order_id", "sales_order"])
		)
		found = self.conversion(order)
		self.assertEqual((found.contact_name, found.base_value), (feedback, 4000))  # the order's own value
		self.assertEqual(frappe.db.count("Service Desk Conversion"), 1)

	def test_a_session_without_a_contact_records_nothing(self):
		answer = as_guest(
			api.record_order_placed, order_id="SHOP-X-1", exit_session="no-such-session-0000000001"
		)
		self.assertEqual(answer, {"recorded": False})
		self.assertEqual(frappe.db.count("Storefront Order"), 0)

	def test_bad_reports_are_refused(self):
		for arguments in (
			{"order_id": ""},
			{"order_id": "<b>1</b>", "exit_session": "impact-widget-session-00000001"},
			{
				"order_id": "A-1",
				"value": "-5",
				"currency": "EUR",
				"exit_session": "impact-widget-session-00000001",
			},
			{"order_id": "A-1", "value": "5", "exit_session": "impact-widget-session-00000001"},
			{
				"order_id": "A-1",
				"value": "5",
				"currency": "ZZZ",
				"exit_session": "impact-widget-session-00000001",
			},
			{"order_id": "A-1", "exit_session": "short"},
			{"order_id": "A-1"},
		):
			with self.assertRaises(orders.StorefrontOrderError, msg=arguments):
				as_guest(orders.record_order_placed, **arguments)

	def test_the_order_tracking_pages_resolution_converts(self):
		earlier = self.order(3, T - timedelta(days=10))
		resolution = frappe.get_doc(
			{
				"doctype": "Self Service Resolution",
				"kind": "Order Tracking",
				"sales_order": earlier,
				"source": "Order Tracking",
			}
		).insert(ignore_permissions=True)
		backdate("Self Service Resolution", resolution.name, T - timedelta(days=1))
		order = self.order(3, T)
		conversions.attribute([earlier, order])
		self.assertEqual(self.conversion(order).contact_name, resolution.name)
		self.assertIsNone(self.conversion(earlier))

	def test_a_widget_sessions_self_service_answer_converts(self):
		key = "impact-answers-session-000000002"
		resolution = frappe.get_doc(
			{"doctype": "Self Service Resolution", "kind": "Answer", "session_key": session_hash(key)}
		)
		resolution.insert(ignore_permissions=True)
		backdate("Self Service Resolution", resolution.name, T - timedelta(hours=3))
		order = self.order(4, T, po_no="SHOP-B-7")
		frappe.db.set_value("Sales Order", order, "contact_email", None)
		self.assertEqual(as_guest(api.record_order_placed, order_id=order, session=key), {"recorded": True})
		conversions.attribute([order])
		self.assertEqual(self.conversion(order).contact_doctype, "Self Service Resolution")

	# --- currencies ---------------------------------------------------------------------------------

	def reported_only(self, order_id: str, value: float, currency: str, key: str):
		"""An order only the storefront reported (no Sales Order), after an exit feedback of session `key`."""
		self.exit_feedback(get_datetime() - timedelta(hours=1), key=key)
		self.assertEqual(
			as_guest(
				api.record_order_placed, order_id=order_id, value=value, currency=currency, exit_session=key
			),
			{"recorded": True},
		)
		conversions.attribute_storefront_batch(
			frappe.get_all(
				"Storefront Order", filters={"order_id": order_id}, fields=["name", "order_id", "sales_order"]
			)
		)
		return frappe.db.get_value(
			"Service Desk Conversion",
			{"order_key": f"Storefront:{order_id}"},
			["value", "currency", "base_value", "base_currency", "value_kept_out", "note"],
			as_dict=True,
		)

	def foreign(self) -> str:
		"""A currency that is not the company's (the test site's company may keep its books in any)."""
		return "EUR" if months.company_currency() != "EUR" else "USD"

	def test_a_foreign_currency_is_converted_at_the_days_rate(self):
		foreign = self.foreign()
		with patch.object(conversions, "get_exchange_rate", return_value=92.5) as rate:
			found = self.reported_only("SHOP-FX-1", 40, foreign, "impact-fx-session-00000000001")
		self.assertEqual(rate.call_args.args[:2], (foreign, found.base_currency))
		self.assertEqual(
			(found.value, found.currency, found.base_value, found.value_kept_out), (40, foreign, 3700, 0)
		)

	def test_without_a_rate_the_order_counts_and_its_value_is_kept_out(self):
		foreign = self.foreign()
		with patch.object(conversions, "get_exchange_rate", return_value=0):
			found = self.reported_only("SHOP-FX-2", 50, foreign, "impact-fx-session-00000000002")
		self.assertEqual((found.base_value, found.value_kept_out), (0, 1))
		self.assertIn(foreign, found.note)
		figures = months.count_month(months.month_key(getdate()))
		self.assertEqual(figures["saved_without_value"], 1)
		self.assertEqual(figures["saved_reported_only"], 1)

	def test_the_companys_currency_needs_no_rate(self):
		with patch.object(conversions, "get_exchange_rate") as rate:
			found = self.reported_only(
				"SHOP-RUB-1", 1234.5, months.company_currency(), "impact-rub-session-0000000001"
			)
		rate.assert_not_called()
		self.assertEqual(found.base_value, 1234.5)

	def test_a_reported_order_whose_sales_order_comes_later_counts_once(self):
		with patch.object(conversions, "get_exchange_rate", return_value=1):
			self.reported_only("SHOP-LATE-1", 999, months.company_currency(), "impact-late-session-000000001")
		self.assertEqual(frappe.db.count("Service Desk Conversion"), 1)
		order = self.order(5, get_datetime(), rate=1500, po_no="SHOP-LATE-1")
		conversions.attribute([order])
		rows = frappe.get_all("Service Desk Conversion", fields=["sales_order", "base_value"])
		self.assertEqual([(r.sales_order, r.base_value) for r in rows], [(order, 1500)])

	def test_a_report_of_a_cancelled_order_is_not_counted_on_its_own(self):
		order = self.order(6, get_datetime(), rate=1500, po_no="SHOP-CANCELLED-1")
		frappe.get_doc("Sales Order", order).cancel()
		with patch.object(conversions, "get_exchange_rate", return_value=1):
			self.assertIsNone(
				self.reported_only(
					"SHOP-CANCELLED-1", 1500, months.company_currency(), "impact-cancel-session-0000001"
				)
			)
		self.assertEqual(frappe.db.count("Service Desk Conversion"), 0)

	def test_an_order_number_reported_in_another_case_still_matches_its_sales_order(self):
		# the database matches it without regard to case; the job must too, or a guest's report would
		# stop the attribution of every later batch
		self.answered(7, get_datetime() - timedelta(days=1))
		order = self.order(7, get_datetime(), rate=1700, po_no="SHOP-Case-9")
		key = "impact-case-session-000000001"
		self.exit_feedback(get_datetime() - timedelta(hours=1), key=key)
		self.assertEqual(
			as_guest(api.record_order_placed, order_id="shop-case-9 ", exit_session=key), {"recorded": True}
		)
		conversions.attribute([order])
		self.assertEqual(self.conversion(order).base_value, 1700)
		self.assertEqual(
			frappe.db.get_value("Storefront Order", {"order_id": "shop-case-9"}, "sales_order"), order
		)

	# --- a month against a hand count ----------------------------------------------------------------

	def make_month(self):
		"""MONTH: 4 orders (10,000 in all), 3 requests: one resolved with one answer (first contact), one
		resolved with two answers, one reopened and open; one order names a request; one saved order."""
		first, _last = month_bounds(MONTH)
		opened = get_datetime(f"{first} 09:00:00")
		orders_ = []
		for n, rate in enumerate((1000, 2000, 3000, 4000)):
			name = make_sales_order(self.customers[n], self.dress, rate=rate).sales_order
			frappe.db.set_value(
				"Sales Order", name, "transaction_date", add_days(first, n), update_modified=False
			)
			orders_.append(name)
		requests = []
		for n, (status, answers, reopened, answer_hours, resolve_hours) in enumerate(
			[("Resolved", 1, 0, 2, 10), ("Closed", 2, 0, 4, 30), ("Open", 1, 1, 6, None)]
		):
			issue = make_request(EMAILS[n], f"Hand count {n}", customer=self.customers[n])
			frappe.db.delete("Communication", {"reference_doctype": "Issue", "reference_name": issue.name})
			for _answer in range(answers):
				answer = frappe.get_doc(
					{
						"doctype": "Communication",
						"communication_type": "Communication",
						"sent_or_received": "Sent",
						"reference_doctype": "Issue",
						"reference_name": issue.name,
						"subject": "Re",
						"content": "Answer",
						"sender": self.agent,
						"communication_date": opened,
					}
				)
				answer.name = frappe.generate_hash(length=12)
				answer.db_insert()  # the answers only: no status change, no e-mail
			frappe.db.delete("ToDo", {"reference_type": "Issue", "reference_name": issue.name})
			todo = frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": self.agent,
					"reference_type": "Issue",
					"reference_name": issue.name,
					"description": "Hand count",
				}
			).insert(ignore_permissions=True)
			backdate("ToDo", todo.name, opened + timedelta(hours=1))
			values = {
				"opening_date": first,
				"creation": opened,
				"status": status,
				"first_responded_on": opened + timedelta(hours=answer_hours),
				"resolved_on": opened + timedelta(hours=resolve_hours) if resolve_hours else None,
				"reopen_count": reopened,
				"sales_order": orders_[0] if n == 0 else None,
			}
			frappe.db.set_value("Issue", issue.name, values, update_modified=False)
			requests.append(issue.name)
		conversion = frappe.get_doc(
			{
				"doctype": "Service Desk Conversion",
				"order_key": f"Sales Order:{orders_[1]}",
				"sales_order": orders_[1],
				"order_date": add_days(first, 1),
				"contact_doctype": "Issue",
				"contact_name": requests[1],
				"base_value": 2000,
			}
		)
		conversion.flags.ignore_links = True
		conversion.insert(ignore_permissions=True)
		return orders_, requests

	def test_a_months_figures_match_a_hand_count(self):
		self.make_month()
		figures = months.count_month(MONTH)
		expected = {
			"orders": 4,
			"order_value": 10000,
			"requests": 3,
			"orders_with_request": 1,
			"requests_per_100_orders": 75.0,  # 3 requests over 4 orders
			"share_orders_with_request": 25.0,
			"resolved": 2,
			"first_contact_resolved": 1,
			"first_contact_resolution": 50.0,  # 1 of the 2 resolved
			"reopened": 1,
			"ever_resolved": 3,
			"reopen_rate": 33.3,  # 1 of the 3 resolved at some time
			"median_first_answer_hours": 4.0,  # 2, 4, 6
			"median_resolution_hours": 20.0,  # 10, 30
			"agent_hours": 38.0,  # (10 - 1) + (30 - 1): from the assignment an hour after opening
			"agent_hours_requests": 2,
			"saved_orders": 1,
			"saved_revenue": 2000,
			"saved_by_requests": 1,
		}
		self.assertEqual({key: figures[key] for key in expected}, expected)

	def test_the_report_shows_the_month_and_links_its_documents(self):
		self.make_month()
		months.save_month(months.count_month(MONTH))
		first, last = month_bounds(MONTH)
		columns, data, _message, _chart, summary = report.execute(
			{"from_date": str(first), "to_date": str(last), "view": "By Month"}
		)
		row, total = data
		self.assertEqual(
			(row["month"], row["saved_orders"], row["requests_per_100_orders"]), (MONTH, 1, 75.0)
		)
		self.assertEqual(total["saved_revenue"], 2000)
		self.assertEqual(
			row["_links"]["orders"],
			("Sales Order", {"docstatus": 1, "transaction_date": ["between", [str(first), str(last)]]}),
		)
		# the list behind a figure holds what the figure counts
		doctype, filters = row["_links"]["requests"]
		self.assertEqual(frappe.db.count(doctype, filters), row["requests"])
		doctype, filters = row["_links"]["saved_orders"]
		self.assertEqual(frappe.db.count(doctype, filters), row["saved_orders"])
		self.assertEqual(
			[s["label"] for s in summary][:3], ["Saved Orders", "Saved Revenue", "Requests per 100 Orders"]
		)
		self.assertTrue({c["fieldname"] for c in columns} >= {"saved_orders", "reopen_rate", "agent_hours"})
		by_team = report.execute({"from_date": str(first), "to_date": str(last), "view": "By Agent"})[1]
		self.assertEqual(sum(r["saved_orders"] for r in by_team), 1)

	def test_a_month_never_counted_is_left_to_the_job(self):
		frappe.db.delete("Service Desk Impact Month", {"month": "2013-05"})
		with patch.object(report, "enqueue_update") as enqueued:
			_columns, data, message, *_rest = report.execute(
				{"from_date": "2013-05-01", "to_date": "2013-05-31", "view": "By Month"}
			)
		enqueued.assert_called_once()
		self.assertEqual((data[0]["month"], data[0]["saved_orders"]), ("2013-05", None))
		self.assertIn("2013-05", message)

	def test_a_period_is_at_most_five_years_to_this_month(self):
		# a reader's "to 9999" would count every future month inline, tying up a web worker
		filters = report.months_of({"from_date": "1900-01-01", "to_date": "9999-12-31"})
		self.assertEqual(filters.to_date, get_last_day(getdate(nowdate())))
		self.assertEqual(len(months_between(filters.from_date, filters.to_date)), report.MAX_MONTHS)
		with self.assertRaises(frappe.ValidationError):
			report.months_of({"from_date": "not a date"})

	def test_a_period_without_months_is_a_clear_error(self):
		# From after To, or a From in a month to come: no month, and no total to make of none
		for filters in (
			{"from_date": "2026-03-01", "to_date": "2026-01-31"},
			{"from_date": str(add_days(get_last_day(getdate(nowdate())), 1))},
		):
			with self.assertRaises(frappe.ValidationError, msg=filters):
				report.execute({**filters, "view": "By Month"})

	def test_the_job_counts_a_stale_month_and_leaves_it_counted(self):
		self.make_month()
		months.mark_stale({MONTH})
		self.assertIn(MONTH, months.update_months(getdate("2013-04-15")))
		self.assertEqual(frappe.db.get_value("Service Desk Impact Month", MONTH, ["orders", "stale"]), (4, 0))

	def test_the_first_digest_of_a_month_tells_a_manager_once(self):
		self.make_month()
		frappe.db.delete("DefaultValue", {"defkey": digest.SENT})
		section = digest.digest_section(self.manager, [], today="2013-04-01")
		self.assertIn(MONTH, section)
		self.assertIn("Service Desk Impact Summary".replace(" ", "%20"), section)
		self.assertEqual(digest.digest_section(self.manager, [], today="2013-04-02"), "")
		self.assertEqual(digest.digest_section(self.agent, [], today="2013-04-01"), "")

	def test_the_print_format_renders_the_month(self):
		self.make_month()
		months.save_month(months.count_month(MONTH))
		html = frappe.get_print(
			"Service Desk Impact Month", MONTH, print_format="Service Desk Impact Summary"
		)
		self.assertIn("75", html)
		self.assertIn(MONTH, html)

	# --- returns before and after -------------------------------------------------------------------

	def deliver(self, qty: float, day, returned: float = 0, reason="Size too small"):
		"""`qty` of the test dress delivered on `day`, `returned` of them returned that day."""
		order = make_sales_order(self.customers[6], self.dress, qty=qty, rate=3000, deliver=True)
		frappe.db.set_value("Delivery Note", order.delivery_note, "posting_date", day, update_modified=False)
		if returned:
			row = frappe.get_all("Delivery Note Item", filters={"parent": order.delivery_note}, pluck="name")[
				0
			]
			back = draft_return(
				"Delivery Note", order.delivery_note, {row: returned}, {row: reason}, None, reason
			)
			back.submit()
			frappe.db.set_value("Delivery Note", back.name, "posting_date", day, update_modified=False)

	def test_the_return_rate_before_and_after_the_advice(self):
		changed = getdate("2013-03-01")
		self.deliver(30, "2013-02-10", returned=6)  # before: 20 %
		self.deliver(40, "2013-03-10", returned=2)  # after: 5 %
		self.deliver(5, "2013-01-01", returned=5)  # before the before-window: not counted
		shown.add_to_tally("2013-03-01", "IMPACT-TEST-DRESS", "Product Page", 7)
		values = returns_avoided.change_of("IMPACT-TEST-DRESS", changed, day="2013-04-01")
		self.assertEqual(values["window_days"], 31)
		self.assertEqual(
			[
				values[k]
				for k in (
					"delivered_before",
					"returned_before",
					"rate_before",
					"delivered_after",
					"returned_after",
					"rate_after",
				)
			],
			[30, 6, 20.0, 40, 2, 5.0],
		)
		self.assertEqual(
			(values["change"], values["returns_avoided"], values["enough_data"]), (-15.0, 6.0, 1)
		)
		self.assertEqual(returns_avoided.advice_changes()["IMPACT-TEST-DRESS"], (changed, 7))

	def test_too_little_data_is_said_with_the_thresholds(self):
		self.deliver(30, "2013-02-20", returned=3)
		self.deliver(8, "2013-03-02", returned=1)
		values = returns_avoided.change_of("IMPACT-TEST-DRESS", "2013-03-01", day="2013-03-11")
		self.assertEqual(values["enough_data"], 0)
		self.assertIn("10", values["note"])  # the change is 10 days old
		self.assertIn("14", values["note"])  # 14 are needed
		self.assertIn("20", values["note"])  # and 20 delivered

	def test_a_fixed_quality_complaint_shows_its_item(self):
		issue = make_request(
			EMAILS[7],
			"Seam opened",
			customer=self.customers[7],
			issue_type="Quality or Defect",
			item_code=self.dress,
		)
		issue.reload()
		issue.cause_fixed = 1
		issue.cause_fixed_on = "2013-03-05"
		issue.save(ignore_permissions=True)
		self.assertEqual(
			returns_avoided.fixed_causes()["IMPACT-TEST-DRESS"], (getdate("2013-03-05"), [issue.name])
		)
		issue.cause_fixed_on = add_days(nowdate(), 2)
		with self.assertRaises(frappe.ValidationError):
			issue.save(ignore_permissions=True)

	def test_update_changes_keeps_one_row_per_item_and_change(self):
		shown.add_to_tally("2013-03-01", "IMPACT-TEST-DRESS", "Exit Answer", 2)
		returns_avoided.update_changes(day="2013-04-01")
		returns_avoided.update_changes(day="2013-04-01")
		rows = frappe.get_all(
			"Return Rate Change", filters={"item": "IMPACT-TEST-DRESS"}, fields=["change_kind", "shown"]
		)
		self.assertEqual([(r.change_kind, r.shown) for r in rows], [("Fit Advice", 2)])
		data = report.execute({"view": "Returns Avoided"})[1]
		line = next(d for d in data if d["item"] == "IMPACT-TEST-DRESS")
		self.assertEqual(line["_links"]["shown"], ("Fit Advice Tally", {"template": "IMPACT-TEST-DRESS"}))

	# --- the fit advice shown -----------------------------------------------------------------------

	def test_the_fit_advice_shown_is_counted_and_flushed(self):
		# the advice this test makes is rolled back: the cache of it must go too
		self.addCleanup(fit_advice.forget_advice, ["IMPACT-TEST-DRESS"])
		frappe.db.delete("Fit Advice", {"item": "IMPACT-TEST-DRESS"})
		fit_advice.fast_insert(
			"Fit Advice",
			{"item": "IMPACT-TEST-DRESS", "fit": "Runs Small", "share": 80, "observations": 10},
			name="IMPACT-TEST-DRESS",
		)
		fit_advice.forget_advice(["IMPACT-TEST-DRESS"])
		counters.flush(fit_advice.SHOWN_COUNTER, lambda *args: None)  # what earlier runs left
		for _view in range(3):
			as_guest(api.get_fit_advice, item=self.dress)
		field = '["IMPACT-TEST-DRESS", "Product Page"]'
		self.assertEqual(counters.pending(fit_advice.SHOWN_COUNTER)[nowdate()][field], 3)
		frappe.db.delete("Fit Advice Tally", {"template": "IMPACT-TEST-DRESS"})
		self.assertEqual(shown.flush_fit_advice_shown(), 3)
		self.assertEqual(counters.pending(fit_advice.SHOWN_COUNTER), {})
		tally = frappe.get_all(
			"Fit Advice Tally", filters={"template": "IMPACT-TEST-DRESS"}, fields=["channel", "shown", "date"]
		)
		self.assertEqual([(t.channel, t.shown, str(t.date)) for t in tally], [("Product Page", 3, nowdate())])

	# --- reopenings and settings --------------------------------------------------------------------

	def test_a_reopened_request_is_counted_each_time(self):
		issue = make_request(EMAILS[0], "Reopen me", customer=self.customers[0])
		issue.status = "Resolved"
		issue.save(ignore_permissions=True)
		issue.status = "Open"
		issue.save(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "reopen_count"), 1)
		issue.reload()
		issue.status = "Resolved"
		issue.save(ignore_permissions=True)
		# the customer's e-mail: Frappe sets the status without saving the request
		frappe.db.set_value("Issue", issue.name, "status", "Open", update_modified=False)
		message = frappe._dict(
			reference_doctype="Issue",
			reference_name=issue.name,
			sent_or_received="Received",
			communication_type="Communication",
		)
		service.note_reopened_by_message(message)
		service.note_reopened_by_message(message)  # the next message: once only
		self.assertEqual(frappe.db.get_value("Issue", issue.name, ["reopen_count", "resolved_on"]), (2, None))

	def test_the_window_must_be_sensible(self):
		settings = frappe.get_single("Service Desk Settings")
		settings.conversion_window_days = 90
		with self.assertRaises(frappe.ValidationError):
			settings.save(ignore_permissions=True)

	# --- the cards ----------------------------------------------------------------------------------

	def test_the_cards_open_the_report(self):
		for method in (
			cards.saved_orders_card,
			cards.saved_revenue_card,
			cards.return_rate_change_card,
			cards.requests_per_100_orders_card,
		):
			answer = method()
			self.assertEqual(answer["route"], ["query-report", "Service Desk Impact"], method)
			self.assertIn("from_date", answer["route_options"])
			self.assertIsInstance(answer["value"], int | float)
		frappe.set_user(self.agent)
		try:
			with self.assertRaises(frappe.PermissionError):
				cards.saved_orders_card()
		finally:
			frappe.set_user("Administrator")
