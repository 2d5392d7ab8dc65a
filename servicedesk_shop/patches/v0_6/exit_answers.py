"""The exit question answers back (issue 21) on existing sites: the default answers on the default Exit
Reasons that have none (the delivery cost, the delivery time, the size, a failed payment)."""

from servicedesk_shop.insight.exit_feedback import clear_reasons_cache, make_exit_reasons


def execute():
	make_exit_reasons()
	clear_reasons_cache()
