"""The messengers' endpoints for agents, on the Issue form of a request from a chat: the messages that did
not reach the chat, and "Retry Delivery" for one.

Served under their names in servicedesk_shop.api, which the desk's issue.js calls."""

import frappe
from frappe import _

from servicedesk_shop.messengers import delivery
from servicedesk_shop.service_desk.errors import ServiceDeskNotFound, refuse
from servicedesk_shop.service_desk.guards import endpoint, issue_for, required

AGENT_ROLES = {"Support Team", "Support Manager", "System Manager"}


def check_agent():
	"""Only the support team (and managers) answer in the chats."""
	if frappe.session.user != "Administrator" and not AGENT_ROLES.intersection(frappe.get_roles()):
		refuse(_("Only the support team may do this."), frappe.PermissionError)


@endpoint("GET", "POST")
def get_messenger_deliveries(issue: str | None = None) -> list[dict]:
	"""The messages on `issue` that did not reach its chat, or went without some files, newest first:
	[{"communication", "status", "error", "creation", "retry"}], for an agent who may read the request."""
	check_agent()
	return delivery.failed_deliveries(issue_for(issue).name)


@endpoint("POST")
def retry_messenger_delivery(communication: str | None = None) -> str:
	"""Send a message that did not reach the chat again ("Retry Delivery"), for an agent who may answer
	on its request (as the reply box requires): the delivery's new state, "Sending" once it is on its
	way. 404 for a message that is on no request or went to no chat."""
	check_agent()
	name = required(communication, _("Message"))
	row = frappe.db.get_value(
		"Communication", name, ["reference_doctype", "reference_name", "messenger_status"], as_dict=True
	)
	if not row or row.reference_doctype != "Issue" or not row.messenger_status:
		refuse(_("No message to a chat was found."), ServiceDeskNotFound)
	issue_for(row.reference_name, "email")
	return delivery.retry(name)
