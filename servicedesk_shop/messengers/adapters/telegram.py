"""Telegram Bot API (filled in by the messengers work). No `frappe` import."""

KIND = "Telegram"
