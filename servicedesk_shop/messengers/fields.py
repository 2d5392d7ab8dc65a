"""The messengers' custom fields: the chat a request came from, and how an answer's delivery to it went.
No `frappe` import: setup.install composes them."""

CUSTOM_FIELDS: dict = {}

INDEXES: list = []
