"""Insight (issue 10) on existing sites: the shop's default Exit Reasons for the cart's exit question."""

from servicedesk_shop.insight.exit_feedback import make_exit_reasons


def execute():
	make_exit_reasons()
