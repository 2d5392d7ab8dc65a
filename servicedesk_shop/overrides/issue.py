"""ERPNext's Issue, a request to the service desk: what each capability does at each of its events, in
the order that matters. hooks.py names one function per event here."""

from servicedesk_shop.customer import csat
from servicedesk_shop.customer import service as customer
from servicedesk_shop.impact import service as impact
from servicedesk_shop.insight import fit_advice
from servicedesk_shop.messengers import delivery as messengers
from servicedesk_shop.portal import erpnext_issues as portal
from servicedesk_shop.routing import service as routing
from servicedesk_shop.service_desk import mail, sanitize
from servicedesk_shop.triage import service as triage


def before_insert(doc, method=None):
	# the portal's customer first: routing reads the customer's group and territory
	portal.own_customer_only(doc, method)
	# then triage: routing uses the category, urgency and mood it reads
	triage.triage_new_issue(doc, method)
	# before ERPNext applies the Service Level Agreement in validate, which uses the rule's priority
	routing.route_new_issue(doc, method)


def before_validate(doc, method=None):
	# a customer's edit keeps the request's customer (before ERPNext's validate fills the contact)
	portal.own_customer_only(doc, method)


def validate(doc, method=None):
	sanitize.sanitize_issue(doc, method)
	triage.note_label(doc, method)
	# when it was resolved: the reopening and rating days count from it
	customer.note_resolution(doc, method)
	# who resolved it: an agent's resolution makes a size complaint fit evidence
	fit_advice.note_resolver(doc, method)
	# opened again after it was resolved: not resolved at first contact; a fixed cause has its day
	impact.note_reopening(doc, method)
	impact.check_cause_fixed(doc, method)


def on_update(doc, method=None):
	# the resolution e-mail with the rating links
	csat.on_resolved(doc, method)
	# the same for a request from a chat: the resolution with rating buttons in the chat
	messengers.on_issue_update(doc, method)
	# an answer by phone holds back the e-mails about the request (Email Unsubscribe)
	mail.mute_request_mail(doc, method)


def after_insert(doc, method=None):
	# the routed team's member, assigned by a background job after the commit
	routing.assign_new_issue(doc, method)


def on_trash(doc, method=None):
	# a deleted request is no evidence of an item's fit
	fit_advice.forget_evidence(doc, method)
