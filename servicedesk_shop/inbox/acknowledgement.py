"""The acknowledgement of a request that came by e-mail: the intake's own (the promise and the tracking
link, in the language of the letter), to the sender alone, as a reply in their thread."""

from servicedesk_shop.inbox.rules import message_ids
from servicedesk_shop.intake.service import send_acknowledgement


def acknowledge(issue, mail, communication) -> bool:
	"""Acknowledge `issue`, made from `mail` (an InboundMail) recorded as `communication`. A request an
	agent forwarded is acknowledged to its customer outside the agent's thread."""
	if mail.forward:
		return send_acknowledgement(issue)
	thread_ids = [*reversed(message_ids(None, mail.mail.get("References"))), mail.message_id]
	return send_acknowledgement(
		issue,
		thread={
			"subject": f"Re: {mail.subject} (#{issue.name})",
			"in_reply_to": communication.name,
			"references": [message_id for message_id in thread_ids if message_id],
		},
	)
