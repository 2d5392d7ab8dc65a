"""Connecting a Messenger Channel (its form's Connect button): Telegram's webhook registered with setWebhook
and its secret; for VK, the community's confirmation string fetched and the Callback API settings the
shop enters in VK. What happened is kept on the channel; the token is in no answer and no message."""

import frappe
from frappe import _
from frappe.utils import now_datetime

from servicedesk_shop.messengers import channels, transport
from servicedesk_shop.messengers.text import scrub
from servicedesk_shop.service_desk.errors import ServiceDeskError, refuse

VK_EVENTS = ("message_new", "message_event")
"""The Callback API's event types the desk hears: messages, and taps on callback buttons."""


def connect(name: str) -> dict:
	"""{"ok", "message", "webhook_url", "vk"} for the channel named `name` (the user may write it):
	`vk` holds the Callback API's settings for a VK channel."""
	doc = frappe.get_doc(channels.DOCTYPE, name)
	doc.check_permission("write")
	channel = channels.get(doc.name)
	if not channel.token:
		refuse(_("Enter the channel's token first, then save and connect."), ServiceDeskError)
	url = channels.webhook_url(channel.name)
	if channel.channel_type == "VK":
		answer = connect_vk(channel, url)
	else:
		answer = connect_telegram(channel, url)
	values = {"connection_status": answer["message"]}
	if answer["ok"]:
		values["connected_on"] = now_datetime()
	frappe.db.set_value(channels.DOCTYPE, channel.name, values)
	channels.invalidate()
	return {**answer, "webhook_url": url}


def connect_telegram(channel: channels.Channel, url: str) -> dict:
	adapter = channel.adapter
	try:
		bot = adapter.bot_username(transport.call(channel.api_url, channel.token, adapter.get_me_call()))
		transport.call(channel.api_url, channel.token, adapter.set_webhook_call(url, channel.secret))
	except transport.TransportError as error:
		return {"ok": False, "message": failure(channel, error)}
	message = _("Telegram now sends the messages of @{0} to {1}.").format(bot or "?", url)
	return {"ok": True, "message": message}


def connect_vk(channel: channels.Channel, url: str) -> dict:
	"""The confirmation string fetched with the community's token (stored on the channel, which answers
	VK's check with it), and the settings to enter in the community's Callback API."""
	adapter = channel.adapter
	settings = {
		"url": url,
		"secret": channel.secret,
		"api_version": adapter.V,
		"events": list(VK_EVENTS),
		"confirmation": channel.confirmation,
	}
	if not channel.group_id:
		message = _("Enter the community's ID to fetch its confirmation string, or copy the string from VK.")
		return {"ok": bool(channel.confirmation), "message": message, "vk": settings}
	try:
		code = adapter.confirmation_code(
			transport.call(channel.api_url, channel.token, adapter.confirmation_call(channel.group_id))
		)
	except transport.TransportError as error:
		return {"ok": False, "message": failure(channel, error), "vk": settings}
	if code:
		frappe.db.set_value(channels.DOCTYPE, channel.name, "confirmation", code)
		settings["confirmation"] = code
	message = _("Enter these settings in the community's Callback API, then press Confirm there.")
	return {"ok": bool(code), "message": message, "vk": settings}


def failure(channel: channels.Channel, error: transport.TransportError) -> str:
	return _("{0} refused the connection: {1}").format(
		channel.channel_type, scrub(error.translated(_), channel.token, channel.secret)
	)
