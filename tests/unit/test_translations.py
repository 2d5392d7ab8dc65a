"""Every string the app shows has a Russian translation (servicedesk_shop/translations/ru.csv)."""

import ast
import csv
import re
from pathlib import Path

import pytest

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


def install_constants():
	tree = ast.parse((PACKAGE / "setup" / "install.py").read_text())
	values = {}
	for node in tree.body:
		if isinstance(node, ast.Assign | ast.AnnAssign):
			target = node.targets[0] if isinstance(node, ast.Assign) else node.target
			if isinstance(target, ast.Name) and target.id in (
				"ISSUE_TYPES",
				"FEEDBACK_SOURCES",
				"ISSUE_CUSTOM_FIELDS",
				"TRIAGE_FIELDS",
			):
				source = ast.unparse(node.value).replace("ALL_CATEGORIES", "[]")
				values[target.id] = ast.literal_eval(source)
	return values


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
	import json

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


def test_default_records_and_labels_are_translated():
	ru = russian()
	constants = install_constants()
	missing = [t for t in constants["ISSUE_TYPES"] if t not in ru]
	for source in constants["FEEDBACK_SOURCES"]:
		missing += [v for v in (source["title"], source["prompt"]) if v and v not in ru]
	for field in constants["ISSUE_CUSTOM_FIELDS"] + constants["TRIAGE_FIELDS"]:
		texts = [field.get("label"), field.get("description")]
		if field["fieldtype"] == "Select":
			texts += field["options"].split("\n")
		missing += [text for text in texts if text and text not in ru]
	assert not missing


def test_routing_reasons_are_translated():
	"""Routing's reasons come from a module without frappe; the Frappe side translates each template."""
	from servicedesk_shop.routing.rules import MESSAGES

	missing = [text for text in MESSAGES.values() if text not in russian()]
	assert not missing, f"no Russian translation for {missing}"
