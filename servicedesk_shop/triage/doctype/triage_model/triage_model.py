# Copyright (c) 2026, servicedesk_shop developers
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from servicedesk_shop.triage.service import enqueue_training


class TriageModel(Document):
	"""One trained triage model and its held-out accuracy; only the background training makes them."""

	def on_trash(self):
		if self.status == "Published":
			frappe.throw(_("The published triage model cannot be deleted; train a new one first."))


@frappe.whitelist(methods=["POST"])
def train_now():
	"""The form's and list's button: queue a training now (Support Manager, System Manager)."""
	frappe.only_for(("Support Manager", "System Manager"))
	enqueue_training()
	return _("Training has been queued; the new model appears in this list when it is done.")
