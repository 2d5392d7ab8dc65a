"""The acknowledgement e-mail: the request's number and its tracking link, to the sender's address.

To an address a guest typed, which nobody has proven, it says nothing the sender chose (no subject, no
words of theirs, no links but the shop's): otherwise anyone could make the shop mail anyone their text.

The texts are Email Templates that ship with the app in English and Russian (`TEMPLATES`, made on install)
and that the shop edits in the desk. The sender's language (Issue.customer_language, the language of the
page they wrote from) picks the template. Every value put into it is escaped: the subject is the
customer's own words.
"""

import frappe
from frappe.utils import escape_html

from servicedesk_shop.service_desk.mail import may_quote_sender

ENGLISH = "Service Desk: Request Received"
RUSSIAN = "Service Desk: Request Received (Russian)"

TEMPLATES = [
	{
		"name": ENGLISH,
		"subject": "Your request {{ issue }} has been received",
		"response": (
			"<p>Hello,</p>"
			"<p>thank you for writing to us. Your request <b>{{ issue }}</b>{% if subject %} ({{ subject }}){% endif %} has been received "
			"and is with our team.</p>"
			"{% if promise %}<p><b>{{ promise }}.</b></p>{% endif %}"
			'<p>Follow it and answer us here: <a href="{{ track_url }}">{{ track_url }}</a></p>'
			"<p>If you did not write to us, you can ignore this e-mail.</p>"
		),
	},
	{
		"name": RUSSIAN,
		"subject": "Ваше обращение {{ issue }} получено",
		"response": (
			"<p>Здравствуйте!</p>"
			"<p>Спасибо, что написали нам. Ваше обращение <b>{{ issue }}</b>{% if subject %} ({{ subject }}){% endif %} получено и "
			"передано нашей команде.</p>"
			"{% if promise %}<p><b>{{ promise }}.</b></p>{% endif %}"
			'<p>Следить за ним и отвечать нам можно здесь: <a href="{{ track_url }}">{{ track_url }}</a></p>'
			"<p>Если вы нам не писали, просто не обращайте внимания на это письмо.</p>"
		),
	},
]


def template_for(language: str | None) -> str:
	return RUSSIAN if (language or "").lower().startswith("ru") else ENGLISH


def acknowledgement(doc, track_url: str, promise: str | None = None) -> tuple[str, str]:
	"""(subject, HTML message) of the acknowledgement of Issue `doc`; `promise`: when the customer will
	hear back ("We will answer by 2:30 pm today"), in their language."""
	context = {
		"issue": escape_html(doc.name),
		# a guest's typed address gets nothing its sender chose: no subject, no text, only the shop's link
		"subject": escape_html(doc.subject or "") if may_quote_sender(doc) else "",
		"track_url": escape_html(track_url),
		"promise": escape_html(promise or ""),
	}
	name = template_for(doc.get("customer_language"))
	template = frappe.db.get_value(
		"Email Template", name, ["subject", "response", "response_html", "use_html"], as_dict=True
	) or next(t for t in TEMPLATES if t["name"] == name)
	body = template.get("response_html") if template.get("use_html") else template.get("response")
	return (
		frappe.render_template(template["subject"], context),
		frappe.render_template(body or "", context),
	)


def make_templates():
	"""The shipped templates, once (an edited or deleted one is left as the shop made it)."""
	for template in TEMPLATES:
		if not frappe.db.exists("Email Template", template["name"]):
			frappe.get_doc({"doctype": "Email Template", **template}).insert(ignore_permissions=True)


PROMISE_LINE = "{% if promise %}<p><b>{{ promise }}.</b></p>{% endif %}"


def add_promise_to_templates():
	"""Patch: the shipped templates as the shop left them gain the answer-by line; an edited one stays
	as the shop made it."""
	for template in TEMPLATES:
		current = frappe.db.get_value(
			"Email Template", template["name"], ["response", "use_html"], as_dict=True
		)
		if (
			current
			and not current.use_html
			and current.response == template["response"].replace(PROMISE_LINE, "")
		):
			frappe.db.set_value("Email Template", template["name"], "response", template["response"])
