"""Who uses the service desk: users, customers with their contacts, agents."""

import frappe
from frappe.utils.password import update_password

from servicedesk_shop.testing.shop import leaf


def make_user(
	email: str, full_name: str, roles=(), password: str | None = None, website: bool = False
) -> str:
	"""A desk user (or, with `website`, a portal user) with `roles`; an existing user is kept, with
	`password` set again (the browser tests reuse their users from run to run)."""
	if frappe.db.exists("User", email):
		if password:
			update_password(email, password)
	else:
		first_name, _, last_name = full_name.partition(" ")
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"last_name": last_name,
				"user_type": "Website User" if website else "System User",
				"send_welcome_email": 0,
				"new_password": password,
				"roles": [{"role": role} for role in roles],
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	return email


def make_customer(
	email: str, full_name: str | None = None, with_user: bool = False, password: str | None = None
) -> str:
	"""A Customer with a Contact for `email` and, `with_user`, a portal user (with `password`); the
	customer of an existing contact is reused."""
	full_name = full_name or email.split("@")[0].replace(".", " ").title()
	if with_user:
		make_user(email, full_name, ["Customer"], password, website=True)
	contact_name = frappe.db.get_value(
		"Contact Email", {"email_id": email, "parenttype": "Contact"}, "parent"
	)
	contact = frappe.get_doc("Contact", contact_name) if contact_name else frappe.new_doc("Contact")
	customer = contact.get_link_for("Customer") if contact_name else None
	changed = not contact_name
	if not contact_name:
		first_name, _, last_name = full_name.partition(" ")
		contact.first_name = first_name
		contact.last_name = last_name
		contact.add_email(email, is_primary=1)
	if not customer:
		customer = (
			frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": full_name,
					"customer_type": "Individual",
					"customer_group": leaf("Customer Group", "Individual"),
					"territory": leaf("Territory", "Russian Federation"),
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		contact.append("links", {"link_doctype": "Customer", "link_name": customer})
		changed = True
	if with_user and contact.user != email:
		contact.user = email
		changed = True
	if changed:
		contact.save(ignore_permissions=True)
	return customer


def make_agent(
	email: str, roles=("Support Team",), full_name: str | None = None, password: str | None = None
) -> str:
	"""A desk user who works on requests, with at least `roles`."""
	make_user(email, full_name or email.split("@")[0], roles, password)
	if missing := set(roles) - set(frappe.get_roles(email)):
		frappe.get_doc("User", email).add_roles(*sorted(missing))
	return email
