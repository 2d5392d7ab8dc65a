"""The messenger adapters by Messenger Channel.channel_type. A new messenger is one module here."""

from servicedesk_shop.messengers.adapters import telegram, vk

ADAPTERS = {telegram.KIND: telegram, vk.KIND: vk}


def adapter_for(channel_type: str):
	"""The adapter module of a channel type; KeyError for an unknown one."""
	return ADAPTERS[channel_type]
