"""The e-mail tests, against the loopback mail server bin/mailserver runs. A package, so that its
`support` module (imported as `from .support import ...`) is not confused with tests/browser/support.py,
which the served tests import as top-level `support`."""
