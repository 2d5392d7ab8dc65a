"""VK Callback API and messages.send (filled in by the messengers work). No `frappe` import."""

KIND = "VK"
