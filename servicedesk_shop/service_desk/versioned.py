"""What a process builds once from the site's documents and keeps until they change: the routing index,
the answers index. A version number in Redis says when they changed; a request reads it once."""

import frappe
from frappe.utils import cint


class VersionedCache:
	"""`build()`'s result per site and version, kept in the process; `frappe.local.<local_attr>` holds it
	for the rest of the request. `invalidate()` (a hook of the documents it reads) makes every process
	build it again at its next request.

	`version_key` must be under counters.KEPT: frappe.clear_cache() deletes other keys, and a version
	counted again from 0 would match one an idle process built long ago, which it would then keep using."""

	def __init__(self, version_key: str, local_attr: str, build):
		self.version_key = version_key
		self.local_attr = local_attr
		self.build = build
		self.built: dict[tuple[str, int], object] = {}

	def invalidate(self):
		frappe.cache.incrby(frappe.cache.make_key(self.version_key), 1)
		setattr(frappe.local, self.local_attr, None)

	def get(self):
		value = getattr(frappe.local, self.local_attr, None)
		if value is None:
			version = cint(frappe.cache.get(frappe.cache.make_key(self.version_key)))
			key = (frappe.local.site, version)
			value = self.built.get(key)
			if value is None:
				for old in [k for k in self.built if k[0] == frappe.local.site]:
					del self.built[old]
				value = self.built[key] = self.build()
			setattr(frappe.local, self.local_attr, value)
		return value
