# Install, migrate and uninstall of servicedesk_shop's changes to ERPNext.

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase

from servicedesk_shop.messengers.service import key_stored_numbers
from servicedesk_shop.setup import access, install, issues_web_form, records
from servicedesk_shop.setup.defaults import FEEDBACK_SOURCES, ISSUE_TYPES, RETURN_REASONS
from servicedesk_shop.testing import make_agent, repair_fields_changed_by_erpnext_sla_tests

FIELDS = {
	"feedback_source": ("Link", "Feedback Source"),
	"sales_order": ("Link", "Sales Order"),
	"delivery_note": ("Link", "Delivery Note"),
	"sales_invoice": ("Link", "Sales Invoice"),
	"item_code": ("Link", "Item"),
	"page_url": ("Data", "URL"),
}


class TestInstall(FrappeTestCase):
	def test_issue_has_the_shop_fields(self):
		meta = frappe.get_meta("Issue")
		for fieldname, (fieldtype, options) in FIELDS.items():
			field = meta.get_field(fieldname)
			self.assertIsNotNone(field, fieldname)
			self.assertEqual((field.fieldtype, field.options), (fieldtype, options))
		self.assertEqual(meta.get_field("shop_section").label, "Shop")
		self.assertTrue(meta.get_field("feedback_source").in_standard_filter)
		self.assertTrue(frappe.db.has_index("tabIssue", "intake_key"))

	def test_migrate_keeps_fields_in_sync_without_duplicates(self):
		name = frappe.db.get_value("Custom Field", {"dt": "Issue", "fieldname": "feedback_source"})
		frappe.db.set_value("Custom Field", name, "label", "Renamed by hand")
		install.after_migrate()
		install.after_migrate()
		self.assertEqual(frappe.db.get_value("Custom Field", name, "label"), "Feedback Source")
		for fieldname in FIELDS:
			self.assertEqual(frappe.db.count("Custom Field", {"dt": "Issue", "fieldname": fieldname}), 1)

	def test_each_module_inserts_its_fields_after_erpnexts_or_an_earlier_modules(self):
		"""FIELD_MODULES' order is the form's: a field inserts after ERPNext's, its own module's or an
		earlier module's, and no field is defined twice."""
		before = {}  # doctype: ERPNext's fields and those of the modules so far
		for module in install.FIELD_MODULES:
			for doctype, fields in install.by_doctype(module.CUSTOM_FIELDS).items():
				known = before.setdefault(
					doctype,
					{f.fieldname for f in frappe.get_meta(doctype).fields if not f.get("is_custom_field")},
				)
				names = {field["fieldname"] for field in fields}
				self.assertEqual(len(names), len(fields), f"{module.__name__}: {doctype}")
				self.assertFalse(names & known, f"{module.__name__}: {doctype}")
				for field in fields:
					where = f"{module.__name__}: {doctype}.{field['fieldname']}"
					self.assertIn(field["insert_after"], known | names, where)
				known |= names

	def test_indexes_are_made(self):
		for doctype, _columns, name in install.INDEXES:
			self.assertTrue(frappe.db.has_index(f"tab{doctype}", name), f"{doctype}: {name}")

	def test_default_records_are_created_once(self):
		records.make_default_records()
		records.make_default_records()
		for issue_type in ISSUE_TYPES:
			self.assertTrue(frappe.db.exists("Issue Type", issue_type))
		for source in FEEDBACK_SOURCES:
			self.assertEqual(frappe.db.count("Feedback Source", {"name": source["title"]}), 1)
		for reason, category in RETURN_REASONS:
			self.assertEqual(frappe.db.get_value("Return Reason", reason, "default_issue_type"), category)
		size_chart = frappe.get_doc("Feedback Source", "Size Chart")
		self.assertEqual(
			[row.issue_type for row in size_chart.categories], ["Size and Fit", "Product Question"]
		)

	def test_agents_may_open_requests_without_a_permission_error(self):
		"""ERPNext's Issue form reads Support Settings on load; an agent must be allowed to."""
		agent = make_agent("settings.reader@example.com")
		access.grant_read_access()  # again: nothing doubles
		self.assertEqual(
			frappe.db.count("Custom DocPerm", {"parent": "Support Settings", "role": "Support Team"}), 1
		)
		self.assertTrue(frappe.has_permission("Support Settings", "read", user=agent))
		self.assertFalse(frappe.has_permission("Support Settings", "write", user=agent))
		# Frappe copied the standard rules before adding ours: System Managers keep theirs
		self.assertTrue(
			frappe.db.exists(
				"Custom DocPerm", {"parent": "Support Settings", "role": "System Manager", "write": 1}
			)
		)

	def test_a_support_manager_reads_the_requests_and_their_reports(self):
		"""ERPNext gives Issue to Support Team only; a manager with no other role must still open the
		requests and the reports on them."""
		manager = make_agent("plain.manager@example.com", roles=("Support Manager",))
		access.grant_read_access()  # again: nothing doubles
		self.assertEqual(frappe.db.count("Custom DocPerm", {"parent": "Issue", "role": "Support Manager"}), 1)
		for right in ("read", "write", "report"):
			self.assertTrue(frappe.has_permission("Issue", right, user=manager), right)
		for right in ("delete", "export"):  # not even Support Team may
			self.assertFalse(frappe.has_permission("Issue", right, user=manager), right)
		frappe.set_user(manager)
		try:
			for report in (
				"Service Desk Overview",
				"Customer Satisfaction",
				"Complaints and Returns by Item, Size and Reason",
				"Exit Reasons",
			):
				self.assertIn("result", run(report, filters={}), report)
		finally:
			frappe.set_user("Administrator")

	def test_uninstall_removes_fields_and_columns_and_leaves_erpnext_alone(self):
		erpnext_fields = {
			f.fieldname for f in frappe.get_meta("Issue").fields if not f.get("is_custom_field")
		}
		try:
			install.before_uninstall()
			meta = frappe.get_meta("Issue", cached=False)
			columns = set(frappe.db.get_table_columns("Issue"))
			for fieldname in [*FIELDS, "intake_key", "shop_section"]:
				self.assertIsNone(meta.get_field(fieldname))
				self.assertNotIn(fieldname, columns)
			self.assertFalse(
				frappe.db.exists("Custom Field", {"dt": "Issue", "fieldname": "feedback_source"})
			)
			self.assertTrue(erpnext_fields <= {f.fieldname for f in meta.fields})
			self.assertFalse(
				frappe.db.exists("Custom DocPerm", {"parent": "Support Settings", "role": "Support Team"})
			)
			self.assertFalse(frappe.db.exists("Web Form List Column", {"parent": "issues"}))
			for doctype, _columns, name in install.INDEXES:
				self.assertFalse(frappe.db.has_index(f"tab{doctype}", name), f"{doctype}: {name}")
		finally:
			install.sync_custom_fields()
			key_stored_numbers()  # the dropped column's keys, as an install keys a shop's numbers
			access.grant_read_access()
			issues_web_form.set_issues_list_columns()
			frappe.db.commit()  # nosemgrep: the uninstall's DDL committed already; keep the restored fields
		self.assertIsNotNone(frappe.get_meta("Issue", cached=False).get_field("feedback_source"))

	def test_test_site_repair_puts_back_fields_that_erpnext_sla_tests_retype(self):
		"""bin/test's guard against ERPNext's reset_field_properties (see testing/repair.py)."""

		def priority_field():
			return frappe.db.get_value(
				"DocField",
				{"parent": "Email Queue", "parenttype": "DocType", "fieldname": "priority"},
				["name", "fieldtype", "options"],
				as_dict=True,
			)

		self.assertEqual(repair_fields_changed_by_erpnext_sla_tests(), [])  # nothing to do
		try:
			# what ERPNext's SLA does to the first DocField called "priority" it reads
			frappe.db.set_value(
				"DocField", priority_field().name, {"fieldtype": "Link", "options": "Issue Priority"}
			)
			self.assertEqual(repair_fields_changed_by_erpnext_sla_tests(), ["Email Queue"])
		finally:
			repair_fields_changed_by_erpnext_sla_tests()
		self.assertEqual((priority_field().fieldtype, priority_field().options), ("Int", None))
		self.assertEqual(frappe.get_meta("Email Queue").get_field("priority").fieldtype, "Int")
