"""The key of each contact's number (messengers.rules.phone_key: its last ten digits, none under seven),
on existing sites, which the messengers look a shared phone up by."""

from servicedesk_shop.messengers.service import key_stored_numbers
from servicedesk_shop.setup.install import sync_custom_fields


def execute():
	sync_custom_fields()  # the field and its index first: custom fields are otherwise made after the patches
	key_stored_numbers()
