"""The answer-by promise and the rating (issue 9) on existing sites: the shipped acknowledgement
templates, as the shop left them, gain the line that says when the customer will hear back; the
resolution e-mail templates with the rating links and the canned answers are made."""

from servicedesk_shop.customer.canned import make_canned_answers
from servicedesk_shop.customer.csat import make_templates as make_resolution_templates
from servicedesk_shop.intake.acknowledgement import add_promise_to_templates, make_templates


def execute():
	make_templates()
	add_promise_to_templates()
	make_resolution_templates()
	make_canned_answers()
