"""How the desk works on requests: teams, routing rules, service level agreements, assignments."""

import frappe
from frappe.utils import getdate

from servicedesk_shop.routing.service import RULE_LISTS

ALL_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def make_request(raised_by: str, subject: str, **values):
	"""A new request (Issue) from `raised_by`, made as the desk's hooks make it on a real one; the document."""
	return frappe.get_doc({"doctype": "Issue", "raised_by": raised_by, "subject": subject, **values}).insert(
		ignore_permissions=True
	)


def make_team(name: str, manager: str, members, method: str = "Round Robin", **values) -> str:
	"""A Service Desk Team; `members` are e-mails or dicts of member fields. Replaces an existing team's
	settings and members."""
	doc = frappe.get_doc("Service Desk Team", name) if frappe.db.exists("Service Desk Team", name) else None
	doc = doc or frappe.new_doc("Service Desk Team")
	doc.update(
		{"team_name": name, "manager": manager, "assignment_method": method, "last_assigned": None, **values}
	)
	doc.set("members", [])
	for member in members:
		row = {"user": member} if isinstance(member, str) else member
		doc.append("members", {"active": 1, **row})
	doc.save(ignore_permissions=True)
	return doc.name


def make_rule(title: str, team: str, priority: int = 10, **conditions) -> str:
	"""A Routing Rule, replacing an existing rule of that title. List conditions (routing's RULE_LISTS:
	sources, categories, item_groups, …) are lists, the other fields values."""
	if frappe.db.exists("Routing Rule", title):
		frappe.delete_doc("Routing Rule", title, ignore_permissions=True, force=True)
	rule = frappe.new_doc("Routing Rule")
	rule.update({"title": title, "team": team, "priority": priority, "enabled": 1})
	tables = {df.options: df.fieldname for df in rule.meta.get_table_fields()}
	for key, value in conditions.items():
		if key in RULE_LISTS:
			child, field = RULE_LISTS[key]
			for entry in value:
				rule.append(tables[child], {field: entry})
		else:
			rule.set(key, value)
	rule.insert(ignore_permissions=True)
	return rule.name


def ensure_priorities(*names: str):
	"""Issue Priorities Low, Medium, High and `names`."""
	for priority in dict.fromkeys(("Low", "Medium", "High", *names)):
		if not frappe.db.exists("Issue Priority", priority):
			frappe.get_doc({"doctype": "Issue Priority", "name": priority}).insert(ignore_permissions=True)


def make_holiday_list(name: str, dates=(), from_date: str | None = None, to_date: str | None = None) -> str:
	"""A Holiday List of `dates` (ISO), from this year's start to the next one's end unless told; an
	existing list is kept."""
	if not frappe.db.exists("Holiday List", name):
		year = getdate().year
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": name,
				"from_date": from_date or f"{year}-01-01",
				"to_date": to_date or f"{year + 1}-12-31",
				"holidays": [{"holiday_date": date, "description": "Public holiday"} for date in dates],
			}
		).insert(ignore_permissions=True)
	return name


def make_sla(
	name: str,
	priorities: dict[str, tuple[int, int]] | None = None,
	days=ALL_DAYS,
	start: str = "00:00:00",
	end: str = "23:59:59",
	holiday_list: str | None = None,
	default_priority: str = "Medium",
):
	"""The default Service Level Agreement for Issues, in place of the site's: `priorities` is
	{priority: (response, resolution) in seconds}, by default Medium 1 h / 4 h and High 30 min / 2 h;
	support on `days` from `start` to `end`; paused while On Hold. Returns the document."""
	priorities = priorities or {"Medium": (3600, 4 * 3600), "High": (1800, 2 * 3600)}
	ensure_priorities(*priorities)
	frappe.db.set_single_value("Support Settings", "track_service_level_agreement", 1)
	frappe.db.delete("Service Level Agreement", {"default_service_level_agreement": 1})
	return frappe.get_doc(
		{
			"doctype": "Service Level Agreement",
			"service_level": name,
			"document_type": "Issue",
			"default_service_level_agreement": 1,
			"default_priority": default_priority,
			"holiday_list": holiday_list or make_holiday_list("Service Desk Test Holidays"),
			"apply_sla_for_resolution": 1,
			"priorities": [
				{
					"priority": priority,
					"response_time": response,
					"resolution_time": resolution,
					"default_priority": int(priority == default_priority),
				}
				for priority, (response, resolution) in priorities.items()
			],
			"sla_fulfilled_on": [{"status": "Resolved"}, {"status": "Closed"}],
			"pause_sla_on": [{"status": "On Hold"}],
			"support_and_resolution": [
				{"workday": day, "start_time": start, "end_time": end} for day in days
			],
		}
	).insert(ignore_permissions=True)


def assignees(issue: str) -> list[str]:
	"""Whom the open assignments of `issue` go to, first assigned first."""
	return frappe.get_all(
		"ToDo",
		filters={"reference_type": "Issue", "reference_name": issue, "status": "Open"},
		pluck="allocated_to",
		order_by="creation",
	)
