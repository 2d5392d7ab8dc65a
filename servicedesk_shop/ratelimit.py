"""Rate limits that fit who is calling, one bucket per endpoint whatever its route.

Frappe's `rate_limit` counts per IP under the request's `cmd`, so `/api/v2/method/...` (which has no
`cmd`) got buckets of its own, and a logged-in customer shared the generous limit meant for an external
shop's server. Here a guest is counted per IP, a logged-in user per user, and the bucket is named by the
endpoint's Python path. The limits are per minute, from the site config:

| caller | config key | default |
| --- | --- | --- |
| guest (per IP) | `servicedesk_guest_rate_limit` | 10 |
| logged-in customer or agent (per user) | `servicedesk_customer_rate_limit` | 20 |
| user with the Service Desk Integration role (per user) | `servicedesk_integration_rate_limit` | 600 |

Look-ups (`get_feedback_source`) allow `servicedesk_lookup_rate_limit` (default 120) per caller; the
category suggestion as the customer types (`suggest_category`) `servicedesk_suggest_rate_limit`
(default 30).
Attachments: `servicedesk_attachments_per_hour` (default 10) per user. Acknowledgement e-mails:
`servicedesk_acknowledgements_per_hour` (default 5) per address, so that typing someone's address into
the form again and again cannot flood their mailbox (the requests are still recorded).
"""

import functools

import frappe
from frappe import _

from servicedesk_shop.permissions import CUSTOMER, GUEST, INTEGRATION, caller_kind

WINDOW = 60  # seconds
HOUR = 60 * 60

DEFAULTS = {
	"servicedesk_guest_rate_limit": 10,
	"servicedesk_customer_rate_limit": 20,
	"servicedesk_integration_rate_limit": 600,
	"servicedesk_lookup_rate_limit": 120,
	"servicedesk_suggest_rate_limit": 30,
	"servicedesk_attachments_per_hour": 10,
	"servicedesk_acknowledgements_per_hour": 5,
}


def setting(key: str) -> int:
	value = frappe.conf.get(key)
	try:
		return int(value) if value is not None else DEFAULTS[key]
	except (TypeError, ValueError):
		return DEFAULTS[key]


def caller_identity() -> tuple[str, str]:
	"""(bucket identity, kind of caller): a guest by IP, anyone else by user."""
	kind = caller_kind()
	if kind == GUEST:
		return f"ip:{frappe.local.request_ip}", kind
	return f"user:{frappe.session.user}", kind


def intake_limit(kind: str) -> int:
	return setting(
		{
			GUEST: "servicedesk_guest_rate_limit",
			CUSTOMER: "servicedesk_customer_rate_limit",
			INTEGRATION: "servicedesk_integration_rate_limit",
		}[kind]
	)


def lookup_limit(kind: str) -> int:
	return max(setting("servicedesk_lookup_rate_limit"), intake_limit(kind))


def suggest_limit(kind: str) -> int:
	"""As the customer types: more than sending, less than looking up a form."""
	return max(setting("servicedesk_suggest_rate_limit"), intake_limit(kind))


def count(bucket: str, window: int) -> int:
	"""Add one to `bucket` and answer its count in the current window: in one transaction, the bucket is
	made with its expiry when missing (SET NX EX), then counted (INCR keeps the expiry), so a bucket never
	outlives its window. Redis 2.6.12 and later (EXPIRE's NX needed 7)."""
	key = frappe.cache.make_key(f"servicedesk_rl:{bucket}")
	pipe = frappe.cache.pipeline()
	pipe.set(key, 0, ex=window, nx=True)
	pipe.incr(key)
	return int(pipe.execute()[1])


def too_many():
	frappe.flags.disable_traceback = True
	frappe.throw(
		_("You hit the rate limit because of too many requests. Please try after sometime."),
		frappe.RateLimitExceededError,
	)


def limited(limit=intake_limit, window: int = WINDOW):
	"""Decorator of a whitelisted method: at most `limit(kind)` calls per `window` seconds per caller."""

	def decorator(fn):
		endpoint = f"{fn.__module__}.{fn.__qualname__}"

		@functools.wraps(fn)
		def wrapper(*args, **kwargs):
			if getattr(frappe.local, "request", None):
				identity, kind = caller_identity()
				if count(f"{endpoint}:{identity}", window) > limit(kind):
					too_many()
			return fn(*args, **kwargs)

		return wrapper

	return decorator


def count_attachment():
	"""One more attachment by the session's user this hour; past the cap, a 429."""
	identity, _kind = caller_identity()
	if count(f"attachments:{identity}", HOUR) > setting("servicedesk_attachments_per_hour"):
		frappe.flags.disable_traceback = True
		frappe.throw(
			_("You have sent too many photos this hour. Please try again later."),
			frappe.RateLimitExceededError,
		)


def acknowledgements_exceeded(address: str) -> bool:
	"""One more acknowledgement to `address` this hour: True past the cap (then none is sent)."""
	bucket = f"acknowledgements:{(address or '').lower()}"
	return count(bucket, HOUR) > setting("servicedesk_acknowledgements_per_hour")


def clear_limits():
	"""Every bucket of the app (tests and benchmarks)."""
	for key in frappe.cache.get_keys("servicedesk_rl:"):
		frappe.cache.delete(key)
