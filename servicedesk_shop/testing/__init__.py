"""Factories for the integration tests, and the builders the demo makes its records with, so that tests
and demo make a customer, an order, an agent or a rule one way. They need no demo data: the demo builds
on them, never the reverse (tests/unit/test_layers.py).

- shop.py: the company, clothing in sizes with stock, sales orders;
- people.py: users, customers with their contacts, agents;
- desk.py: teams, routing rules, service level agreements, assignments;
- mail.py: the tests' e-mail accounts, what the Email Queue holds, the tracking link;
- repair.py: what ERPNext's own SLA tests do to a test site, undone (bin/test);
- erpnext_records.py: ERPNext's test records its Issue tests need, on a fresh test site (bin/test runs
  `servicedesk_shop.testing.erpnext_records.make_erpnext_issue_test_records`; not imported here, as it
  loads Frappe's test runner);
- help.py: the help centre's categories and articles;
- case.py: ShopTestCase, the integration tests' base class (the catalogue, committed fixtures, rollback),
  and TwoCustomersTestCase, two portal customers for tests that one never sees the other's;
- messengers.py: a Messenger Channel on the messengers' stand-in, and StandInTestCase, which runs it.

Import them from here: `servicedesk_shop.testing.X` is also the dotted name bin/test and bin/demo run."""

from servicedesk_shop.testing.case import ShopTestCase, TwoCustomersTestCase, as_guest, backdate
from servicedesk_shop.testing.desk import (
	ALL_DAYS,
	assignees,
	ensure_priorities,
	make_holiday_list,
	make_request,
	make_rule,
	make_sla,
	make_team,
)
from servicedesk_shop.testing.help import delete_help_articles, make_help_article, make_help_category
from servicedesk_shop.testing.mail import (
	MAIL_ACCOUNT,
	TEST_EMAIL_ACCOUNT,
	agent_reply,
	emails_about,
	ensure_mail_account,
	ensure_outgoing_email_account,
	tracking_link_sent_to,
	tracking_page,
)
from servicedesk_shop.testing.messengers import StandInTestCase, save_messenger_channel
from servicedesk_shop.testing.people import make_agent, make_customer, make_user
from servicedesk_shop.testing.repair import repair_fields_changed_by_erpnext_sla_tests
from servicedesk_shop.testing.shop import (
	CATALOGUE,
	SIZE_ATTRIBUTE,
	SIZES,
	default_warehouse,
	ensure_company,
	ensure_shop_setup,
	ensure_stock,
	get_company,
	leaf,
	make_catalogue,
	make_sales_order,
	make_sized_item,
	receive_stock,
)
