"""The demo shop's records, as data: who its customers and agents are, what they write, how its desk
is set up. scenario.py makes them; the clothes are testing's CATALOGUE, in testing's SIZES."""

DEMO_PASSWORD = "Demo-Shop-2026"

# ERPNext's setup wizard, on a site without a company (testing.ensure_company answers the rest)
COMPANY = {
	"company_name": "Demo Shop",
	"company_abbr": "DS",
	"company_tagline": "Clothing and lingerie",
	"email": "admin@demo-shop.example",
	"password": DEMO_PASSWORD,
}

CUSTOMERS = [
	("Анна Смирнова", "anna.smirnova@example.com"),
	("Мария Иванова", "maria.ivanova@example.com"),
	("Елена Кузнецова", "elena.kuznetsova@example.com"),
	("Ольга Попова", "olga.popova@example.com"),
	("Kate Miller", "kate.miller@example.com"),
	("Ирина Соколова", "irina.sokolova@example.com"),
]

# (customer index or None for a stranger, source, category, order index or None, item template, size, text)
# "{order}" is replaced by the customer's own order number, "{foreign}" by another customer's.
REQUESTS = [
	(
		0,
		"Product Page",
		"Size and Fit",
		None,
		"DEMO-WRAP-DRESS",
		"M",
		"Платье маломерит? Обычно ношу M, рост 170.",
	),
	(0, "Order Tracking", "Delivery", 0, None, None, "Где мой заказ {order}? Обещали доставить вчера."),
	(
		0,
		"Returns",
		"Return or Exchange",
		0,
		"DEMO-WRAP-DRESS",
		"M",
		"Хочу обменять платье из заказа {order} на размер L, село маломерит.",
	),
	(
		1,
		"Size Chart",
		"Size and Fit",
		None,
		"DEMO-LACE-BRA",
		"S",
		"В таблице размеров нет обхвата под грудью 68, какой размер выбрать?",
	),
	(1, "Delivery", "Delivery", 0, None, None, "Курьер привёз заказ {order} с помятой коробкой."),
	(1, "Cart", "Payment", None, None, None, "Промокод SPRING не применяется в корзине."),
	(2, "Checkout", "Payment", None, None, None, "Оплата картой Мир не проходит, страница зависает."),
	(
		2,
		"Order Tracking",
		"Quality or Defect",
		0,
		"DEMO-SILK-PYJAMA",
		"L",
		"В заказе {order} на пижаме затяжка на рукаве.",
	),
	(
		2,
		"Product Page",
		"Praise",
		None,
		"DEMO-SILK-PYJAMA",
		"L",
		"Пижама чудесная, спасибо! Хочу такую же в синем цвете.",
	),
	(
		3,
		"Widget",
		"Wish or Suggestion",
		None,
		None,
		None,
		"Добавьте, пожалуйста, примерку перед оплатой при доставке.",
	),
	(3, "Returns", "Size and Fit", 0, "DEMO-LINEN-SHIRT", "XL", "Рубашка из {order} велика, нужен возврат."),
	(3, "Order Tracking", "Delivery", None, None, None, "Статус заказа {foreign} не меняется третий день."),
	(
		4,
		"Product Page",
		"Product Question",
		None,
		"DEMO-LINEN-SHIRT",
		"M",
		"Is the linen shirt pre-washed? Will it shrink?",
	),
	(4, "Order Tracking", "Delivery", 0, None, None, "My order {order} has not arrived yet, any news?"),
	(
		4,
		"Checkout",
		"Website Problem",
		None,
		None,
		None,
		"The checkout page shows an error after I enter my address.",
	),
	(5, "Delivery", "Delivery", 0, None, None, "Заказ {order} привезли не в то время, ждала весь день."),
	(
		5,
		"Size Chart",
		"Size and Fit",
		None,
		"DEMO-WRAP-DRESS",
		"S",
		"Между S и M — что посоветуете для платья на запах?",
	),
	(5, "Cart", "Website Problem", None, None, None, "Товары пропадают из корзины после входа в аккаунт."),
	(
		None,
		"Widget",
		"Wish or Suggestion",
		None,
		None,
		None,
		"Сделайте, пожалуйста, раздел с бельём больших размеров.",
	),
	(None, "Cart", "Payment", None, None, None, "Can I pay in installments?"),
	(
		None,
		"Product Page",
		"Product Question",
		None,
		"DEMO-LACE-BRA",
		"M",
		"Бюстгальтер с косточками или без?",
	),
	(None, "Size Chart", "Size and Fit", None, None, None, "Таблица размеров не открывается на телефоне."),
	(
		None,
		"Order Tracking",
		"Delivery",
		None,
		None,
		None,
		"Где заказ {foreign}? Я его не оформляла, но пришло письмо.",
	),
	(None, "Delivery", "Praise", None, None, None, "Спасибо курьеру, очень вежливый!"),
	(
		0,
		"Cart",
		"Product Question",
		None,
		"DEMO-LACE-BRA",
		"S",
		"Когда будет в наличии бюстгальтер размера S?",
	),
	(
		1,
		"Returns",
		"Quality or Defect",
		0,
		"DEMO-LACE-BRA",
		"S",
		"Бюстгальтер из {order} — распустился шов после первой стирки.",
	),
	(2, "Widget", "Wish or Suggestion", None, None, None, "Хотелось бы подарочную упаковку."),
	(3, "Checkout", "Delivery", None, None, None, "Нет доставки в Калининград?"),
	(4, "Widget", "Praise", None, None, None, "Great quality, fast shipping!"),
	(5, "Order Tracking", "Payment", 0, None, None, "По заказу {order} деньги списали дважды."),
	# no category chosen: triage reads it from the words (and routing uses what it reads)
	(1, "Widget", None, None, None, None, "курьер второй день не приезжает, сколько можно!"),
	(
		3,
		"Widget",
		None,
		None,
		None,
		None,
		"The zip of my new coat broke after two days, really disappointed.",
	),
	(None, "Widget", None, None, None, None, "Не могу оплатить картой, пишет ошибка платежа. Что делать?"),
]


AGENTS = {
	"manager.fit@demo-shop.example": ("Светлана", "Руководитель примерки"),
	"fit1@demo-shop.example": ("Алина", "Консультант по размерам"),
	"fit2@demo-shop.example": ("Дарья", "Консультант по размерам"),
	"manager.logistics@demo-shop.example": ("Игорь", "Руководитель логистики"),
	"logistics1@demo-shop.example": ("Павел", "Логист"),
	"logistics2@demo-shop.example": ("Никита", "Логист"),
	"senior.logistics@demo-shop.example": ("Марина", "Старший логист"),
	"payments1@demo-shop.example": ("Ольга", "Специалист по оплате"),
	"quality1@demo-shop.example": ("Татьяна", "Специалист по качеству"),
	"care1@demo-shop.example": ("Екатерина", "Служба заботы"),
	"care2@demo-shop.example": ("Юлия", "Служба заботы"),
}

# what ERPNext asks of whoever makes a return or an exchange from a request: a Delivery Note return
# (Stock User), a Credit Note (Accounts User), an exchange Sales Order (Sales User)
RETURN_ROLES = ["Stock User", "Accounts User", "Sales User"]

# team: (manager, members, method)
TEAMS = {
	"Fit and Size": (
		"manager.fit@demo-shop.example",
		["fit1@demo-shop.example", "fit2@demo-shop.example"],
		"Round Robin",
	),
	"Logistics": (
		"manager.logistics@demo-shop.example",
		["logistics1@demo-shop.example", "logistics2@demo-shop.example"],
		"Load Balancing",
	),
	"Logistics Seniors": (
		"manager.logistics@demo-shop.example",
		["senior.logistics@demo-shop.example"],
		"Round Robin",
	),
	"Payments": ("manager.logistics@demo-shop.example", ["payments1@demo-shop.example"], "Round Robin"),
	"Quality and Returns": ("manager.fit@demo-shop.example", ["quality1@demo-shop.example"], "Round Robin"),
	"Customer Care": (
		"manager.fit@demo-shop.example",
		["care1@demo-shop.example", "care2@demo-shop.example"],
		"Round Robin",
	),
}

MAX_OPEN = 25  # open requests a team member holds at most

RULES = [
	# title, priority, team, conditions
	(
		"Size complaints from product pages",
		10,
		"Fit and Size",
		{"categories": ["Size and Fit"], "sources": ["Product Page", "Size Chart"]},
	),
	("Fit words anywhere", 15, "Fit and Size", {"keywords": "маломерит\nбольшемерит\nразмер\nsize\nfit"}),
	(
		"Big delivery problems to seniors",
		20,
		"Logistics Seniors",
		{"categories": ["Delivery"], "min_order_total": 10000, "set_priority": "High"},
	),
	(
		# the mood triage reads from the customer's words: angry customers wait for no queue
		"Angry delivery customers to seniors",
		25,
		"Logistics Seniors",
		{"categories": ["Delivery"], "mood_condition": "Angry", "set_priority": "High"},
	),
	("Delivery", 30, "Logistics", {"categories": ["Delivery"]}),
	("Payments", 40, "Payments", {"categories": ["Payment"], "set_priority": "High"}),
	(
		"Quality and returns",
		50,
		"Quality and Returns",
		{"categories": ["Quality or Defect", "Return or Exchange"]},
	),
	("Everything else", 100, "Customer Care", {}),
]

HOLIDAY_LIST = "Demo Shop Holidays"
# Russian public holidays (month-day), this year and the next
HOLIDAYS = [
	"01-01",
	"01-02",
	"01-03",
	"01-04",
	"01-05",
	"01-06",
	"01-07",
	"01-08",
	"02-23",
	"03-08",
	"05-01",
	"05-09",
	"06-12",
	"11-04",
]

# the default SLA: the shop's working hours; (response, resolution) in seconds per priority
SLA = {
	"name": "Shop Standard",
	"priorities": {
		"Low": (4 * 3600, 48 * 3600),
		"Medium": (2 * 3600, 24 * 3600),
		"High": (1800, 8 * 3600),
	},
	"days": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
	"start": "09:00:00",
	"end": "21:00:00",
}

# each team's escalation policy: warn before the answer is due, then the managers
ESCALATION_LEVELS = [
	{"trigger": "Response Due In", "minutes": 30, "notify_team_manager": 1},
	{
		"trigger": "Response Overdue By",
		"minutes": 0,
		"notify_team_manager": 1,
		"notify_role": "Support Manager",
	},
	{
		"trigger": "Resolution Overdue By",
		"minutes": 120,
		"notify_team_manager": 1,
		"notify_role": "Support Manager",
		"raise_priority_to": "High",
	},
]

OVERDUE_REQUESTS = {  # demo request number: hours since its SLA started
	2: 30,
	5: 6,
	8: 3,
	12: 20,
	23: 26,
}


# demo request number: (return reason, submit the return?, exchange to size)
RETURN_REQUESTS = {
	3: ("Size too small", False, "L"),
	11: ("Size too big", True, None),
	26: ("Quality or defect", True, None),
	8: ("Quality or defect", False, None),
}


# demo request number: the category the agent left it in (None: as it came); the agent resolves it, a label
# triage learns from and the Triage Accuracy report counts
LABELLED_REQUESTS = {
	1: None,
	4: None,
	6: None,
	7: None,
	9: None,
	10: None,
	13: None,
	15: None,
	16: None,
	22: "Website Problem",  # "the size chart does not open on my phone": the site, not the size
	31: None,
	32: None,
}


# size complaints that make the wrap dress run small (with the demo's own): (customer, size, text)
FIT_REQUESTS = [
	(1, "S", "Платье маломерит: S село как XS, в груди тесно."),
	(2, "M", "Wrap dress runs small, I had to size up to L."),
	(3, "M", "Маломерит на размер, M не застёгивается на талии."),
	(4, "L", "The dress is too tight across the shoulders, runs small."),
	(5, "S", "Маловато, берите на размер больше."),
	(3, "XL", "Платье великовато в плечах."),
]


# the exit question's taps of the last four weeks: (reason, share of the taps)
EXIT_MIX = [
	("The delivery cost", 30),
	("Unsure of the size", 18),
	("The price", 14),
	("Want to compare", 12),
	("The delivery time", 10),
	("Payment failed", 6),
	("Just looking", 8),
	("Other", 2),
]


# --- impact: what the desk saved and cost ----------------------------------------------------------------

# demo request number: (hours it waited for its answer, hours ago it was answered, the agents' answers),
# before some are resolved (a second answer: not resolved at first contact)
ANSWERS = {
	1: (
		2,
		26,
		["Платье село по размеру у большинства покупательниц на размер больше: с ростом 170 советуем L."],
	),
	4: (5, 30, ["При обхвате под грудью 68 подойдёт 70, чашку выбирайте по обхвату груди."]),
	6: (1, 50, ["Промокод SPRING действует на заказы от 3 000 ₽ — добавьте ещё товар, и он применится."]),
	7: (
		3,
		8,
		[
			"Сейчас банк подтверждает платежи дольше обычного: попробуйте через 10 минут или оплату при получении."
		],
	),
	9: (20, 4, ["Спасибо! Синий цвет появится в следующем месяце, сообщим."]),
	10: (
		6,
		40,
		[
			"Спасибо за идею! Передали команде доставки.",
			"Примерка перед оплатой уже доступна в пунктах выдачи СДЭК.",
		],
	),
	13: (4, 20, ["Yes, the linen is pre-washed: it shrinks by less than 2% at 30 °C."]),
	15: (8, 30, ["Thank you! The error came from the address check; it is fixed, please try again."]),
}
# demo request number: the customer writes again after it was resolved (it is reopened)
REOPENED = {6: "Промокод всё равно не применяется, в корзине 3 500 ₽."}
# (demo request number, template, size): after the desk's answer, its customer places an order
ORDERS_AFTER_ANSWERS = [(1, "DEMO-WRAP-DRESS", "L"), (13, "DEMO-LINEN-SHIRT", "M")]
# (customer index, exit reason, hours ago, template, size): a shopper leaves the cart with their e-mail,
# reads the answer, and orders a few hours later
ORDERS_AFTER_EXIT = [(2, "The delivery cost", 2, "DEMO-LACE-BRA", "M")]
# demo request number: days ago its quality complaint's cause was fixed (the supplier changed the fabric)
CAUSE_FIXED = {8: 20}
# the wrap dress's fit advice first shown this many days ago, and how often a day since (by where)
FIT_ADVICE_SHOWN_DAYS_AGO = 30
FIT_ADVICE_SHOWN_PER_DAY = {"Product Page": 14, "Exit Answer": 3}
# the wrap dress delivered (days ago, size, pieces, returned as too small) around that day: before it 24
# delivered and 6 returned (25 %), after it 24 delivered and 2 returned (8.3 %)
WRAP_DRESS_DELIVERIES = [
	(55, "M", 8, 3),
	(45, "S", 8, 2),
	(35, "L", 8, 1),
	(25, "M", 8, 1),
	(15, "S", 8, 1),
	(5, "L", 8, 0),
]
