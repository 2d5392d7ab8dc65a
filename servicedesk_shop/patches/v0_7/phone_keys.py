"""The key of each contact's number (messengers.rules.phone_key: its last ten digits, none under seven),
on existing sites, which the messengers look a shared phone up by."""

import frappe

from servicedesk_shop.setup.install import sync_custom_fields


def execute():
	sync_custom_fields()  # the field and its index first: custom fields are otherwise made after the patches
	# in one statement over every number: the same digits phone_key keeps, 0 to 9 only
	frappe.db.sql(
		"""
		update `tabContact Phone`
		set servicedesk_phone_key = case
			when char_length(regexp_replace(coalesce(phone, ''), '[^0-9]', '')) >= 7
			then right(regexp_replace(phone, '[^0-9]', ''), 10)
		end
		where parenttype = 'Contact'
		"""
	)
