import pytest
from standin import StandIn


@pytest.fixture(scope="module")
def stand_in():
	"""The local stand-in of Telegram's and VK's APIs (tests/standin.py), serving for one test module."""
	with StandIn() as running:
		yield running
