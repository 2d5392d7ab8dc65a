"""The self-service's custom fields (setup.install composes them): the help centre's articles and
categories in two languages, and what a request records of the answers its writer was shown."""

CUSTOM_FIELDS = {
	"Help Article": [
		{
			"fieldname": "language",
			"fieldtype": "Link",
			"options": "Language",
			"label": "Language",
			"default": "ru",
			"reqd": 1,
			"in_list_view": 1,
			"in_standard_filter": 1,
			"insert_after": "category",
			"description": "Shoppers of this language are shown this article.",
		},
		{
			"fieldname": "translation",
			"fieldtype": "Link",
			"options": "Help Article",
			"label": "Translation",
			"insert_after": "language",
			"description": "The same article in the other language: the page links to it.",
		},
		{
			"fieldname": "slug",
			"fieldtype": "Data",
			"label": "Address",
			"insert_after": "translation",
			"unique": 1,
			"no_copy": 1,
			"description": "The article's address under /support/help/: made from the title when empty.",
		},
		{
			"fieldname": "views",
			"fieldtype": "Int",
			"label": "Views",
			"insert_after": "helpful",
			"read_only": 1,
			"no_copy": 1,
			"default": "0",
			"description": "Times its page was opened (counted in Redis, added here every hour): the help centre's most read.",
		},
		{
			"fieldname": "section_answers",
			"fieldtype": "Section Break",
			"label": "What It Answers",
			"insert_after": "not_helpful",
			"collapsible": 0,
		},
		{
			"fieldname": "issue_types",
			"fieldtype": "Table MultiSelect",
			"options": "Help Article Issue Type",
			"label": "Categories",
			"insert_after": "section_answers",
			"description": "The request categories this article answers: it is suggested first for them.",
		},
		{
			"fieldname": "sources",
			"fieldtype": "Table MultiSelect",
			"options": "Help Article Source",
			"label": "Sources",
			"insert_after": "issue_types",
			"description": "The storefront points where it is suggested first (empty: everywhere alike).",
		},
		{
			"fieldname": "item_groups",
			"fieldtype": "Table MultiSelect",
			"options": "Help Article Item Group",
			"label": "Item Groups",
			"insert_after": "sources",
			"description": "Items of these groups make it rank higher (a lingerie size chart for lingerie).",
		},
	],
	"Help Category": [
		{
			"fieldname": "title_ru",
			"fieldtype": "Data",
			"label": "Title in Russian",
			"insert_after": "category_name",
		},
		{
			"fieldname": "description_ru",
			"fieldtype": "Small Text",
			"label": "Description in Russian",
			"insert_after": "category_description",
		},
		{
			"fieldname": "slug",
			"fieldtype": "Data",
			"label": "Address",
			"unique": 1,
			"insert_after": "route",
			"description": "The category's address under /support/help/: made from the name when empty.",
		},
		{
			"fieldname": "position",
			"fieldtype": "Int",
			"label": "Position",
			"insert_after": "slug",
			"description": "The help centre lists categories by this number, lowest first.",
		},
	],
	"Issue": [
		{
			"fieldname": "answers_shown",
			"fieldtype": "Small Text",
			"label": "Answers Shown",
			"insert_after": "forwarded_by",
			"read_only": 1,
			"no_copy": 1,
			"description": "The help articles the customer was shown while writing and sent the request anyway.",
		},
	],
}

INDEXES = [
	# order tracking finds an order by the shop's own number as well as by its name
	("Sales Order", ["po_no"], "servicedesk_po_no"),
]
