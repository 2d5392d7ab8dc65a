"""The shop's side in ERPNext: a company, clothing in sizes with stock, sales orders delivered and
invoiced."""

import frappe
from erpnext.controllers.item_variant import create_variant
from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note, make_sales_invoice
from frappe.desk.page.setup_wizard.setup_wizard import setup_complete
from frappe.utils import add_days, getdate, nowdate

from servicedesk_shop.setup.records import make_default_records

SIZE_ATTRIBUTE = "Clothing Size"
SIZES = ["XS", "S", "M", "L", "XL"]

# (template, name, rate): what the tests sell, each in SIZES. The demo shows the same clothes, and the
# README's links and the browser tests name these codes.
CATALOGUE = [
	("DEMO-WRAP-DRESS", "Платье на запах / Wrap Dress", 4990),
	("DEMO-LACE-BRA", "Кружевной бюстгальтер / Lace Bra", 2490),
	("DEMO-SILK-PYJAMA", "Шёлковая пижама / Silk Pyjama", 6990),
	("DEMO-LINEN-SHIRT", "Льняная рубашка / Linen Shirt", 3590),
]


def ensure_company(**setup) -> str:
	"""The site's default company; a site without one gets it through ERPNext's setup wizard, as a
	Russian clothing shop answers it (`setup` overrides any answer)."""
	company = frappe.defaults.get_defaults().get("company") or frappe.db.get_value("Company", {}, "name")
	if company:
		return company
	year = getdate().year
	setup_complete(
		{
			"currency": "RUB",
			"full_name": "Shop Admin",
			"company_name": "Test Shop",
			"company_abbr": "TS",
			"timezone": "Europe/Moscow",
			"industry": "Retail",
			"country": "Russian Federation",
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"language": "english",
			"email": "admin@shop.example",
			"chart_of_accounts": "Standard",
			**setup,
		}
	)
	return frappe.db.get_value("Company", {}, "name")


def get_company() -> str:
	return ensure_company()


def leaf(doctype: str, preferred: str) -> str:
	"""`preferred` of a tree doctype (Item Group, Territory, …) when it exists and is no group, else any
	leaf: documents may not link a group."""
	if frappe.db.exists(doctype, preferred) and not frappe.db.get_value(doctype, preferred, "is_group"):
		return preferred
	return frappe.db.get_value(doctype, {"is_group": 0}, "name") or preferred


def default_warehouse(company: str) -> str:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	return frappe.db.get_value("Warehouse", f"Stores - {abbr}") or frappe.db.get_value(
		"Warehouse", {"company": company, "is_group": 0}, "name"
	)


def receive_stock(company: str, lines: list[tuple[str, float, float]]):
	"""A submitted Material Receipt of (item, qty, rate) lines into the company's stores."""
	warehouse = default_warehouse(company)
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"company": company,
			"items": [
				{"item_code": code, "qty": qty, "t_warehouse": warehouse, "basic_rate": rate}
				for code, qty, rate in lines
			],
		}
	)
	entry.insert(ignore_permissions=True)
	entry.submit()


def ensure_stock(company: str, item_code: str, qty: float, rate: float = 1000):
	"""Top the stores up so that `qty` of `item_code` can be delivered."""
	warehouse = default_warehouse(company)
	available = (
		frappe.db.get_value("Bin", {"item_code": item_code, "warehouse": warehouse}, "actual_qty") or 0
	)
	if available < qty:
		receive_stock(company, [(item_code, qty - available + 20, rate)])


def make_sized_item(
	code: str,
	item_name: str,
	rate: float | None = None,
	sizes=SIZES,
	item_group: str | None = None,
	stock: float = 0,
) -> dict[str, str]:
	"""An item template in `sizes` of SIZE_ATTRIBUTE and its variants `CODE-SIZE` (at `rate`), each new
	variant with `stock` in the stores at 40 % of its rate; existing ones are kept. Returns {size: variant}."""
	if not frappe.db.exists("Item Attribute", SIZE_ATTRIBUTE):
		frappe.get_doc(
			{
				"doctype": "Item Attribute",
				"attribute_name": SIZE_ATTRIBUTE,
				"item_attribute_values": [{"attribute_value": s, "abbr": s} for s in SIZES],
			}
		).insert(ignore_permissions=True)
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": item_name,
				"item_group": item_group or leaf("Item Group", "Products"),
				"stock_uom": "Nos",
				"is_stock_item": 1,
				"has_variants": 1,
				"attributes": [{"attribute": SIZE_ATTRIBUTE}],
			}
		).insert(ignore_permissions=True)
	variants, new = {}, []
	for size in sizes:
		variant_code = f"{code}-{size}"
		if not frappe.db.exists("Item", variant_code):
			variant = create_variant(code, {SIZE_ATTRIBUTE: size})
			variant.item_code = variant_code
			if rate is not None:
				variant.standard_rate = rate
			variant.insert(ignore_permissions=True)
			new.append(variant_code)
		variants[size] = variant_code
	if stock and new:
		receive_stock(ensure_company(), [(variant, stock, (rate or 0) * 0.4) for variant in new])
	return variants


def make_catalogue() -> dict[tuple[str, str], str]:
	"""The CATALOGUE's clothes in every size, each new variant with 30 in stock. Returns
	{(template, size): variant}."""
	return {
		(code, size): variant
		for code, item_name, rate in CATALOGUE
		for size, variant in make_sized_item(code, item_name, rate, stock=30).items()
	}


def ensure_shop_setup() -> dict[tuple[str, str], str]:
	"""Default sources and categories, and the catalogue (idempotent). Returns {(template, size): item}."""
	make_default_records()
	ensure_company()
	return make_catalogue()


def make_sales_order(
	customer: str,
	item_code: str | None = None,
	qty: float = 1,
	rate: float = 1000,
	submit: bool = True,
	deliver: bool = False,
	invoice: bool = False,
	po_no: str | None = None,
	lines: list[tuple[str, float, float]] | None = None,
	transaction_date: str | None = None,
	delivery_date: str | None = None,
):
	"""A Sales Order for `customer` of `qty` `item_code` at `rate` (or of `lines`, (item, qty, rate)
	each), optionally submitted, delivered (a Delivery Note, the stock topped up first) and invoiced.
	Ordered today unless `transaction_date`; due three days after it unless `delivery_date`."""
	company = ensure_company()
	warehouse = default_warehouse(company)
	lines = lines or [(item_code, qty, rate)]
	transaction_date = transaction_date or nowdate()
	order = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": customer,
			"company": company,
			"po_no": po_no,
			"transaction_date": transaction_date,
			"delivery_date": delivery_date or add_days(transaction_date, 3),
			"set_warehouse": warehouse,
			"items": [
				{"item_code": code, "qty": line_qty, "rate": line_rate, "warehouse": warehouse}
				for code, line_qty, line_rate in lines
			],
		}
	).insert(ignore_permissions=True)
	result = frappe._dict(sales_order=order.name, delivery_note=None, sales_invoice=None)
	if not submit:
		return result
	order.submit()
	if deliver:
		for code, line_qty, line_rate in lines:
			ensure_stock(company, code, line_qty, line_rate * 0.4)
		delivery = make_delivery_note(order.name)
		delivery.insert(ignore_permissions=True)
		delivery.submit()
		result.delivery_note = delivery.name
	if invoice:
		sales_invoice = make_sales_invoice(order.name)
		sales_invoice.insert(ignore_permissions=True)
		sales_invoice.submit()
		result.sales_invoice = sales_invoice.name
	return result
