"""The messengers' incoming endpoints: the webhook Telegram and VK post every update to, and the channel
form's Connect.

Served under their names in servicedesk_shop.api."""

import frappe
from frappe import _
from werkzeug.wrappers import Response

from servicedesk_shop.messengers import connection, service
from servicedesk_shop.service_desk.guards import endpoint, required
from servicedesk_shop.service_desk.permissions import managers_only


@endpoint("POST", guest=True, limit=service.webhook_ip_limit)
def messenger_webhook(**_update):
	"""POST ?channel=<Messenger Channel>: one update of Telegram (its secret in the
	X-Telegram-Bot-Api-Secret-Token header) or VK's Callback API (its secret in the body). Answers "ok"
	once the update is stored (VK: the confirmation string to its confirmation call), 403 to a missing
	or wrong secret, 400 to a body that is not an update, 404 to an unknown or disabled channel. Limited
	per chat (service.chat_limit), the per-address limit only stops floods."""
	request = frappe.request
	reply = service.receive(request.args.get("channel"), request.headers, request.get_data())
	return Response(reply.body, status=200, content_type=f"{reply.content_type}; charset=utf-8")


@endpoint("POST")
@managers_only
def connect_messenger_channel(channel: str | None = None) -> dict:
	"""Connect the channel (Support Managers): Telegram's webhook set with the channel's secret; for VK the
	confirmation string fetched and the Callback API settings returned. {"ok", "message", "webhook_url",
	"vk"}; an API's refusal is the message, without the token."""
	return connection.connect(required(channel, _("Channel")))


@endpoint("POST")
@managers_only
def retry_messenger_update(update: str | None = None) -> str:
	"""Work a messenger update again (Support Managers; the Messenger Update form's "Process Again"): one
	that failed past its tries, was held or set aside. Its new status; 404 for an unknown update."""
	frappe.get_doc("Messenger Update", required(update, _("Update"))).check_permission("read")
	return service.retry(update)
