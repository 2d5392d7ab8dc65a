import pytest

from servicedesk_shop.intake.origins import (
	OriginError,
	cors_headers,
	normalise_origin,
	parse_origins,
	public_method_of,
)


@pytest.mark.parametrize(
	"value, origin",
	[
		("https://Shop.Example", "https://shop.example"),
		("https://shop.example:443/", "https://shop.example"),
		("http://shop.example:80", "http://shop.example"),
		("http://127.0.0.1:8006", "http://127.0.0.1:8006"),
		("https://[::1]:8443", "https://[::1]:8443"),
	],
)
def test_origins_are_normalised(value, origin):
	assert normalise_origin(value) == origin


@pytest.mark.parametrize(
	"value",
	[
		"shop.example",
		"ftp://shop.example",
		"https://shop.example/path",
		"https://shop.example?x=1",
		"https://shop.example#x",
		"https://user@shop.example",
		"https://shop.example:port",
		"https://",
		"https://sh op.example",
		"*",
	],
)
def test_anything_but_an_origin_is_refused(value):
	with pytest.raises(OriginError) as info:
		normalise_origin(value)
	assert info.value.line == value


def test_settings_text_one_origin_a_line():
	text = "https://shop.example\n\n# the outlet\nhttps://outlet.example:8443/\nhttps://SHOP.example"
	assert parse_origins(text) == ["https://shop.example", "https://outlet.example:8443"]
	assert parse_origins(None) == []


@pytest.mark.parametrize(
	"path, method",
	[
		("/api/method/servicedesk_shop.api.submit_feedback", "servicedesk_shop.api.submit_feedback"),
		(
			"/api/v2/method/servicedesk_shop.api.get_feedback_source",
			"servicedesk_shop.api.get_feedback_source",
		),
		("/api/method/servicedesk_shop.api.request_return", None),
		("/api/method/frappe.auth.get_logged_user", None),
		("/api/resource/Issue", None),
		("/support/new", None),
	],
)
def test_only_the_public_endpoints_answer_cors(path, method):
	assert public_method_of(path) == method


def test_cors_headers_for_allowed_origins_only_and_never_with_credentials():
	allowed = ["https://shop.example"]
	method = "servicedesk_shop.api.submit_feedback"
	headers = cors_headers("https://shop.example", allowed, method)
	assert headers == {"Access-Control-Allow-Origin": "https://shop.example", "Vary": "Origin"}
	assert cors_headers("https://evil.example", allowed, method) == {}
	assert cors_headers(None, allowed, method) == {}
	preflight = cors_headers(
		"https://shop.example", allowed, method, {"headers": "Content-Type, X-Frappe-CSRF-Token, Cookie"}
	)
	assert preflight["Access-Control-Allow-Methods"] == "POST"
	assert preflight["Access-Control-Allow-Headers"] == "Content-Type"
	assert "Access-Control-Allow-Credentials" not in preflight
