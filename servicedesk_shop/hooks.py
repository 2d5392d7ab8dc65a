app_name = "servicedesk_shop"
app_title = "Servicedesk Shop"
app_publisher = "servicedesk_shop developers"
app_description = (
	"Service desk of an online retail shop on ERPNext: storefront feedback, routing, SLA escalation, returns"
)
app_email = "dev@servicedesk-shop.example"
app_license = "mit"
required_apps = ["erpnext"]

export_python_type_annotations = True

# Installation
# ------------

after_install = "servicedesk_shop.setup.install.after_install"
after_migrate = "servicedesk_shop.setup.install.after_migrate"
before_uninstall = "servicedesk_shop.setup.install.before_uninstall"

# Desk
# ----

app_include_js = "/assets/servicedesk_shop/js/servicedesk_desk.js"

doctype_js = {"Issue": "public/js/issue.js", "Item": "public/js/item.js"}

# each pulled letter read with the service desk's rules (held-back mail, forwarded mail, threading)
override_doctype_class = {
	"Email Account": "servicedesk_shop.overrides.email_account.ServiceDeskEmailAccount",
	# a reply to a request from Telegram or VK goes to the chat, never to its address by e-mail
	"Communication": "servicedesk_shop.overrides.communication.ServiceDeskCommunication",
}

override_doctype_dashboards = {
	"Issue": "servicedesk_shop.escalation.dashboard.issue_dashboard",
	"Sales Order": "servicedesk_shop.returns.dashboard.sales_order_dashboard",
	"Delivery Note": "servicedesk_shop.returns.dashboard.delivery_note_dashboard",
	"Sales Invoice": "servicedesk_shop.returns.dashboard.sales_invoice_dashboard",
}

# Document Events
# ---------------

_invalidate_routing = "servicedesk_shop.routing.service.invalidate_routing"
_clear_sources = "servicedesk_shop.intake.sources.clear_source_cache"
_invalidate_answers = "servicedesk_shop.self_service.service.invalidate_index"

doc_events = {
	# ERPNext's documents: each event calls the capabilities in the order that matters (triage before
	# routing: routing reads what triage read), in servicedesk_shop/overrides/<doctype>.py
	"Issue": {
		"before_insert": "servicedesk_shop.overrides.issue.before_insert",
		"before_validate": "servicedesk_shop.overrides.issue.before_validate",
		"validate": "servicedesk_shop.overrides.issue.validate",
		"on_update": "servicedesk_shop.overrides.issue.on_update",
		"after_insert": "servicedesk_shop.overrides.issue.after_insert",
		"on_trash": "servicedesk_shop.overrides.issue.on_trash",
	},
	"Contact": {"validate": "servicedesk_shop.overrides.contact.validate"},
	**{
		doctype: {
			"on_update": _invalidate_routing,
			"on_trash": _invalidate_routing,
			"after_rename": _invalidate_routing,
		}
		# the routing index reads the rules, the teams and the trees their conditions name
		for doctype in ("Routing Rule", "Service Desk Team", "Item Group", "Customer Group", "Territory")
	},
	**{
		doctype: {
			"on_update": _clear_sources,
			"on_trash": _clear_sources,
			"after_rename": _clear_sources,
		}
		for doctype in ("Feedback Source", "Issue Type")
	},
	"Issue Priority": {
		"on_update": "servicedesk_shop.triage.service.clear_priority_cache",
		"on_trash": "servicedesk_shop.triage.service.clear_priority_cache",
		"after_rename": "servicedesk_shop.triage.service.clear_priority_cache",
	},
	# each capability checks and applies its own settings (the core doctype imports none of them)
	"Service Desk Settings": {
		"validate": [
			"servicedesk_shop.escalation.service.validate_sweep_interval",
			"servicedesk_shop.intake.cors.set_storefront_origins",
			"servicedesk_shop.impact.service.validate_settings",
		],
		"on_update": [
			_invalidate_routing,
			"servicedesk_shop.escalation.service.apply_sweep_interval",
			"servicedesk_shop.intake.cors.clear_origins_cache",
			"servicedesk_shop.service_desk.ratelimit.clear_trusted_proxies",
			# a new evidence threshold for the fit advice recounts it
			"servicedesk_shop.insight.fit_advice.on_settings_change",
		],
	},
	"Exit Reason": {
		"on_update": "servicedesk_shop.insight.exit_feedback.clear_reasons_cache",
		"on_trash": "servicedesk_shop.insight.exit_feedback.clear_reasons_cache",
		"after_rename": "servicedesk_shop.insight.exit_feedback.clear_reasons_cache",
	},
	"Item": {
		"on_update": "servicedesk_shop.insight.fit_advice.clear_item_template",
		"on_trash": "servicedesk_shop.insight.fit_advice.clear_item_template",
	},
	# a submitted order is attributed to the desk's latest contact before it (impact), a cancelled one
	# loses it
	"Sales Order": {
		"before_submit": "servicedesk_shop.overrides.sales_order.before_submit",
		"on_submit": "servicedesk_shop.overrides.sales_order.on_submit",
		"on_cancel": "servicedesk_shop.overrides.sales_order.on_cancel",
	},
	**{
		doctype: {
			"on_submit": "servicedesk_shop.overrides.sales_returns.on_submit",
			"on_trash": "servicedesk_shop.overrides.sales_returns.on_trash",
		}
		for doctype in ("Delivery Note", "Sales Invoice")
	},
	"Communication": {
		"before_insert": "servicedesk_shop.overrides.communication.before_insert",
		"validate": "servicedesk_shop.overrides.communication.validate",
		"after_insert": "servicedesk_shop.overrides.communication.after_insert",
		"on_update": "servicedesk_shop.overrides.communication.on_update",
	},
	"Notification Log": {
		"before_insert": "servicedesk_shop.overrides.notification_log.before_insert",
	},
	# the help centre's addresses (/support/help/<category>/<article>) made from the titles; any change
	# drops every process's index of answers (self_service.service)
	"Help Article": {
		"autoname": "servicedesk_shop.self_service.help_centre.set_article_name",
		"validate": "servicedesk_shop.self_service.help_centre.set_article_slug",
		"on_update": [
			"servicedesk_shop.self_service.help_centre.link_translation_back",
			_invalidate_answers,
		],
		"on_trash": _invalidate_answers,
		"after_rename": _invalidate_answers,
	},
	"Help Category": {
		"validate": "servicedesk_shop.self_service.help_centre.set_category_slug",
		"on_update": _invalidate_answers,
		"on_trash": _invalidate_answers,
		"after_rename": _invalidate_answers,
	},
}

# After the intake's background job has put a new request's first message in its timeline: what other
# capabilities add to it (a hook of this app, so that the intake imports none of them)
servicedesk_after_intake = ["servicedesk_shop.returns.service.fill_lines_from_intake"]
# what the customer is told of when they will hear back ({"answer_by", "promise"}), for the intake's
# answer and acknowledgement (the customer loop; the intake imports none of it)
servicedesk_customer_promise = ["servicedesk_shop.customer.service.promise_for"]
# what a new request records from the intake's payload besides the intake's own fields (the answers its
# writer was shown while typing, counted as not helpful), set on the Issue before it is inserted
servicedesk_intake_fields = [
	"servicedesk_shop.self_service.service.intake_fields",
	# a messenger chat's request: the chat, and its customer once the shopper proved who they are
	"servicedesk_shop.messengers.service.intake_fields",
]
# what the daily digest adds for a manager's teams (the escalation imports none of it)
servicedesk_digest_sections = [
	"servicedesk_shop.customer.csat.digest_section",
	# the week's items with the most complaints and returns, and why shoppers left the cart
	"servicedesk_shop.insight.digest.digest_section",
	# the week's automation rate and the help articles after which requests were still filed
	"servicedesk_shop.self_service.automation.digest_section",
	# in the first digest of a month, the month before: what the desk saved and cost (managers only)
	"servicedesk_shop.impact.digest.digest_section",
]

# Jinja
# -----

# the canned answers' delivery status: {{ delivery_status(sales_order, delivery_note, "ru") }}
# the monthly impact summary's print format: {% set s = impact_summary(doc.name) %}
jinja = {
	"methods": [
		"servicedesk_shop.customer.canned.delivery_status",
		"servicedesk_shop.impact.summary.impact_summary",
	]
}

# Redis keys that frappe.clear_cache() keeps (it deletes every other key of the site, and Frappe calls it
# whenever a global default is set): counts not yet written to the database, and the jobs' locks
persistent_cache_keys = ["servicedesk_shop:kept:*"]

# Requests
# --------

# CORS for the storefront widget on other origins: only the public endpoints (Service Desk Settings)
after_request = ["servicedesk_shop.intake.cors.add_cors_headers"]

# Scheduled Tasks
# ---------------

scheduler_events = {
	"cron": {
		"*/5 * * * *": [
			"servicedesk_shop.intake.service.record_pending_messages",
			"servicedesk_shop.routing.service.assign_pending_issues",
			# every 5 minutes by default: Service Desk Settings > Sweep Every rewrites this job's cron
			"servicedesk_shop.escalation.service.scheduled_sweep",
			# the orders submitted or reported since the last run, counted for the desk's contacts
			"servicedesk_shop.impact.conversions.attribute_orders",
			# messenger updates whose job was lost or failed, and chats' updates held past their limit
			"servicedesk_shop.messengers.service.sweep",
		],
		# the fit advice from the requests and returns changed since the last run (never the history)
		"*/10 * * * *": ["servicedesk_shop.insight.fit_advice.update_fit_advice"],
	},
	# the help articles' page views counted in Redis, into Help Article.views (the most read)
	"hourly": [
		"servicedesk_shop.self_service.help_centre.flush_views",
		# the answers shown while typing, counted in Redis, into Self Service Tally (the report)
		"servicedesk_shop.self_service.service.flush_answers_shown",
		# the fit advice shown, counted in Redis, into Fit Advice Tally; then the months that changed
		"servicedesk_shop.impact.shown.flush_fit_advice_shown",
		"servicedesk_shop.impact.months.update_months",
	],
	"daily": [
		"servicedesk_shop.escalation.service.send_daily_digest",
		# a new triage model when agents have given enough new labels (published only if not worse)
		"servicedesk_shop.triage.service.nightly_retrain",
		# each item's return rate before and after its fit advice, and after a complaint's cause was fixed
		"servicedesk_shop.impact.returns_avoided.update_changes",
		# the month before's figures to the Support and System Managers the digest does not reach
		"servicedesk_shop.impact.digest.send_monthly_summary",
	],
}

# Portal
# ------

# ERPNext's /issues shows customers no internal field: its list data, its form data and the document its
# page embeds keep only the customer's fields (servicedesk_shop.portal.erpnext_issues)
override_whitelisted_methods = {
	"frappe.www.list.get_list_data": "servicedesk_shop.portal.erpnext_issues.get_list_data",
	"frappe.www.list.get": "servicedesk_shop.portal.erpnext_issues.get",
	"frappe.website.doctype.web_form.web_form.get_form_data": "servicedesk_shop.portal.erpnext_issues.get_form_data",
}
update_website_context = [
	"servicedesk_shop.portal.erpnext_issues.strip_reference_doc",
	# its print pages and list pages answer a customer as the API does
	"servicedesk_shop.portal.erpnext_issues.guard_issue_pages",
]
before_request = [
	# the client's address behind the trusted proxies, before anything counts or checks it
	"servicedesk_shop.service_desk.ratelimit.set_client_address",
]
# nor a print of a request by any route, which prints every field of a request its customer may see (an
# auth hook: it runs once the user of an API key is known too)
auth_hooks = ["servicedesk_shop.portal.erpnext_issues.no_issue_prints_for_customers"]

# the customer's own pages in the portal sidebar. Not standard_portal_menu_items: Portal Settings'
# sync drops every item without a reference doctype right after adding it, so those never showed.
portal_menu_items = [
	{"title": "My Requests", "route": "/support/requests", "role": "Customer"},
	{"title": "Contact Support", "route": "/support/new", "role": "Customer"},
	{"title": "Help", "route": "/support/help", "role": "Customer"},
	{"title": "Track an Order", "route": "/support/order", "role": "Customer"},
	{"title": "Return or Exchange", "route": "/support/return", "role": "Customer"},
]

# the help centre's pages for a category and an article (www/support/help/category.py, article.py)
website_route_rules = [
	{"from_route": "/support/help/<category>", "to_route": "support/help/category"},
	{"from_route": "/support/help/<category>/<article>", "to_route": "support/help/article"},
]
