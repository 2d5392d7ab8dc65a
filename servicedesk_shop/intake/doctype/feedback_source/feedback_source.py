# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class FeedbackSource(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from servicedesk_shop.intake.doctype.feedback_source_category.feedback_source_category import (
			FeedbackSourceCategory,
		)

		allow_guest: DF.Check
		categories: DF.TableMultiSelect[FeedbackSourceCategory]
		channel: DF.Literal["Web Form", "Widget", "E-mail", "API", "Messenger"]
		default_category: DF.Link | None
		default_priority: DF.Link | None
		enabled: DF.Check
		order_required: DF.Check
		prompt: DF.SmallText | None
		title: DF.Data
	# end: auto-generated types

	def validate(self):
		self.remove_duplicate_categories()
		self.validate_default_category()

	def remove_duplicate_categories(self):
		seen = set()
		for row in list(self.categories):
			if row.issue_type in seen:
				self.remove(row)
			seen.add(row.issue_type)

	def validate_default_category(self):
		allowed = {row.issue_type for row in self.categories}
		if self.default_category and allowed and self.default_category not in allowed:
			frappe.throw(
				_("Default Category {0} must be one of the Allowed Categories.").format(
					frappe.bold(self.default_category)
				),
				title=_("Invalid Default Category"),
			)
