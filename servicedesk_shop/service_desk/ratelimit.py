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
Order tracking (`track_order`) counts per ten minutes: `servicedesk_track_order_rate_limit` (default 10)
per caller, and `servicedesk_track_order_per_order_limit` (default 10) per order, whoever asks, so that
neither order numbers nor the e-mails of one order can be tried one by one.
A guest's address is the client's as the trusted proxies tell it (`set_client_address`), not the first
X-Forwarded-For entry, which the client may write itself.

Attachments: `servicedesk_attachments_per_hour` (default 10) per user. Acknowledgement e-mails:
`servicedesk_acknowledgements_per_hour` (default 5) per address, so that typing someone's address into
the form again and again cannot flood their mailbox (the requests are still recorded); counted per
mailbox (servicedesk_shop.service_desk.mailbox: plus-tags, Gmail's dots and the case folded).
"""

import functools

import frappe
from frappe import _

from servicedesk_shop.service_desk.client_address import LOOPBACK, ProxyError, client_address, parse_networks
from servicedesk_shop.service_desk.counters import KEPT
from servicedesk_shop.service_desk.mailbox import mailbox_key
from servicedesk_shop.service_desk.permissions import CUSTOMER, GUEST, INTEGRATION, caller_kind

WINDOW = 60  # seconds
HOUR = 60 * 60
BUCKETS = KEPT + "rl:"
"""The buckets outlive a clearing of the cache (Frappe clears it whenever a global default is set), so
that whoever can make Frappe clear it cannot start the limits over."""

DEFAULTS = {
	"servicedesk_guest_rate_limit": 10,
	"servicedesk_customer_rate_limit": 20,
	"servicedesk_integration_rate_limit": 600,
	"servicedesk_lookup_rate_limit": 120,
	"servicedesk_suggest_rate_limit": 30,
	"servicedesk_track_order_rate_limit": 10,
	"servicedesk_track_order_per_order_limit": 10,
	"servicedesk_attachments_per_hour": 10,
	"servicedesk_acknowledgements_per_hour": 5,
}


def setting(key: str) -> int:
	value = frappe.conf.get(key)
	try:
		return int(value) if value is not None else DEFAULTS[key]
	except (TypeError, ValueError):
		return DEFAULTS[key]


_networks: dict[str, list] = {}


PROXIES_KEY = "servicedesk_shop:trusted_proxies"


def stored_trusted_proxies() -> str:
	try:
		return frappe.db.get_single_value("Service Desk Settings", "trusted_proxies") or ""
	except Exception:
		# the code is newer than the site (before `bench migrate` adds the field): the default
		return ""


def clear_trusted_proxies(doc=None, method=None):
	frappe.cache.delete_value(PROXIES_KEY)


def trusted_proxies() -> list:
	"""The proxies whose X-Forwarded-For entries are believed: the site config's
	`servicedesk_trusted_proxies` (a list, or text one a line or comma-separated), else Service Desk
	Settings' Trusted Proxies, else a proxy on the same host (loopback). Parsed once per process and
	value."""
	value = frappe.conf.get("servicedesk_trusted_proxies")
	if value in (None, "", []):
		# in Redis, not read from the database: this runs before every request of the site
		value = frappe.cache.get_value(PROXIES_KEY, generator=stored_trusted_proxies)
	key = repr(value) if value not in (None, "", []) else ""
	if key not in _networks:
		try:
			_networks[key] = parse_networks(value) if key else parse_networks(LOOPBACK)
		except ProxyError:
			# a bad entry in the site config: trust no proxy rather than a wrong one
			_networks[key] = []
	return _networks[key]


def set_client_address():
	"""before_request: `frappe.local.request_ip` is the client behind the trusted proxies, for these limits
	and Frappe's own (its guest endpoints, its log-in attempts). A request with no X-Forwarded-For is its
	peer (Frappe would have believed a client's own `Remote-Addr` header there too)."""
	request = getattr(frappe.local, "request", None)
	if not request:
		return
	remote_addr = request.remote_addr
	forwarded_for = request.headers.get("X-Forwarded-For")
	frappe.local.request_ip = client_address(
		remote_addr, forwarded_for, trusted_proxies() if forwarded_for else []
	)


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
	key = frappe.cache.make_key(BUCKETS + bucket)
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
	"""One more acknowledgement to `address`'s mailbox this hour: True past the cap (then none is sent).
	Counted per mailbox, so that `victim+1@`, `victim+2@` and `v.ictim@` share one cap."""
	bucket = f"acknowledgements:{mailbox_key(address)}"
	return count(bucket, HOUR) > setting("servicedesk_acknowledgements_per_hour")


def clear_limits():
	"""Every bucket of the app (tests and benchmarks)."""
	for key in frappe.cache.get_keys(BUCKETS):
		frappe.cache.delete(key)
