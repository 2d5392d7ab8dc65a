"""Whose requests a logged-in customer sees in My Requests: those raised by their own address or by any
contact of their Customer, and those of that Customer. Nothing else, by any name: a request that is not
theirs is not found (404), the same as one that does not exist."""

import frappe
from frappe.query_builder import Order

from servicedesk_shop.customer.service import promise_text
from servicedesk_shop.service_desk.tracking import UNPROVEN

LIST_FIELDS = (
	"name",
	"subject",
	"status",
	"issue_type",
	"sales_order",
	"opening_date",
	"creation",
	"response_by",
	"first_responded_on",
	"feedback_source",
	"customer_language",
)
LIMIT = 200


def circle_of(user: str) -> tuple[set[str], set[str]]:
	"""(addresses, customers) whose requests `user` may see: their own address and the addresses of every
	contact of the Customers their contacts are linked to."""
	email = (frappe.db.get_value("User", user, "email") or user).lower()
	contact = frappe.qb.DocType("Contact")
	contact_email = frappe.qb.DocType("Contact Email")
	link = frappe.qb.DocType("Dynamic Link")
	own_contacts = set(
		(frappe.qb.from_(contact).select(contact.name).where(contact.user == user)).run(pluck=True)
	) | set(
		(
			frappe.qb.from_(contact_email)
			.select(contact_email.parent)
			.where(contact_email.parenttype == "Contact")
			.where(contact_email.email_id == email)
		).run(pluck=True)
	)
	if not own_contacts:
		return {email}, set()
	customers = set(
		(
			frappe.qb.from_(link)
			.select(link.link_name)
			.where(link.parenttype == "Contact")
			.where(link.link_doctype == "Customer")
			.where(link.parent.isin(list(own_contacts)))
		).run(pluck=True)
	)
	addresses = {email}
	if customers:
		addresses |= {
			address.lower()
			for address in (
				frappe.qb.from_(contact_email)
				.join(link)
				.on((link.parent == contact_email.parent) & (link.parenttype == "Contact"))
				.select(contact_email.email_id)
				.where(contact_email.parenttype == "Contact")
				.where(link.link_doctype == "Customer")
				.where(link.link_name.isin(list(customers)))
			).run(pluck=True)
			if address
		}
	return addresses, customers


def visible(issue, addresses: set[str], customers: set[str]):
	"""The customer's requests, less a guest's that named their address (or their customer's) and that
	nobody proved: those words may be a stranger's, and are not shown as "You wrote"."""
	condition = issue.raised_by.isin(list(addresses))
	if customers:
		condition = condition | issue.customer.isin(list(customers))
	return condition & proven(issue)


def proven(issue):
	return (
		issue.sender_identity.isnull()
		| issue.sender_identity.notin(UNPROVEN)
		| (issue.address_confirmed == 1)
	)


def unproven_count(user: str) -> int:
	"""How many requests name the user's address (or their customer's) that nobody proved (a guest's
	form, a letter's unauthenticated From): My Requests says they exist and how to open them, and no page
	of the portal shows what they say."""
	if not user or user == "Guest":
		return 0
	addresses, customers = circle_of(user)
	issue = frappe.qb.DocType("Issue")
	condition = issue.raised_by.isin(list(addresses))
	if customers:
		condition = condition | issue.customer.isin(list(customers))
	return (
		frappe.qb.from_(issue)
		.select(frappe.query_builder.functions.Count("*"))
		.where(condition)
		.where(issue.sender_identity.isin(UNPROVEN))
		.where(issue.address_confirmed == 0)
	).run()[0][0]


def my_requests(user: str, limit: int = LIMIT) -> list[dict]:
	"""The user's requests, newest first, each with its answer-by promise or when it was answered."""
	if not user or user == "Guest":
		return []
	addresses, customers = circle_of(user)
	issue = frappe.qb.DocType("Issue")
	rows = (
		frappe.qb.from_(issue)
		.select(*(issue[field] for field in LIST_FIELDS))
		.where(visible(issue, addresses, customers))
		.orderby(issue.creation, order=Order.desc)
		.limit(limit)
	).run(as_dict=True)
	for row in rows:
		row.promise = (
			promise_text(row, frappe.local.lang) if row.status not in ("Resolved", "Closed") else None
		)
	return rows


def may_see(user: str, name: str | None) -> bool:
	if not user or user == "Guest" or not name or not isinstance(name, str):
		return False
	addresses, customers = circle_of(user)
	issue = frappe.qb.DocType("Issue")
	return bool(
		(
			frappe.qb.from_(issue)
			.select(issue.name)
			.where(issue.name == name)
			.where(visible(issue, addresses, customers))
		).run()
	)
