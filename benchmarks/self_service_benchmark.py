"""Self-service benchmark: answers while the shopper types (servicedesk_shop.api.suggest_answers) with 5,000
published help articles, half Russian and half English, in process and over HTTP beside Frappe's ping.

    ~/frappe-bench/env/bin/python benchmarks/self_service_benchmark.py --site bench.localhost

The articles are made from a clothing shop's sentences (delivery to a city, paying, sizes and measuring,
returns, care of a fabric, orders), each a title and 6-12 sentences, bulk-inserted in a category of their
own and committed, so that the served site sees them; the category, its articles and what the run
counted of them are deleted at the end, whatever happens.

Timed in process, after a warm-up, by the wall clock and by this thread's CPU time: the index alone (`AnswerIndex.suggest`, the scoring, the language,
the boosts and the snippets) and the whole `self_service.service.suggest_answers` (the cache read of
the index version, the triage's category, the answers shown counted in Redis), over 20 questions in
both languages with a new session every round. Over HTTP: `bench serve` (Frappe's development server,
as bin/test runs it) started on `--port` for the run, one request at a time, alternating
`/api/method/ping` and `suggest_answers` (GET, a new client address each, so the guests' rate limit
is not what is measured).
"""

import os
import random
import resource
import statistics
import sys
import time
import urllib.parse
from http.client import HTTPConnection

from common import command_line, frappe_command, import_frappe, start_server, timed

CATEGORY = "Benchmark Answers"
QUESTIONS = [
	"сколько стоит доставка в Казань",
	"когда привезут мой заказ курьером",
	"как вернуть платье если не подошёл размер",
	"можно ли оплатить картой при получении",
	"как стирать шерстяной свитер",
	"как измерить обхват груди для бюстгальтера",
	"где посмотреть трек-номер посылки",
	"сколько дней идёт возврат денег на карту",
	"есть ли бесплатная доставка от какой суммы",
	"джинсы маломерят какой размер брать",
	"how much is delivery to Kazan",
	"when will the courier bring my order",
	"can I return a dress that does not fit",
	"is cash on delivery possible",
	"how to wash a wool sweater",
	"how do I measure my waist and hips",
	"where is the tracking number of my parcel",
	"how long does a refund to my card take",
	"is delivery free over some amount",
	"jeans run small which size should I take",
]

RU = {
	"cities": [
		"Москву",
		"Казань",
		"Санкт-Петербург",
		"Новосибирск",
		"Екатеринбург",
		"Самару",
		"Сочи",
		"Пермь",
	],
	"items": [
		"платье",
		"джинсы",
		"свитер",
		"куртку",
		"рубашку",
		"юбку",
		"пальто",
		"бюстгальтер",
		"кроссовки",
	],
	"fabrics": ["шерсти", "хлопка", "льна", "шёлка", "вискозы", "кашемира", "денима", "полиэстера"],
	"sentences": [
		"Доставка курьером в {city} стоит {price} ₽.",
		"При заказе от {threshold} ₽ доставка в {city} бесплатная.",
		"Курьер привозит заказ за {days} дня, в регионы посылка идёт до {days2} дней.",
		"Трек-номер приходит на почту, когда заказ передан в службу доставки.",
		"Оплатить заказ можно картой на сайте, через СБП или наличными курьеру при получении.",
		"Деньги за возврат приходят на карту за {days2} рабочих дней.",
		"Вернуть {item} можно в течение {days3} дней, если сохранены бирки.",
		"Обменять {item} на другой размер можно бесплатно в пункте выдачи.",
		"Измерьте обхват груди, талии и бёдер сантиметровой лентой и сверьтесь с таблицей размеров.",
		"Если вы между размерами, для {item} берите больший.",
		"Изделия из {fabric} стирайте при {temp} градусах в деликатном режиме.",
		"Не отжимайте {item} из {fabric} в машине, сушите на горизонтальной поверхности.",
		"Гладьте {item} с изнанки, через влажную ткань.",
		"Статус заказа виден в личном кабинете в разделе «Мои заказы».",
		"Если заказ задерживается, напишите нам номер заказа, и мы проверим его у перевозчика.",
		"Примерить {item} можно при курьере, оплатив только то, что подошло.",
	],
	"titles": [
		"Доставка в {city}: сроки и стоимость",
		"Как вернуть {item}",
		"Как выбрать размер: {item}",
		"Уход за изделиями из {fabric}",
		"Оплата заказа картой и наличными",
		"Где мой заказ: отслеживание посылки",
		"Обмен {item} на другой размер",
		"Бесплатная доставка в {city}",
	],
}
EN = {
	"cities": [
		"Moscow",
		"Kazan",
		"Saint Petersburg",
		"Novosibirsk",
		"Yekaterinburg",
		"Samara",
		"Sochi",
		"Perm",
	],
	"items": ["dress", "jeans", "sweater", "jacket", "shirt", "skirt", "coat", "bra", "sneakers"],
	"fabrics": ["wool", "cotton", "linen", "silk", "viscose", "cashmere", "denim", "polyester"],
	"sentences": [
		"Courier delivery to {city} costs {price} RUB.",
		"Delivery to {city} is free for orders over {threshold} RUB.",
		"The courier brings your order within {days} days; parcels to the regions take up to {days2} days.",
		"The tracking number is e-mailed to you once the order is handed to the carrier.",
		"You can pay by card on the website, by fast payment or in cash to the courier on delivery.",
		"Refunds reach your card within {days2} working days.",
		"You can return a {item} within {days3} days if the labels are still on.",
		"Exchanging a {item} for another size is free at a pickup point.",
		"Measure your chest, waist and hips with a tape and compare with the size chart.",
		"If you are between sizes, take the larger {item}.",
		"Wash {fabric} garments at {temp} degrees on a delicate cycle.",
		"Do not spin a {fabric} {item} in the machine; dry it flat.",
		"Iron the {item} inside out through a damp cloth.",
		"The order status is shown in your account under My Orders.",
		"If your order is late, send us its number and we will check with the carrier.",
		"You may try the {item} on while the courier waits and pay only for what fits.",
	],
	"titles": [
		"Delivery to {city}: times and cost",
		"How to return a {item}",
		"Choosing your size: {item}",
		"Caring for {fabric}",
		"Paying by card or in cash",
		"Where is my order: tracking your parcel",
		"Exchanging a {item} for another size",
		"Free delivery to {city}",
	],
}
ISSUE_TYPES = ["Delivery", "Return or Exchange", "Size and Fit", "Quality or Defect", "Delivery", "Delivery"]


def fill(template: str, words: dict, rnd: random.Random) -> str:
	return template.format(
		city=rnd.choice(words["cities"]),
		item=rnd.choice(words["items"]),
		fabric=rnd.choice(words["fabrics"]),
		price=rnd.choice([290, 350, 390, 450, 590]),
		threshold=rnd.choice([3000, 5000, 7000]),
		days=rnd.randint(1, 3),
		days2=rnd.randint(5, 10),
		days3=rnd.choice([14, 30]),
		temp=rnd.choice([30, 40]),
	)


def make_articles(frappe, count: int) -> list[str]:
	"""`count` published articles (even ones Russian, odd ones English) in CATEGORY, bulk-inserted."""
	rnd = random.Random(5000)
	if not frappe.db.exists("Help Category", CATEGORY):
		frappe.get_doc({"doctype": "Help Category", "category_name": CATEGORY}).insert(
			ignore_permissions=True
		)
	now = frappe.utils.now_datetime()
	articles, types = [], []
	for n in range(count):
		language, words = ("ru", RU) if n % 2 == 0 else ("en", EN)
		title = f"{fill(rnd.choice(words['titles']), words, rnd)} ({n})"
		content = "".join(
			f"<p>{fill(rnd.choice(words['sentences']), words, rnd)}</p>" for _ in range(rnd.randint(6, 12))
		)
		name = f"bench-answer-{n:05d}"
		articles.append(
			(
				name,
				now,
				now,
				"Administrator",
				"Administrator",
				title,
				CATEGORY,
				1,
				content,
				language,
				name,
				0,
				0,
			)
		)
		types.append((f"{name}-t", name, "Help Article", "issue_types", 1, ISSUE_TYPES[n % len(ISSUE_TYPES)]))
	fields = ["name", "creation", "modified", "owner", "modified_by", "title", "category", "published"]
	frappe.db.bulk_insert(
		"Help Article",
		[*fields, "content", "language", "slug", "helpful", "not_helpful"],
		articles,
		chunk_size=1000,
	)
	frappe.db.bulk_insert(
		"Help Article Issue Type",
		["name", "parent", "parenttype", "parentfield", "idx", "issue_type"],
		types,
		chunk_size=1000,
	)
	return [row[0] for row in articles]


def remove_articles(frappe):
	from servicedesk_shop.self_service import service

	names = frappe.get_all("Help Article", filters={"category": CATEGORY}, pluck="name")
	service.flush_answers_shown()
	for doctype in ("Self Service Tally", "Answer Feedback", "Self Service Resolution"):
		frappe.db.delete(doctype, {"article": ("in", names or [""])})
	frappe.db.delete("Help Article Issue Type", {"parent": ("in", names or [""])})
	frappe.db.delete("Help Article", {"category": CATEGORY})
	frappe.db.delete("Help Category", {"name": CATEGORY})
	frappe.db.commit()  # nosemgrep: the benchmark's articles are gone for every process
	service.invalidate_index()


def in_process(frappe, repeat: int) -> dict:
	from servicedesk_shop.self_service import service

	service.invalidate_index()
	rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
	start = time.perf_counter()
	index = service.get_index()
	built = time.perf_counter() - start
	rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
	questions = iter(range(10**9))

	def pure():
		return index.suggest(QUESTIONS[next(questions) % len(QUESTIONS)])

	def whole():
		n = next(questions)
		frappe.local.servicedesk_answers_index = None  # as in a new request: one cache read of the version
		return service.suggest_answers(
			QUESTIONS[n % len(QUESTIONS)], session_key=f"bench-{n // len(QUESTIONS):08d}"
		)

	answered = sum(1 for q in QUESTIONS if index.suggest(q))
	return {
		"articles": len(index),
		"built_s": built,
		"rss_mb": (rss_after - rss_before) / 1024,
		"answered": answered,
		"index": timed(pure, repeat),
		"service": timed(whole, repeat),
		"index_cpu": cpu_timed(pure, repeat),
		"service_cpu": cpu_timed(whole, repeat),
	}


def cpu_timed(fn, repeat: int) -> tuple[float, float]:
	"""(median, p95) of the CPU time of `fn()` in ms: this thread's own work, without the waits for
	Redis and for a core that a busy machine adds to the wall-clock figures."""
	times = []
	for _ in range(repeat):
		start = time.thread_time()
		fn()
		times.append(time.thread_time() - start)
	times.sort()
	return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


def serve(site: str, port: int):
	return start_server(
		frappe_command("--site", site, "serve", "--port", str(port), "--noreload"), port, site
	)


def get(port: int, site: str, path: str, address: str) -> tuple[int, float]:
	connection = HTTPConnection("127.0.0.1", port, timeout=60)
	start = time.perf_counter()
	connection.request(
		"GET", path, headers={"Host": site, "Accept": "application/json", "X-Forwarded-For": address}
	)
	response = connection.getresponse()
	response.read()
	elapsed = time.perf_counter() - start
	connection.close()
	return response.status, elapsed


def over_http(site: str, port: int, rounds: int) -> dict:
	server = serve(site, port)
	try:
		times = {"ping": [], "suggest_answers": []}
		for n in range(-20, rounds):  # the first 20: warm-up (the server's first suggestion builds its index)
			address = f"10.{n % 200 + 20}.{(n // 200) % 250}.{n % 250}"
			question = urllib.parse.quote(QUESTIONS[n % len(QUESTIONS)])
			for label, path in (
				("ping", "/api/method/ping"),
				("suggest_answers", f"/api/method/servicedesk_shop.api.suggest_answers?text={question}"),
			):
				status, elapsed = get(port, site, path, address)
				if status != 200:
					raise RuntimeError(f"{path}: HTTP {status}")
				if n >= 0:
					times[label].append(elapsed)
		return {
			label: (statistics.median(values) * 1000, sorted(values)[int(0.95 * (len(values) - 1))] * 1000)
			for label, values in times.items()
		}
	finally:
		server.terminate()
		server.wait()


def main():
	args = command_line(__doc__, "bench.localhost", articles=5000, repeat=2000, rounds=300, port=8015)
	load = os.getloadavg()
	frappe = import_frappe()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		remove_articles(frappe)  # what an interrupted run left
		start = time.perf_counter()
		make_articles(frappe, args.articles)
		frappe.db.commit()  # nosemgrep: the served site must see them
		made = time.perf_counter() - start
		local = in_process(frappe, args.repeat)
		http = over_http(args.site, args.port, args.rounds)
	finally:
		remove_articles(frappe)
		frappe.destroy()

	ping, suggest = http["ping"], http["suggest_answers"]
	print(f"{args.site}: {local['articles']:,} published articles made in {made:.1f} s")
	print(f"load average at the start (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in load)}")
	print(f"index built in {local['built_s']:.2f} s, about {local['rss_mb']:.0f} MB more memory")
	print(f"questions with answers: {local['answered']} of {len(QUESTIONS)}")
	print()
	print("| | median | p95 | target |")
	print("| --- | --- | --- | --- |")
	for label, key, target in (
		("the index alone (`AnswerIndex.suggest`)", "index", ""),
		("`suggest_answers` in process (version, triage, counting)", "service", "p95 ≤ 5 ms"),
	):
		wall, cpu = local[key], local[f"{key}_cpu"]
		print(f"| {label}, wall clock | {wall.median_ms:.2f} ms | {wall.p95_ms:.2f} ms | {target} |")
		print(f"| {label}, CPU | {cpu[0]:.2f} ms | {cpu[1]:.2f} ms | |")
	print(f"| `/api/method/ping` over HTTP | {ping[0]:.2f} ms | {ping[1]:.2f} ms | |")
	print(
		f"| `suggest_answers` over HTTP | {suggest[0]:.2f} ms ({suggest[0] / ping[0]:.2f}x) "
		f"| {suggest[1]:.2f} ms ({suggest[1] / ping[1]:.2f}x) | ≤ 1.5x ping |"
	)


if __name__ == "__main__":
	sys.exit(main())
