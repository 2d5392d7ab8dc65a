"""The layering of CONTRIBUTING.md, kept by reading the imports (AST; no module is imported here):
- a module that says it has no `frappe` import (its docstring: "No `frappe` import") has none, and imports
  no module of the app that has one;
- a capability imports only the core and the capabilities below it;
- no import circle, between modules or between capabilities (imports inside functions count too);
- the test factories (`testing`) import nothing of the demo, which builds on them;
- an import inside a function says why on its line or the line above (a real circle, a heavy library
  loaded only on use): imports stand at the top."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "servicedesk_shop"

ORDER = [
	"service_desk",
	"intake",
	"triage",
	"routing",
	"escalation",
	"returns",
	"customer",
	"self_service",
	"insight",
	"inbox",
	"messengers",
	"impact",
	"portal",
]
"""Lower first: a capability may import those before it. The core is `service_desk`."""
TOP = {"api", "setup", "demo", "testing", "overrides", "patches", "www", "hooks", "templates"}
"""What composes the capabilities (may import any of them; none imports it)."""


def modules() -> dict[str, Path]:
	found = {}
	for path in PACKAGE.rglob("*.py"):
		relative = path.relative_to(PACKAGE.parent).with_suffix("")
		name = ".".join(relative.parts)
		if name.endswith(".__init__"):
			name = name[: -len(".__init__")]
		found[name] = path
	return found


def imports_of(path: Path) -> set[str]:
	"""The app's modules that `path` imports, anywhere in it (a name imported from a package counts as the
	module of that name when there is one)."""
	names = set()
	for node in ast.walk(ast.parse(path.read_text())):
		if isinstance(node, ast.Import):
			names.update(alias.name for alias in node.names)
		elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
			names.add(node.module)
			names.update(f"{node.module}.{alias.name}" for alias in node.names)
	return names


def graph() -> dict[str, set[str]]:
	known = modules()
	return {
		name: {target for target in imports_of(path) if target in known and target != name}
		for name, path in known.items()
		if not path.name.startswith("test_")
	}


def says_pure(path: Path) -> bool:
	docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
	return "No `frappe` import" in docstring


def area(module: str) -> str:
	parts = module.split(".")
	return parts[1] if len(parts) > 1 else parts[0]


def test_pure_modules_import_no_frappe():
	known = modules()
	pure = {name for name, path in known.items() if says_pure(path)}
	assert len(pure) > 20, sorted(pure)  # the convention is in use
	offenders = []
	for name in sorted(pure):
		imported = imports_of(known[name])
		if any(target == "frappe" or target.startswith("frappe.") for target in imported):
			offenders.append(f"{name} imports frappe")
		for target in imported & set(known):
			if target not in pure and known[target].name != "__init__.py":
				offenders.append(f"{name} imports {target}, which is not pure")
	assert not offenders, offenders


def test_capabilities_import_only_what_lies_below_them():
	rank = {name: index for index, name in enumerate(ORDER)}
	offenders = []
	for module, targets in graph().items():
		source = area(module)
		if source not in rank:
			assert source in TOP or module == "servicedesk_shop", (
				f"{module}: put it in a capability or the core"
			)
			continue
		for target in targets:
			destination = area(target)
			if destination in TOP:
				offenders.append(f"{module} imports {target}, which composes the capabilities")
			elif destination in rank and rank[destination] > rank[source]:
				offenders.append(f"{module} ({source}) imports {target} ({destination}), which lies above it")
	assert not offenders, offenders


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
	"""The strongly connected components of more than one node (Tarjan)."""
	index, low, stack, on_stack, found = {}, {}, [], set(), []
	counter = [0]

	def visit(node):
		index[node] = low[node] = counter[0]
		counter[0] += 1
		stack.append(node)
		on_stack.add(node)
		for target in edges.get(node, ()):
			if target not in index:
				visit(target)
				low[node] = min(low[node], low[target])
			elif target in on_stack:
				low[node] = min(low[node], index[target])
		if low[node] == index[node]:
			component = []
			while True:
				member = stack.pop()
				on_stack.discard(member)
				component.append(member)
				if member == node:
					break
			if len(component) > 1:
				found.append(sorted(component))

	for node in list(edges):
		if node not in index:
			visit(node)
	return found


def test_no_import_circles():
	edges = graph()
	assert circles(edges) == []
	between_areas = {}
	for module, targets in edges.items():
		between_areas.setdefault(area(module), set()).update(
			area(target) for target in targets if area(target) != area(module)
		)
	assert circles(between_areas) == []


def test_testing_needs_no_demo():
	"""The shared factories need no demo data: the demo builds on servicedesk_shop.testing, never the
	reverse."""
	offenders = [
		f"{module} imports {target}"
		for module, targets in graph().items()
		if area(module) == "testing"
		for target in targets
		if area(target) == "demo"
	]
	assert not offenders, offenders
	assert any(area(target) == "testing" for target in graph()["servicedesk_shop.demo.scenario"])


def test_the_checks_can_fail():
	assert circles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
	assert area("servicedesk_shop.intake.service") == "intake"


def lazy_imports(path: Path) -> list[tuple[int, str]]:
	"""(line, text) of each import inside a function of `path` with no comment saying why: none on its
	line, none on the line above (or above the run of imports it stands in)."""
	lines = path.read_text().splitlines()
	inside = {
		node
		for function in ast.walk(ast.parse("\n".join(lines)))
		if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
		for node in ast.walk(function)
		if isinstance(node, ast.Import | ast.ImportFrom)
	}
	import_lines = {line for node in inside for line in range(node.lineno, node.end_lineno + 1)}
	found = []
	for node in sorted(inside, key=lambda node: node.lineno):
		above = node.lineno - 1
		while above in import_lines and "#" not in lines[above - 1]:
			above -= 1
		said = "#" in lines[node.lineno - 1] or (above >= 1 and lines[above - 1].strip().startswith("#"))
		if not said:
			found.append((node.lineno, lines[node.lineno - 1].strip()))
	return found


def test_imports_inside_functions_say_why():
	"""Imports stand at the top of a module; one inside a function says why on its line or the line above
	(a real circle, a heavy library loaded only on use)."""
	offenders = [
		f"{path.relative_to(PACKAGE.parent)}:{line}: {text}"
		for path in sorted(PACKAGE.rglob("*.py"))
		for line, text in lazy_imports(path)
	]
	assert not offenders, "imports inside functions without a comment saying why:\n" + "\n".join(offenders)


def test_the_lazy_import_check_can_fail(tmp_path):
	module = tmp_path / "module.py"
	module.write_text(
		"import os\n\n\ndef f():\n\timport json\n\n\ndef g():\n\t# numpy: heavy, loaded on use\n"
		"\timport numpy\n\tfrom scipy import sparse\n\n\ndef h():\n\timport re  # a circle with x\n"
	)
	assert lazy_imports(module) == [(5, "import json")]
