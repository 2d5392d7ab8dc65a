"""The answer-by promise (issue 9) on existing sites: the shipped acknowledgement templates, as the shop
left them, gain the line that says when the customer will hear back."""

from servicedesk_shop.intake.acknowledgement import add_promise_to_templates, make_templates


def execute():
	make_templates()
	add_promise_to_templates()
