"""The acknowledgement of a request that came by e-mail: the intake's own (the promise and the tracking
link, in the language of the letter), to the sender alone, as a reply in their thread."""

from servicedesk_shop.inbox.rules import is_message_id, message_ids
from servicedesk_shop.intake.service import send_acknowledgement
from servicedesk_shop.service_desk.mail import may_quote_sender


def acknowledge(issue, mail, communication) -> bool:
	"""Acknowledge `issue`, made from `mail` (an InboundMail) recorded as `communication`. A request an
	agent forwarded is acknowledged to its customer outside the agent's thread."""
	if mail.forward:
		return send_acknowledgement(issue)
	thread_ids = [*reversed(message_ids(None, mail.mail.get("References"))), mail.message_id]
	return send_acknowledgement(
		issue,
		thread={
			# their own subject only when their address is proven; else the template's, with nothing of theirs
			"subject": f"Re: {mail.subject} (#{issue.name})" if may_quote_sender(issue) else None,
			# Frappe repeats the letter's own id as In-Reply-To: only one that may stand in a header
			"in_reply_to": communication.name if is_message_id(mail.message_id) else None,
			"references": [message_id for message_id in thread_ids if is_message_id(message_id)],
		},
	)
