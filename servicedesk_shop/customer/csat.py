"""The customer rates the answer (CSAT) on a site: the rating on the Issue, the team manager told of an
unhappy one, the resolution e-mail with a signed link per star.

`Issue.csat_rating` (Rating: a fraction of five stars), `csat_comment`, `csat_rated_on`. Ratings are
taken for RATING_DAYS after the request was resolved and may be changed meanwhile; one of UNHAPPY stars
or fewer tells the team's manager (a Notification Log, and an e-mail where the site sends them) and
lists the request under *Unhappy Customers* on the Service Desk workspace.
"""

import dataclasses
import html

import frappe
from frappe import _
from frappe.utils import (
	add_days,
	escape_html,
	get_datetime,
	get_url,
	get_url_to_form,
	now_datetime,
	strip_html,
)

from servicedesk_shop.customer.rating import (
	COMMENT_LIMIT,
	MESSAGES,
	RATE_PURPOSE,
	RATING_DAYS,
	STARS,
	UNHAPPY,
	RatingError,
	check_rating,
	parse_rate_value,
	rate_value,
	stars_from_fraction,
)
from servicedesk_shop.customer.service import resolved_on as resolved_at
from servicedesk_shop.service_desk.errors import ServiceDeskError
from servicedesk_shop.service_desk.jobs import after_commit
from servicedesk_shop.service_desk.mail import (
	customer_mail_blocked,
	has_outgoing_account,
	may_quote_sender,
	note_no_account,
	send,
)
from servicedesk_shop.service_desk.sanitize import safe_html
from servicedesk_shop.service_desk.tokens import sign, unsign
from servicedesk_shop.service_desk.tracking import secret as tracking_secret
from servicedesk_shop.service_desk.tracking import track_url

RESOLVED_ENGLISH = "Service Desk: Request Resolved"
RESOLVED_RUSSIAN = "Service Desk: Request Resolved (Russian)"
STAR_LINKS = "{{ star_links }}"
TEMPLATES = [
	{
		"name": RESOLVED_ENGLISH,
		"subject": "Your request {{ issue }} is resolved",
		"response": (
			"<p>Hello,</p>"
			"<p>your request <b>{{ issue }}</b>{% if subject %} ({{ subject }}){% endif %} is resolved.</p>"
			"{% if resolution %}<div>{{ resolution }}</div>{% endif %}"
			"<p>Did our answer help you? One click rates it:</p>"
			"<p>{{ star_links }}</p>"
			'<p>The whole conversation, and a reply if something is still wrong: <a href="{{ track_url }}">{{ track_url }}</a></p>'
		),
	},
	{
		"name": RESOLVED_RUSSIAN,
		"subject": "Ваше обращение {{ issue }} решено",
		"response": (
			"<p>Здравствуйте!</p>"
			"<p>Ваше обращение <b>{{ issue }}</b>{% if subject %} ({{ subject }}){% endif %} решено.</p>"
			"{% if resolution %}<div>{{ resolution }}</div>{% endif %}"
			"<p>Помог ли вам наш ответ? Оцените его одним нажатием:</p>"
			"<p>{{ star_links }}</p>"
			'<p>Вся переписка и ответ, если что-то ещё не так: <a href="{{ track_url }}">{{ track_url }}</a></p>'
		),
	},
]


class RatingRefused(ServiceDeskError):
	"""A rating the rules refuse (400)."""


def refuse(error: RatingError):
	frappe.flags.disable_traceback = True
	argument = {"too_late": RATING_DAYS, "comment_too_long": COMMENT_LIMIT}.get(error.key)
	message = _(MESSAGES[error.key])
	frappe.throw(message.format(argument) if argument is not None else message, RatingRefused)


def secret() -> str:
	return tracking_secret()


def star_url(issue: str, stars: int) -> str:
	token = sign(rate_value(issue, stars), secret(), purpose=RATE_PURPOSE)
	return get_url(f"/support/rate?token={token}")


def from_star_token(token) -> tuple[str, int] | None:
	if not isinstance(token, str):
		return None
	return parse_rate_value(unsign(token, secret(), purpose=RATE_PURPOSE))


def comment_text(stored: str | None) -> str:
	"""A stored comment (inert HTML, as the desk shows it) as the text the customer wrote: for their own
	form's box and for plain-text places, each escaping it once more."""
	return html.unescape(strip_html(stored or "")).strip()


def checked(issue: str, stars, comment: str | None = None):
	"""(the request's row, the rating) when the customer may rate `issue` so; refused (400) otherwise."""
	row = frappe.db.get_value(
		"Issue",
		issue,
		[
			"name",
			"status",
			"resolved_on",
			"sla_resolution_date",
			"modified",
			"csat_rating",
			"csat_comment",
			"support_team",
			"subject",
		],
		as_dict=True,
	)
	if not row:
		refuse(RatingError("bad_link"))
	try:
		return row, check_rating(stars, comment, row.status, resolved_at(row), now_datetime())
	except RatingError as error:
		refuse(error)


def rate(issue: str, stars, comment: str | None = None) -> dict:
	"""Store the customer's rating of `issue` (checked by rating.check_rating); tell the team's manager
	when it is unhappy (once: not again for a changed comment). Without a comment (None, as a star's link
	sends) the stored comment stays: clicking a star again does not erase what the customer wrote."""
	row, rating = checked(issue, stars, comment)
	before = stars_from_fraction(row.csat_rating)

	values = {"csat_rating": rating.fraction, "csat_rated_on": now_datetime()}
	if comment is not None:
		# written past the Issue's validate (and its sanitizing hook): made inert here, as the desk shows it
		values["csat_comment"] = safe_html(rating.comment)
	else:
		rating = dataclasses.replace(rating, comment=comment_text(row.csat_comment))
	if rating.unhappy and (before is None or before > UNHAPPY) and became_unhappy(issue, values):
		# only the one rating that turned it unhappy tells the manager, however many clicks race
		tell_manager(row, rating)
	else:
		frappe.db.set_value("Issue", issue, values, update_modified=False)
	return {"issue": issue, "stars": rating.stars, "comment": rating.comment}


def became_unhappy(issue: str, values: dict) -> bool:
	"""Store an unhappy rating in one UPDATE that matches only while the request was not rated unhappy:
	of two clicks at once, the second waits for the first's row lock, then matches nothing."""
	table = frappe.qb.DocType("Issue")
	update = frappe.qb.update(table)
	for fieldname, value in values.items():
		update = update.set(table[fieldname], value)
	update.where(table.name == issue).where(
		table.csat_rating.isnull() | (table.csat_rating == 0) | (table.csat_rating > UNHAPPY / 5)
	).run()
	return frappe.db._cursor.rowcount == 1


def tell_manager(row, rating):
	"""The team's manager learns of an unhappy customer: in the desk, and by e-mail where the site sends."""
	manager = (
		frappe.db.get_value("Service Desk Team", row.support_team, "manager") if row.support_team else None
	)
	if not manager:
		return
	subject = _("A customer rated request {0} {1} of 5").format(row.name, rating.stars)
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": manager,
			"type": "Alert",
			"document_type": "Issue",
			"document_name": row.name,
			"subject": escape_html(subject),
			"email_content": escape_html(rating.comment or row.subject or ""),
		}
	).insert(ignore_permissions=True)


def star_links(issue: str) -> str:
	"""Five links, one per star, for the e-mail (plain HTML that every mail client shows)."""
	return " ".join(
		f'<a href="{escape_html(star_url(issue, stars))}" style="font-size:20px;text-decoration:none" '
		f'title="{stars}">{"★" * stars}{"☆" * (len(STARS) - stars)}</a><br>'
		for stars in reversed(STARS)
	)


def template_for(language: str | None) -> str:
	return RESOLVED_RUSSIAN if (language or "").lower().startswith("ru") else RESOLVED_ENGLISH


def resolution_email(doc) -> tuple[str, str]:
	context = {
		"issue": escape_html(doc.name),
		"subject": escape_html(doc.subject or "") if may_quote_sender(doc) else "",
		"resolution": safe_html(doc.get("resolution_details") or ""),
		"track_url": escape_html(track_url(doc.name)),
		"star_links": star_links(doc.name),
	}
	name = template_for(doc.get("customer_language"))
	template = frappe.db.get_value(
		"Email Template", name, ["subject", "response", "response_html", "use_html"], as_dict=True
	) or next(t for t in TEMPLATES if t["name"] == name)
	body = template.get("response_html") if template.get("use_html") else template.get("response")
	return frappe.render_template(template["subject"], context), frappe.render_template(body or "", context)


def on_resolved(doc, method=None):
	"""Issue on_update: the resolution e-mail with the rating links, once, when a request becomes
	Resolved (after the commit, so that a failed save sends nothing)."""
	if doc.status != "Resolved" or not doc.has_value_changed("status") or not doc.get("raised_by"):
		return
	after_commit(send_resolution, job_id=f"sd-resolved:{doc.name}", issue=doc.name)


def send_resolution(issue: str) -> bool:
	if not has_outgoing_account():
		note_no_account("resolution e-mails")
		return False
	doc = frappe.get_doc("Issue", issue)
	if customer_mail_blocked(doc):
		return False  # an answer by phone, or a customer who opted out of e-mail
	subject, message = resolution_email(doc)
	return send(
		"resolution e-mails",
		recipients=[doc.raised_by],
		subject=subject,
		message=message,
		reference_doctype="Issue",
		reference_name=doc.name,
	)


def make_templates():
	for template in TEMPLATES:
		if not frappe.db.exists("Email Template", template["name"]):
			frappe.get_doc({"doctype": "Email Template", **template}).insert(ignore_permissions=True)


def digest_section(manager: str, teams: list[str]) -> str:
	"""The daily digest's part on the customers' ratings of the manager's teams in the last day: how
	many, the average, and the unhappy ones with their comments."""
	if not teams:
		return ""
	issue = frappe.qb.DocType("Issue")
	rows = (
		frappe.qb.from_(issue)
		.select(issue.name, issue.subject, issue.csat_rating, issue.csat_comment)
		.where(issue.support_team.isin(teams))
		.where(issue.csat_rated_on >= add_days(now_datetime(), -1))
		.where(issue.csat_rating > 0)
	).run(as_dict=True)
	if not rows:
		return ""
	stars = [stars_from_fraction(row.csat_rating) for row in rows]
	unhappy = [row for row, s in zip(rows, stars, strict=False) if s <= UNHAPPY]
	lines = "".join(
		"<li><a href='{url}'>{name}</a> {subject}: {stars}{comment}</li>".format(
			url=get_url_to_form("Issue", row.name),
			name=escape_html(row.name),
			subject=escape_html(row.subject or ""),
			stars="★" * stars_from_fraction(row.csat_rating),
			comment=f" — {escape_html(comment_text(row.csat_comment))}" if row.csat_comment else "",
		)
		for row in unhappy
	)
	return (
		f"<h4>{escape_html(_('Customer ratings in the last day'))}</h4>"
		f"<p>{escape_html(_('{0} ratings, {1} stars on average; unhappy: {2}').format(len(stars), round(sum(stars) / len(stars), 1), len(unhappy)))}</p>"
		+ (f"<ul>{lines}</ul>" if lines else "")
	)
