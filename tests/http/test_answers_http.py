"""Answers while the shopper types, over real HTTP against the served site (bin/test serves it; run alone,
these skip): ten "Yes" sent at once for one session and article count once."""

import json
import threading
import uuid

import pytest
from support import api_call as post
from support import bench_python, needs_server

pytestmark = needs_server

SUGGEST = "/api/method/servicedesk_shop.api.suggest_answers"
FEEDBACK = "/api/method/servicedesk_shop.api.answer_feedback"


@pytest.fixture(scope="module")
def article():
	"""A published help article about delivery by airship in a category of its own, removed after."""
	run = str(uuid.uuid4().int)[:8]  # digits: no word of a question
	made = bench_python(
		"import json\n"
		"category = frappe.get_doc({'doctype': 'Help Category', "
		f"'category_name': 'HTTP airships {run}'}}).insert(ignore_permissions=True)\n"
		f"doc = frappe.get_doc({{'doctype': 'Help Article', 'title': 'Доставка дирижаблем {run}', "
		"'category': category.name, 'language': 'ru', 'published': 1, "
		"'content': '<p>Доставка дирижаблем стоит 900 ₽.</p>'}).insert(ignore_permissions=True)\n"
		"print(json.dumps([doc.name, category.name]))"
	)
	name, category = json.loads(made)
	yield name
	bench_python(
		# what the server counted as shown, into the tally first: no later flush writes it for a gone article
		"from servicedesk_shop.self_service.service import flush_answers_shown\n"
		"flush_answers_shown()\n"
		f"frappe.db.delete('Answer Feedback', {{'article': {name!r}}})\n"
		f"frappe.db.delete('Self Service Resolution', {{'article': {name!r}}})\n"
		f"frappe.db.delete('Self Service Tally', {{'article': {name!r}}})\n"
		f"frappe.delete_doc('Help Article', {name!r}, force=True, ignore_permissions=True)\n"
		f"frappe.delete_doc('Help Category', {category!r}, force=True, ignore_permissions=True)\n"
		"print('removed')"
	)


def fresh_ip() -> str:
	return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def helpful(name: str) -> int:
	return int(bench_python(f"print(frappe.db.get_value('Help Article', {name!r}, 'helpful') or 0)"))


def test_a_guest_is_shown_the_article(article):
	status, body = post(SUGGEST, {"text": "сколько стоит доставка дирижаблем"}, fresh_ip())
	assert status == 200, body
	assert body["message"]["answers"][0]["article"] == article
	assert body["message"]["answers"][0]["url"].startswith("http")


def test_ten_yes_at_once_for_one_session_count_once(article):
	session = "race-" + uuid.uuid4().hex
	# the page showed the article to this session first: a vote on an answer never shown counts nowhere
	status, body = post(
		SUGGEST, {"text": "сколько стоит доставка дирижаблем", "session": session}, fresh_ip()
	)
	assert status == 200 and body["message"]["answers"][0]["article"] == article, body
	before = helpful(article)
	start = threading.Barrier(10, timeout=30)
	results = []

	def send():
		start.wait()
		# each from its own address: the rate limit is not what keeps the count at one
		results.append(
			post(
				FEEDBACK, {"article": article, "helped": 1, "session": session, "source": "Cart"}, fresh_ip()
			)
		)

	threads = [threading.Thread(target=send) for _ in range(10)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(90)

	assert [status for status, _body in results] == [200] * 10, results
	recorded = [body["message"]["recorded"] for _status, body in results]
	assert recorded.count(True) == 1, recorded
	stored = bench_python(
		"from servicedesk_shop.self_service.session import session_hash\n"
		f"key = session_hash({session!r})\n"
		f"print(frappe.db.count('Answer Feedback', {{'session_key': key, 'article': {article!r}}}), "
		f"frappe.db.count('Self Service Resolution', {{'session_key': key, 'article': {article!r}}}))"
	)
	assert stored == "1 1"
	assert helpful(article) == before + 1


def test_a_vote_on_an_answer_never_shown_counts_nowhere(article):
	"""What a script or another site's page sends: a new session that was never shown the article."""
	before = helpful(article)
	for _ in range(3):
		status, body = post(
			FEEDBACK, {"article": article, "helped": 1, "session": "forged-" + uuid.uuid4().hex}, fresh_ip()
		)
		assert (status, body["message"]) == (200, {"recorded": False}), body
	assert helpful(article) == before


def test_bad_input_is_a_clear_4xx(article):
	ip = fresh_ip()
	for data, expected in (
		({"article": "no-such-article", "helped": 1}, 404),
		({"article": article, "helped": "perhaps"}, 400),
		({"article": article, "helped": 1, "text": "x" * 5001}, 400),
	):
		status, body = post(FEEDBACK, data, ip)
		assert status == expected, (data, status, body)
		assert "exc" not in body and "Traceback" not in json.dumps(body), body
	status, body = post(SUGGEST, {"text": "x" * 5001}, ip, method="GET")
	assert status == 400, body
