"""The handlers of other apps' documents (hooks.py doc_events and servicedesk_shop/overrides/), read
without importing them: every dotted path in doc_events names a function that exists, and the handlers of
a new request run in the order its capabilities depend on."""

import ast
import runpy
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "servicedesk_shop"


def functions_in(module: str) -> dict[str, ast.FunctionDef]:
	path = PACKAGE.parent.joinpath(*module.split(".")).with_suffix(".py")
	assert path.exists(), f"no module {module}"
	return {node.name: node for node in ast.parse(path.read_text()).body if isinstance(node, ast.FunctionDef)}


def calls(function: ast.FunctionDef) -> list[str]:
	"""module.function of each call in the function's body, in order."""
	return [
		f"{node.func.value.id}.{node.func.attr}"
		for node in ast.walk(function)
		if isinstance(node, ast.Call)
		and isinstance(node.func, ast.Attribute)
		and isinstance(node.func.value, ast.Name)
	]


def test_every_document_event_names_a_function_that_exists():
	doc_events = runpy.run_path(str(PACKAGE / "hooks.py"))["doc_events"]
	paths = [
		path
		for events in doc_events.values()
		for handlers in events.values()
		for path in ([handlers] if isinstance(handlers, str) else handlers)
	]
	assert len(paths) > 20
	missing = [path for path in paths if path.rsplit(".", 1)[1] not in functions_in(path.rsplit(".", 1)[0])]
	assert not missing, missing


def test_erpnexts_documents_go_through_the_overrides():
	doc_events = runpy.run_path(str(PACKAGE / "hooks.py"))["doc_events"]
	for doctype in ("Issue", "Communication", "Delivery Note", "Sales Invoice", "Notification Log"):
		for event, handler in doc_events[doctype].items():
			assert isinstance(handler, str) and handler.startswith("servicedesk_shop.overrides."), (
				doctype,
				event,
				handler,
			)


def test_a_new_request_is_owned_then_triaged_then_routed():
	issue = functions_in("servicedesk_shop.overrides.issue")
	assert calls(issue["before_insert"]) == [
		"portal.own_customer_only",  # routing reads the customer's group and territory
		"triage.triage_new_issue",  # routing reads the category, urgency and mood
		"routing.route_new_issue",
	]
	assert calls(issue["validate"])[0] == "sanitize.sanitize_issue"
	assert calls(functions_in("servicedesk_shop.overrides.communication")["validate"])[0] == (
		"sanitize.sanitize_communication"
	)
