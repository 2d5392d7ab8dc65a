"""The help centre in the tests: categories and articles."""

import frappe


def make_help_category(name: str, **values) -> str:
	"""A Help Category named `name` (Frappe publishes a new one); an existing one is kept."""
	if not frappe.db.exists("Help Category", name):
		frappe.get_doc({"doctype": "Help Category", "category_name": name, **values}).insert(
			ignore_permissions=True
		)
	return name


def make_help_article(
	category: str, title: str, content: str | None = None, language: str = "ru", **values
) -> str:
	"""A published Help Article in `category`; the one of the same title and language there is kept."""
	found = frappe.db.get_value("Help Article", {"category": category, "title": title, "language": language})
	if found:
		return found
	return (
		frappe.get_doc(
			{
				"doctype": "Help Article",
				"category": category,
				"title": title,
				"content": content or f"<p>{title}</p>",
				"language": language,
				"published": 1,
				**values,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def delete_help_articles(names: list[str]):
	"""Delete the articles and what the self-service counted for them (resolutions, answers' votes, tallies)."""
	for doctype in ("Self Service Resolution", "Answer Feedback", "Self Service Tally"):
		frappe.db.delete(doctype, {"article": ["in", names]})
	for name in names:
		frappe.delete_doc("Help Article", name, ignore_permissions=True, force=True)
