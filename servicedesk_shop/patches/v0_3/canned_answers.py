"""Canned answers (issue 9) on existing sites: the shipped Email Templates for the reply composer."""

from servicedesk_shop.customer.canned import make_canned_answers


def execute():
	make_canned_answers()
