"""Phone lookup benchmark: a shopper who shares their phone in a chat is found by the key each contact
number keeps (messengers.service.find_by_phone, over an index), against reading every number's digits as
the lookup did before the key (the query below), on the same site and numbers.

    ~/frappe-bench/env/bin/python benchmarks/phone_lookup_benchmark.py --site test_site --contacts 100000

It adds `--contacts` contacts of one customer each, with a number typed as people type them
("+7 (9xx) xxx-xx-xx"), in one transaction that is rolled back at the end, then times `--repeat` lookups
of numbers among them with each query and prints the median and p95.
"""

import random

from common import command_line, rolled_back_site, timed

SCAN_QUERY = """
	select link.link_name as customer, contact.name as contact
	from `tabContact` contact
	join `tabDynamic Link` link
		on link.parent = contact.name and link.parenttype = 'Contact' and link.link_doctype = 'Customer'
	where contact.name in (
		select phone.parent from `tabContact Phone` phone
		where phone.parenttype = 'Contact'
			and right(regexp_replace(phone.phone, '[^0-9]', ''), 10) = %(key)s
		union
		select name from `tabContact`
		where right(regexp_replace(coalesce(mobile_no, ''), '[^0-9]', ''), 10) = %(key)s
			or right(regexp_replace(coalesce(phone, ''), '[^0-9]', ''), 10) = %(key)s
	)
	order by contact.creation
	limit 20
"""
"""The lookup before the key: every number's digits read with a regular expression."""

CHUNK = 5000


def typed(n: int) -> str:
	digits = f"{9000000000 + n:010d}"
	return f"+7 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"


def add_contacts(frappe, count: int, customer: str):
	from servicedesk_shop.messengers import rules

	now = frappe.utils.now()
	for start in range(0, count, CHUNK):
		numbers = range(start, min(start + CHUNK, count))
		contact = [(f"BENCH-PHONE-{n}", f"Bench {n}", typed(n), typed(n), now, now) for n in numbers]
		frappe.db.bulk_insert(
			"Contact", ["name", "first_name", "mobile_no", "phone", "creation", "modified"], contact
		)
		frappe.db.bulk_insert(
			"Contact Phone",
			[
				"name",
				"parent",
				"parenttype",
				"parentfield",
				"phone",
				"is_primary_mobile_no",
				"servicedesk_phone_key",
			],
			[
				(
					f"BENCH-PHONE-{n}",
					f"BENCH-PHONE-{n}",
					"Contact",
					"phone_nos",
					typed(n),
					1,
					rules.phone_key(typed(n)),
				)
				for n in numbers
			],
		)
		frappe.db.bulk_insert(
			"Dynamic Link",
			["name", "parent", "parenttype", "parentfield", "link_doctype", "link_name"],
			[
				(f"BENCH-PHONE-{n}", f"BENCH-PHONE-{n}", "Contact", "links", "Customer", customer)
				for n in numbers
			],
		)


def main():
	args = command_line(__doc__, "test_site", contacts=100_000, repeat=50)
	with rolled_back_site(args.site) as frappe:
		from servicedesk_shop.messengers import rules, service

		customer = frappe.db.get_value("Customer", {}, "name")
		add_contacts(frappe, args.contacts, customer)
		picks = [typed(random.randrange(args.contacts)) for _ in range(args.repeat + 20)]
		keyed_picks, scan_picks = iter(picks), iter(picks)
		keyed = timed(lambda: service.find_by_phone(next(keyed_picks)), args.repeat)
		scan = timed(
			lambda: frappe.db.sql(SCAN_QUERY, {"key": rules.phone_key(next(scan_picks))}, as_dict=True),
			args.repeat,
		)
		assert keyed.result[0] == customer and scan.result[0].customer == customer
		print(f"{args.contacts} contact numbers, {args.repeat} lookups each")
		print(
			f"find_by_phone (the kept key, indexed): median {keyed.median_ms:.2f} ms, p95 {keyed.p95_ms:.2f} ms"
		)
		print(
			f"every number's digits read (before):   median {scan.median_ms:.2f} ms, p95 {scan.p95_ms:.2f} ms"
		)


if __name__ == "__main__":
	main()
