"""The messengers' stand-in (servicedesk_shop/testing/messenger_standin.py) for tests without Frappe.

`import servicedesk_shop.testing.messenger_standin` runs `servicedesk_shop/testing/__init__.py` first,
which imports the factories and with them Frappe; the stand-in itself needs none, so the pure and the
HTTP tests load its file by path: `from standin import standin` (the module), or
`from standin import StandIn`."""

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[1] / "servicedesk_shop" / "testing" / "messenger_standin.py"
_NAME = "messenger_standin"

if _NAME in sys.modules:
	standin = sys.modules[_NAME]
else:
	_spec = importlib.util.spec_from_file_location(_NAME, _PATH)
	standin = importlib.util.module_from_spec(_spec)
	sys.modules[_NAME] = standin
	_spec.loader.exec_module(standin)

StandIn = standin.StandIn
