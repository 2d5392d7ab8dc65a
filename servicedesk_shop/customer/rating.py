"""The customer's rating of the answer (CSAT): rules without `frappe`.

A resolved request is rated 1-5 with an optional comment, changeable for RATING_DAYS after it was
resolved. The resolution e-mail holds one signed link per star (no login); My Requests and the tracking
page rate through the request's own signed link. Frappe's Rating field stores a fraction of its five
stars: 4 stars is 0.8.

No `frappe` import.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

STARS = (1, 2, 3, 4, 5)
RATING_DAYS = 7
UNHAPPY = 2  # a rating of this or fewer stars tells the team's manager
COMMENT_LIMIT = 1000
RATE_PURPOSE = "rate"
RATABLE_STATUSES = ("Resolved", "Closed")


class RatingError(ValueError):
	def __init__(self, key: str):
		super().__init__(key)
		self.key = key


MESSAGES = {
	"stars": "The rating must be 1 to 5 stars.",
	"not_resolved": "This request can be rated once it is resolved.",
	"too_late": "This request can no longer be rated: ratings are taken for {0} days after it is resolved.",
	"comment_too_long": "The comment is too long: at most {0} characters.",
	"bad_link": "This rating link is not valid.",
}


@dataclass(frozen=True)
class Rating:
	stars: int
	comment: str

	@property
	def fraction(self) -> float:
		"""What Frappe's Rating field stores."""
		return self.stars / len(STARS)

	@property
	def unhappy(self) -> bool:
		return self.stars <= UNHAPPY


def stars_of(value) -> int:
	"""1-5 from the customer's input ("4", 4); anything else is refused."""
	if isinstance(value, bool):
		raise RatingError("stars")
	if isinstance(value, str):
		value = value.strip()
		if not value.isdigit():
			raise RatingError("stars")
		value = int(value)
	if not isinstance(value, int) or value not in STARS:
		raise RatingError("stars")
	return value


def check_rating(stars, comment, status: str, resolved_on: datetime | None, now: datetime) -> Rating:
	"""The rating to store, or a RatingError saying why not."""
	stars = stars_of(stars)
	comment = (comment or "").strip() if isinstance(comment, str) or comment is None else None
	if comment is None:
		raise RatingError("comment_too_long")
	if len(comment) > COMMENT_LIMIT:
		raise RatingError("comment_too_long")
	if status not in RATABLE_STATUSES:
		raise RatingError("not_resolved")
	if resolved_on and now > resolved_on + timedelta(days=RATING_DAYS):
		raise RatingError("too_late")
	return Rating(stars, comment)


def stars_from_fraction(fraction) -> int | None:
	"""The stars of a stored Rating (0.8 -> 4); None when not rated."""
	if not fraction:
		return None
	return max(1, min(5, round(float(fraction) * len(STARS))))


def rate_value(issue: str, stars: int) -> str:
	"""What a star's link signs: the request and the star."""
	return f"{issue}:{stars}"


def parse_rate_value(value: str | None) -> tuple[str, int] | None:
	if not value or ":" not in value:
		return None
	issue, _, star = value.rpartition(":")
	if not issue or not star.isdigit() or int(star) not in STARS:
		return None
	return issue, int(star)
