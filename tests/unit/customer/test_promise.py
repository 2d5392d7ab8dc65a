"""The answer-by promise as the customer reads it, in English and Russian (translated as the site does)."""

import csv
from datetime import datetime
from pathlib import Path

import pytest

from servicedesk_shop.customer.promise import MESSAGES, answered, clock, day_phrase, promise, round_up

RU = {
	row[0]: row[1]
	for row in csv.reader(
		open(Path(__file__).resolve().parents[3] / "servicedesk_shop" / "translations" / "ru.csv")
	)
	if row
}
NOW = datetime(2026, 12, 1, 11, 0)  # a Tuesday


def russian(text):
	return RU.get(text, text)


@pytest.mark.parametrize(
	("deadline", "english", "in_russian"),
	[
		(datetime(2026, 12, 1, 14, 28), "We will answer by 2:30 pm today", "Мы ответим до 14:30 сегодня"),
		(datetime(2026, 12, 2, 9, 0, 1), "We will answer by 9:05 am tomorrow", "Мы ответим до 9:05 завтра"),
		(datetime(2026, 12, 4, 10, 0), "We will answer by 10 am on Friday", "Мы ответим до 10:00 в пятницу"),
		(datetime(2026, 12, 2, 0, 0), "We will answer by 12 am tomorrow", "Мы ответим до 0:00 завтра"),
		(
			datetime(2026, 12, 12, 18, 0),
			"We will answer by 6 pm on 12 December",
			"Мы ответим до 18:00 12 декабря",
		),
	],
)
def test_the_promise(deadline, english, in_russian):
	assert promise(deadline, NOW, "en").render() == english
	assert promise(deadline, NOW, "ru").render(russian) == in_russian


def test_a_late_request_gets_an_apology_not_a_time_gone_by():
	late = promise(datetime(2026, 11, 30, 12, 10), NOW, "en")
	assert late.render() == "We are sorry for the wait: we will answer as soon as we can"
	assert late.render(russian) == "Простите за ожидание: мы ответим, как только сможем"


def test_answered():
	assert answered(datetime(2026, 12, 1, 10, 5), NOW, "en").render() == "Answered today at 10:05 am"
	assert answered(datetime(2026, 11, 30, 16, 40), NOW, "ru").render(russian) == "Ответили вчера в 16:40"


def test_a_promise_is_never_earlier_than_the_deadline():
	for minute in range(60):
		for second in (0, 1, 59):
			moment = datetime(2026, 12, 1, 13, minute, second)
			rounded = round_up(moment)
			assert rounded >= moment and rounded.minute % 5 == 0 and rounded.second == 0
			assert (rounded - moment).total_seconds() < 300


def test_weekdays_within_six_days_then_dates():
	assert day_phrase(datetime(2026, 12, 7, 9, 0), NOW).key == "on_monday"  # six days on
	assert day_phrase(datetime(2026, 12, 8, 9, 0), NOW).key == "on_date"  # a week on: the date
	assert clock(datetime(2026, 12, 1, 12, 0), "en") == "12 pm"
	assert clock(datetime(2026, 12, 1, 12, 0), "ru-RU") == "12:00"


def test_every_promise_text_is_translated():
	missing = [text for text in MESSAGES.values() if text not in RU]
	assert not missing, missing
