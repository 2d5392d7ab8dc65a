"""E-mail in the tests: the accounts, what the Email Queue holds, the tracking link it carries."""

import email
import re
from email import policy

import frappe
from frappe.core.doctype.communication.email import make as make_communication

from servicedesk_shop.portal.pages import track_context
from servicedesk_shop.service_desk.tracking import check_token

TEST_EMAIL_ACCOUNT = "servicedesk outgoing (test)"


def ensure_outgoing_email_account() -> str:
	"""An enabled default outgoing Email Account, so that e-mails reach the Email Queue (tests never
	connect to its server: Frappe does not send while testing)."""
	if not frappe.db.exists("Email Account", TEST_EMAIL_ACCOUNT):
		account = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": TEST_EMAIL_ACCOUNT,
				"email_id": "support@servicedesk-shop.example",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"smtp_port": 2525,
				"no_smtp_authentication": 1,
			}
		)
		account.flags.ignore_validate = True
		account.insert(ignore_permissions=True)
	elif not frappe.db.get_value("Email Account", TEST_EMAIL_ACCOUNT, "enable_outgoing"):
		frappe.db.set_value(
			"Email Account", TEST_EMAIL_ACCOUNT, {"enable_outgoing": 1, "default_outgoing": 1}
		)
	frappe.local.servicedesk_outgoing_email = None
	return TEST_EMAIL_ACCOUNT


def agent_reply(issue: str, content: str, recipients: str) -> str:
	"""An agent's e-mail answer to the request, made as the desk's reply composer makes it; its
	Communication's name."""
	return make_communication(
		doctype="Issue",
		name=issue,
		content=content,
		subject="Re: " + frappe.db.get_value("Issue", issue, "subject"),
		recipients=recipients,
		send_email=True,
		communication_medium="Email",
		sent_or_received="Sent",
	)["name"]


def emails_about(issue: str, recipient: str | None = None) -> list[frappe._dict]:
	"""The Email Queue's e-mails about Issue `issue` (to `recipient`), oldest first, each with its
	recipients and its decoded text (`body`)."""
	queue = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Issue", "reference_name": issue},
		fields=["name", "message", "creation"],
		order_by="creation asc",
	)
	found = []
	for row in queue:
		recipients = frappe.get_all("Email Queue Recipient", filters={"parent": row.name}, pluck="recipient")
		if recipient and recipient not in recipients:
			continue
		parsed = email.message_from_string(row.message or "", policy=policy.default)
		parts = [part.get_content() for part in parsed.walk() if part.get_content_maintype() == "text"]
		found.append(
			frappe._dict(
				name=row.name, recipients=recipients, subject=parsed["Subject"], body="\n".join(parts)
			)
		)
	return found


def tracking_link_sent_to(recipient: str, issue: str) -> str | None:
	"""The tracking link that the acknowledgement e-mail of `issue` holds for `recipient`, or None."""
	for mail in emails_about(issue, recipient):
		if match := re.search(r"https?://[^\s\"'<>]+/support/track[?#]token=[A-Za-z0-9_.=-]+", mail.body):
			return match.group(0)
	return None


def tracking_page(token: str) -> frappe._dict:
	"""The tracking page as the browser shows it once the link's token was exchanged for its cookie
	(`/support/track?request=…`)."""
	return track_context(frappe._dict(), check_token(token))


MAIL_ACCOUNT = "Shop Mailbox (test)"


def ensure_mail_account(
	host: str = "127.0.0.1", password: str = "mailtest", address: str = "support@shop.test"
) -> str:
	"""The shop's mailbox on the loopback mail server of the e-mail tests (bin/mailserver): ERPNext's
	Email Account pulling support@shop.test's INBOX over IMAP into Issues and sending over SMTP, as a shop
	sets it up (README "The e-mail channel"). Saving it checks both connections."""
	values = {
		"email_id": address,
		"password": password,
		"enable_incoming": 1,
		"use_imap": 1,
		"email_server": host,
		"incoming_port": 143,
		"use_ssl": 0,
		"use_starttls": 0,
		"email_sync_option": "UNSEEN",
		"initial_sync_count": 250,
		"enable_outgoing": 1,
		"smtp_server": host,
		"smtp_port": 25,
		"use_tls": 0,
		"no_smtp_authentication": 1,
		"append_to": "Issue",
	}
	existing = (
		MAIL_ACCOUNT
		if frappe.db.exists("Email Account", MAIL_ACCOUNT)
		else frappe.db.get_value("Email Account", {"email_id": values["email_id"]})
	)
	if existing:
		account = frappe.get_doc("Email Account", existing)
	else:
		account = frappe.new_doc("Email Account")
		account.email_account_name = MAIL_ACCOUNT
	account.update(values)
	if not [folder for folder in account.imap_folder if folder.folder_name == "INBOX"]:
		# a folder row anew would forget the mailbox's UIDVALIDITY: Frappe then re-reads its last UIDs,
		# 100 at most, instead of what is unseen
		account.set("imap_folder", [{"folder_name": "INBOX", "append_to": "Issue"}])
	account.save(ignore_permissions=True)
	frappe.local.servicedesk_outgoing_email = None
	return account.name
