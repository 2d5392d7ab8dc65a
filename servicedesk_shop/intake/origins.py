"""Storefront origins allowed to call the app's public endpoints from the browser. No `frappe` import."""

from urllib.parse import urlsplit


class OriginError(ValueError):
	"""A line of the settings that is not an origin; `line` is the offending text."""

	def __init__(self, line: str):
		super().__init__(line)
		self.line = line


def normalise_origin(value: str) -> str:
	"""`https://Shop.Example:443/` -> `https://shop.example`: scheme, host and a non-default port only.
	Raises OriginError for anything else (a path, a query, user info, another scheme)."""
	text = (value or "").strip().rstrip("/")
	try:
		parts = urlsplit(text)
		port = parts.port
	except ValueError:
		raise OriginError(value)
	if (
		parts.scheme not in ("http", "https")
		or not parts.hostname
		or parts.path
		or parts.query
		or parts.fragment
		or "@" in parts.netloc
		or any(c.isspace() for c in text)
	):
		raise OriginError(value)
	default_port = {"http": 80, "https": 443}[parts.scheme]
	host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
	return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default_port else "")


def parse_origins(text: str | None) -> list[str]:
	"""The origins of the settings' text, one a line (blank lines and # comments are skipped)."""
	origins = []
	for line in (text or "").splitlines():
		line = line.strip()
		if not line or line.startswith("#"):
			continue
		origin = normalise_origin(line)
		if origin not in origins:
			origins.append(origin)
	return origins


PUBLIC_METHODS = frozenset(
	{
		"servicedesk_shop.api.submit_feedback",
		"servicedesk_shop.api.get_feedback_source",
		"servicedesk_shop.api.suggest_category",
		"servicedesk_shop.api.get_exit_reasons",
		"servicedesk_shop.api.record_exit_feedback",
		"servicedesk_shop.api.get_fit_advice",
		# the answers under the widget's text box, and "Did this answer your question?"
		"servicedesk_shop.api.suggest_answers",
		"servicedesk_shop.api.answer_feedback",
		# "Back to my cart" under the exit question's answer
		"servicedesk_shop.api.exit_back_to_cart",
		# the widget as a messenger: the sending device's conversation
		"servicedesk_shop.api.open_widget_conversation",
		"servicedesk_shop.api.get_widget_conversation",
		"servicedesk_shop.api.reply_in_widget",
		# the storefront's word that an order was placed (ServiceDesk.orderPlaced)
		"servicedesk_shop.api.record_order_placed",
	}
)
"""The endpoints a storefront on another origin calls (the widget). Nothing else answers CORS."""

_METHOD_PREFIXES = ("/api/method/", "/api/v1/method/", "/api/v2/method/")


def public_method_of(path: str) -> str | None:
	"""The public endpoint a request path calls, or None (`/api/method/x`, `/api/v2/method/x`)."""
	for prefix in _METHOD_PREFIXES:
		if path.startswith(prefix):
			method = path[len(prefix) :].strip("/")
			return method if method in PUBLIC_METHODS else None
	return None


def cors_headers(origin: str | None, allowed: list[str], method: str, preflight: dict | None = None) -> dict:
	"""The CORS headers for a request from `origin` to a public endpoint: none unless it is allowed.
	Never with credentials: the widget posts as a guest from another origin."""
	if not origin or origin not in allowed:
		return {}
	headers = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
	if preflight is not None:
		headers["Access-Control-Allow-Methods"] = (
			"GET, POST" if method.endswith("get_feedback_source") else "POST"
		)
		requested = preflight.get("headers")
		if requested:
			allowed_headers = [
				h.strip() for h in requested.split(",") if h.strip().lower() in ("accept", "content-type")
			]
			if allowed_headers:
				headers["Access-Control-Allow-Headers"] = ", ".join(allowed_headers)
		headers["Access-Control-Max-Age"] = "3600"
	return headers
