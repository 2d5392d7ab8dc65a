"""The loopback mail server of the e-mail tests (bin/mailserver: Postfix and Dovecot, every address of
every domain a mailbox, one password for all): send as a mail client does (smtplib), read a mailbox as
its owner does (imaplib, poplib). Reading never marks mail seen, so an Email Account that pulls UNSEEN
mail from the same mailbox still gets it. bin/test starts the server; run alone: `bin/mailserver start`."""

import email
import email.utils
import imaplib
import os
import poplib
import re
import smtplib
import time
import uuid
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from functools import cache

import pytest

HOST = os.environ.get("SERVICEDESK_MAIL_HOST", "127.0.0.1")
SMTP_PORT = int(os.environ.get("SERVICEDESK_SMTP_PORT", "25"))
IMAP_PORT = int(os.environ.get("SERVICEDESK_IMAP_PORT", "143"))
POP3_PORT = int(os.environ.get("SERVICEDESK_POP3_PORT", "110"))
PASSWORD = os.environ.get("SERVICEDESK_MAIL_PASSWORD", "mailtest")  # every mailbox's
SUPPORT_ADDRESS = "support@shop.test"
TIMEOUT = 10  # seconds for one network operation


@cache
def unavailable_reason() -> str:
	"""Why the mail server cannot be used ("" when SMTP answers and an IMAP login works)."""
	try:
		with smtplib.SMTP(HOST, SMTP_PORT, timeout=5) as smtp:
			smtp.noop()
		with imaplib.IMAP4(HOST, IMAP_PORT, timeout=5) as imap:
			imap.login(SUPPORT_ADDRESS, PASSWORD)
	except (OSError, smtplib.SMTPException, imaplib.IMAP4.error) as e:
		why = os.environ.get("SERVICEDESK_MAIL_UNAVAILABLE")  # bin/test says why it could not start one
		return f"no mail server at {HOST} (SMTP {SMTP_PORT}, IMAP {IMAP_PORT}): {e!r}; " + (
			why or "start one with bin/mailserver start"
		)
	return ""


def mail_available() -> bool:
	return not unavailable_reason()


needs_mail = pytest.mark.skipif(not mail_available(), reason=unavailable_reason() or "mail server answers")


def unique_address(domain: str = "customer.test", name: str = "customer") -> str:
	"""A mailbox nobody has used: every address of every domain is one, made on first delivery."""
	return f"{name}-{uuid.uuid4().hex[:12]}@{domain}"


def compose(sender: str, to: str, subject: str, body: str, **headers: str) -> EmailMessage:
	"""A plain-text message with the Message-ID and Date a real mail client adds; extra headers by keyword
	(underscores become dashes: in_reply_to="<...>" -> In-Reply-To)."""
	msg = EmailMessage()
	msg["From"] = sender
	msg["To"] = to
	msg["Subject"] = subject
	msg["Date"] = email.utils.formatdate(localtime=True)
	msg["Message-ID"] = email.utils.make_msgid(
		domain=email.utils.parseaddr(sender)[1].rpartition("@")[2] or None
	)
	for name, value in headers.items():
		msg[name.replace("_", "-")] = value
	msg.set_content(body)
	return msg


def send_mail(msg: EmailMessage, sender: str | None = None, recipients: list[str] | None = None) -> None:
	"""Hand msg to the SMTP server as a mail client does. The envelope sender and recipients default to
	From and To/Cc/Bcc; sender="" is the null sender of a bounce (MAIL FROM:<>)."""
	with smtplib.SMTP(HOST, SMTP_PORT, timeout=TIMEOUT) as smtp:
		refused = smtp.send_message(msg, from_addr=sender, to_addrs=recipients)
	assert not refused, f"the SMTP server refused {refused}"


def _imap(address: str) -> imaplib.IMAP4:
	imap = imaplib.IMAP4(HOST, IMAP_PORT, timeout=TIMEOUT)
	imap.login(address, PASSWORD)
	return imap


def _parse(raw: bytes) -> EmailMessage:
	"""A message off the wire (CRLF line ends, as IMAP and POP3 send it) as Python's email package reads
	a message (LF), so a text part's content compares equal to what was sent."""
	return email.message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=policy.default)


def _fetch_all(imap: imaplib.IMAP4) -> list[tuple[bytes, EmailMessage]]:
	"""(UID, message) of every message in the selected folder, oldest first, without setting \\Seen."""
	typ, data = imap.uid("FETCH", "1:*", "(UID BODY.PEEK[])")
	assert typ == "OK", data
	found = []
	for part in data:
		if isinstance(part, tuple):
			uid = re.search(rb"UID (\d+)", part[0]).group(1)
			found.append((uid, _parse(part[1])))
	return found


def mailbox_messages(address: str) -> list[EmailMessage]:
	"""Every message in address's INBOX, oldest first (read-only: nothing is marked seen)."""
	imap = _imap(address)
	try:
		typ, data = imap.select("INBOX", readonly=True)
		assert typ == "OK", data
		if int(data[0]) == 0:
			return []
		return [msg for _uid, msg in _fetch_all(imap)]
	finally:
		imap.logout()


def pop3_messages(address: str) -> list[EmailMessage]:
	"""Every message in address's mailbox as POP3 lists it (TOP, so nothing is marked seen)."""
	pop = poplib.POP3(HOST, POP3_PORT, timeout=TIMEOUT)
	try:
		pop.user(address)
		pop.pass_(PASSWORD)
		count, _size = pop.stat()
		found = []
		for number in range(1, count + 1):
			_resp, lines, _octets = pop.top(number, 10**6)
			found.append(_parse(b"\r\n".join(lines)))
		return found
	finally:
		pop.quit()


def wait_for_mail(
	address: str, predicate: Callable[[EmailMessage], bool] = lambda msg: True, timeout: float = 60
) -> EmailMessage:
	"""The first message in address's INBOX that predicate accepts, once it has arrived; fails after
	timeout seconds naming what did arrive."""
	deadline = time.monotonic() + timeout
	while True:
		messages = mailbox_messages(address)
		for msg in messages:
			if predicate(msg):
				return msg
		if time.monotonic() > deadline:
			seen = [(str(m["From"]), str(m["Subject"])) for m in messages]
			raise AssertionError(f"no matching mail for {address} in {timeout} s; the INBOX holds {seen}")
		time.sleep(0.5)


def clear_mailbox(address: str, predicate: Callable[[EmailMessage], bool] | None = None) -> int:
	"""Delete the messages of address's INBOX that predicate accepts (all without one); how many."""
	imap = _imap(address)
	try:
		typ, data = imap.select("INBOX")
		assert typ == "OK", data
		if int(data[0]) == 0:
			return 0
		uids = [uid for uid, msg in _fetch_all(imap) if predicate is None or predicate(msg)]
		if uids:
			uid_set = b",".join(uids).decode()
			imap.uid("STORE", uid_set, "+FLAGS.SILENT", r"(\Deleted)")
			imap.uid("EXPUNGE", uid_set)  # UIDPLUS: only these, not whatever else is marked deleted
		return len(uids)
	finally:
		imap.logout()
