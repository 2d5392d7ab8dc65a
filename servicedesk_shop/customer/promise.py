"""The answer-by promise as the customer reads it: "We will answer by 2:30 pm today" / "Мы ответим до
14:30 сегодня", tomorrow, a weekday, a date; once answered, when. No `frappe` import.

The times are the shop's (the caller converts the SLA's deadline to the shop's time zone). The promise is
rounded up to five minutes, never earlier than the SLA: a shop keeps a promise it rounds up.

The texts are English templates with {0}…; the Frappe side translates each (translations/ru.csv), so
Russian reads "Мы ответим до {0} {1}" with "сегодня", "завтра", "в понедельник" (weekdays in the form
that follows "в"), "12 декабря".
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
	"January",
	"February",
	"March",
	"April",
	"May",
	"June",
	"July",
	"August",
	"September",
	"October",
	"November",
	"December",
)

# every text this module makes, in English; the Frappe side translates them
MESSAGES = {
	"promise": "We will answer by {0} {1}",
	"late": "We are sorry for the wait: we will answer as soon as we can",
	"answered": "Answered {1} at {0}",
	"today": "today",
	"tomorrow": "tomorrow",
	"yesterday": "yesterday",
	**{f"on_{day.lower()}": f"on {day}" for day in WEEKDAYS},
	"on_date": "on {0}",
	**{f"month_{i + 1}": f"{{0}} {month}" for i, month in enumerate(MONTHS)},
}


@dataclass(frozen=True)
class Phrase:
	"""A text to translate: the key of its template and its arguments (themselves Phrases or text)."""

	key: str
	args: tuple = ()

	def render(self, gettext=lambda text: text) -> str:
		args = [a.render(gettext) if isinstance(a, Phrase) else a for a in self.args]
		return gettext(MESSAGES[self.key]).format(*args)


def round_up(moment: datetime, minutes: int = 5) -> datetime:
	"""The next multiple of `minutes` at or after `moment` (seconds count: 14:30:01 is 14:35)."""
	moment = moment.replace(microsecond=0)
	rest = (moment.minute % minutes) * 60 + moment.second
	if rest == 0:
		return moment
	return moment + timedelta(seconds=minutes * 60 - rest)


def clock(moment: datetime, language: str) -> str:
	"""14:30 (9:05) in Russian and any other language but English; 2:30 pm in English."""
	if (language or "en").split("-")[0].lower() == "en":
		hour = moment.hour % 12 or 12
		suffix = "am" if moment.hour < 12 else "pm"
		return f"{hour}:{moment.minute:02d} {suffix}" if moment.minute else f"{hour} {suffix}"
	return f"{moment.hour}:{moment.minute:02d}"


def day_phrase(moment: datetime, now: datetime) -> Phrase:
	"""today, tomorrow, yesterday, on a weekday within six days, else on a date."""
	days = (moment.date() - now.date()).days
	if days == 0:
		return Phrase("today")
	if days == 1:
		return Phrase("tomorrow")
	if days == -1:
		return Phrase("yesterday")
	if 1 < days < 7:
		return Phrase(f"on_{WEEKDAYS[moment.weekday()].lower()}")
	return Phrase("on_date", (Phrase(f"month_{moment.month}", (moment.day,)),))


def promise(answer_by: datetime, now: datetime, language: str = "en") -> Phrase:
	""" "We will answer by 2:30 pm today": `answer_by` rounded up to five minutes; past it, an apology
	rather than a time that has gone."""
	if answer_by < now:
		return Phrase("late")
	moment = round_up(answer_by)
	return Phrase("promise", (clock(moment, language), day_phrase(moment, now)))


def answered(answered_on: datetime, now: datetime, language: str = "en") -> Phrase:
	""" "Answered today at 11:05"."""
	return Phrase("answered", (clock(answered_on, language), day_phrase(answered_on, now)))


def answer_by_without_sla(created: datetime, typical_hours: float) -> datetime:
	"""Where no SLA applies: the source's typical answer time after the request, in plain hours."""
	return created + timedelta(hours=typical_hours)
