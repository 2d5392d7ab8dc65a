"""The demo shop's help centre: its categories and about twenty articles in Russian and English each, for a
mono-brand clothing and lingerie web shop (help_seed.make_help_centre builds them). No `frappe` import.

Each article names the request categories (Issue Types) and storefront points (Feedback Sources) it
answers, so that the suggestions rank it first there. The shop's figures (free delivery from 5,000 ₽,
the prices and times) are the demo's; a shop edits the articles in the desk.
"""

CATEGORIES = [
	{
		"name": "Delivery",
		"title_ru": "Доставка",
		"description": "What delivery costs, how long it takes and how to receive your order.",
		"description_ru": "Сколько стоит доставка, сколько она идёт и как получить заказ.",
		"position": 1,
	},
	{
		"name": "Payment",
		"title_ru": "Оплата",
		"description": "Paying by card, on delivery or in parts.",
		"description_ru": "Оплата картой, при получении или частями.",
		"position": 2,
	},
	{
		"name": "Sizes and Fit",
		"title_ru": "Размеры и посадка",
		"description": "The size chart, how to measure yourself and how to choose a bra.",
		"description_ru": "Таблица размеров, как снять мерки и подобрать бюстгальтер.",
		"position": 3,
	},
	{
		"name": "Care",
		"title_ru": "Уход за изделиями",
		"description": "Care labels and washing lingerie so that it lasts.",
		"description_ru": "Символы на ярлыках и стирка белья, чтобы оно служило долго.",
		"position": 4,
	},
	{
		"name": "Returns and Exchanges",
		"title_ru": "Возврат и обмен",
		"description": "What can be returned, how, and when the money comes back.",
		"description_ru": "Что можно вернуть, как это сделать и когда вернутся деньги.",
		"position": 5,
	},
	{
		"name": "Orders",
		"title_ru": "Заказы",
		"description": "Order status, changes and cancellation, promo codes.",
		"description_ru": "Статус заказа, изменение и отмена, промокоды.",
		"position": 6,
	},
]

ARTICLES = [
	# Delivery
	{
		"key": "delivery-cost",
		"category": "Delivery",
		"issue_types": ["Delivery", "Payment"],
		"sources": ["Cart", "Checkout", "Delivery", "Widget"],
		"views": 1240,
		"en": {
			"title": "How much does delivery cost?",
			"content": """
<p><strong>Delivery is free for orders from 5,000 ₽.</strong> The sum counts after discounts and promo codes.</p>
<p>For a smaller order:</p>
<table>
<thead><tr><th>How</th><th>Moscow and St Petersburg</th><th>Other regions</th></tr></thead>
<tbody>
<tr><td>Pick-up point</td><td>250 ₽</td><td>250 ₽</td></tr>
<tr><td>Courier to your door</td><td>390 ₽</td><td>490 ₽</td></tr>
<tr><td>Russian Post</td><td>—</td><td>350 ₽</td></tr>
</tbody>
</table>
<p>You see the exact cost at checkout, once you choose the address and the way of delivery, before you pay.</p>
<p>If you return part of an order, the delivery of the rest stays free.</p>
""",
		},
		"ru": {
			"title": "Сколько стоит доставка",
			"content": """
<p><strong>При заказе от 5 000 ₽ доставка бесплатная.</strong> Сумма считается после скидок и промокодов.</p>
<p>Если заказ меньше:</p>
<table>
<thead><tr><th>Способ</th><th>Москва и Санкт-Петербург</th><th>Другие регионы</th></tr></thead>
<tbody>
<tr><td>Пункт выдачи</td><td>250 ₽</td><td>250 ₽</td></tr>
<tr><td>Курьер до двери</td><td>390 ₽</td><td>490 ₽</td></tr>
<tr><td>Почта России</td><td>—</td><td>350 ₽</td></tr>
</tbody>
</table>
<p>Точную стоимость вы увидите при оформлении заказа, когда выберете адрес и способ доставки, — до оплаты.</p>
<p>Если вы вернёте часть заказа, доставка остальных вещей останется бесплатной.</p>
""",
		},
	},
	{
		"key": "delivery-times",
		"category": "Delivery",
		"issue_types": ["Delivery"],
		"sources": ["Checkout", "Order Tracking", "Delivery", "Cart"],
		"views": 980,
		"en": {
			"title": "Delivery times by region",
			"content": """
<p>We hand orders placed before 14:00 (Moscow time) on a working day to the delivery service the same day;
later orders leave the next working day.</p>
<table>
<thead><tr><th>Region</th><th>Working days</th></tr></thead>
<tbody>
<tr><td>Moscow and the Moscow region</td><td>1–2</td></tr>
<tr><td>St Petersburg and the Leningrad region</td><td>1–3</td></tr>
<tr><td>Central and North-West Russia</td><td>2–4</td></tr>
<tr><td>Volga region, South, Urals</td><td>3–6</td></tr>
<tr><td>Kaliningrad</td><td>4–8</td></tr>
<tr><td>Siberia</td><td>5–9</td></tr>
<tr><td>Far East</td><td>7–14</td></tr>
</tbody>
</table>
<p>The date shown at checkout is the expected one for your address. Once the order leaves us, you get an
e-mail with the tracking number, and you can follow it on <a href="/support/order">Track an Order</a>.</p>
""",
		},
		"ru": {
			"title": "Сроки доставки по регионам",
			"content": """
<p>Заказы, оформленные в рабочий день до 14:00 по Москве, мы передаём в службу доставки в тот же день,
более поздние — на следующий рабочий день.</p>
<table>
<thead><tr><th>Регион</th><th>Рабочих дней</th></tr></thead>
<tbody>
<tr><td>Москва и Московская область</td><td>1–2</td></tr>
<tr><td>Санкт-Петербург и Ленинградская область</td><td>1–3</td></tr>
<tr><td>Центр и Северо-Запад</td><td>2–4</td></tr>
<tr><td>Поволжье, Юг, Урал</td><td>3–6</td></tr>
<tr><td>Калининград</td><td>4–8</td></tr>
<tr><td>Сибирь</td><td>5–9</td></tr>
<tr><td>Дальний Восток</td><td>7–14</td></tr>
</tbody>
</table>
<p>При оформлении заказа показана ожидаемая дата для вашего адреса. Когда заказ уедет от нас, придёт письмо
с трек-номером, а следить за ним можно на странице <a href="/support/order">«Где мой заказ»</a>.</p>
""",
		},
	},
	{
		"key": "courier-and-pick-up-points",
		"category": "Delivery",
		"issue_types": ["Delivery"],
		"sources": ["Checkout", "Delivery", "Order Tracking"],
		"views": 610,
		"en": {
			"title": "Courier or pick-up point: how to receive your order",
			"content": """
<h3>Courier</h3>
<ul>
<li>The courier calls you an hour or two before arriving; you choose a time slot at checkout.</li>
<li>You may try on clothes for up to 15 minutes and pay only for what you keep. Lingerie, swimwear and
hosiery are not tried on: they are sealed for your hygiene.</li>
<li>If you cannot be there, ask for another day in the SMS from the delivery service or write to us.</li>
</ul>
<h3>Pick-up point</h3>
<ul>
<li>We send an SMS and an e-mail with the code when the order arrives.</li>
<li>The order waits 7 days; ask us and we extend it by 3 more.</li>
<li>Bring the code from the SMS, or your passport if the order is in your name.</li>
<li>Most points have a fitting room.</li>
</ul>
""",
		},
		"ru": {
			"title": "Курьер или пункт выдачи: как получить заказ",
			"content": """
<h3>Курьер</h3>
<ul>
<li>Курьер звонит за 1–2 часа до приезда; удобный интервал вы выбираете при оформлении.</li>
<li>Одежду можно примерить — до 15 минут — и оплатить только то, что подошло. Бельё, купальники и чулочные
изделия не примеряются: они запечатаны ради вашей гигиены.</li>
<li>Если не получается встретить курьера, перенесите доставку по ссылке в SMS от службы доставки или
напишите нам.</li>
</ul>
<h3>Пункт выдачи</h3>
<ul>
<li>Когда заказ приедет, мы пришлём SMS и письмо с кодом получения.</li>
<li>Заказ хранится 7 дней; по вашей просьбе продлим ещё на 3.</li>
<li>Для получения нужен код из SMS или паспорт, если заказ оформлен на ваше имя.</li>
<li>В большинстве пунктов есть примерочная.</li>
</ul>
""",
		},
	},
	# Payment
	{
		"key": "payment-methods",
		"category": "Payment",
		"issue_types": ["Payment"],
		"sources": ["Checkout", "Cart"],
		"views": 720,
		"en": {
			"title": "Ways to pay: by card online or on delivery",
			"content": """
<h3>Online, when you order</h3>
<ul>
<li>Bank cards: Mir, Visa, Mastercard.</li>
<li>The Faster Payments System (SBP): scan the QR code with your bank's app.</li>
</ul>
<p>The payment page is the bank's: we never see or store your card's details.</p>
<h3>On delivery</h3>
<ul>
<li>To the courier, in cash or by card.</li>
<li>At the pick-up point, by card or in cash.</li>
</ul>
<p>Payment on delivery is open for orders up to 50,000 ₽. Whichever way you pay, the electronic receipt
comes to your e-mail.</p>
""",
		},
		"ru": {
			"title": "Способы оплаты: картой на сайте или при получении",
			"content": """
<h3>На сайте, при оформлении</h3>
<ul>
<li>Банковские карты «Мир», Visa, Mastercard.</li>
<li>Система быстрых платежей (СБП): отсканируйте QR-код в приложении своего банка.</li>
</ul>
<p>Страница оплаты — банковская: данные вашей карты мы не видим и не храним.</p>
<h3>При получении</h3>
<ul>
<li>Курьеру — наличными или картой.</li>
<li>В пункте выдачи — картой или наличными.</li>
</ul>
<p>Оплата при получении доступна для заказов до 50 000 ₽. При любом способе оплаты электронный чек придёт
на вашу почту.</p>
""",
		},
	},
	{
		"key": "split-payment",
		"category": "Payment",
		"issue_types": ["Payment"],
		"sources": ["Checkout", "Cart"],
		"views": 430,
		"en": {
			"title": "Paying in parts (split payment)",
			"content": """
<p>An order from 1,000 ₽ to 30,000 ₽ can be paid in four equal parts, every two weeks, with no interest
and no fee.</p>
<ol>
<li>At checkout, choose “Pay in parts”.</li>
<li>Log in to the payment service with your phone number: it decides at once.</li>
<li>The first quarter is paid now; the rest is taken from the same card on the dates the service shows.</li>
</ol>
<p>We send the order as soon as the first part is paid. If you return an item, the service recounts the
parts left or gives back what you paid for it.</p>
""",
		},
		"ru": {
			"title": "Оплата частями (сплит)",
			"content": """
<p>Заказ от 1 000 до 30 000 ₽ можно оплатить четырьмя равными частями раз в две недели — без процентов и
комиссии.</p>
<ol>
<li>При оформлении выберите «Оплата частями».</li>
<li>Войдите в сервис оплаты по номеру телефона — решение приходит сразу.</li>
<li>Первая четверть списывается сейчас, остальные — с той же карты в даты, которые покажет сервис.</li>
</ol>
<p>Заказ мы отправляем сразу после оплаты первой части. Если вы вернёте вещь, сервис пересчитает
оставшиеся платежи или вернёт уже оплаченное за неё.</p>
""",
		},
	},
	{
		"key": "card-payment-failed",
		"category": "Payment",
		"issue_types": ["Payment", "Website Problem"],
		"sources": ["Checkout", "Cart"],
		"views": 350,
		"en": {
			"title": "My card payment did not go through",
			"content": """
<p>Most often the reason is on the bank's side. Check:</p>
<ul>
<li>the code from the bank's SMS or push notification (3-D Secure) was entered in time;</li>
<li>the card has enough money, and its limit for online payments allows the sum;</li>
<li>online payments are not switched off in your bank's app.</li>
</ul>
<p>If the money was held but the order shows as unpaid, do not pay again: the bank releases the hold by
itself, usually within 1–3 days (some banks take up to 30). Your order waits for payment for 24 hours;
you can also choose payment on delivery.</p>
<p>If it still does not work, write to us with the order number and the time of the attempt: we will
check it with the bank.</p>
""",
		},
		"ru": {
			"title": "Не проходит оплата картой",
			"content": """
<p>Чаще всего причина на стороне банка. Проверьте:</p>
<ul>
<li>код из SMS или push-уведомления банка (3-D Secure) введён вовремя;</li>
<li>на карте достаточно денег, а лимит на покупки в интернете позволяет эту сумму;</li>
<li>оплата в интернете не отключена в приложении банка.</li>
</ul>
<p>Если деньги заблокированы, а заказ не оплачен, не платите второй раз: банк сам снимет блокировку,
обычно за 1–3 дня (некоторые банки — до 30). Заказ ждёт оплаты 24 часа; можно выбрать и оплату при
получении.</p>
<p>Если не получается, напишите нам номер заказа и время попытки — мы проверим платёж вместе с банком.</p>
""",
		},
	},
	# Sizes and Fit
	{
		"key": "size-chart",
		"category": "Sizes and Fit",
		"issue_types": ["Size and Fit", "Product Question"],
		"sources": ["Size Chart", "Product Page"],
		"views": 1510,
		"en": {
			"title": "Size chart for clothing",
			"content": """
<p>Our clothes are cut to Russian sizes. Measure yourself (see “How to measure yourself”) and take the
size whose measurements fit yours; the product page says when a model runs small or large.</p>
<table>
<thead><tr><th>Russian</th><th>International</th><th>Bust, cm</th><th>Waist, cm</th><th>Hips, cm</th></tr></thead>
<tbody>
<tr><td>40</td><td>XXS</td><td>78–81</td><td>60–63</td><td>86–89</td></tr>
<tr><td>42</td><td>XS</td><td>82–85</td><td>64–67</td><td>90–93</td></tr>
<tr><td>44</td><td>S</td><td>86–89</td><td>68–71</td><td>94–97</td></tr>
<tr><td>46</td><td>M</td><td>90–93</td><td>72–75</td><td>98–101</td></tr>
<tr><td>48</td><td>L</td><td>94–97</td><td>76–79</td><td>102–105</td></tr>
<tr><td>50</td><td>XL</td><td>98–101</td><td>80–83</td><td>106–109</td></tr>
<tr><td>52</td><td>XXL</td><td>102–105</td><td>84–87</td><td>110–113</td></tr>
</tbody>
</table>
<p>If your measurements fall into two sizes, go by the one that matters for the model: the bust for
dresses and tops, the hips for skirts and trousers.</p>
""",
		},
		"ru": {
			"title": "Таблица размеров одежды",
			"content": """
<p>Наша одежда сшита по российской размерной сетке. Снимите мерки (см. «Как снять мерки») и выберите
размер, в который они попадают; если модель маломерит или большемерит, это сказано на её странице.</p>
<table>
<thead><tr><th>Российский</th><th>Международный</th><th>Грудь, см</th><th>Талия, см</th><th>Бёдра, см</th></tr></thead>
<tbody>
<tr><td>40</td><td>XXS</td><td>78–81</td><td>60–63</td><td>86–89</td></tr>
<tr><td>42</td><td>XS</td><td>82–85</td><td>64–67</td><td>90–93</td></tr>
<tr><td>44</td><td>S</td><td>86–89</td><td>68–71</td><td>94–97</td></tr>
<tr><td>46</td><td>M</td><td>90–93</td><td>72–75</td><td>98–101</td></tr>
<tr><td>48</td><td>L</td><td>94–97</td><td>76–79</td><td>102–105</td></tr>
<tr><td>50</td><td>XL</td><td>98–101</td><td>80–83</td><td>106–109</td></tr>
<tr><td>52</td><td>XXL</td><td>102–105</td><td>84–87</td><td>110–113</td></tr>
</tbody>
</table>
<p>Если мерки попадают в два размера, ориентируйтесь на главную для модели: обхват груди — для платьев и
блузок, обхват бёдер — для юбок и брюк.</p>
""",
		},
	},
	{
		"key": "how-to-measure",
		"category": "Sizes and Fit",
		"issue_types": ["Size and Fit"],
		"sources": ["Size Chart", "Product Page"],
		"views": 890,
		"en": {
			"title": "How to measure yourself: bust, underbust, waist, hips",
			"content": """
<p>You need a soft tape measure and a mirror. Measure over thin underwear or a bra without padding,
standing straight and breathing calmly. Keep the tape level and snug, not tight.</p>
<ul>
<li><strong>Bust</strong>: around the fullest part of the chest, across the nipples, the tape level at
the back.</li>
<li><strong>Underbust</strong>: right under the breasts, where the band of a bra lies. Breathe out.</li>
<li><strong>Waist</strong>: around the narrowest part of the body, usually a little above the navel.</li>
<li><strong>Hips</strong>: around the fullest part of the buttocks, feet together.</li>
</ul>
<p>Write the figures down and compare them with the size chart. Between two sizes, see the model's fit
notes on its page, or write to us with your measurements: we will suggest a size.</p>
""",
		},
		"ru": {
			"title": "Как снять мерки: грудь, под грудью, талия, бёдра",
			"content": """
<p>Понадобятся сантиметровая лента и зеркало. Измеряйте поверх тонкого белья или бюстгальтера без
поролона, стоя прямо и спокойно дыша. Лента должна лежать ровно и прилегать, но не стягивать.</p>
<ul>
<li><strong>Обхват груди</strong> — по самым выступающим точкам груди, сзади лента горизонтально.</li>
<li><strong>Обхват под грудью</strong> — сразу под грудью, там, где проходит пояс бюстгальтера. Сделайте
выдох.</li>
<li><strong>Обхват талии</strong> — по самому узкому месту, обычно чуть выше пупка.</li>
<li><strong>Обхват бёдер</strong> — по самым выступающим точкам ягодиц, стопы вместе.</li>
</ul>
<p>Запишите цифры и сравните с таблицей размеров. Если попадаете между размерами, посмотрите советы по
посадке на странице модели или напишите нам свои мерки — подскажем размер.</p>
""",
		},
	},
	{
		"key": "bra-size",
		"category": "Sizes and Fit",
		"issue_types": ["Size and Fit"],
		"sources": ["Size Chart", "Product Page"],
		"views": 1320,
		"en": {
			"title": "How to find your bra size",
			"content": """
<p>A bra size is two parts: the band (a number) and the cup (a letter), for example 75B.</p>
<ol>
<li><strong>Band</strong>: your underbust, rounded to the nearest of 65, 70, 75, 80, 85, 90. An underbust of
73 cm is band 75.</li>
<li><strong>Cup</strong>: your bust minus your underbust.</li>
</ol>
<table>
<thead><tr><th>Bust minus underbust, cm</th><th>Cup</th></tr></thead>
<tbody>
<tr><td>10–11</td><td>AA</td></tr>
<tr><td>12–13</td><td>A</td></tr>
<tr><td>14–15</td><td>B</td></tr>
<tr><td>16–17</td><td>C</td></tr>
<tr><td>18–19</td><td>D</td></tr>
<tr><td>20–21</td><td>E</td></tr>
<tr><td>22–23</td><td>F</td></tr>
</tbody>
</table>
<p>A bra fits when the band lies level and does not ride up at the back, on the loosest hook at first;
the cup holds the breast without gaps or edges cutting in; the straps do not dig in.</p>
<p>If the band is loose but the cup fits, take a smaller band and a larger cup: 75B and 70C hold the same
volume.</p>
""",
		},
		"ru": {
			"title": "Как подобрать размер бюстгальтера",
			"content": """
<p>Размер бюстгальтера состоит из двух частей: обхвата под грудью (число) и полноты чашки (буква),
например 75B.</p>
<ol>
<li><strong>Число</strong> — обхват под грудью, округлённый до ближайшего из 65, 70, 75, 80, 85, 90.
Обхват 73 см — это 75.</li>
<li><strong>Чашка</strong> — разница между обхватом груди и обхватом под грудью.</li>
</ol>
<table>
<thead><tr><th>Разница, см</th><th>Чашка</th></tr></thead>
<tbody>
<tr><td>10–11</td><td>AA</td></tr>
<tr><td>12–13</td><td>A</td></tr>
<tr><td>14–15</td><td>B</td></tr>
<tr><td>16–17</td><td>C</td></tr>
<tr><td>18–19</td><td>D</td></tr>
<tr><td>20–21</td><td>E</td></tr>
<tr><td>22–23</td><td>F</td></tr>
</tbody>
</table>
<p>Бюстгальтер сидит хорошо, если пояс лежит ровно и не задирается на спине (сначала — на самом свободном
крючке), чашка облегает грудь без зазоров и не врезается, бретели не давят.</p>
<p>Если пояс свободен, а чашка впору, возьмите пояс меньше и чашку больше: 75B и 70C одного объёма.</p>
""",
		},
	},
	{
		"key": "between-sizes",
		"category": "Sizes and Fit",
		"issue_types": ["Size and Fit", "Product Question"],
		"sources": ["Product Page", "Size Chart", "Cart"],
		"views": 540,
		"en": {
			"title": "Between two sizes? How to choose",
			"content": """
<ul>
<li>Read the fit notes on the product page: we write there when buyers find a model small or large.</li>
<li>Stretch fabrics (jersey, viscose with elastane) forgive the smaller size; linen, cotton poplin and
silk do not stretch: take the larger.</li>
<li>Wrap dresses and robes adjust at the waist: go by the bust.</li>
<li>For lingerie, take the size by the band and the cup (see “How to find your bra size”): lingerie cannot
be exchanged once it has been delivered, unless it is faulty.</li>
</ul>
<p>Still unsure? Write to us with your measurements and the model: we measure the item itself and answer.</p>
""",
		},
		"ru": {
			"title": "Между двумя размерами: как выбрать",
			"content": """
<ul>
<li>Прочитайте советы по посадке на странице товара: мы пишем там, если покупатели находят модель
маломерной или большемерной.</li>
<li>Тянущиеся ткани (трикотаж, вискоза с эластаном) простят меньший размер; лён, хлопковый поплин и шёлк не
тянутся — берите больший.</li>
<li>Платья и халаты на запах регулируются по талии — ориентируйтесь на грудь.</li>
<li>Бельё выбирайте по поясу и чашке (см. «Как подобрать размер бюстгальтера»): после получения бельё
надлежащего качества не обменивается.</li>
</ul>
<p>Сомневаетесь? Напишите нам мерки и модель — мы измерим саму вещь и ответим.</p>
""",
		},
	},
	# Care
	{
		"key": "care-labels",
		"category": "Care",
		"issue_types": ["Product Question", "Quality or Defect"],
		"sources": ["Product Page"],
		"views": 410,
		"en": {
			"title": "Care labels: what the symbols mean",
			"content": """
<p>Each of our items has a sewn-in label with care symbols. Follow it: it is written for that fabric.</p>
<table>
<thead><tr><th>Symbol</th><th>Means</th></tr></thead>
<tbody>
<tr><td>A tub with 30 or 40</td><td>Machine wash at up to that temperature, °C</td></tr>
<tr><td>A tub with a hand</td><td>Hand wash only, up to 30 °C</td></tr>
<tr><td>A line under the tub</td><td>A gentle cycle; two lines: a very gentle one</td></tr>
<tr><td>A crossed-out triangle</td><td>No bleach</td></tr>
<tr><td>A square with a circle, crossed out</td><td>No tumble dryer</td></tr>
<tr><td>A square with a horizontal line</td><td>Dry flat</td></tr>
<tr><td>An iron with one, two or three dots</td><td>Iron at up to 110, 150 or 200 °C</td></tr>
<tr><td>A circle</td><td>Professional dry cleaning; crossed out: none</td></tr>
</tbody>
</table>
<p>Lingerie labels are small and may be cut off if they chafe; keep a photo of the label first.</p>
""",
		},
		"ru": {
			"title": "Символы на ярлыке: что они означают",
			"content": """
<p>На каждой нашей вещи есть вшитый ярлык с символами ухода. Следуйте ему: он составлен для этой ткани.</p>
<table>
<thead><tr><th>Символ</th><th>Значение</th></tr></thead>
<tbody>
<tr><td>Таз с цифрой 30 или 40</td><td>Машинная стирка при температуре до указанной, °C</td></tr>
<tr><td>Таз с рукой</td><td>Только ручная стирка, до 30 °C</td></tr>
<tr><td>Черта под тазом</td><td>Деликатный режим; две черты — особо деликатный</td></tr>
<tr><td>Перечёркнутый треугольник</td><td>Не отбеливать</td></tr>
<tr><td>Перечёркнутый квадрат с кругом</td><td>Не сушить в барабане</td></tr>
<tr><td>Квадрат с горизонтальной чертой</td><td>Сушить горизонтально</td></tr>
<tr><td>Утюг с одной, двумя или тремя точками</td><td>Гладить до 110, 150 или 200 °C</td></tr>
<tr><td>Круг</td><td>Профессиональная химчистка; перечёркнутый — запрещена</td></tr>
</tbody>
</table>
<p>Ярлыки на белье маленькие, их можно срезать, если натирают, — но сначала сфотографируйте.</p>
""",
		},
	},
	{
		"key": "washing-lingerie",
		"category": "Care",
		"issue_types": ["Product Question", "Quality or Defect"],
		"sources": ["Product Page"],
		"views": 660,
		"en": {
			"title": "How to wash lingerie so that it lasts",
			"content": """
<ol>
<li>Wash by hand in water up to 30 °C with a mild detergent for delicates, or in the machine on the
delicate cycle, in a laundry bag.</li>
<li>Fasten the hooks first, so that they do not snag lace.</li>
<li>Wash lace and dark colours separately, and the first time on their own: deep colours may run a little.</li>
<li>Do not wring or twist: press the water out with a towel.</li>
<li>Dry flat or hang a bra by the centre between the cups, away from radiators and the sun. Never in a
tumble dryer: heat ruins elastane and underwires.</li>
<li>Do not iron lace or moulded cups.</li>
</ol>
<p>Wear a bra every other day: a day's rest lets the elastic recover its shape.</p>
""",
		},
		"ru": {
			"title": "Как стирать бельё, чтобы оно служило долго",
			"content": """
<ol>
<li>Стирайте вручную в воде до 30 °C мягким средством для деликатных тканей или в машине в деликатном
режиме, в мешке для стирки.</li>
<li>Застегните крючки, чтобы они не зацепили кружево.</li>
<li>Кружево и тёмные цвета стирайте отдельно, а в первый раз — отдельно от всего: насыщенный цвет может
немного линять.</li>
<li>Не выкручивайте: промокните вещь полотенцем.</li>
<li>Сушите горизонтально или повесив бюстгальтер за середину между чашками, вдали от батареи и солнца.
Не сушите в барабане: жар портит эластан и косточки.</li>
<li>Не гладьте кружево и формованные чашки.</li>
</ol>
<p>Носите бюстгальтер через день: за день отдыха резинка восстанавливает форму.</p>
""",
		},
	},
	{
		"key": "silk-and-knitwear-care",
		"category": "Care",
		"issue_types": ["Product Question"],
		"sources": ["Product Page"],
		"views": 280,
		"en": {
			"title": "Caring for silk, linen and knitwear",
			"content": """
<ul>
<li><strong>Silk</strong>: hand wash in cool water with a detergent for silk, or dry clean. Dry in the
shade, iron from the inside while slightly damp, at low heat.</li>
<li><strong>Linen</strong>: machine wash at 40 °C; it softens with every wash. Iron damp at high heat, or
wear it creased: linen is meant to be.</li>
<li><strong>Knitwear</strong>: wash at 30 °C on the wool cycle, dry flat on a towel so it does not stretch.
Remove pills with a fabric shaver, not by pulling.</li>
</ul>
<p>Store knitwear folded, silk on a padded hanger.</p>
""",
		},
		"ru": {
			"title": "Уход за шёлком, льном и трикотажем",
			"content": """
<ul>
<li><strong>Шёлк</strong> — ручная стирка в прохладной воде средством для шёлка или химчистка. Сушите в
тени, гладьте с изнанки чуть влажным, на низкой температуре.</li>
<li><strong>Лён</strong> — машинная стирка при 40 °C, с каждой стиркой он становится мягче. Гладьте
влажным на высокой температуре или носите слегка мятым — льну это идёт.</li>
<li><strong>Трикотаж</strong> — стирка при 30 °C в режиме «шерсть», сушка горизонтально на полотенце,
чтобы не растянулся. Катышки снимайте машинкой, а не руками.</li>
</ul>
<p>Трикотаж храните сложенным, шёлк — на мягких плечиках.</p>
""",
		},
	},
	# Returns and Exchanges
	{
		"key": "return-policy",
		"category": "Returns and Exchanges",
		"issue_types": ["Return or Exchange"],
		"sources": ["Returns", "Order Tracking", "Product Page", "Cart"],
		"views": 1180,
		"en": {
			"title": "What can be returned, and within how long",
			"content": """
<h3>Clothes: 14 days</h3>
<p>You can return clothing of proper quality within 14 days of receiving it, not counting the day you
received it. The Russian law on consumer rights lets you exchange goods of proper quality within 14 days;
we accept returns of clothes bought online within the same 14 days. The item must be unworn, with its
tags and in a state fit for sale; a receipt is not needed.</p>
<h3>Lingerie and hosiery of proper quality</h3>
<p>We are sorry, but lingerie, swimwear bottoms and hosiery of proper quality cannot be returned or
exchanged once they have been delivered. They are on the Russian Government's list of non-food goods of
proper quality that are not subject to return or exchange (Decree No. 2463 of 31 December 2020,
“sewn and knitted underwear, hosiery”), for the hygiene of every customer: nobody receives an item that
someone else has worn. This is why we seal them, and why our size guides are detailed: if you are unsure,
write to us before ordering and we will help you choose.</p>
<h3>A defect is always returned</h3>
<p>Any item with a defect, lingerie too, can be returned or exchanged: see “Received a faulty or wrong
item”.</p>
""",
		},
		"ru": {
			"title": "Что можно вернуть и в какой срок",
			"content": """
<h3>Одежда — 14 дней</h3>
<p>Одежду надлежащего качества можно вернуть в течение 14 дней с момента получения, не считая дня
получения. Закон «О защите прав потребителей» позволяет обменять товар надлежащего качества в течение 14
дней; возврат одежды, купленной у нас на сайте, мы принимаем в те же 14 дней. Вещь должна быть без следов
носки, с ярлыками и в товарном виде; чек не обязателен.</p>
<h3>Бельё и чулочно-носочные изделия надлежащего качества</h3>
<p>К сожалению, бельё, купальные трусы и чулочно-носочные изделия надлежащего качества после получения
нельзя вернуть или обменять. Они входят в утверждённый Правительством РФ перечень непродовольственных
товаров надлежащего качества, не подлежащих возврату или обмену (постановление № 2463 от 31 декабря 2020
года, «изделия швейные и трикотажные бельевые, изделия чулочно-носочные»), — ради гигиены каждого
покупателя: никто не получит вещь, которую уже кто-то носил. Поэтому мы запечатываем бельё и так подробно
описываем размеры: если сомневаетесь, напишите нам до заказа — поможем выбрать.</p>
<h3>Брак возвращается всегда</h3>
<p>Любую вещь с браком, в том числе бельё, можно вернуть или обменять: см. «Брак или не тот товар».</p>
""",
		},
	},
	{
		"key": "how-to-return",
		"category": "Returns and Exchanges",
		"issue_types": ["Return or Exchange"],
		"sources": ["Returns", "Order Tracking"],
		"views": 870,
		"en": {
			"title": "How to return an item",
			"content": """
<ol>
<li>Open <a href="/support/return">Return or Exchange</a> (log in with the e-mail of your order), choose
the order and the items, and tell us why: it helps us describe sizes better.</li>
<li>Pack the items with their tags in the original bag or any parcel.</li>
<li>Hand the parcel to any pick-up point of our delivery service with the return code from our e-mail,
or give it to our courier when they bring your next order.</li>
</ol>
<p>Returning items of proper quality costs 190 ₽, taken from the refund; a faulty or wrong item comes
back at our cost. You can follow the return in <a href="/support/requests">My Requests</a>.</p>
""",
		},
		"ru": {
			"title": "Как вернуть товар",
			"content": """
<ol>
<li>Откройте страницу <a href="/support/return">«Возврат или обмен»</a> (войдите с почтой, на которую
оформлен заказ), выберите заказ и вещи и укажите причину — это помогает нам точнее описывать размеры.</li>
<li>Упакуйте вещи с ярлыками в фирменный пакет или любую посылку.</li>
<li>Сдайте посылку в любой пункт выдачи нашей службы доставки с кодом возврата из нашего письма или
передайте её курьеру, когда он привезёт следующий заказ.</li>
</ol>
<p>Возврат товара надлежащего качества стоит 190 ₽ — они удерживаются из суммы возврата; вещь с браком или
не ту, что вы заказывали, мы забираем за свой счёт. Следить за возвратом можно в разделе
<a href="/support/requests">«Мои обращения»</a>.</p>
""",
		},
	},
	{
		"key": "exchange-size",
		"category": "Returns and Exchanges",
		"issue_types": ["Return or Exchange", "Size and Fit"],
		"sources": ["Returns", "Size Chart", "Order Tracking"],
		"views": 760,
		"en": {
			"title": "Exchanging an item for another size",
			"content": """
<p>Clothes of proper quality can be exchanged for another size of the same model within 14 days of
receipt. Lingerie and hosiery of proper quality cannot be exchanged (see “What can be returned”).</p>
<ol>
<li>On <a href="/support/return">Return or Exchange</a>, choose the item and “Exchange”, and the size you
need.</li>
<li>We reserve that size for you for 7 days.</li>
<li>As soon as you hand the item over at a pick-up point, we send the new size. Its delivery is free.</li>
</ol>
<p>If the size you need is sold out, we refund the item, or keep the reservation until it is back in
stock, as you choose.</p>
""",
		},
		"ru": {
			"title": "Обмен на другой размер",
			"content": """
<p>Одежду надлежащего качества можно обменять на другой размер той же модели в течение 14 дней с момента
получения. Бельё и чулочно-носочные изделия надлежащего качества обмену не подлежат (см. «Что можно
вернуть»).</p>
<ol>
<li>На странице <a href="/support/return">«Возврат или обмен»</a> выберите вещь, «Обмен» и нужный размер.</li>
<li>Мы отложим этот размер для вас на 7 дней.</li>
<li>Как только вы сдадите вещь в пункт выдачи, мы отправим новый размер. Его доставка бесплатна.</li>
</ol>
<p>Если нужного размера нет, вернём деньги за вещь или сохраним заявку до поступления — как вы решите.</p>
""",
		},
	},
	{
		"key": "refund-timing",
		"category": "Returns and Exchanges",
		"issue_types": ["Return or Exchange", "Payment"],
		"sources": ["Returns", "Order Tracking"],
		"views": 920,
		"en": {
			"title": "When will I get my money back?",
			"content": """
<p>The law gives a shop 10 days from your return request to refund; we are usually faster:</p>
<ul>
<li>we check the returned items within 2 working days after they reach our warehouse;</li>
<li>then we send the refund the same day and write to you;</li>
<li><strong>to a card</strong>: the bank credits it within 1–10 working days, depending on the bank;</li>
<li><strong>paid on delivery in cash</strong>: we refund to your bank account; send us its details
through the return page.</li>
<li><strong>paid in parts</strong>: the payment service recounts or returns the parts.</li>
</ul>
<p>The refund goes to the card you paid with. If that card is closed, the bank passes the money to the
account behind it.</p>
""",
		},
		"ru": {
			"title": "Когда вернутся деньги",
			"content": """
<p>По закону магазин возвращает деньги в течение 10 дней со дня вашего требования; обычно мы быстрее:</p>
<ul>
<li>проверяем вещи за 2 рабочих дня после того, как они приедут на наш склад;</li>
<li>в тот же день отправляем возврат и пишем вам;</li>
<li><strong>на карту</strong> банк зачисляет деньги за 1–10 рабочих дней, в зависимости от банка;</li>
<li><strong>при оплате наличными при получении</strong> возвращаем на банковский счёт — пришлите реквизиты
через страницу возврата;</li>
<li><strong>при оплате частями</strong> сервис оплаты пересчитает или вернёт платежи.</li>
</ul>
<p>Деньги возвращаются на ту карту, которой вы платили. Если карта закрыта, банк зачислит их на счёт, к
которому она была выпущена.</p>
""",
		},
	},
	{
		"key": "faulty-or-wrong-item",
		"category": "Returns and Exchanges",
		"issue_types": ["Quality or Defect", "Return or Exchange"],
		"sources": ["Returns", "Delivery", "Order Tracking"],
		"views": 500,
		"en": {
			"title": "Received a faulty or wrong item",
			"content": """
<p>We are sorry! Write to us through <a href="/support/new">Contact Support</a> with the order number and
a photo of the fault or of what came, and tell us what you would like: a replacement, another size, or
your money back.</p>
<ul>
<li>This applies to every item, lingerie too, whenever the fault shows: a faulty item is never a “no
return” item.</li>
<li>We collect it at our cost, by courier or through a pick-up point.</li>
<li>A replacement leaves as soon as you hand the item over; a refund follows our check.</li>
</ul>
""",
		},
		"ru": {
			"title": "Брак или не тот товар",
			"content": """
<p>Нам очень жаль! Напишите нам через <a href="/support/new">«Написать в поддержку»</a> номер заказа,
приложите фото брака или того, что пришло, и скажите, как вам удобнее: замена, другой размер или возврат
денег.</p>
<ul>
<li>Это касается любой вещи, в том числе белья, когда бы ни обнаружился брак: вещь с браком — не
«невозвратная».</li>
<li>Мы забираем её за свой счёт — курьером или через пункт выдачи.</li>
<li>Замену отправляем, как только вы сдадите вещь; деньги возвращаем после проверки.</li>
</ul>
""",
		},
	},
	# Orders
	{
		"key": "order-status",
		"category": "Orders",
		"issue_types": ["Delivery"],
		"sources": ["Order Tracking", "Delivery"],
		"views": 1090,
		"en": {
			"title": "Where is my order? Order statuses explained",
			"content": """
<p>See your order's status on <a href="/support/order">Track an Order</a>: enter its number and the e-mail
or phone you ordered with. It also shows what was shipped, the tracking number and the expected date.</p>
<table>
<thead><tr><th>Status</th><th>Means</th></tr></thead>
<tbody>
<tr><td>Accepted</td><td>We have your order; if you pay online, we are waiting for the payment.</td></tr>
<tr><td>Being packed</td><td>The warehouse is picking your items.</td></tr>
<tr><td>Handed to delivery</td><td>The parcel has left us; the tracking number is in your e-mail.</td></tr>
<tr><td>At the pick-up point</td><td>Come with the code from the SMS within 7 days.</td></tr>
<tr><td>Delivered</td><td>You have it. Enjoy!</td></tr>
<tr><td>Cancelled</td><td>The order is cancelled; money paid comes back as with a return.</td></tr>
</tbody>
</table>
<p>If the expected date has passed and the status has not changed for two days, write to us.</p>
""",
		},
		"ru": {
			"title": "Где мой заказ? Что означают статусы",
			"content": """
<p>Статус заказа можно посмотреть на странице <a href="/support/order">«Где мой заказ»</a>: введите номер
заказа и почту или телефон, с которыми он оформлен. Там же — что отправлено, трек-номер и ожидаемая дата.</p>
<table>
<thead><tr><th>Статус</th><th>Что значит</th></tr></thead>
<tbody>
<tr><td>Принят</td><td>Заказ у нас; при оплате на сайте ждём оплату.</td></tr>
<tr><td>Собирается</td><td>Склад собирает ваши вещи.</td></tr>
<tr><td>Передан в доставку</td><td>Посылка уехала от нас; трек-номер — в письме.</td></tr>
<tr><td>В пункте выдачи</td><td>Приходите с кодом из SMS в течение 7 дней.</td></tr>
<tr><td>Доставлен</td><td>Заказ у вас. Носите с удовольствием!</td></tr>
<tr><td>Отменён</td><td>Заказ отменён; оплаченное вернётся так же, как при возврате.</td></tr>
</tbody>
</table>
<p>Если ожидаемая дата прошла, а статус не меняется два дня, напишите нам.</p>
""",
		},
	},
	{
		"key": "change-or-cancel-order",
		"category": "Orders",
		"issue_types": ["Delivery", "Payment"],
		"sources": ["Order Tracking", "Checkout"],
		"views": 640,
		"en": {
			"title": "Changing or cancelling an order",
			"content": """
<p>Until the order is handed to delivery, we can change the address, the delivery day, the sizes and the
items, or cancel it. Write to us with the order number as soon as you can: orders placed before 14:00 leave
the same day.</p>
<ul>
<li>Adding items may change the delivery cost, or make it free from 5,000 ₽.</li>
<li>If you paid online, the difference or the whole sum comes back to your card (see “When will I get my
money back?”).</li>
<li>Once the order has left, you can refuse it at delivery or return it within 14 days (lingerie of proper
quality excepted).</li>
</ul>
""",
		},
		"ru": {
			"title": "Как изменить или отменить заказ",
			"content": """
<p>Пока заказ не передан в доставку, мы можем изменить адрес, день доставки, размеры и состав заказа или
отменить его. Напишите нам номер заказа как можно скорее: заказы, оформленные до 14:00, уезжают в тот же
день.</p>
<ul>
<li>Новые вещи в заказе могут изменить стоимость доставки — или сделать её бесплатной от 5 000 ₽.</li>
<li>Если заказ оплачен на сайте, разница или вся сумма вернётся на карту (см. «Когда вернутся деньги»).</li>
<li>Если заказ уже в пути, от него можно отказаться при получении или вернуть в течение 14 дней (кроме
белья надлежащего качества).</li>
</ul>
""",
		},
	},
	{
		"key": "promo-codes",
		"category": "Orders",
		"issue_types": ["Payment", "Website Problem"],
		"sources": ["Cart", "Checkout"],
		"views": 700,
		"en": {
			"title": "Promo codes and discounts",
			"content": """
<ul>
<li>Enter the code in the cart, in the “Promo code” field, and press “Apply”: the new total shows at once.</li>
<li>One code per order. Codes do not add up with sale prices unless the code says so.</li>
<li>Each code has an end date and sometimes a minimum order: both are in the e-mail or post with it.</li>
<li>When you return part of an order, the refund is what you actually paid for those items, after the
discount.</li>
</ul>
<p>If a code does not apply, check its spelling (letters and digits, no spaces) and its end date. If it
still does not work, send it to us: we will check it and, if it is valid, apply it to your order.</p>
""",
		},
		"ru": {
			"title": "Промокоды и скидки",
			"content": """
<ul>
<li>Введите код в корзине в поле «Промокод» и нажмите «Применить» — новая сумма появится сразу.</li>
<li>Один промокод на заказ. Коды не суммируются со скидками на распродаже, если в условиях кода не сказано
иное.</li>
<li>У каждого кода есть срок действия, а иногда и минимальная сумма заказа — они указаны в письме или
публикации с кодом.</li>
<li>При возврате части заказа возвращается сумма, которую вы фактически заплатили за эти вещи, со
скидкой.</li>
</ul>
<p>Если код не применяется, проверьте написание (буквы и цифры без пробелов) и срок действия. Если всё
верно, пришлите код нам — проверим и, если он действует, применим к заказу.</p>
""",
		},
	},
	{
		"key": "gift-wrapping-and-receipts",
		"category": "Orders",
		"issue_types": ["Product Question"],
		"sources": ["Cart", "Checkout"],
		"views": 220,
		"en": {
			"title": "Ordering a gift: wrapping and the receipt",
			"content": """
<ul>
<li>At checkout, tick “Gift wrapping”: we pack the items in our gift box with a ribbon for 200 ₽, free
for orders from 5,000 ₽.</li>
<li>Add a note for the card, up to 200 characters, written by hand.</li>
<li>No prices are put in the parcel: the receipt comes only to your e-mail.</li>
<li>The person you give it to can exchange a size of clothing within 14 days with the order number; write
to us and we arrange it.</li>
</ul>
""",
		},
		"ru": {
			"title": "Заказ в подарок: упаковка и чек",
			"content": """
<ul>
<li>При оформлении отметьте «Подарочная упаковка»: упакуем вещи в фирменную коробку с лентой за 200 ₽,
бесплатно для заказов от 5 000 ₽.</li>
<li>Добавьте текст открытки — до 200 знаков, напишем от руки.</li>
<li>Цены в посылку не кладём: чек приходит только на вашу почту.</li>
<li>Получатель подарка может обменять размер одежды в течение 14 дней по номеру заказа — напишите нам, всё
устроим.</li>
</ul>
""",
		},
	},
]
