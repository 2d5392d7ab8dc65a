"""The help centre's addresses: slugs made from titles and the pages' URLs. No `frappe` import."""

import re
from collections.abc import Callable

from unidecode import unidecode

HELP_ROOT = "/support/help"
SLUG_LENGTH = 80
"""A slug's longest: the address stays readable, and fits Data (140) with a "-NN" suffix."""

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str | None) -> str:
	"""`text` as an address part: Latin letters (Cyrillic and accents transliterated), digits and
	single dashes; empty when nothing of it is a letter or digit."""
	ascii_text = unidecode(text or "").lower().replace("'", "")
	slug = _NOT_WORD.sub("-", ascii_text).strip("-")
	if len(slug) > SLUG_LENGTH:
		slug = slug[:SLUG_LENGTH].rsplit("-", 1)[0] or slug[:SLUG_LENGTH]
	return slug.strip("-")


def unique_slug(base: str, taken: Callable[[str], bool], fallback: str = "article") -> str:
	"""`base`, or `base-2`, `base-3`, … whichever `taken` says is free."""
	base = base or fallback
	slug, number = base, 1
	while taken(slug):
		number += 1
		slug = f"{base}-{number}"
	return slug


def category_url(category_slug: str) -> str:
	return f"{HELP_ROOT}/{category_slug}"


def article_url(category_slug: str, article_slug: str) -> str:
	return f"{HELP_ROOT}/{category_slug}/{article_slug}"
