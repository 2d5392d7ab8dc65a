"""The Messenger Channels as the webhook and its jobs read them: built once per process from the documents
(tokens and secrets decrypted in memory, never in Redis) and dropped by any change of a channel."""

from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import frappe
from frappe.utils import get_url
from frappe.utils.password import get_decrypted_password

from servicedesk_shop.messengers.adapters import adapter_for
from servicedesk_shop.messengers.addresses import slug
from servicedesk_shop.service_desk.counters import KEPT
from servicedesk_shop.service_desk.versioned import VersionedCache

DOCTYPE = "Messenger Channel"
DEFAULT_API_URLS = {"Telegram": "https://api.telegram.org", "VK": "https://api.vk.com"}
WEBHOOK_METHOD = "servicedesk_shop.api.messenger_webhook"
MESSENGER_SOURCE_CHANNEL = "Messenger"  # Feedback Source.channel of the sources chats feed


@dataclass(frozen=True)
class Channel:
	name: str
	channel_type: str
	enabled: bool
	api_url: str
	# never in a repr: Frappe's job runner logs a failed job's traceback with its local variables
	token: str = field(repr=False)
	secret: str = field(repr=False)
	confirmation: str = field(repr=False)
	group_id: str
	feedback_source: str | None

	@property
	def adapter(self):
		return adapter_for(self.channel_type)


def load() -> dict[str, Channel]:
	rows = frappe.get_all(
		DOCTYPE,
		fields=[
			"name",
			"channel_type",
			"enabled",
			"api_url",
			"confirmation",
			"group_id",
			"feedback_source",
		],
	)
	return {
		row.name: Channel(
			name=row.name,
			channel_type=row.channel_type,
			enabled=bool(row.enabled),
			api_url=(row.api_url or DEFAULT_API_URLS.get(row.channel_type, "")).rstrip("/"),
			token=password(row.name, "token"),
			secret=password(row.name, "secret"),
			confirmation=row.confirmation or "",
			group_id=row.group_id or "",
			feedback_source=row.feedback_source,
		)
		for row in rows
	}


def password(name: str, field: str) -> str:
	return get_decrypted_password(DOCTYPE, name, field, raise_exception=False) or ""


_channels = VersionedCache(KEPT + "messenger_channels", "servicedesk_messenger_channels", load)


def get(name) -> Channel | None:
	"""The channel named `name`, enabled or not; None for an unknown one."""
	if not name or not isinstance(name, str) or len(name) > 140:
		return None
	return _channels.get().get(name)


def invalidate(doc=None, method=None):
	"""Every process reads the channels again; again after a rollback too, so that a change undone is
	not kept (the copy built meanwhile held it)."""
	_channels.invalidate()
	if frappe.db:
		frappe.db.after_rollback.add(_channels.invalidate)


def webhook_url(name: str) -> str:
	"""The site's public address of the channel's webhook (what Connect registers with Telegram)."""
	return get_url(f"/api/method/{WEBHOOK_METHOD}?channel={quote(name, safe='')}")


def is_http_url(url: str) -> bool:
	try:
		parts = urlsplit(url or "")
	except ValueError:
		return False
	return parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.username


def same_address_name(channel_name: str, own_name: str | None) -> str | None:
	"""Another channel whose name makes the same part of chat addresses as `channel_name`."""
	wanted = slug(channel_name)
	for name in frappe.get_all(DOCTYPE, pluck="name"):
		if name != own_name and slug(name) == wanted:
			return name
	return None


def new_secret(channel_type: str) -> str:
	return adapter_for(channel_type).new_secret()


def ensure_feedback_source(channel_type: str) -> str:
	"""The Feedback Source named after the messenger ("Telegram", "VK"), made when missing: its requests
	then have a source for routing, reports and the promise like any other."""
	if not frappe.db.exists("Feedback Source", channel_type):
		frappe.get_doc(
			{
				"doctype": "Feedback Source",
				"title": channel_type,
				"channel": MESSENGER_SOURCE_CHANNEL,
				"enabled": 1,
				"allow_guest": 0,
			}
		).insert(ignore_permissions=True)
	return channel_type
