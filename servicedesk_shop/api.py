"""Public API of servicedesk_shop: every endpoint under the dotted name that storefronts, the widget,
external shops and the desk call (servicedesk_shop.api.<name>). Each lives with its capability
(<capability>/api.py); this module only names them here, so that no caller breaks.

`submit_feedback` is the one intake of the shop's feedback. Every endpoint is rate limited per caller
(servicedesk_shop.service_desk.ratelimit), answers bad input with a 4xx and its message only, and checks
the permissions of every document it reads.
"""

from servicedesk_shop.customer.api import (
	confirm_sender_address,
	get_customer_panel,
	get_request_photo,
	get_track_url,
	open_tracking_link,
	rate_request,
	reply_to_request,
	revoke_tracking_links,
)
from servicedesk_shop.impact.api import (
	record_order_placed,
)
from servicedesk_shop.insight.api import (
	exit_back_to_cart,
	get_exit_reasons,
	get_fit_advice,
	record_exit_feedback,
)
from servicedesk_shop.intake.api import (
	get_feedback_source,
	submit_feedback,
)
from servicedesk_shop.messengers.agent_api import (
	get_messenger_deliveries,
	retry_messenger_delivery,
)
from servicedesk_shop.messengers.api import (
	connect_messenger_channel,
	messenger_webhook,
	retry_messenger_update,
)
from servicedesk_shop.messengers.widget_api import (
	get_widget_conversation,
	open_widget_conversation,
	reply_in_widget,
)
from servicedesk_shop.returns.api import (
	add_order_lines,
	get_order_lines,
	make_exchange,
	make_return,
	request_return,
)
from servicedesk_shop.routing.api import (
	route_issue,
	test_routing,
)
from servicedesk_shop.self_service.agent_api import (
	find_help_articles,
	make_help_article,
)
from servicedesk_shop.self_service.api import (
	answer_feedback,
	suggest_answers,
	track_order,
)
from servicedesk_shop.triage.api import (
	suggest_category,
)

ENDPOINTS = (
	"submit_feedback",
	"get_feedback_source",
	"suggest_category",
	"open_tracking_link",
	"reply_to_request",
	"get_request_photo",
	"rate_request",
	"get_customer_panel",
	"get_track_url",
	"revoke_tracking_links",
	"confirm_sender_address",
	"get_exit_reasons",
	"record_exit_feedback",
	"exit_back_to_cart",
	"get_fit_advice",
	"route_issue",
	"test_routing",
	"get_order_lines",
	"add_order_lines",
	"make_return",
	"make_exchange",
	"request_return",
	"find_help_articles",
	"make_help_article",
	"track_order",
	"suggest_answers",
	"answer_feedback",
	"open_widget_conversation",
	"get_widget_conversation",
	"reply_in_widget",
	"record_order_placed",
	"get_messenger_deliveries",
	"retry_messenger_delivery",
	"messenger_webhook",
	"connect_messenger_channel",
	"retry_messenger_update",
)
"""Every public endpoint's name here (a test checks each still answers under it)."""
