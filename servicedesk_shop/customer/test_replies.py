# The customer's answer on a real site: photos (checked by their bytes, private, shown to the link's
# holder only), reopening a resolved request within the settings' days, an answer by phone that holds
# back every e-mail (read from the Email Queue), and the canned answers' delivery status.

import base64
import io
import os

import frappe
from frappe.core.doctype.communication.email import make as make_communication
from frappe.email.doctype.email_template.email_template import get_email_template
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime
from PIL import Image

from servicedesk_shop import api
from servicedesk_shop.customer import csat, replies
from servicedesk_shop.customer.canned import CANNED, delivery_status, make_canned_answers
from servicedesk_shop.intake import service as intake
from servicedesk_shop.patches.v0_4 import delivery_status_in_canned
from servicedesk_shop.service_desk.mail import customer_mail_blocked
from servicedesk_shop.testing import (
	ShopTestCase,
	agent_reply,
	as_guest,
	emails_about,
	ensure_outgoing_email_account,
	make_customer,
	make_sales_order,
	tracking_page,
)

CUSTOMER = "vera.replies@example.net"
OTHER = "lev.replies@example.net"


def photo_data_url(kind="JPEG", exif_marker=None) -> str:
	out = io.BytesIO()
	extra = {}
	if exif_marker:
		exif = Image.Exif()
		exif[0x010F] = exif_marker  # Make
		extra["exif"] = exif.tobytes()
	Image.new("RGB", (40, 30), "blue").save(out, kind, **extra)
	mime = {"JPEG": "image/jpeg", "PNG": "image/png"}[kind]
	return f"data:{mime};base64," + base64.b64encode(out.getvalue()).decode()


def attach_photo(file_name: str, doctype: str, name: str):
	"""A private PNG attached to a document, as the shop or a third party's e-mail attaches one."""
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"content": base64.b64decode(photo_data_url("PNG").split(",")[1]),
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"is_private": 1,
		}
	).insert(ignore_permissions=True)


class RepliesCase(ShopTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		ensure_outgoing_email_account()
		frappe.db.set_single_value("Service Desk Settings", {"reopen_days": 14, "reply_photo_max_mb": 8})

	def issue(self, raised_by=CUSTOMER, **values):
		return frappe.get_doc(
			{"doctype": "Issue", "subject": "Шов разошёлся", "raised_by": raised_by, **values}
		).insert(ignore_permissions=True)

	def refused(self, fn, *args):
		with self.assertRaises(frappe.ValidationError) as caught:
			as_guest(fn, *args)
		return str(caught.exception)


class TestPhotos(RepliesCase):
	def test_a_reply_with_photos_keeps_them_private_and_reencoded_on_the_message(self):
		issue = self.issue()
		token = intake.track_token(issue.name)
		photos = frappe.as_json(
			[
				{"name": "seam.jpg", "data": photo_data_url("JPEG", exif_marker="PhoneMakerGPS")},
				{"name": "label.png", "data": photo_data_url("PNG")},
			]
		)
		answer = as_guest(replies.add_reply, token, "Вот фото шва и ярлыка", photos)
		self.assertEqual(answer["photos"], 2)
		files = frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Communication", "attached_to_name": answer["communication"]},
			fields=["name", "file_name", "is_private", "file_url"],
			order_by="creation asc",
		)
		self.assertEqual(
			[f.file_name for f in files], [f"{issue.name}-photo-1.jpg", f"{issue.name}-photo-2.png"]
		)
		self.assertTrue(all(f.is_private and f.file_url.startswith("/private/files/") for f in files))
		content = frappe.get_doc("File", files[0].name).get_content()
		self.assertNotIn(b"PhoneMakerGPS", content)  # the EXIF is gone
		self.assertEqual(Image.open(io.BytesIO(content)).size, (40, 30))

		# the page shows them with the message, through the link's own endpoint
		frappe.set_user("Guest")
		context = tracking_page(token)
		frappe.set_user("Administrator")
		message = next(m for m in context.messages if "Вот фото" in m.content)
		self.assertEqual(len(message.photo_urls), 2)
		self.assertIn("get_request_photo", message.photo_urls[0])
		_name, served, content_type = as_guest(replies.photo_content, token, files[0].name)
		self.assertEqual((served, content_type), (content, "image/jpeg"))

	def test_nobody_else_gets_the_photos_by_any_id_or_token(self):
		issue, other = self.issue(), self.issue(raised_by=OTHER)
		answer = as_guest(
			replies.add_reply,
			intake.track_token(issue.name),
			"Фото брака",
			frappe.as_json([{"name": "a.png", "data": photo_data_url("PNG")}]),
		)
		photo = frappe.get_all("File", filters={"attached_to_name": answer["communication"]}, pluck="name")[0]
		# a file the shop attached to the request is not served to the link either
		shop_file = attach_photo("internal-note.png", "Issue", issue.name)
		for token, name in [
			(intake.track_token(other.name), photo),  # another request's link
			("not-a-token", photo),
			(intake.track_token(issue.name), shop_file.name),
			(intake.track_token(issue.name), "../../site_config.json"),
			(intake.track_token(issue.name), None),
		]:
			with self.assertRaises(frappe.DoesNotExistError):
				as_guest(replies.photo_content, token, name)

	def test_a_third_partys_photo_in_the_thread_is_not_shown_to_the_link(self):
		issue = self.issue()
		courier = frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Received",
				"sender": "courier@example.net",
				"subject": "Накладная",
				"content": "<p>Фото накладной</p>",
				"reference_doctype": "Issue",
				"reference_name": issue.name,
			}
		).insert(ignore_permissions=True)
		waybill = attach_photo("waybill.png", "Communication", courier.name)
		self.assertEqual(replies.photos_of([courier.name], CUSTOMER), {})
		with self.assertRaises(frappe.DoesNotExistError):
			as_guest(replies.photo_content, intake.track_token(issue.name), waybill.name)

	def test_what_is_not_a_photo_is_refused_and_nothing_is_written(self):
		issue = self.issue()
		token = intake.track_token(issue.name)
		svg = "data:image/png;base64," + base64.b64encode(b"<svg onload='alert(1)'/>").decode()
		cases = [
			(frappe.as_json([{"name": "x.png", "data": svg}]), "JPEG, PNG, WebP or GIF"),
			(frappe.as_json([{"name": "x", "data": "not a data url"}]), "JPEG, PNG, WebP or GIF"),
			(frappe.as_json([{"name": "p.png", "data": photo_data_url("PNG")}] * 4), "At most 3 photos"),
			("{not json", "could not be read"),
		]
		for photos, message in cases:
			self.assertIn(message, self.refused(replies.add_reply, token, "Фото", photos))
		frappe.db.set_single_value("Service Desk Settings", "reply_photo_max_mb", 1)
		big = io.BytesIO()
		Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(
			big, "PNG"
		)  # noise: no compression
		self.assertGreater(len(big.getvalue()), 1_048_576)
		large = frappe.as_json(
			[
				{
					"name": "big.png",
					"data": "data:image/png;base64," + base64.b64encode(big.getvalue()).decode(),
				}
			]
		)
		self.assertIn("at most 1 MB", self.refused(replies.add_reply, token, "Фото", large))
		self.assertFalse(
			frappe.get_all(
				"Communication",
				filters={
					"reference_doctype": "Issue",
					"reference_name": issue.name,
					"sent_or_received": "Received",
				},
			)
		)

	def test_the_api_answers_bad_photos_with_a_4xx(self):
		issue = self.issue()
		frappe.set_user("Guest")
		try:
			with self.assertRaises(intake.IntakeValidationError):
				api.reply_to_request(token=intake.track_token(issue.name), message="Фото", photos="[1, 2]")
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(intake.IntakeValidationError.http_status_code, 400)


class TestReopening(RepliesCase):
	def resolved(self, days_ago=0):
		issue = self.issue()
		issue.status = "Resolved"
		issue.save(ignore_permissions=True)
		when = add_days(now_datetime(), -days_ago)
		frappe.db.set_value("Issue", issue.name, "resolved_on", when, update_modified=False)
		return issue

	def page(self, issue):
		frappe.set_user("Guest")
		try:
			return tracking_page(intake.track_token(issue.name))
		finally:
			frappe.set_user("Administrator")

	def test_a_reply_within_the_days_reopens_the_request(self):
		issue = self.resolved(days_ago=3)
		context = self.page(issue)
		self.assertTrue(context.can_reply and context.reopens and context.reopen_until)
		answer = as_guest(replies.add_reply, intake.track_token(issue.name), "Платье снова порвалось")
		self.assertTrue(answer["reopened"])
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "status"), "Open")
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{"reference_name": issue.name, "content": ("like", "%reopened the request%")},
			)
		)
		self.assertFalse(self.page(frappe.get_doc("Issue", issue.name)).reopens)

	def test_the_days_count_from_the_resolution_not_the_last_change(self):
		issue = self.issue()
		issue.status = "Resolved"
		issue.save(ignore_permissions=True)
		self.assertTrue(issue.resolved_on)
		frappe.db.set_value("Issue", issue.name, "resolved_on", add_days(now_datetime(), -20))
		issue.reload()
		issue.resolution_details = "<p>Ещё одна заметка агента</p>"
		issue.save(ignore_permissions=True)  # a later save: the 14 days do not start again
		self.assertFalse(self.page(issue).can_reply)
		issue.reload()
		issue.status = "Open"
		issue.save(ignore_permissions=True)
		self.assertIsNone(frappe.db.get_value("Issue", issue.name, "resolved_on"))

	def test_later_or_closed_a_new_request_is_the_way(self):
		issue = self.resolved(days_ago=15)
		context = self.page(issue)
		self.assertFalse(context.can_reply)
		self.assertTrue(context.new_request_needed)
		message = self.refused(replies.add_reply, intake.track_token(issue.name), "Ещё вопрос по заказу")
		self.assertIn("Please send a new request", message)
		self.assertEqual(frappe.db.get_value("Issue", issue.name, "status"), "Resolved")

		frappe.db.set_single_value("Service Desk Settings", "reopen_days", 0)
		fresh = self.resolved(days_ago=0)
		self.assertFalse(self.page(fresh).can_reply)

		frappe.db.set_single_value("Service Desk Settings", "reopen_days", 14)
		closed = self.issue()
		frappe.db.set_value("Issue", closed.name, "status", "Closed")
		self.assertIn("closed", self.refused(replies.add_reply, intake.track_token(closed.name), "Ответьте"))


class TestAnswerByPhone(RepliesCase):
	def submit(self, **data):
		data = {"source": "Cart", "email": CUSTOMER, "message": "Не проходит оплата картой", **data}
		return as_guest(intake.submit, data)

	def test_a_request_marked_for_a_call_gets_no_e_mail(self):
		answer = self.submit(call_me="1", phone="+7 916 123-45-67", client_token="phone-call-0001")
		issue = frappe.get_doc("Issue", answer["issue"])
		self.assertEqual((issue.contact_by_phone, issue.contact_phone), (1, "+7 916 123-45-67"))
		self.assertEqual(emails_about(issue.name, CUSTOMER), [])  # no acknowledgement
		# an agent's reply from the desk is recorded (and shown on the page) but not e-mailed to them
		agent_reply(issue.name, "<p>Перезвонили, всё решили.</p>", CUSTOMER)
		self.assertEqual(emails_about(issue.name, CUSTOMER), [])
		# nor the resolution e-mail
		issue.reload()
		issue.status = "Resolved"
		issue.save(ignore_permissions=True)
		self.assertFalse(csat.send_resolution(issue.name))
		self.assertEqual(emails_about(issue.name, CUSTOMER), [])

	def test_unticking_lets_e_mail_through_again(self):
		issue = self.issue(contact_by_phone=1, contact_phone="+7 916 000-00-00")
		self.assertTrue(
			frappe.db.exists("Email Unsubscribe", {"reference_name": issue.name, "email": CUSTOMER})
		)
		issue.contact_by_phone = 0
		issue.save(ignore_permissions=True)
		self.assertFalse(frappe.db.exists("Email Unsubscribe", {"reference_name": issue.name}))
		agent_reply(issue.name, "<p>Ответ письмом</p>", CUSTOMER)
		self.assertEqual(len(emails_about(issue.name, CUSTOMER)), 1)

	def test_the_address_as_typed_in_the_desk_is_held_back_too(self):
		issue = self.issue(
			raised_by="Vera.Replies@Example.net", contact_by_phone=1, contact_phone="+7 916 000-00-00"
		)
		agent_reply(issue.name, "<p>Ответ письмом</p>", "Vera.Replies@Example.net")
		self.assertEqual(emails_about(issue.name, "Vera.Replies@Example.net"), [])
		# and the timeline does not say the customer left the conversation
		self.assertFalse(
			frappe.db.exists(
				"Comment", {"reference_name": issue.name, "content": ("like", "%Left this conversation%")}
			)
		)

	def test_a_customer_who_opted_out_gets_no_e_mail(self):
		frappe.get_doc({"doctype": "Email Unsubscribe", "email": CUSTOMER, "global_unsubscribe": 1}).insert(
			ignore_permissions=True
		)
		answer = self.submit(client_token="opted-out-0001")
		self.assertEqual(emails_about(answer["issue"], CUSTOMER), [])
		frappe.db.set_value("Issue", answer["issue"], "status", "Resolved")
		self.assertFalse(csat.send_resolution(answer["issue"]))

	def test_the_contacts_unsubscribed_box_counts_too(self):
		make_customer(OTHER, "Лев Опт")
		contact = frappe.db.get_value("Contact Email", {"email_id": OTHER}, "parent")
		frappe.db.set_value("Contact", contact, "unsubscribed", 1)
		issue = self.issue(raised_by=OTHER, contact=contact)
		self.assertEqual(customer_mail_blocked(issue), "opted out")
		self.assertIsNone(customer_mail_blocked(self.issue()))

	def test_a_call_without_a_number_is_refused(self):
		with self.assertRaises(intake.IntakeValidationError) as caught:
			self.submit(call_me="1")
		self.assertIn("phone number", str(caught.exception))


class TestDeliveryStatus(RepliesCase):
	def test_the_canned_answer_says_where_the_order_is(self):
		make_canned_answers()
		customer = make_customer("dina.delivery@example.net", "Дина Доставка")
		item = frappe.get_all("Item", filters={"has_variants": 0, "is_stock_item": 1}, pluck="name", limit=1)[
			0
		]
		pending = make_sales_order(customer, item)
		self.assertIn("is being prepared", delivery_status(pending.sales_order, None, "en"))
		shipped = make_sales_order(customer, item, deliver=True)
		frappe.db.set_value(
			"Delivery Note", shipped.delivery_note, {"transporter_name": "CDEK", "lr_no": "TRACK-777"}
		)
		ru = get_email_template(
			"Canned: Where Is My Order (Russian)",
			frappe.as_json(
				{
					"customer_name": "Дина",
					"sales_order": shipped.sales_order,
					"delivery_note": shipped.delivery_note,
				}
			),
		)
		self.assertIn(f"Ваш заказ {shipped.sales_order} отправлен", ru["message"])
		self.assertIn("трек-номер TRACK-777", ru["message"])
		en = get_email_template(
			"Canned: Delivery Delay",
			frappe.as_json({"sales_order": shipped.sales_order, "delivery_note": shipped.delivery_note}),
		)
		self.assertIn("with CDEK (tracking number TRACK-777)", en["message"])

	def test_only_what_the_agent_may_read(self):
		customer = make_customer("dina.delivery@example.net", "Дина Доставка")
		item = frappe.get_all("Item", filters={"has_variants": 0, "is_stock_item": 1}, pluck="name", limit=1)[
			0
		]
		order = make_sales_order(customer, item)
		self.assertEqual(delivery_status("SAL-ORD-NOPE", "MAT-DN-NOPE", "en"), "")
		frappe.set_user("Guest")
		try:
			self.assertEqual(delivery_status(order.sales_order, None, "en"), "")
		finally:
			frappe.set_user("Administrator")

	def test_the_patch_updates_templates_as_shipped_only(self):
		make_canned_answers()
		shipped = {t["name"]: t["response"] for t in CANNED}
		frappe.db.set_value(
			"Email Template",
			"Canned: Where Is My Order",
			"response",
			delivery_status_in_canned.PREVIOUS["Canned: Where Is My Order"],
		)
		frappe.db.set_value("Email Template", "Canned: Delivery Delay", "response", "<p>Our own words</p>")
		delivery_status_in_canned.execute()
		self.assertEqual(
			frappe.db.get_value("Email Template", "Canned: Where Is My Order", "response"),
			shipped["Canned: Where Is My Order"],
		)
		self.assertEqual(
			frappe.db.get_value("Email Template", "Canned: Delivery Delay", "response"),
			"<p>Our own words</p>",
		)
