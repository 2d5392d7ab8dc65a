"""The addresses of an e-mail, as Frappe stores them on a Communication. No `frappe` import."""

CHAT_DOMAIN = "messenger.invalid"
"""The domain of a messenger chat's address on a request (messengers.addresses): under the reserved
top-level domain `.invalid`, never e-mailed."""


def is_chat_address(address: str | None) -> bool:
	"""Whether an address stands for a messenger chat (bare or as "Name <address>"), not a mailbox."""
	address = (address or "").strip().lower().rstrip(">")
	return address.endswith("." + CHAT_DOMAIN) or address.endswith("@" + CHAT_DOMAIN)


def mailboxes(addresses) -> list:
	"""The addresses that are mailboxes, in order: without the messenger chats' ones."""
	return [address for address in addresses or [] if not is_chat_address(address)]


def addresses_of(communication, fields=("recipients", "cc", "bcc")) -> list[str]:
	"""The addresses of a Communication's To, Cc and Bcc, lower case, as Frappe stores them: comma-separated,
	each perhaps "Name <address>"."""
	found = []
	for field in fields:
		for part in (communication.get(field) or "").split(","):
			part = part.strip().lower()
			if "<" in part and part.endswith(">"):
				part = part.rsplit("<", 1)[1][:-1].strip()
			if part:
				found.append(part)
	return found


def sent_only_to(communication, address: str | None) -> bool:
	"""Whether a sent e-mail went to `address` and to nobody else (To, Cc and Bcc): only such an e-mail may
	carry the request's tracking link, which opens the conversation to whoever holds it."""
	found = addresses_of(communication)
	return bool(address and found) and set(found) == {address.strip().lower()}


def sent_to(communication, address: str | None) -> bool:
	"""Whether a sent e-mail went to `address` (in To or Cc), the way Frappe stores them: comma-separated,
	each perhaps "Name <address>"."""
	if not address or not (communication.get("recipients") or communication.get("cc")):
		return True  # a reply recorded without addressees, or a request without an address: nobody else
	return address.strip().lower() in addresses_of(communication, ("recipients", "cc"))
