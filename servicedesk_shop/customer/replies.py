"""The customer's answer to their request from its page (My Requests or the signed tracking link): text,
up to three photos, and within Service Desk Settings' days the reopening of a resolved request.

Photos are checked by their bytes and re-encoded (servicedesk_shop.service_desk.photos), kept as private Files of the
reply's Communication (the agent sees them with the message in the Issue's timeline), and shown to the
holder of the request's link only, through `photo_content`."""

import base64
import binascii

import frappe
from frappe import _
from frappe.utils import format_date, now_datetime

from servicedesk_shop.customer.access import request_for
from servicedesk_shop.customer.reopening import DEFAULT_REOPEN_DAYS, NEW_REQUEST, REOPEN, reply_kind
from servicedesk_shop.customer.service import resolved_on
from servicedesk_shop.intake.service import IntakeValidationError, add_customer_reply
from servicedesk_shop.service_desk.guards import parse_json_argument
from servicedesk_shop.service_desk.photos import (
	DEFAULT_MAX_MB,
	MAX_PHOTOS,
	Photo,
	PhotoError,
	check_count,
	clean_photo,
)
from servicedesk_shop.service_desk.settings import value as setting

PHOTO_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def refuse(message: str, exc=IntakeValidationError):
	frappe.flags.disable_traceback = True
	frappe.throw(message, exc)


def reopen_days() -> int:
	return setting("reopen_days", DEFAULT_REOPEN_DAYS)


def photo_limit_bytes() -> int:
	return max(setting("reply_photo_max_mb", DEFAULT_MAX_MB), 1) * 1_048_576


def kind_of_reply(issue) -> str:
	return reply_kind(issue.status, resolved_on(issue), now_datetime(), reopen_days())


def photo_error_message(error: PhotoError) -> str:
	match error.code:
		case "too_many":
			return _("At most {0} photos can be sent with one answer.").format(error.params["limit"])
		case "too_large":
			return _("The photo is too large: at most {0} MB.").format(error.params["limit_mb"])
		case "empty":
			return _("The photo is empty.")
	return _("The photo must be a JPEG, PNG, WebP or GIF image.")


def decode_photos(photos) -> list[Photo]:
	"""Photos sent as a JSON list of {"name", "data": "data:image/...;base64,..."} (what the page's
	FileReader gives), checked before anything is written."""
	if photos in (None, "", "[]"):
		return []
	photos = parse_json_argument(photos)
	if isinstance(photos, dict):
		photos = [photos]
	if not isinstance(photos, list):
		refuse(_("The photos could not be read. Please choose them again."))
	try:
		check_count(len(photos))
		cleaned = []
		for photo in photos:
			data = photo.get("data") if isinstance(photo, dict) else None
			if not isinstance(data, str) or "," not in data or not data.startswith("data:"):
				raise PhotoError("not_image")
			try:
				content = base64.b64decode(data.split(",", 1)[1], validate=True)
			except (binascii.Error, ValueError):
				raise PhotoError("not_image") from None
			cleaned.append(clean_photo(content, photo_limit_bytes()))
		return cleaned
	except PhotoError as error:
		refuse(photo_error_message(error))


def add_reply(token, message, photos=None, request=None) -> dict:
	"""The customer's answer: refused on a closed request and on one resolved longer ago than the reopen
	days (with when it was resolved); a resolved one within them is reopened through the Issue itself,
	so that ERPNext's SLA starts its clock again. `token` or `request`: see access.request_for."""
	name = request_for(token, request)
	issue = (
		frappe.db.get_value(
			"Issue",
			name,
			["name", "status", "resolved_on", "sla_resolution_date", "modified"],
			as_dict=True,
		)
		if name
		else None
	)
	if not issue:
		refuse(_("This tracking link is not valid."))
	kind = kind_of_reply(issue)
	if kind == NEW_REQUEST:
		if issue.status == "Closed":
			refuse(_("This request is closed. Please send a new one."))
		refuse(
			_("This request was resolved on {0}. Please send a new request.").format(
				format_date(resolved_on(issue))
			)
		)
	if photos not in (None, "", "[]"):
		# the hourly cap before any decoding: a caller past it costs no image work
		from servicedesk_shop.service_desk.ratelimit import count_attachment

		count_attachment()
	cleaned = decode_photos(photos)
	if kind == REOPEN:
		reopen(issue.name)
	answer = add_customer_reply(issue.name, message)
	for number, photo in enumerate(cleaned, 1):
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{issue.name}-photo-{number}.{photo.extension}",
				"content": photo.content,
				"attached_to_doctype": "Communication",
				"attached_to_name": answer["communication"],
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
	answer["photos"] = len(cleaned)
	answer["reopened"] = kind == REOPEN
	return answer


def reopen(name: str):
	"""Resolved -> Open through the document, so that ERPNext's SLA resets its resolution (a received
	message alone only sets the status), with a note in the timeline."""
	doc = frappe.get_doc("Issue", name)
	doc.status = "Open"
	doc.flags.ignore_permissions = True
	doc.save()
	doc.add_comment("Info", _("The customer reopened the request."))


def communication_files():
	"""(query, File, Communication): the files attached to messages, each joined with its message."""
	file = frappe.qb.DocType("File")
	communication = frappe.qb.DocType("Communication")
	query = (
		frappe.qb.from_(file)
		.join(communication)
		.on(communication.name == file.attached_to_name)
		.where(file.attached_to_doctype == "Communication")
	)
	return query, file, communication


def photos_of(communications: list[str], customer: str | None) -> dict[str, list[str]]:
	"""The photos (File names) of the customer's own messages (sent from the request's address, not a
	courier's or a supplier's e-mail into the thread), by Communication."""
	if not communications or not customer:
		return {}
	query, file, communication = communication_files()
	rows = (
		query.select(file.name, file.attached_to_name)
		.where(file.attached_to_name.isin(communications))
		.where(communication.sender == customer.strip())  # the collation compares without case
		.orderby(file.creation)
	).run(as_dict=True)
	found: dict[str, list[str]] = {}
	for row in rows:
		found.setdefault(row.attached_to_name, []).append(row.name)
	return found


def photo_content(token, photo, request=None) -> tuple[str, bytes, str]:
	"""(file name, bytes, content type) of a photo of the customer's own messages on the request of
	`token` or `request` (access.request_for); anything else (another request's photo, a file the shop
	attached, no such file) is a 404."""
	name = request_for(token, request)
	if not name or not isinstance(photo, str) or len(photo) > 140:
		raise frappe.DoesNotExistError(_("Photo not found."))
	customer = (frappe.db.get_value("Issue", name, "raised_by") or "").strip()
	query, file, communication = communication_files()
	row = (
		query.select(file.name, file.file_name)
		.where(file.name == photo)
		.where(communication.reference_doctype == "Issue")
		.where(communication.reference_name == name)
		.where(communication.sent_or_received == "Received")
		.where(communication.sender == customer)  # the customer's own, not a third party's
	).run(as_dict=True)
	extension = (row[0].file_name or "").rsplit(".", 1)[-1].lower() if row else ""
	if not row or extension not in PHOTO_CONTENT_TYPES:
		raise frappe.DoesNotExistError(_("Photo not found."))
	content = frappe.get_doc("File", row[0].name).get_content()
	return row[0].file_name, content, PHOTO_CONTENT_TYPES[extension]
