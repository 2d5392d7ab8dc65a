"""The integration tests' base class: the shop's catalogue and the class's own records made once as
Administrator and committed, each test rolled back."""

import frappe
from frappe.tests.utils import FrappeTestCase

from servicedesk_shop.testing.people import make_customer
from servicedesk_shop.testing.shop import ensure_shop_setup


def as_guest(fn, *args, **kwargs):
	"""`fn` called as a visitor of the site, the test's user Administrator again after."""
	frappe.set_user("Guest")
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def backdate(doctype: str, names, when):
	"""Records of `doctype` (a name, a list of names or filters) as if made at `when`: their `creation`
	set in the database, `modified` untouched."""
	frappe.db.set_value(doctype, names, "creation", when, update_modified=False)


class ShopTestCase(FrappeTestCase):
	"""`cls.items` is the catalogue (`{(template, size): item_code}`); a class adds its records in
	`make_fixtures`."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.items = ensure_shop_setup()
		cls.make_fixtures()
		frappe.db.commit()  # nosemgrep: fixtures shared by the class, outside its rolled-back tests

	@classmethod
	def make_fixtures(cls):
		"""The records the class's tests share, made as Administrator before the commit."""

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()


class TwoCustomersTestCase(ShopTestCase):
	"""A ShopTestCase with two customers who log in to the portal, for tests that what is one's stays
	hidden from the other: a class names their e-mails (`anna_email`, `boris_email`, its own, so that no
	other test's requests are theirs) and gets their Customers as `anna_customer` and `boris_customer`."""

	anna_email = boris_email = ""

	@classmethod
	def make_fixtures(cls):
		cls.anna_customer = make_customer(cls.anna_email, with_user=True)
		cls.boris_customer = make_customer(cls.boris_email, with_user=True)
