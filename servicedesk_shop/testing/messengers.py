"""A Messenger Channel pointed at the local stand-in of its API (testing.messenger_standin), and the
test case that runs the stand-in."""

import frappe

from servicedesk_shop.messengers import channels
from servicedesk_shop.testing.case import ShopTestCase
from servicedesk_shop.testing.messenger_standin import CONFIRMATION, GROUP_ID, StandIn


class StandInTestCase(ShopTestCase):
	"""A ShopTestCase with the messengers' stand-in running as `cls.standin` (started before the class's
	fixtures, which point channels at it)."""

	@classmethod
	def setUpClass(cls):
		cls.standin = StandIn().start()
		super().setUpClass()

	@classmethod
	def tearDownClass(cls):
		cls.standin.stop()
		super().tearDownClass()


def save_messenger_channel(name: str, channel_type: str, api_url: str, token: str) -> str:
	"""The enabled channel `name` (made, or brought back to these values); VK's with the stand-in's
	community and confirmation string. Its secret is made on the first save and kept after."""
	doc = (
		frappe.get_doc("Messenger Channel", name)
		if frappe.db.exists("Messenger Channel", name)
		else frappe.new_doc("Messenger Channel")
	)
	doc.update(
		{
			"channel_name": name,
			"channel_type": channel_type,
			"api_url": api_url,
			"token": token,
			"enabled": 1,
			"group_id": str(GROUP_ID) if channel_type == "VK" else None,
			"confirmation": CONFIRMATION if channel_type == "VK" else None,
		}
	)
	doc.save(ignore_permissions=True)
	channels.invalidate()
	return doc.name
