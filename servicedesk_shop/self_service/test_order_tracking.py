# Order tracking on a real site: `bench --site SITE run-tests --module
# servicedesk_shop.self_service.test_order_tracking`.

import json

import frappe
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note
from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return
from frappe.tests.test_api import FrappeAPITestCase, make_request
from frappe.utils import add_days, nowdate

from servicedesk_shop.api import track_order
from servicedesk_shop.self_service.demo_orders import ship_order
from servicedesk_shop.self_service.order_tracking import find_order, order_page_context
from servicedesk_shop.service_desk.errors import ServiceDeskError, ServiceDeskNotFound
from servicedesk_shop.service_desk.ratelimit import clear_limits, setting
from servicedesk_shop.testing import (
	default_warehouse,
	ensure_shop_setup,
	ensure_stock,
	get_company,
	make_customer,
	make_sales_order,
)

ANNA = "anna.order-tracking@example.com"
ANNA_PHONE = "+7 916 555-12-34"
BORIS = "boris.order-tracking@example.com"
METHOD = "/api/method/servicedesk_shop.api.track_order"


def add_phone(email: str, phone: str):
	contact = frappe.get_doc("Contact", frappe.db.get_value("Contact Email", {"email_id": email}, "parent"))
	if not contact.phone_nos:
		contact.add_phone(phone, is_primary_mobile_no=1)
		contact.save(ignore_permissions=True)


def return_one(source, doctype: str, item_code: str) -> str:
	"""A submitted return of one `item_code` from the Delivery Note or Sales Invoice `source`."""
	make = make_sales_return if doctype == "Delivery Note" else make_credit_note
	back = make(source)
	back.items = [row for row in back.items if row.item_code == item_code][:1]
	back.items[0].qty = -1
	back.insert(ignore_permissions=True)
	back.submit()
	return back.name


class TestOrderTracking(FrappeAPITestCase):
	"""Anna (a portal user, with a phone) has a shipped order with a return and a refund, and one still
	being prepared; Boris has an order of his own. Committed: the in-process HTTP requests see them."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		items = ensure_shop_setup()
		cls.dress, cls.bra = items[("DEMO-WRAP-DRESS", "M")], items[("DEMO-LACE-BRA", "S")]
		company = get_company()
		for code in (cls.dress, cls.bra):
			ensure_stock(company, code, 10)
		cls.anna = make_customer(ANNA, "Anna Tracking", with_user=True)
		add_phone(ANNA, ANNA_PHONE)
		cls.boris = make_customer(BORIS, "Boris Tracking")
		run = frappe.generate_hash(length=6).upper()
		cls.number = f"WEB-{run}"
		cls.due = add_days(nowdate(), 4)
		cls.order = make_sales_order(
			cls.anna,
			lines=[(cls.dress, 1, 4990), (cls.bra, 2, 2490)],
			po_no=cls.number,
			delivery_date=cls.due,
		).sales_order
		cls.tracking = f"CDEK-{run}"
		cls.shipment = ship_order(cls.order, "СДЭК", cls.tracking)
		cls.returned = return_one(cls.shipment, "Delivery Note", cls.bra)
		invoice = make_sales_invoice(cls.order)
		invoice.insert(ignore_permissions=True)
		invoice.submit()
		cls.refund = return_one(invoice.name, "Sales Invoice", cls.bra)
		cls.preparing = make_sales_order(cls.anna, cls.dress, po_no=f"WEB-{run}-2").sales_order
		cls.boris_order = make_sales_order(cls.boris, cls.bra, po_no=f"WEB-{run}-B").sales_order
		frappe.db.commit()  # nosemgrep: the in-process HTTP requests run on their own connection

	def setUp(self):
		clear_limits()
		frappe.set_user("Guest")

	def tearDown(self):
		frappe.set_user("Administrator")
		clear_limits()

	def post(self, data: dict, ip: str = "10.21.0.1"):
		"""A request through Frappe's WSGI app from the address `ip`."""
		return make_request(
			target=self.TEST_CLIENT.post,
			args=(METHOD,),
			kwargs={
				"data": data,
				"headers": {"Accept": "application/json"},
				"environ_base": {"REMOTE_ADDR": ip},
			},
		)

	def not_found(self, **arguments):
		with self.assertRaises(ServiceDeskNotFound):
			track_order(**arguments)

	def resolutions(self, order: str) -> int:
		return frappe.db.count("Self Service Resolution", {"sales_order": order, "kind": "Order Tracking"})

	def test_the_right_pair_shows_the_shipment_expected_date_and_returns(self):
		answer = track_order(order=self.number, email="Anna.Order-Tracking+shop@EXAMPLE.com")
		self.assertEqual(answer["number"], self.number)
		self.assertEqual(answer["state"], "shipped")
		self.assertEqual(answer["status"], "Shipped")
		self.assertEqual(answer["expected_delivery"], str(self.due))
		self.assertEqual(
			[(line["item_name"], line["size"], line["qty"]) for line in answer["lines"]],
			[("Платье на запах / Wrap Dress", "M", 1), ("Кружевной бюстгальтер / Lace Bra", "S", 2)],
		)
		[shipment] = answer["shipments"]
		self.assertEqual(shipment["transporter"], "СДЭК")
		self.assertEqual(shipment["tracking_number"], self.tracking)
		self.assertEqual(shipment["date"], nowdate())
		self.assertEqual(sum(line["qty"] for line in shipment["lines"]), 3)
		self.assertEqual(
			[
				(back["kind"], [(line["size"], line["qty"]) for line in back["lines"]])
				for back in answer["returns"]
			],
			[("returned", [("S", 1)]), ("refunded", [("S", 1)])],
		)
		self.assertIn("2", answer["returns"][1]["amount"])  # the refund's amount, formatted
		self.assertIsNone(answer["returns"][0]["amount"])
		self.assertTrue(answer["write_to_us"].startswith("/support/new?"))
		self.assertIn(f"order={self.number}", answer["write_to_us"])

	def test_nothing_internal_is_shown(self):
		answer = track_order(order=self.number, email=ANNA)
		text = json.dumps(answer, ensure_ascii=False)
		for internal in (
			default_warehouse(get_company()),
			self.order,
			self.shipment,
			self.returned,
			self.refund,
		):
			self.assertNotIn(internal, text)

		def keys(value):
			if isinstance(value, dict):
				return set(value) | {k for v in value.values() for k in keys(v)}
			if isinstance(value, list):
				return {k for v in value for k in keys(v)}
			return set()

		self.assertFalse({"rate", "warehouse", "amount_rate", "margin", "customer", "name"} & keys(answer))

	def test_by_the_order_name_and_by_phone(self):
		self.assertEqual(track_order(order=self.order.lower(), email=ANNA)["number"], self.number)
		for phone in ("8 (916) 555-12-34", "+79165551234", "9165551234"):
			self.assertEqual(track_order(order=self.number, email=phone)["state"], "shipped", phone)
		self.not_found(order=self.number, email="8 916 555-12-35")

	def test_a_wrong_pair_and_a_missing_order_answer_the_same(self):
		wrong = self.post({"order": self.number, "email": BORIS}, ip="10.21.1.1")
		missing = self.post({"order": "WEB-NO-SUCH-ORDER", "email": ANNA}, ip="10.21.1.2")
		stranger = self.post({"order": self.boris_order, "email": ANNA}, ip="10.21.1.3")
		self.assertEqual(wrong.status_code, 404)
		self.assertEqual((missing.status_code, missing.get_data()), (wrong.status_code, wrong.get_data()))
		self.assertEqual((stranger.status_code, stranger.get_data()), (wrong.status_code, wrong.get_data()))
		self.assertIn("We found no order", wrong.get_data(as_text=True))
		self.assertNotIn("Traceback", wrong.get_data(as_text=True))
		right = self.post({"order": self.number, "email": ANNA}, ip="10.21.1.4")
		self.assertEqual(right.status_code, 200)
		self.assertEqual(right.json["message"]["shipments"][0]["tracking_number"], self.tracking)

	def test_a_wrong_pair_and_a_missing_order_do_the_same_work(self):
		# the order, its customers' e-mails, their phones: three queries whatever was found
		for number, email in (
			(self.number, BORIS),
			("WEB-NO-SUCH-ORDER", ANNA),
			(self.boris_order, ANNA),
			(self.number, ANNA),
		):
			with self.assertQueryCount(3):
				find_order(number, email)

	def test_bad_input_is_a_400(self):
		for arguments in (
			{"order": "", "email": ANNA},
			{"order": self.number, "email": ""},
			{"order": self.number, "email": "not an address"},
			{"order": "x" * 141, "email": ANNA},
			{"order": self.number, "email": ANNA, "session": "short"},
		):
			with self.assertRaises(ServiceDeskError) as caught:
				track_order(**arguments)
			self.assertEqual(caught.exception.http_status_code, 400, arguments)

	def test_each_caller_is_rate_limited(self):
		limit = setting("servicedesk_track_order_rate_limit")
		statuses = [
			self.post({"order": f"WEB-GUESS-{n}", "email": ANNA}, ip="10.21.2.1").status_code
			for n in range(limit + 1)
		]
		self.assertEqual(statuses, [404] * limit + [429])
		# the right pair too: the limit answers before anything is looked up
		refused = self.post({"order": self.number, "email": ANNA}, ip="10.21.2.1")
		self.assertEqual(refused.status_code, 429)
		self.assertEqual(refused.json["exc_type"], "RateLimitExceededError")
		other = self.post({"order": self.number, "email": ANNA}, ip="10.21.2.2")
		self.assertEqual(other.status_code, 200, other.get_data(as_text=True))

	def test_each_order_is_rate_limited_whoever_asks(self):
		limit = setting("servicedesk_track_order_per_order_limit")
		# a botnet tries e-mails on one order, each address once, by its number and its storefront number
		statuses = [
			self.post(
				{"order": self.number if n % 2 else self.order, "email": f"guess{n}@example.com"},
				ip=f"10.21.3.{n + 1}",
			).status_code
			for n in range(limit)
		]
		self.assertEqual(statuses, [404] * limit)
		# then even the right pair from a fresh address is refused: no answer tells a right guess apart
		self.assertEqual(self.post({"order": self.number, "email": ANNA}, ip="10.21.3.200").status_code, 429)

	def test_a_look_up_counts_once_per_session_and_day(self):
		before = self.resolutions(self.order)
		session = "order-tracking-session-" + frappe.generate_hash(length=8)
		for _reload in range(3):
			track_order(order=self.number, email=ANNA, session=session, page="/support/order")
		self.assertEqual(self.resolutions(self.order), before + 1)
		resolution = frappe.get_last_doc(
			"Self Service Resolution", filters={"sales_order": self.order, "kind": "Order Tracking"}
		)
		self.assertEqual(resolution.source, "Order Tracking")
		self.assertEqual(resolution.page, "/support/order")
		self.assertEqual(len(resolution.session_key), 32)
		self.assertNotIn(session, resolution.session_key)
		track_order(order=self.number, email=ANNA, session=session + "-other")
		self.assertEqual(self.resolutions(self.order), before + 2)
		# a failed look-up counts nothing
		self.not_found(order=self.number, email=BORIS, session=session + "-third")
		self.assertEqual(self.resolutions(self.order), before + 2)

	def test_a_customer_sees_only_their_own_orders(self):
		frappe.set_user(ANNA)
		self.assertEqual(track_order(order=self.preparing)["state"], "preparing")
		self.assertEqual(track_order(order=self.number)["state"], "shipped")
		boris_number = frappe.db.get_value("Sales Order", self.boris_order, "po_no")
		for arguments in (
			{"order": self.boris_order},
			{"order": boris_number},
			{"order": self.boris_order, "email": ANNA},
			{"order": self.boris_order, "email": ANNA_PHONE},
			{"order": boris_number, "email": ANNA, "session": "anna-session-0123456789"},
			{"order": self.boris_order, "page": self.number},
		):
			self.not_found(**arguments)
		frappe.set_user("Guest")
		self.not_found(order=self.preparing, email=BORIS)
		self.not_found(order=self.boris_order, email=ANNA)

	def test_the_page_lists_a_customers_own_orders(self):
		frappe.set_user(ANNA)
		context = order_page_context(frappe._dict())
		mine = {row["order"] for row in context.my_orders}
		self.assertTrue({self.order, self.preparing} <= mine)
		self.assertNotIn(self.boris_order, mine)
		frappe.set_user("Guest")
		self.assertEqual(order_page_context(frappe._dict()).my_orders, [])
