"""The shop's default records: its categories (Issue Types), feedback sources and return reasons, and the
settings a site saved before they existed gets. setup.records makes them on install. No `frappe` import:
the pure tests read them (translations, the triage model's seed set).

Texts are plain strings: Frappe translates them where it shows them, and `_()` would freeze them in the
language of whoever runs the install."""

# Service Desk Settings of the customer loop, the insight and the impact, on sites saved before they existed
SETTINGS_DEFAULTS = {
	"reopen_days": 14,
	"reply_photo_max_mb": 5,
	"fit_min_observations": 5,
	"tracking_link_days": 90,
	"conversion_window_days": 3,
}

ISSUE_TYPES = [
	"Size and Fit",
	"Quality or Defect",
	"Delivery",
	"Payment",
	"Return or Exchange",
	"Product Question",
	"Website Problem",
	"Wish or Suggestion",
	"Praise",
]

ALL_CATEGORIES: list[str] = []  # an empty list allows every Issue Type

FEEDBACK_SOURCES = [
	{
		"title": "Product Page",
		"channel": "Widget",
		"allow_guest": 1,
		"prompt": "Questions or wishes about this product? Tell us.",
		"categories": [
			"Product Question",
			"Size and Fit",
			"Quality or Defect",
			"Wish or Suggestion",
			"Praise",
		],
		"default_category": "Product Question",
	},
	{
		"title": "Size Chart",
		"channel": "Widget",
		"allow_guest": 1,
		"prompt": "Could not find your size? Tell us your measurements and we will help.",
		"categories": ["Size and Fit", "Product Question"],
		"default_category": "Size and Fit",
	},
	{
		"title": "Cart",
		"channel": "Widget",
		"allow_guest": 1,
		"prompt": "Something stops you from ordering? Tell us what.",
		"categories": ["Payment", "Website Problem", "Product Question", "Wish or Suggestion"],
		"default_category": "Website Problem",
	},
	{
		"title": "Checkout",
		"channel": "Widget",
		"allow_guest": 1,
		"prompt": "Problems with payment or delivery options? We will answer at once.",
		"categories": ["Payment", "Delivery", "Website Problem"],
		"default_category": "Payment",
		"default_priority": "High",
	},
	{
		"title": "Order Tracking",
		"channel": "Web Form",
		"allow_guest": 1,
		"order_required": 1,
		"prompt": "A question about your order? Give its number and tell us.",
		"categories": ["Delivery", "Payment", "Return or Exchange", "Quality or Defect", "Size and Fit"],
		"default_category": "Delivery",
	},
	{
		"title": "Delivery",
		"channel": "Web Form",
		"allow_guest": 1,
		"prompt": "How was your delivery? Tell us about late, damaged or wrong parcels.",
		"categories": ["Delivery", "Quality or Defect", "Praise"],
		"default_category": "Delivery",
	},
	{
		"title": "Returns",
		"channel": "Web Form",
		"allow_guest": 0,
		"order_required": 1,
		"prompt": "Want to return or exchange an item? Tell us which and why.",
		"categories": ["Return or Exchange", "Size and Fit", "Quality or Defect"],
		"default_category": "Return or Exchange",
	},
	{
		"title": "E-mail",
		"channel": "E-mail",
		"allow_guest": 0,
		"prompt": "",
		"categories": ALL_CATEGORIES,
	},
	{
		"title": "Widget",
		"channel": "Widget",
		"allow_guest": 1,
		"prompt": "Your opinion matters. Tell us what you like and what we should improve.",
		"categories": ALL_CATEGORIES,
		"default_category": "Wish or Suggestion",
	},
	{
		"title": "External Shop",
		"channel": "API",
		"allow_guest": 0,
		"prompt": "",
		"categories": ALL_CATEGORIES,
	},
]

# (reason, the category of a customer's return request given for it)
RETURN_REASONS = [
	("Size too small", "Size and Fit"),
	("Size too big", "Size and Fit"),
	("Fit", "Size and Fit"),
	("Quality or defect", "Quality or Defect"),
	("Not as described", "Return or Exchange"),
	("Wrong item sent", "Delivery"),
	("Damaged in delivery", "Delivery"),
	("Late delivery", "Delivery"),
	("Changed mind", "Return or Exchange"),
]
