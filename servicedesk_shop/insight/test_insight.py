# Insight on a real site: the exit question's taps (once per session, a request with an e-mail and a
# text), the fit advice from complaints and returns (thresholds, incremental, the guest API), the three
# reports against hand-counted data, and the digest's part.

from unittest.mock import patch

import frappe
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_delivery_note
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as credit_note_of
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return as return_of
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, now_datetime, nowdate

from servicedesk_shop import api
from servicedesk_shop.insight import digest, exit_feedback, fit_advice
from servicedesk_shop.insight.complaints import get_rows
from servicedesk_shop.insight.report.exit_reasons import exit_reasons as exit_reasons_report
from servicedesk_shop.insight.report.service_desk_overview import service_desk_overview
from servicedesk_shop.intake import service as intake
from servicedesk_shop.intake.sources import clear_source_cache
from servicedesk_shop.patches.v0_5.fit_evidence_buyers import note_resolvers
from servicedesk_shop.returns.service import draft_return
from servicedesk_shop.testing import (
	ShopTestCase,
	as_guest,
	default_warehouse,
	ensure_stock,
	get_company,
	make_agent,
	make_customer,
	make_sales_order,
)

KEY = "test-exit-session-0000000000000001"


def tap(**fields):
	"""A shopper's tap in the exit question, as a guest, in the session KEY unless `session_key` says."""
	return as_guest(api.record_exit_feedback, **{"session_key": KEY, **fields})


def size_return(
	customer: str, item: str, returned: float = 1, delivered: float | None = None, reason="Size too small"
):
	"""A submitted Delivery Note return of `returned` pieces of a new order delivered to `customer` (of
	`delivered` pieces, as many as returned by default)."""
	order = make_sales_order(customer, item, qty=delivered or returned, rate=4990, deliver=True)
	row = frappe.get_all("Delivery Note Item", filters={"parent": order.delivery_note}, pluck="name")[0]
	back = draft_return("Delivery Note", order.delivery_note, {row: returned}, {row: reason}, None, reason)
	back.submit()
	return back


def returned_on(make, source: str, reason: str, qty: float | None = None):
	"""A submitted return made by ERPNext's `make` (a Delivery Note return, a credit note) of `source`,
	each line for `reason` (`qty` pieces of each, all by default)."""
	doc = make(source)
	doc.return_reason = reason
	for line in doc.items:
		line.return_reason = reason
		if qty:
			line.qty = -qty
	doc.insert(ignore_permissions=True)
	doc.submit()
	return doc


def invoice(customer: str, item: str, qty: float, **values):
	"""A submitted Sales Invoice of `qty` pieces of `item`, without an order, from the company's warehouse
	(stocked for it)."""
	company = get_company()
	warehouse = default_warehouse(company)
	ensure_stock(company, item, qty, 2000)
	doc = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"company": company,
			"items": [{"item_code": item, "qty": qty, "rate": 4990, "warehouse": warehouse}],
			**values,
		}
	).insert(ignore_permissions=True)
	doc.submit()
	return doc


def by_item_and_size(filters: dict) -> dict:
	"""The complaints and returns report's rows by (template, size)."""
	return {(r.template, r.size): r for r in get_rows(filters)}


def dress_today(size: str) -> frappe._dict:
	"""Today's row of the complaints and returns report for the dress in `size` (zeros when it has none)."""
	return by_item_and_size({"from_date": nowdate(), "to_date": nowdate()}).get(
		("DEMO-WRAP-DRESS", size)
	) or frappe._dict(returned_qty=0, delivered_qty=0, return_notes=[], credit_notes=[])


class InsightCase(ShopTestCase):
	@classmethod
	def make_fixtures(cls):
		exit_feedback.make_exit_reasons()
		exit_feedback.clear_reasons_cache()

	def tearDown(self):
		super().tearDown()
		frappe.cache.delete_value(fit_advice.FIT_CACHE)
		frappe.cache.delete_value(fit_advice.ANSWER_CACHE)


class TestExitFeedback(InsightCase):
	def test_a_tap_is_recorded_once_per_session_without_personal_data(self):
		answer = tap(
			reason="The delivery cost",
			page="Checkout",
			source="Checkout",
			trigger="Leave Window",
			item_codes="DEMO-WRAP-DRESS-M,DEMO-WRAP-DRESS-L",
			cart_value="9980",
			currency="RUB",
			page_url="https://shop.example/checkout",
		)
		self.assertTrue(answer["recorded"])
		doc = frappe.get_doc("Exit Feedback", answer["exit_feedback"])
		self.assertEqual(
			(doc.exit_reason, doc.page, doc.feedback_source, doc.cart_value, doc.item_count, doc.trigger),
			("The delivery cost", "Checkout", "Checkout", 9980, 2, "Leave Window"),
		)
		self.assertIsNone(doc.email)
		self.assertIsNone(doc.issue)
		self.assertEqual(doc.owner, "Guest")
		again = tap(reason="Just looking", page="Cart")
		self.assertEqual((again["exit_feedback"], again["recorded"]), (doc.name, False))
		self.assertEqual(frappe.db.count("Exit Feedback", {"session_key": KEY}), 1)
		self.assertEqual(frappe.db.get_value("Exit Feedback", doc.name, "exit_reason"), "The delivery cost")

	def test_a_logged_in_shoppers_tap_is_anonymous_too(self):
		shopper = make_customer("exit.shopper@example.net", "Exit Shopper", with_user=True)
		frappe.set_user("exit.shopper@example.net")
		try:
			answer = api.record_exit_feedback(reason="The price", session_key="logged-in-shopper-0001")
		finally:
			frappe.set_user("Administrator")
		owner, modified_by = frappe.db.get_value(
			"Exit Feedback", answer["exit_feedback"], ["owner", "modified_by"]
		)
		self.assertEqual((owner, modified_by), ("Guest", "Guest"), shopper)

	def test_an_email_and_a_text_make_a_request_through_the_intake(self):
		answer = tap(
			reason="Payment failed",
			page="Checkout",
			item_codes="DEMO-WRAP-DRESS-M",
			comment="Карта отклонена дважды, хотя деньги есть",
			email="Exit.Shopper@Example.net",
		)
		self.assertTrue(answer["issue"])
		issue = frappe.get_doc("Issue", answer["issue"])
		self.assertEqual(issue.raised_by, "exit.shopper@example.net")
		self.assertEqual(issue.feedback_source, "Checkout")
		self.assertEqual(issue.issue_type, "Payment")  # the reason's category
		self.assertIn("Карта отклонена", issue.description)
		self.assertEqual(frappe.db.get_value("Exit Feedback", answer["exit_feedback"], "issue"), issue.name)

	def test_the_text_may_follow_the_tap_and_makes_one_request(self):
		first = tap(reason="Unsure of the size", page="Cart")
		self.assertIsNone(first["issue"])
		follow = tap(
			reason="Unsure of the size",
			page="Cart",
			comment="Не знаю, брать M или L при обхвате груди 92",
			email="fit.question@example.net",
		)
		self.assertEqual(follow["exit_feedback"], first["exit_feedback"])
		self.assertTrue(follow["issue"])
		self.assertEqual(frappe.db.get_value("Issue", follow["issue"], "issue_type"), "Size and Fit")
		repeat = tap(reason="Unsure of the size", comment="Ещё раз", email="fit.question@example.net")
		self.assertEqual(repeat["issue"], follow["issue"])
		self.assertEqual(frappe.db.count("Issue", {"raised_by": "fit.question@example.net"}), 1)

	def test_a_source_that_takes_no_requests_keeps_the_tap_and_the_words(self):
		frappe.db.set_value("Feedback Source", "Checkout", "enabled", 0)
		clear_source_cache()
		try:
			answer = tap(
				reason="The price",
				page="Checkout",
				comment="Слишком дорого для льна",
				email="kept@example.net",
			)
		finally:
			frappe.db.set_value("Feedback Source", "Checkout", "enabled", 1)
			clear_source_cache()
		self.assertTrue(answer["recorded"])
		self.assertIsNone(answer["issue"])
		stored = frappe.db.get_value(
			"Exit Feedback", answer["exit_feedback"], ["comment", "email"], as_dict=True
		)
		self.assertEqual((stored.comment, stored.email), ("Слишком дорого для льна", "kept@example.net"))

	def test_a_source_for_customers_only_keeps_the_tap_too(self):
		answer = tap(
			reason="Other",
			source="Returns",  # logged-in customers only: the intake refuses a guest with a 403
			comment="Хотела вернуть, но не нашла как",
			email="guest.returns@example.net",
		)
		self.assertTrue(answer["recorded"])
		self.assertIsNone(answer["issue"])
		self.assertTrue(frappe.db.get_value("Exit Feedback", answer["exit_feedback"], "comment"))

	def test_a_comment_without_an_email_is_kept(self):
		first = tap(reason="The price")
		tap(reason="The price", comment="Дороговато <b>очень</b>")
		stored = frappe.db.get_value(
			"Exit Feedback", first["exit_feedback"], ["comment", "email", "issue"], as_dict=True
		)
		self.assertEqual(stored.comment, "Дороговато &lt;b&gt;очень&lt;/b&gt;")  # kept, and inert
		self.assertIsNone(stored.email)
		self.assertIsNone(stored.issue)

	def test_bad_input_is_a_400_with_its_message(self):
		for kwargs, message in [
			({"reason": "Aliens", "session_key": KEY}, "Unknown reason"),
			({"reason": "Other", "session_key": "x"}, "Session Key"),
			({"reason": "Other", "session_key": KEY, "cart_value": "-1"}, "Cart Value"),
			({"reason": "Other", "session_key": KEY, "page": "Home"}, "Cart or Checkout"),
			({"reason": "Other", "session_key": KEY, "source": "Nowhere"}, "Unknown feedback source"),
			({"reason": "Other", "session_key": KEY, "item_codes": '[{"a": 1}]'}, "item codes"),
			(
				{"reason": "Other", "session_key": KEY, "page_url": "https://shop.example/" + "x" * 600},
				"too long",
			),
		]:
			with self.assertRaises(exit_feedback.ExitFeedbackError) as caught:
				tap(**kwargs)
			self.assertIn(message, str(caught.exception))
		self.assertEqual(exit_feedback.ExitFeedbackError.http_status_code, 400)
		self.assertFalse(frappe.db.exists("Exit Feedback", {"session_key": KEY}))

	def test_the_reasons_are_offered_in_order_and_translated(self):
		frappe.local.lang = "ru"
		try:
			meta = as_guest(api.get_exit_reasons)
		finally:
			frappe.local.lang = "en"
		values = [r["value"] for r in meta["reasons"]]
		self.assertEqual(values[:2], ["The price", "The delivery cost"])
		self.assertEqual(meta["question"], "Что вас остановило?")
		self.assertEqual(meta["reasons"][0]["label"], "Цена")
		self.assertTrue(next(r for r in meta["reasons"] if r["value"] == "Other")["asks_for_text"])
		frappe.db.set_value("Exit Reason", "Just looking", "enabled", 0)
		exit_feedback.clear_reasons_cache()
		self.assertNotIn("Just looking", [r["value"] for r in as_guest(api.get_exit_reasons)["reasons"]])
		exit_feedback.clear_reasons_cache()


class TestFitAdvice(InsightCase):
	def setUp(self):
		frappe.db.set_single_value("Service Desk Settings", "fit_min_observations", 5)
		# only what these tests write (rolled back after each): no evidence yet, the job from a minute ago
		frappe.db.delete("Fit Observation")
		frappe.db.delete("Fit Advice")
		for key in [*fit_advice.WATERMARK.values(), *fit_advice.PURCHASE_WATERMARK.values()]:
			frappe.db.set_default(key, str(add_to_date(now_datetime(), minutes=-1)))
		self.customer = make_customer("fit.customer@example.net", "Fit Customer")
		self.people = 0

	def buyer(self, size="M", template="DEMO-WRAP-DRESS", with_user=False) -> str:
		"""A new customer's e-mail, with a submitted Sales Order of the item in `size` (None: no order)."""
		self.people += 1
		email = f"fit.person{self.people}.{frappe.generate_hash(length=6)}@example.net"
		customer = make_customer(email, f"Fit Person {self.people}", with_user=with_user)
		if size:
			make_sales_order(customer, self.items[(template, size)], rate=4990)
		return email

	def complaint(self, size, text, category="Size and Fit", email=None):
		"""A size complaint entered in the desk (as an e-mail's request is), by default from a new buyer of
		the dress."""
		return frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": text[:60],
				"description": f"<p>{text}</p>",
				"raised_by": email or self.buyer(size),
				"issue_type": category,
				"item_code": self.items[("DEMO-WRAP-DRESS", size)],
			}
		).insert(ignore_permissions=True)

	def size_return(self, size, qty, reason="Size too small", customer=None):
		"""A Delivery Note return of the dress, by default of a new customer's order."""
		customer = customer or make_customer(self.buyer(None))
		return size_return(customer, self.items[("DEMO-WRAP-DRESS", size)], qty, reason=reason)

	def submit_as(self, user, message="Платье маломерит, берите на размер больше", size="S", **extra):
		"""A size request through the intake (what the endpoint calls) as the logged-in customer `user`,
		or as a guest who types an `email`."""
		frappe.set_user(user)
		try:
			return intake.submit(
				{
					"source": "Product Page",
					"category": "Size and Fit",
					"message": message,
					"item_code": self.items[("DEMO-WRAP-DRESS", size)],
					**extra,
				}
			)["issue"]
		finally:
			frappe.set_user("Administrator")

	def resolve_as(self, user, issue, status="Resolved", **values):
		frappe.set_user(user)
		try:
			doc = frappe.get_doc("Issue", issue)
			doc.update({"status": status, **values})
			doc.save(ignore_permissions=True, ignore_version=False)  # the history, as in the desk
		finally:
			frappe.set_user("Administrator")

	def advice(self):
		return as_guest(api.get_fit_advice, "DEMO-WRAP-DRESS")

	def test_runs_small_at_the_threshold_and_not_below(self):
		self.complaint("M", "Платье маломерит, взяла M — как S")
		self.complaint("S", "Runs small, I had to size up")
		self.complaint("M", "Какой размер выбрать?")  # no direction: no evidence
		self.complaint("L", "Платье тесное в груди")
		back = self.size_return("M", 1)
		self.assertIn("DEMO-WRAP-DRESS", fit_advice.update_fit_advice())
		advice = as_guest(api.get_fit_advice, self.items[("DEMO-WRAP-DRESS", "M")])
		self.assertIsNone(advice["fit"])  # 4 observations: below 5
		self.assertEqual(advice["observations"], 4)
		self.assertEqual(advice["template"], "DEMO-WRAP-DRESS")

		self.size_return("L", 1, "Size too big")
		self.size_return("M", 1)
		fit_advice.update_fit_advice()
		advice = as_guest(api.get_fit_advice, "DEMO-WRAP-DRESS")
		self.assertEqual(advice["fit"], "Runs Small")  # 5 small, 1 large: 83%
		self.assertEqual(advice["observations"], 6)
		self.assertEqual(advice["share"], 83.3)
		self.assertEqual(advice["sizes"][0], "M")  # the size most concerned
		self.assertTrue(advice["advice"].startswith("Runs small"))
		stored = frappe.get_doc("Fit Advice", "DEMO-WRAP-DRESS")
		self.assertEqual(
			(stored.complaints, stored.returns, stored.too_small, stored.too_large), (3, 3, 5, 1)
		)

		# a cancelled return is no evidence any more: the job reads the changed document only
		back.reload()
		back.cancel()
		self.assertEqual(fit_advice.update_fit_advice(), {"DEMO-WRAP-DRESS"})
		self.assertEqual(frappe.db.get_value("Fit Advice", "DEMO-WRAP-DRESS", "observations"), 5)

	def test_a_guests_typed_complaints_are_no_evidence_until_an_agent_resolves_them(self):
		names = [
			self.submit_as("Guest", "Платье маломерит, не берите", "M", email=f"spam{number}@example.net")
			for number in range(5)
		]
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": ("in", names)}), 0)
		agent = make_agent("fit.agent@example.net")
		self.resolve_as(agent, names[0])  # an agent looked at it
		self.resolve_as(agent, names[1], "Closed")  # closed as spam: not resolved
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.get_value("Issue", names[0], "resolved_by"), agent)
		self.assertEqual(
			frappe.get_all(
				"Fit Observation", filters={"reference_name": ("in", names)}, pluck="reference_name"
			),
			[names[0]],
		)

	def test_a_deleted_request_gives_its_evidence_back(self):
		issues = [self.complaint("M", "маломерит") for _ in range(5)]
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.get_value("Fit Advice", "DEMO-WRAP-DRESS", "fit"), "Runs Small")
		frappe.delete_doc("Issue", issues[0].name, ignore_permissions=True, force=True)
		self.assertEqual(frappe.db.get_value("Fit Advice", "DEMO-WRAP-DRESS", "observations"), 4)
		self.assertFalse(frappe.db.get_value("Fit Advice", "DEMO-WRAP-DRESS", "fit"))

	def test_a_credit_note_for_goods_never_delivered_is_evidence(self):
		order = make_sales_order(self.customer, self.items[("DEMO-WRAP-DRESS", "L")], qty=2, invoice=True)
		credit = returned_on(credit_note_of, order.sales_invoice, "Size too big")
		fit_advice.update_fit_advice()
		rows = frappe.get_all(
			"Fit Observation", filters={"reference_name": credit.name}, fields=["direction", "weight", "size"]
		)
		# one customer's line, whatever its quantity
		self.assertEqual([(r.direction, r.weight, r.size) for r in rows], [("large", 1, "L")])

	def test_a_complaint_and_the_return_started_from_it_are_one_customer(self):
		issue = self.complaint("S", "Маломерит, верну", email="fit.customer@example.net")
		back = self.size_return("S", 3, customer=self.customer)  # her order, the same day
		back.db_set("issue", issue.name)  # the return started from the request
		fit_advice.update_fit_advice()
		stored = frappe.get_doc("Fit Advice", "DEMO-WRAP-DRESS")
		self.assertEqual((stored.observations, stored.complaints, stored.returns), (1, 1, 0))

	def test_goods_delivered_and_refunded_on_a_credit_note_come_back_once(self):
		"""An order delivered (Delivery Note) and invoiced from the Sales Order: the goods come back on a
		Delivery Note return, the money on a credit note without a Delivery Note row behind it."""
		before = dress_today("XL")
		order = make_sales_order(
			self.customer, self.items[("DEMO-WRAP-DRESS", "XL")], qty=2, deliver=True, invoice=True
		)
		goods, money = (
			returned_on(make, source, "Size too small").name
			for make, source in ((return_of, order.delivery_note), (credit_note_of, order.sales_invoice))
		)
		after = dress_today("XL")
		self.assertEqual(after.delivered_qty - before.delivered_qty, 2)
		self.assertEqual(after.returned_qty - before.returned_qty, 2)  # not 4
		self.assertIn(goods, after.return_notes)
		self.assertNotIn(money, after.credit_notes)
		fit_advice.update_fit_advice()
		self.assertEqual(
			frappe.get_all(
				"Fit Observation", filters={"reference_name": ("in", [goods, money])}, pluck="reference_name"
			),
			[goods],
		)

	def test_goods_invoiced_then_delivered_from_the_invoice_come_back_once(self):
		"""An invoice first (no order), its Delivery Note made from it: a credit note against the invoice
		is the money of the Delivery Note return."""
		invoiced = invoice(self.customer, self.items[("DEMO-WRAP-DRESS", "S")], 2)
		delivery = make_delivery_note(invoiced.name)
		delivery.set_warehouse = invoiced.items[0].warehouse
		delivery.insert(ignore_permissions=True)
		delivery.submit()
		before = dress_today("S")
		_goods, money = (
			returned_on(make, source, "Size too small").name
			for make, source in ((return_of, delivery.name), (credit_note_of, invoiced.name))
		)
		after = dress_today("S")
		self.assertEqual(after.returned_qty - before.returned_qty, 2)  # not 4
		self.assertNotIn(money, after.credit_notes)

	def test_an_invoice_that_delivers_its_stock_and_its_credit_note_count(self):
		"""A shop that invoices with stock (update_stock): no Delivery Notes at all."""
		before = dress_today("XS")
		invoiced = invoice(self.customer, self.items[("DEMO-WRAP-DRESS", "XS")], 3, update_stock=1)
		credit = returned_on(credit_note_of, invoiced.name, "Size too big", qty=1)
		after = dress_today("XS")
		self.assertEqual(after.delivered_qty - before.delivered_qty, 3)
		self.assertEqual(after.returned_qty - before.returned_qty, 1)
		self.assertIn(credit.name, after.credit_notes)
		fit_advice.update_fit_advice()
		self.assertEqual(
			frappe.get_all("Fit Observation", filters={"reference_name": credit.name}, pluck="direction"),
			["large"],
		)

	def test_unknown_items_are_not_cached(self):
		with self.assertRaises(frappe.DoesNotExistError):
			as_guest(api.get_fit_advice, "NO-SUCH-ITEM-CACHED")
		self.assertIsNone(frappe.cache.hget(fit_advice.TEMPLATE_CACHE, "NO-SUCH-ITEM-CACHED"))

	def test_incremental_a_second_run_reads_nothing_old(self):
		self.complaint("M", "маломерит")
		# she bought it last week: her order is not among the changes of the last minutes
		order = frappe.get_all("Sales Order", order_by="creation desc", limit=1, pluck="name")[0]
		week_ago = add_days(now_datetime(), -7)
		frappe.db.set_value(
			"Sales Order",
			order,
			{"transaction_date": week_ago.date(), "modified": week_ago},
			update_modified=False,
		)
		fit_advice.update_fit_advice()
		observations = frappe.get_all("Fit Observation", pluck="name")
		with patch.object(frappe.db, "sql", wraps=frappe.db.sql) as sql:
			# only the last minutes (the overlap for late commits) are read again, and nothing changes
			self.assertEqual(fit_advice.update_fit_advice(), set())
		tables = ("`tabIssue", "`tabDelivery Note", "`tabFit ", "`tabItem")
		own = [q for c in sql.call_args_list if any(t in (q := str(c.args[0])) for t in tables)]
		# what changed since the watermark (with the overlap) and its observations: nothing else, and
		# nothing written (Frappe's own meta reads after the test's rollback are not counted). Two of the
		# ten: the size requests of the customers whose orders and invoices fall in the overlap, which in a
		# full run holds other test classes' fixtures; one query each, however many
		self.assertLessEqual(len(own), 10, own)
		self.assertFalse([q for q in own if q.lstrip().upper().startswith(("INSERT", "DELETE", "UPDATE"))])
		self.assertEqual(frappe.get_all("Fit Observation", pluck="name"), observations)

	def test_a_recategorised_request_gives_its_evidence_back(self):
		issue = self.complaint("M", "маломерит")
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": issue.name}), 1)
		frappe.db.set_value("Issue", issue.name, "issue_type", "Delivery")
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": issue.name}), 0)

	def test_the_advice_is_served_from_the_cache(self):
		for _ in range(5):
			self.complaint("M", "маломерит")
		fit_advice.update_fit_advice()
		as_guest(api.get_fit_advice, "DEMO-WRAP-DRESS-M")  # warms the cache
		with self.assertQueryCount(0):
			self.assertEqual(as_guest(api.get_fit_advice, "DEMO-WRAP-DRESS-M")["fit"], "Runs Small")

	def test_unknown_items_are_a_404_and_a_bad_one_a_400(self):
		with self.assertRaises(frappe.DoesNotExistError):
			as_guest(api.get_fit_advice, "NO-SUCH-ITEM")
		with self.assertRaises(frappe.ValidationError):
			as_guest(api.get_fit_advice, "x" * 200)

	def test_a_new_threshold_recounts(self):
		for _ in range(3):
			self.complaint("M", "маломерит")
		fit_advice.update_fit_advice()
		self.assertFalse(frappe.db.get_value("Fit Advice", "DEMO-WRAP-DRESS", "fit"))
		frappe.db.set_single_value("Service Desk Settings", "fit_min_observations", 3)
		fit_advice.recount_all()
		self.assertEqual(frappe.db.get_value("Fit Advice", "DEMO-WRAP-DRESS", "fit"), "Runs Small")

	def test_signed_up_customers_who_never_bought_it_set_no_advice(self):
		"""The attack of issue 18: five free accounts each write "маломерит" about the dress in size S
		through the intake, logged in. Five buyers writing the same set it."""
		fakes = [self.submit_as(self.buyer(None, with_user=True)) for _ in range(5)]
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": ("in", fakes)}), 0)
		advice = self.advice()
		self.assertIsNone(advice["fit"])
		self.assertEqual((advice["observations"], advice["advice"]), (0, ""))

		# a buyer of another size of the dress counts for the dress
		real = [self.submit_as(self.buyer(size, with_user=True)) for size in ("S", "S", "M", "L", "S")]
		fit_advice.update_fit_advice()
		advice = self.advice()
		self.assertEqual((advice["fit"], advice["observations"], advice["sizes"]), ("Runs Small", 5, ["S"]))
		self.assertIn("Based on 5 customers", advice["advice"])
		self.assertEqual(sorted(frappe.get_all("Fit Observation", pluck="reference_name")), sorted(real))

	def test_one_buyer_by_the_form_and_by_e_mail_counts_once(self):
		email = self.buyer("S", with_user=True)
		self.submit_as(email)
		by_mail = self.complaint("S", "Маломерит, пишу ещё раз", email=email)  # ERPNext's e-mail request
		self.size_return("S", 1, customer=frappe.db.get_value("Issue", by_mail.name, "customer"))
		for _ in range(3):
			self.complaint("M", "маломерит")
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_doctype": "Issue"}), 5)
		advice = self.advice()
		self.assertIsNone(advice["fit"])  # 4 customers, not 6 pieces
		self.assertEqual(advice["observations"], 4)

	def test_an_agents_resolution_counts_a_non_buyer_and_a_customers_own_does_not(self):
		email = self.buyer(None, with_user=True)
		issue = self.submit_as(email)
		# the customer marks it resolved and sends a resolver along: neither sticks
		self.resolve_as(email, issue, resolved_by="Administrator")
		self.assertFalse(frappe.db.get_value("Issue", issue, "resolved_by"))
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": issue}), 0)

		agent = make_agent("fit.agent@example.net")
		frappe.db.set_value("Issue", issue, "status", "Open")
		self.resolve_as(agent, issue)
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": issue}), 1)
		self.resolve_as(agent, issue, "Closed")  # closed after the resolution: still the agent's
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": issue}), 1)
		self.resolve_as(email, issue, "Open")  # reopened: no longer resolved
		self.assertFalse(frappe.db.get_value("Issue", issue, "resolved_by"))
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": issue}), 0)

	def test_a_purchase_cancelled_or_made_after_the_complaint_does_not_count(self):
		email = self.buyer(None, with_user=True)
		customer = make_customer(email)
		order = make_sales_order(customer, self.items[("DEMO-WRAP-DRESS", "S")], rate=4990)
		issue = self.submit_as(email)
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": issue}), 1)

		# the order cancelled after the complaint: the job reads her requests again, set-based
		frappe.get_doc("Sales Order", order.sales_order).cancel()
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": issue}), 0)

		# an order dated after the complaint: she wrote before she had it
		later = make_sales_order(customer, self.items[("DEMO-WRAP-DRESS", "M")], submit=False)
		doc = frappe.get_doc("Sales Order", later.sales_order)
		doc.transaction_date = add_days(nowdate(), 1)
		doc.delivery_date = add_days(nowdate(), 4)
		doc.set("payment_schedule", [])  # made again from the new date
		doc.save(ignore_permissions=True)
		doc.submit()
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": issue}), 0)

		# an invoice of the same day (a shop without orders) is a purchase: read again from the invoice
		invoice(customer, self.items[("DEMO-WRAP-DRESS", "L")], 1)
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": issue}), 1)

	def test_the_patch_reads_who_resolved_from_the_history(self):
		"""Requests resolved before resolved_by existed: the agent whose save made them Resolved, from the
		Version log; closed without a resolution, or reopened since, names nobody."""
		agent = make_agent("fit.agent@example.net")
		first, spam, reopened = (self.complaint("S", "маломерит", email=self.buyer(None)) for _ in range(3))
		self.resolve_as(agent, first.name)
		self.resolve_as(agent, first.name, "Closed")
		self.resolve_as(agent, spam.name, "Closed")
		self.resolve_as(agent, reopened.name)
		self.resolve_as("Administrator", reopened.name, "Open")
		self.resolve_as("Administrator", reopened.name, "Closed")
		names = [first.name, spam.name, reopened.name]
		frappe.db.set_value("Issue", {"name": ("in", names)}, "resolved_by", None, update_modified=False)
		note_resolvers()
		self.assertEqual([frappe.db.get_value("Issue", n, "resolved_by") for n in names], [agent, None, None])

	def test_a_guest_who_types_a_buyers_address_is_no_proof(self):
		issue = self.submit_as("Guest", "Платье маломерит", email=self.buyer("S"))
		self.assertTrue(frappe.db.get_value("Issue", issue, "customer"))
		fit_advice.update_fit_advice()
		self.assertEqual(frappe.db.count("Fit Observation", {"reference_name": issue}), 0)


class TestReports(InsightCase):
	def test_the_overview_against_hand_counted_requests(self):
		now = now_datetime()
		source = "Size Chart"
		values = [
			# response_by, first_responded_on, sla_resolution_by, sla_resolution_date, escalated, rating
			(
				add_to_date(now, hours=-5),
				add_to_date(now, hours=-6),
				add_to_date(now, hours=-1),
				add_to_date(now, hours=-2),
				0,
				1.0,
			),
			(
				add_to_date(now, hours=-5),
				add_to_date(now, hours=-4),
				add_to_date(now, hours=-1),
				None,
				1,
				0.4,
			),
			(add_to_date(now, hours=-5), None, add_to_date(now, hours=3), None, 1, None),
		]
		for response_by, responded, resolution_by, resolved, escalated, rating in values:
			issue = frappe.get_doc(
				{
					"doctype": "Issue",
					"subject": "Overview",
					"raised_by": "overview@example.net",
					"feedback_source": source,
				}
			).insert(ignore_permissions=True)
			frappe.db.set_value(
				"Issue",
				issue.name,
				{
					"response_by": response_by,
					"first_responded_on": responded,
					"first_response_time": 3600 * (2 if responded else 0) or None,
					"sla_resolution_by": resolution_by,
					"sla_resolution_date": resolved,
					"escalated": escalated,
					"csat_rating": rating,
				},
			)
		columns, data, _message, chart, _summary = service_desk_overview.execute(
			{"from_date": nowdate(), "to_date": nowdate(), "group_by": "Source", "feedback_source": source}
		)
		(row,) = data
		self.assertEqual(row["requests"], 3)
		self.assertEqual(row["answered_in_sla"], 33.3)  # on time, late, unanswered past the deadline
		self.assertEqual(row["resolved_in_sla"], 50.0)  # in time, overdue; the third is not due yet
		self.assertEqual(row["escalations"], 2)
		self.assertEqual((row["rated"], row["csat"]), (2, 3.5))
		self.assertEqual(row["median_first_response"], 2.0)
		self.assertEqual(chart["data"]["labels"], [source])
		self.assertEqual([c["fieldname"] for c in columns][:2], ["group", "requests"])

	def test_the_return_rate_and_complaints_by_item_and_size(self):
		customer = make_customer("rate.customer@example.net", "Rate Customer")
		item = self.items[("DEMO-WRAP-DRESS", "XS")]
		back = size_return(customer, item, 1, delivered=4)
		issue = frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": "Брак шва",
				"raised_by": "rate.customer@example.net",
				"issue_type": "Quality or Defect",
				"item_code": item,
			}
		).insert(ignore_permissions=True)
		period = {"from_date": add_days(nowdate(), -1), "to_date": nowdate()}
		xs = by_item_and_size(period)[("DEMO-WRAP-DRESS", "XS")]
		self.assertGreaterEqual(xs.delivered_qty, 4)
		self.assertIn(back.name, xs.return_notes)
		self.assertIn(issue.name, xs.quality_issues)
		self.assertEqual(xs.return_rate, round(100 * xs.returned_qty / xs.delivered_qty, 1))
		# the item group filter holds for the complaints as for the returns
		own_group = frappe.db.get_value("Item", item, "item_group")
		other = frappe.get_doc(
			{
				"doctype": "Item Group",
				"item_group_name": "SD Empty Group",
				"parent_item_group": "All Item Groups",
			}
		).insert(ignore_permissions=True)
		in_own = by_item_and_size({**period, "item_group": own_group})
		self.assertIn(issue.name, in_own[("DEMO-WRAP-DRESS", "XS")].quality_issues)
		self.assertEqual(get_rows({**period, "item_group": other.name}), [])

	def test_exit_reasons_by_page_with_the_cart_value(self):
		for number, (reason, page, value) in enumerate(
			[
				("The delivery cost", "Checkout", 3000),
				("The delivery cost", "Checkout", 5000),
				("The price", "Cart", 1000),
			]
		):
			tap(reason=reason, page=page, cart_value=value, session_key=f"{KEY[:-2]}{number:02d}")
		_columns, data, _m, chart, summary = exit_reasons_report.execute(
			{"from_date": nowdate(), "to_date": nowdate(), "group_by": "Page and Reason"}
		)
		mine = {(r["page"], r["reason"]): r for r in data}
		checkout = mine[("Checkout", "The delivery cost")]
		self.assertGreaterEqual(checkout["count"], 2)
		self.assertTrue(chart["data"]["labels"])
		self.assertTrue(summary[0]["value"] >= 3)

	def test_a_tap_in_another_currency_counts_but_not_its_cart_value(self):
		other = "USD" if exit_reasons_report.default_currency() != "USD" else "EUR"
		frappe.db.set_value("Currency", other, "enabled", 1)

		def cart_other():
			_columns, data, *_rest = exit_reasons_report.execute(
				{"from_date": nowdate(), "to_date": nowdate(), "group_by": "Page and Reason"}
			)
			row = next((r for r in data if (r["page"], r["reason"]) == ("Cart", "Want to compare")), None)
			return (row["count"], row["cart_value"]) if row else (0, 0)

		before = cart_other()
		for number, (currency, value) in enumerate(((None, 2000), (other, 700))):
			tap(
				reason="Want to compare",
				page="Cart",
				cart_value=value,
				currency=currency,
				session_key=f"currency-tap-{number:04d}-{KEY[-6:]}",
			)
		count, cart_value = cart_other()
		self.assertEqual(count - before[0], 2)  # both shoppers count
		self.assertEqual(cart_value - before[1], 2000)  # the cart values of the report's currency only

	def test_the_digest_names_the_items_and_the_exit_reasons(self):
		customer = make_customer("digest.customer@example.net", "Digest Customer")
		size_return(customer, self.items[("DEMO-WRAP-DRESS", "S")], 1, delivered=2)
		tap(reason="The delivery time")
		html = digest.digest_section("manager@example.net", ["Any Team"])
		self.assertIn("DEMO-WRAP-DRESS", html)
		self.assertIn("The delivery time", html)
		self.assertIn("against the week before", html)


class TestExitFeedbackCost(InsightCase):
	def test_an_exit_feedback_costs_no_more_queries_than_an_intake(self):
		def queries(fn):
			with patch.object(frappe.db, "sql", wraps=frappe.db.sql) as sql:
				fn()
			return sql.call_count

		intake_queries = queries(
			lambda: as_guest(
				intake.submit,
				{"source": "Cart", "email": "cost@example.net", "message": "Не проходит оплата"},
			)
		)
		exit_queries = queries(lambda: tap(reason="The price", item_codes="A,B", cart_value=10))
		self.assertLessEqual(exit_queries, intake_queries)
