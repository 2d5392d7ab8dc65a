"""The browser's anonymous self-service session, as the server keeps it. No `frappe` import.

A page makes a random key per tab session (sessionStorage `sd_session`) and sends it as `session`; only
its SHA-256 is stored, so a record counts "once per session" without holding anything that identifies
the shopper's browser.
"""

import hashlib
import re

SESSION_KEY = re.compile(r"^[A-Za-z0-9_.:-]{16,64}$")
"""What a page's session key looks like (the exit question's keys too)."""
HASH_LENGTH = 32


def session_hash(value) -> str | None:
	"""The stored form of a session key (hex SHA-256, its first 32 characters); None for no key or one
	that is not a session key."""
	if not isinstance(value, str) or not SESSION_KEY.match(value):
		return None
	return hashlib.sha256(value.encode()).hexdigest()[:HASH_LENGTH]
