"""One mailbox, however its address is spelled. No `frappe` import.

Per-address limits must count mailboxes, not strings: `victim+1@gmail.com`, `v.i.c.t.i.m@gmail.com` and
`Victim@GoogleMail.com` all land in one inbox. Plus-tags are folded everywhere (a tag never names another
mailbox); dots, and Yandex's hyphens, only where the provider is known to ignore them.
"""

GMAIL = "gmail.com"
YANDEX = "yandex.ru"
DOMAIN_ALIASES = {
	"googlemail.com": GMAIL,
	**{
		domain: YANDEX
		for domain in ("ya.ru", "yandex.com", "yandex.by", "yandex.kz", "yandex.ua", "narod.ru")
	},
}
"""Domains that are one mail service."""
IGNORED_IN_LOCAL = {GMAIL: ".", YANDEX: ".-"}
"""Characters a provider ignores in the local part (Yandex reads `-` as `.`)."""


def mailbox_key(address: str | None) -> str:
	"""`V.Ictim+shop@GoogleMail.com` -> `victim@gmail.com`; an address without `@` is only lower-cased."""
	text = (address or "").strip().lower()
	local, at, domain = text.rpartition("@")
	if not at or not local:
		return text
	domain = domain.rstrip(".")
	domain = DOMAIN_ALIASES.get(domain, domain)
	local = local.split("+", 1)[0] or local
	for char in IGNORED_IN_LOCAL.get(domain, ""):
		local = local.replace(char, "")
	return f"{local}@{domain}"
