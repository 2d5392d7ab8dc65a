from servicedesk_shop.service_desk.tokens import idempotency_key, sign, unsign

SECRET = "s3cret"


def test_round_trip():
	token = sign("ISS-2026-00001", SECRET)
	assert unsign(token, SECRET) == "ISS-2026-00001"


def test_round_trip_unicode_name():
	assert unsign(sign("Заявка 1", SECRET), SECRET) == "Заявка 1"


def test_token_is_url_safe():
	token = sign("ISS-2026-00001?&/", SECRET)
	assert all(c.isalnum() or c in "-_." for c in token)


def test_other_secret_or_purpose_is_refused():
	token = sign("ISS-2026-00001", SECRET)
	assert unsign(token, "other") is None
	assert unsign(token, SECRET, purpose="reply") is None


def test_tampered_value_is_refused():
	token = sign("ISS-2026-00001", SECRET)
	other = sign("ISS-2026-00002", SECRET)
	forged = other.split(".")[0] + "." + token.split(".")[1]
	assert unsign(forged, SECRET) is None


def test_garbage_is_refused():
	for garbage in (None, "", "abc", ".", "!!!.xyz", "a" * 1000, 42):
		assert unsign(garbage, SECRET) is None


def test_sign_needs_a_secret():
	import pytest

	with pytest.raises(ValueError):
		sign("x", "")


def test_idempotency_key_binds_token_to_email():
	key = idempotency_key("token-123456", "Anna@Example.com")
	assert key == idempotency_key("token-123456", "anna@example.com")
	assert key != idempotency_key("token-123456", "eve@example.com")
	assert key != idempotency_key("token-654321", "anna@example.com")
	assert len(key) == 64


def test_non_ascii_or_surrogate_signature_is_refused_not_raised():
	# hmac.compare_digest raises TypeError on non-ASCII text: such a token is simply not ours
	token = sign("ISS-2026-00001", SECRET)
	encoded = token.split(".")[0]
	for signature in ("я" * 32, "\udcff" * 32, "ä" + token.split(".")[1][1:], "A" * 32):
		assert unsign(f"{encoded}.{signature}", SECRET) is None
	assert unsign("\udcff.\udcff", SECRET) is None
	assert unsign("заявка." + token.split(".")[1], SECRET) is None
