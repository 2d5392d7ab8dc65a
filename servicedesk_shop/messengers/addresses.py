"""The address a messenger chat stands under on a request. No `frappe` import.

A request from a chat has no e-mail address, yet ERPNext's Issue and Frappe's composer speak in addresses:
the reply box fills "To" from the last received message's sender. So each chat gets an address under the
reserved top-level domain `.invalid` (RFC 2606: it can never be delivered), for example
`telegram-123456789@shop-bot.messenger.invalid`. The composer fills it in as it would an e-mail address;
the core's mail (service_desk.addresses.is_chat_address) never e-mails it, and the messengers deliver what
is sent to it in the chat.
"""

import re

from servicedesk_shop.service_desk.addresses import CHAT_DOMAIN

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
	return _SLUG.sub("-", (name or "").lower()).strip("-")[:40] or "channel"


def chat_address(channel_type: str, chat_id: str, channel: str) -> str:
	"""The chat's address: `<type>-<chat id>@<channel>.messenger.invalid`, lower case."""
	chat = str(chat_id).lower()
	# a negative id (a VK community, a Telegram group) stays apart from the positive one
	chat = _SLUG.sub("-", "n" + chat[1:] if chat.startswith("-") else chat).strip("-")
	return f"{slug(channel_type)}-{chat}@{slug(channel)}.{CHAT_DOMAIN}"
