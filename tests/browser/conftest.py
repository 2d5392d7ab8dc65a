"""The browser tests' shared fixtures: one headless Chromium per test module (support.chromium), and a
desk agent and a Support Manager to log in as."""

import pytest
from support import bench_python, chromium

AGENT = "agent.browser@example.com"  # reused from run to run (Frappe throttles new users)
MANAGER = "manager.browser@example.com"
PASSWORD = "Desk-Browser-2026"


@pytest.fixture(scope="module")
def browser():
	driver = chromium()
	yield driver
	driver.quit()


@pytest.fixture(scope="session")
def people():
	"""{"agent", "manager", "password"}: a Support Team agent and a Support Manager on the test site."""
	bench_python(
		"from servicedesk_shop.testing import make_user\n"
		f"make_user({AGENT!r}, 'Browser Agent', ['Support Team'], {PASSWORD!r})\n"
		f"make_user({MANAGER!r}, 'Browser Manager', ['Support Team', 'Support Manager'], {PASSWORD!r})\n"
		"print('ok')"
	)
	return {"agent": AGENT, "manager": MANAGER, "password": PASSWORD}
