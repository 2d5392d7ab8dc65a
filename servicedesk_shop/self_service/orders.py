"""Order tracking's rules: whether an e-mail or phone is the one an order was placed with, and the
order's state in a shopper's words. No `frappe` import.

A wrong pair and a missing order must look alike from outside, in the answer and in its time. So the
contact is compared in constant time against a fixed number of slots, padded when the order has fewer
contacts (or there is no order), and never stops at the first match.
"""

import hashlib
import hmac

from servicedesk_shop.service_desk.mailbox import mailbox_key

MAX_TEXT = 140
"""The longest order number or contact a shopper may type."""
CONTACT_SLOTS = 16
"""Contacts compared per order, whatever the order has: the work does not tell how many it has."""
MIN_PHONE_DIGITS = 7
"""E.164's shortest subscriber number: fewer digits name no phone."""

_PADDING = hashlib.sha256(b"\x00a slot without a contact").digest()
_NOTHING_GIVEN = hashlib.sha256(b"\x00no contact given").digest()


def order_key(number: str | None) -> str:
	"""An order number as one rate-limit bucket, however it is typed (MariaDB compares case-blind)."""
	return (number or "").strip().casefold()


def phone_key(text: str | None) -> str:
	"""A phone number's digits, Russian numbers as +7: "8 (916) 123-45-67", "+7 916 1234567" and
	"9161234567" are one number; empty when fewer than MIN_PHONE_DIGITS digits."""
	digits = "".join(ch for ch in (text or "") if ch.isascii() and ch.isdigit())
	if len(digits) == 11 and digits[0] == "8":
		digits = "7" + digits[1:]
	elif len(digits) == 10 and digits[0] == "9":
		# a Russian mobile number without its country code
		digits = "7" + digits
	return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def contact_key(text: str | None) -> str:
	"""An e-mail address (with "@": its mailbox, service_desk.mailbox) or a phone number, comparable with
	another spelling of the same; empty when it is neither."""
	text = (text or "").strip()
	if "@" in text:
		mailbox = mailbox_key(text)
		local, _at, domain = mailbox.rpartition("@")
		return f"email:{mailbox}" if local and domain else ""
	phone = phone_key(text)
	return f"phone:{phone}" if phone else ""


def contact_matches(given: str, candidates, slots: int = CONTACT_SLOTS) -> bool:
	"""Whether the key `given` is among `candidates` (keys; empty ones name nothing), with the same work
	whatever the candidates: `slots` constant-time comparisons, no early exit. An empty `given` matches
	nothing."""
	keys = [key for key in candidates if key][:slots]
	given_digest = hashlib.sha256(given.encode()).digest() if given else _NOTHING_GIVEN
	found = False
	for slot in range(slots):
		candidate = hashlib.sha256(keys[slot].encode()).digest() if slot < len(keys) else _PADDING
		# `|`, not `or`: every slot is compared
		found = hmac.compare_digest(given_digest, candidate) | found
	return found


# --- the order's state, as the shopper reads it -------------------------------------------------------

CANCELLED = "cancelled"
ON_HOLD = "on_hold"
CLOSED = "closed"
PREPARING = "preparing"
PARTLY_SHIPPED = "partly_shipped"
SHIPPED = "shipped"
RETURNED = "returned"

STATES = (PREPARING, PARTLY_SHIPPED, SHIPPED, RETURNED, ON_HOLD, CLOSED, CANCELLED)


def shopper_state(
	docstatus: int, status: str | None, ordered: float, shipped: float, returned: float = 0.0
) -> str:
	"""One of STATES for a Sales Order: `docstatus` and ERPNext's `status`, and the quantities ordered,
	shipped (submitted Delivery Notes) and returned (return Delivery Notes)."""
	if docstatus == 2 or status == "Cancelled":
		return CANCELLED
	if shipped > 0 and returned >= shipped and (shipped >= ordered or status in ("Closed", "Completed")):
		# everything that was to go out went, and came back
		return RETURNED
	if status == "On Hold":
		return ON_HOLD
	if shipped >= ordered > 0:
		return SHIPPED
	if status == "Closed":
		# closed by the shop before everything went out: nothing more will be shipped
		return CLOSED
	if shipped > 0:
		return PARTLY_SHIPPED
	return PREPARING


def shows_expected_date(state: str) -> bool:
	"""An expected delivery date still means something for the order."""
	return state in (PREPARING, PARTLY_SHIPPED, SHIPPED, ON_HOLD)
