"""Every string the app shows has a Russian translation (servicedesk_shop/translations/ru.csv)."""

import ast
import csv
import json
import re
from pathlib import Path

import pytest

from servicedesk_shop.setup.defaults import FEEDBACK_SOURCES, ISSUE_TYPES, RETURN_REASONS

PACKAGE = Path(__file__).resolve().parents[2] / "servicedesk_shop"
CALL = re.compile(r"""(?<![\w.])__?\(\s*(?P<q>["'])(?P<text>(?:\\.|(?!(?P=q)).)+)(?P=q)\s*[,)]""")


def russian() -> dict[str, str]:
	with open(PACKAGE / "translations" / "ru.csv", newline="") as f:
		return {row[0]: row[1] for row in csv.reader(f) if row}


def translated_literals():
	for path in PACKAGE.rglob("*"):
		if path.suffix not in (".py", ".html", ".js") or "test_" in path.name:
			continue
		for match in CALL.finditer(path.read_text()):
			yield path.relative_to(PACKAGE), match.group("text")


def custom_fields():
	"""(file, field) for every field in the CUSTOM_FIELDS of each capability's fields.py (read, not
	imported)."""
	for path in sorted(PACKAGE.glob("*/fields.py")):
		for node in ast.parse(path.read_text()).body:
			target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
			if isinstance(target, ast.Name) and target.id == "CUSTOM_FIELDS":
				for fields in ast.literal_eval(node.value).values():
					for field in fields:
						yield path.relative_to(PACKAGE), field


def test_csv_is_well_formed():
	with open(PACKAGE / "translations" / "ru.csv", newline="") as f:
		rows = list(csv.reader(f))
	assert rows, "ru.csv is empty"
	for row in rows:
		assert len(row) in (2, 3), row
		assert row[0].strip() and row[1].strip(), row
		assert sorted(re.findall(r"\{\d\}", row[0])) == sorted(re.findall(r"\{\d\}", row[1])), row


@pytest.mark.parametrize("where, text", sorted(set(translated_literals())))
def test_every_ui_string_is_translated(where, text):
	assert text in russian(), f"{where}: no Russian translation for {text!r}"


def doctype_strings():
	"""Names, labels, descriptions and Select options of the app's doctypes."""
	for path in PACKAGE.rglob("doctype/*/*.json"):
		doctype = json.loads(path.read_text())
		if doctype.get("doctype") != "DocType":
			continue
		yield doctype["name"], doctype["name"]
		for field in doctype["fields"]:
			for key in ("label", "description"):
				if field.get(key):
					yield doctype["name"], field[key]
			if field["fieldtype"] == "Select":
				for option in (field.get("options") or "").split("\n"):
					if option:
						yield doctype["name"], option


@pytest.mark.parametrize("where, text", sorted(set(doctype_strings())))
def test_doctype_labels_are_translated(where, text):
	assert text in russian(), f"{where}: no Russian translation for {text!r}"


def test_default_records_are_translated():
	ru = russian()
	missing = [t for t in ISSUE_TYPES if t not in ru]
	missing += [reason for reason, _category in RETURN_REASONS if reason not in ru]
	for source in FEEDBACK_SOURCES:
		missing += [v for v in (source["title"], source["prompt"]) if v and v not in ru]
	assert not missing


def test_custom_field_labels_are_translated():
	ru = russian()
	fields = list(custom_fields())
	assert len({where for where, _field in fields}) > 5, fields  # the capabilities' fields.py were read
	missing = []
	for where, field in fields:
		texts = [field.get("label"), field.get("description")]
		if field["fieldtype"] == "Select":
			texts += field["options"].split("\n")
		missing += [f"{where}: {text}" for text in texts if text and text not in ru]
	assert not missing


def test_routing_reasons_are_translated():
	"""Routing's reasons come from a module without frappe; the Frappe side translates each template."""
	from servicedesk_shop.routing.rules import MESSAGES

	missing = [text for text in MESSAGES.values() if text not in russian()]
	assert not missing, f"no Russian translation for {missing}"
