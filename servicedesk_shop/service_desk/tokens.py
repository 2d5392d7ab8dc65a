"""Signed tracking tokens and idempotency keys. No `frappe` import: tested by plain pytest.

A tracking token lets a guest follow one request without logging in. It is the request's name and an
HMAC of it under the site's secret: unguessable without the secret, and nothing to store.
"""

import base64
import hashlib
import hmac
import re
from datetime import timedelta

_SIGNATURE_LENGTH = 32  # hex characters of the HMAC-SHA256 kept in a token (128 bits)
_HEX_SIGNATURE = re.compile(rf"[0-9a-f]{{{_SIGNATURE_LENGTH}}}")


def _b64encode(value: str) -> str:
	return base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


def _b64decode(value: str) -> str:
	return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()


def keyed_digest(value: str, secret: str, purpose: str, length: int | None = None) -> str:
	"""HMAC-SHA256 of `purpose:value` under `secret`, as hex (its first `length` characters): what a
	token signs, and what the messengers key a realtime room and an e-mail code with."""
	digest = hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
	return digest[:length] if length else digest


def _signature(value: str, secret: str, purpose: str) -> str:
	return keyed_digest(value, secret, purpose, _SIGNATURE_LENGTH)


def sign(value: str, secret: str, purpose: str = "track") -> str:
	if not secret:
		raise ValueError("a secret is required to sign a token")
	return f"{_b64encode(value)}.{_signature(value, secret, purpose)}"


def unsign(token: str, secret: str, purpose: str = "track") -> str | None:
	"""The value signed into `token`, or None when the token is malformed or not ours."""
	if not token or not secret or not isinstance(token, str) or len(token) > 400 or "." not in token:
		return None
	encoded, signature = token.rsplit(".", 1)
	if not _HEX_SIGNATURE.fullmatch(signature):
		# compare_digest takes only ASCII text: anything else is not ours either
		return None
	try:
		value = _b64decode(encoded)
	except (ValueError, UnicodeError):
		return None
	if not hmac.compare_digest(signature, _signature(value, secret, purpose)):
		return None
	return value


def idempotency_key(client_token: str, email: str) -> str:
	"""The key under which a client's submission is stored.

	It binds the client's token to the submitter's e-mail, so that knowing someone else's token is not
	enough to get their request back."""
	return hashlib.sha256(f"{(email or '').lower()}\n{client_token}".encode()).hexdigest()


def tracked_value(name: str, revision: int = 0) -> str:
	"""What a tracking token signs: the request's name, and the revision of its links once an agent has
	revoked them (a link of an earlier revision then fails; links of revision 0 are those sent before
	links could be revoked)."""
	return f"{name}|{revision}" if revision else name


def parse_tracked_value(value: str | None) -> tuple[str, int] | None:
	"""(name, revision) of a signed tracking value, or None."""
	if not value:
		return None
	name, sep, revision = value.rpartition("|")
	if not sep:
		return value, 0
	if not name or not revision.isdigit() or len(revision) > 9:
		return None
	return name, int(revision)


def link_expired(done: bool, resolved_at, now, days: int) -> bool:
	"""Whether a tracking link has expired: `days` after the request was resolved or closed (`resolved_at`,
	a datetime); an open request's link never does."""
	if not done or resolved_at is None:
		return False
	return now > resolved_at + timedelta(days=max(int(days or 0), 0))
