"""The browser tests' shared fixture: one headless Chromium per test module (support.chromium)."""

import pytest
from support import chromium


@pytest.fixture(scope="module")
def browser():
	driver = chromium()
	yield driver
	driver.quit()
