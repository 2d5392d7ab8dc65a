"""CORS for the storefront widget on another origin: only the app's public endpoints, only for the
origins in Service Desk Settings > Storefront Origins, never with credentials. Frappe's own `allow_cors`
would open every endpoint of the site to those origins, with cookies."""

import frappe
from frappe import _
from frappe.utils import escape_html

from servicedesk_shop.intake.origins import OriginError, cors_headers, parse_origins, public_method_of

CACHE_KEY = "servicedesk_shop:storefront_origins"


def allowed_origins() -> list[str]:
	def load():
		try:
			return parse_origins(frappe.db.get_single_value("Service Desk Settings", "storefront_origins"))
		except ValueError:
			return []

	return frappe.cache.get_value(CACHE_KEY, generator=load)


def clear_origins_cache(doc=None, method=None):
	frappe.cache.delete_value(CACHE_KEY)


def set_storefront_origins(doc, method=None):
	"""Service Desk Settings validate: one normalised origin a line (https://shop.example), or a clear
	message naming the bad line."""
	try:
		doc.storefront_origins = "\n".join(parse_origins(doc.storefront_origins))
	except OriginError as error:
		frappe.throw(
			_("{0} is not an origin: write scheme and host only, e.g. https://shop.example").format(
				frappe.bold(escape_html(error.line))
			)
		)


def add_cors_headers(response=None, request=None):
	"""after_request hook: CORS headers (preflight included) on the public endpoints for allowed origins."""
	if response is None or request is None:
		return
	origin = request.headers.get("Origin")
	if not origin:
		return
	method = public_method_of(request.path)
	if not method:
		return
	preflight = None
	if request.method == "OPTIONS":
		preflight = {"headers": request.headers.get("Access-Control-Request-Headers")}
	headers = cors_headers(origin, allowed_origins(), method, preflight)
	if headers:
		for name, value in headers.items():
			response.headers[name] = value
