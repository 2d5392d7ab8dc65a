# Triage on a real site: every new request read, routed by what was read, labels, versions, the API.

import copy
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from unittest.mock import patch

import frappe
import numpy as np
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, now_datetime

from servicedesk_shop import api
from servicedesk_shop.escalation import service as escalation
from servicedesk_shop.intake import service as intake
from servicedesk_shop.patches.v0_5 import triage_model_as_data
from servicedesk_shop.routing import service as routing
from servicedesk_shop.testing import ShopTestCase, make_agent, make_rule, make_team
from servicedesk_shop.triage import model as triage_model
from servicedesk_shop.triage import service as triage
from servicedesk_shop.triage.model import Example
from servicedesk_shop.triage.report.triage_accuracy import triage_accuracy

AGENT = "agent.triage@example.com"
MANAGER = "manager.triage@example.com"
SENIOR = "senior.triage@example.com"
ANGRY_DELIVERY = "курьер второй день не приезжает, сколько можно!"


class MakesDirectory:
	"""A pickle payload: unpickling it calls os.mkdir(path), the stand-in for any code an attacker runs."""

	def __init__(self, path):
		self.path = str(path)

	def __reduce__(self):
		return (os.mkdir, (self.path,))


def live_marker() -> Path:
	"""A path that a MakesDirectory payload creates when it is unpickled (checked once, so that a test
	asserting it was not created tests something)."""
	folder = Path(tempfile.mkdtemp(prefix="servicedesk-triage-"))
	pickle.loads(pickle.dumps(MakesDirectory(folder / "live")))
	assert (folder / "live").exists()
	return folder / "ran"


def settings(**values):
	frappe.db.set_single_value("Service Desk Settings", values)
	frappe.clear_document_cache("Service Desk Settings", "Service Desk Settings")


class TestTriage(ShopTestCase):
	@classmethod
	def make_fixtures(cls):
		for priority in ("Low", "Medium", "High"):
			if not frappe.db.exists("Issue Priority", priority):
				frappe.get_doc({"doctype": "Issue Priority", "name": priority}).insert()
		triage.clear_priority_cache()
		published = triage.published_name()
		version = frappe.db.get_value("Triage Model", published, "seed_version") if published else None
		if version != triage.training_version():
			# migrate leaves this to a background job on a site with labels of its own
			triage.train_and_publish(with_site=False)
		make_agent(AGENT)
		make_agent(SENIOR)
		make_agent(MANAGER, roles=("Support Team", "Support Manager"))

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.db.delete("Routing Rule")
		settings(
			routing_enabled=1,
			default_team=None,
			triage_enabled=1,
			triage_threshold=40,
			triage_urgency_threshold=50,
			triage_min_new_labels=3,
		)
		routing.invalidate_routing()
		triage.invalidate_model()
		# the published model was trained a minute ago, by this site's clock (one trained at install, before
		# a test site's time zone was set, can read as trained in the future)
		frappe.db.set_value(
			"Triage Model", triage.published_name(), "trained_on", add_to_date(now_datetime(), minutes=-1)
		)
		self.logistics = make_team("Triage Logistics", MANAGER, [AGENT])
		self.seniors = make_team("Triage Seniors", MANAGER, [SENIOR])

	def tearDown(self):
		super().tearDown()
		routing.invalidate_routing()
		triage.invalidate_model()

	def intake(self, message, **data):
		data.setdefault("email", "visitor.triage@example.net")
		data.setdefault("source", "Widget")
		frappe.set_user("Guest")
		try:
			return frappe.get_doc("Issue", intake.submit({"message": message, **data})["issue"])
		finally:
			frappe.set_user("Administrator")

	# --- every new request ---------------------------------------------------------------------------

	def test_an_uncategorised_angry_delivery_request_is_read_and_routed_by_it(self):
		make_rule(
			"Angry delivery to seniors", self.seniors, 5, categories=["Delivery"], mood_condition="Angry"
		)
		make_rule("Delivery", self.logistics, 10, categories=["Delivery"])
		issue = self.intake(ANGRY_DELIVERY)  # the Widget's default category is Wish or Suggestion
		self.assertEqual(issue.issue_type, "Delivery")
		self.assertEqual(issue.triage_category, "Delivery")
		self.assertTrue(issue.triage_applied)
		self.assertEqual(issue.triage_urgency, "High")
		self.assertEqual(issue.priority, "High")  # the Widget gives no priority: the urgency is used
		self.assertEqual(issue.customer_mood, "Angry")
		self.assertEqual(issue.triage_mood, "Angry")
		self.assertEqual(issue.triage_model, triage.published_name())
		self.assertGreaterEqual(issue.triage_confidence, 40)  # the settings' threshold
		# routed by the mood it read, and the form says why
		self.assertEqual(issue.support_team, self.seniors)
		self.assertIn("mood Angry", issue.routing_reason)
		self.assertIn("курьер", issue.triage_explanation)
		self.assertIn("Delivery", issue.triage_explanation)

	def test_the_customers_own_category_is_kept(self):
		issue = self.intake(ANGRY_DELIVERY, category="Product Question")
		self.assertEqual(issue.issue_type, "Product Question")
		self.assertEqual(issue.triage_category, "Delivery")  # still shown to the agent
		self.assertFalse(issue.triage_applied)

	def test_below_the_threshold_the_sources_default_stays(self):
		settings(triage_threshold=99.9)
		issue = self.intake(ANGRY_DELIVERY)
		self.assertEqual(issue.issue_type, "Wish or Suggestion")
		self.assertEqual(issue.triage_category, "Delivery")
		self.assertFalse(issue.triage_applied)

	def test_a_given_priority_is_kept(self):
		issue = self.intake(ANGRY_DELIVERY, source="Checkout")  # Checkout's default priority is High
		self.assertEqual(issue.priority, "High")
		settings(triage_enabled=0)
		untouched = self.intake(ANGRY_DELIVERY, client_token="triage-urgency-off")
		settings(triage_enabled=1, triage_urgency_threshold=99.9)
		issue = self.intake(ANGRY_DELIVERY, client_token="triage-urgency-below")
		self.assertEqual(issue.triage_urgency, "High")
		self.assertEqual(issue.priority, untouched.priority)  # not sure enough: as without triage

	def test_desk_and_email_requests_are_read_too(self):
		issue = frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": "Списали деньги два раза за один заказ",
				"raised_by": "x@example.net",
			}
		).insert()
		self.assertEqual(issue.issue_type, "Payment")
		self.assertTrue(issue.triage_applied)

	def test_triage_off(self):
		settings(triage_enabled=0)
		issue = self.intake(ANGRY_DELIVERY)
		self.assertEqual(issue.issue_type, "Wish or Suggestion")
		self.assertFalse(issue.triage_category or issue.customer_mood)

	def test_a_failing_model_never_fails_a_request(self):
		with patch.object(triage, "predict", side_effect=RuntimeError("broken model")):
			issue = self.intake(ANGRY_DELIVERY)
		self.assertTrue(issue.name)
		self.assertEqual(issue.issue_type, "Wish or Suggestion")
		self.assertTrue(
			frappe.db.exists("Error Log", {"method": "servicedesk_shop: triage of a new request"})
		)

	def test_one_cache_read_and_no_query_per_request_once_loaded(self):
		triage.get_model()
		triage.settings()  # the settings come from the document cache once they are read
		issue = frappe.new_doc("Issue")
		issue.update({"subject": ANGRY_DELIVERY, "description": ANGRY_DELIVERY})
		frappe.local.servicedesk_triage_model = None
		with self.assertQueryCount(0):
			triage.triage_new_issue(issue)
		self.assertEqual(issue.customer_mood, "Angry")

	# --- escalation by mood ---------------------------------------------------------------------------

	def test_escalation_policies_may_ask_for_a_mood_and_an_urgency(self):
		policy = frappe.get_doc(
			{
				"doctype": "Escalation Policy",
				"policy_name": "Angry customers first",
				"enabled": 1,
				"mood_condition": "Angry or Negative",
				"urgencies": [{"priority": "High"}],
				"levels": [{"trigger": "Response Due In", "minutes": 30, "notify_team_manager": 1}],
			}
		).insert()
		policies, _details = escalation.load_policies()
		loaded = next(p for p in policies if p.name == policy.name)
		self.assertEqual(loaded.moods, {"Angry", "Negative"})
		self.assertEqual(loaded.urgencies, {"High"})
		self.assertTrue(loaded.covers(None, None, None, "Angry", "High"))
		self.assertFalse(loaded.covers(None, None, None, "Positive", "High"))
		self.assertFalse(loaded.covers(None, None, None, "Angry", "Low"))

	# --- labels from agents ---------------------------------------------------------------------------

	def test_an_agents_correction_is_a_label(self):
		issue = self.intake(ANGRY_DELIVERY)
		self.assertFalse(issue.triage_labelled_on)
		frappe.set_user(AGENT)
		issue.customer_mood = "Negative"
		issue.save(ignore_permissions=True)
		self.assertTrue(issue.mood_confirmed)
		self.assertTrue(issue.triage_labelled_on)
		self.assertEqual(issue.triage_mood, "Angry")  # what triage read is kept for the report

		other = self.intake("Какой размер выбрать на рост 170?", client_token="triage-label-2")
		frappe.set_user(AGENT)
		other.description = other.description + "<p>note</p>"
		other.save(ignore_permissions=True)
		self.assertFalse(other.triage_labelled_on)  # an edit of something else is no label
		other.status = "Resolved"
		other.save(ignore_permissions=True)
		self.assertTrue(other.triage_labelled_on)  # the agent left its category as it is
		self.assertFalse(other.mood_confirmed)

	# --- training and versions ------------------------------------------------------------------------

	def labelled_requests(self, count=6):
		names = []
		for i in range(count):
			issue = self.intake(
				f"Доставка задерживается, заказ номер {i} всё ещё в пути", client_token=f"triage-train-{i}"
			)
			frappe.db.set_value(
				"Issue",
				issue.name,
				{
					"triage_labelled_on": now_datetime(),
					"issue_type": "Delivery",
					"customer_mood": "Negative",
					"mood_confirmed": 1,
				},
			)
			names.append(issue.name)
		return names

	def test_training_publishes_a_new_version_that_every_process_loads(self):
		first = triage.published_name()
		# the same examples as the published model (training is deterministic): not worse, published
		name = triage.train_and_publish(with_site=False)
		model = frappe.get_doc("Triage Model", name)
		self.assertEqual(model.status, "Published")
		self.assertEqual(model.category_accuracy, model.published_category_accuracy)
		self.assertGreater(model.seed_examples, 400)
		self.assertIsNotNone(model.category_accuracy)
		self.assertIsNotNone(model.published_category_accuracy)  # measured against the old one
		self.assertEqual(frappe.db.get_value("Triage Model", first, "status"), "Retired")
		self.assertEqual(triage.published_name(), name)
		self.assertIs(triage.get_model(), triage._models[(frappe.local.site, name)])
		self.assertTrue(frappe.db.get_value("File", {"file_url": model.model_file}, "is_private"))
		self.assertEqual(len(model.model_sha256), 64)
		self.assertTrue(model.model_file.endswith(".npz"))  # arrays, not a pickle
		self.assertTrue(triage.file_content(model.model_file).startswith(b"PK"))

	def test_a_model_file_that_is_not_what_training_wrote_is_not_loaded(self):
		name = triage.published_name()
		frappe.db.set_value("Triage Model", name, "model_sha256", "0" * 64)
		triage._models.clear()
		triage.invalidate_model()
		self.assertIsNone(triage.get_model())
		issue = self.intake(ANGRY_DELIVERY)  # requests go on without triage
		self.assertFalse(issue.triage_category)
		self.assertTrue(
			frappe.db.exists(
				"Error Log", {"method": "servicedesk_shop: triage model file does not match its hash"}
			)
		)
		triage._models.clear()

	# --- the model file is data: a pickle is never run -------------------------------------------------

	def plant(self, content: bytes, extension: str):
		"""A published Triage Model whose file is `content`, with its true SHA-256: what a System Manager
		could write after a permission change, or what training wrote before 0.5 (a pickle)."""
		doc = frappe.get_doc(
			{
				"doctype": "Triage Model",
				"version": triage.next_version(),
				"status": "Published",
				"trained_on": add_to_date(now_datetime(), minutes=-1),
				"seed_version": triage.training_version(),
			}
		).insert(ignore_permissions=True)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"triage-model-{doc.version}{extension}",
				"attached_to_doctype": "Triage Model",
				"attached_to_name": doc.name,
				"attached_to_field": "model_file",
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
		doc.db_set({"model_file": file.file_url, "model_sha256": hashlib.sha256(content).hexdigest()})
		triage.retire_others(doc.name)
		triage._models.clear()
		triage.invalidate_model()
		self.addCleanup(triage._models.clear)
		self.assertEqual(triage.published_name(), doc.name)
		return doc

	def test_a_pickled_model_file_is_refused_not_run(self):
		marker = live_marker()
		payload = pickle.dumps(MakesDirectory(marker))
		for extension in (".npz", ".pickle"):  # named as the new format, and as the old
			self.plant(payload, extension)
			frappe.set_user("Guest")
			answer = api.suggest_category(ANGRY_DELIVERY, "Order Tracking")
			frappe.set_user("Administrator")
			self.assertEqual(answer, {"category": None})  # answered, without a model
			issue = self.intake(ANGRY_DELIVERY, client_token=f"triage-planted{extension}")
			self.assertEqual(issue.issue_type, "Wish or Suggestion")  # taken as without triage
			self.assertFalse(issue.triage_category)
			self.assertFalse(marker.exists(), "the pickle was run")
		self.assertTrue(
			frappe.db.exists(
				"Error Log", {"method": "servicedesk_shop: triage model file is not a model stored as data"}
			)
		)

	def test_the_patch_rewrites_an_old_pickled_model_as_data_with_the_same_predictions(self):
		trained = triage_model.train(triage.seed_examples())
		old = copy.copy(trained)
		old.__dict__.pop("parts", None)  # as service.py pickled it before 0.5
		doc = self.plant(pickle.dumps(old, protocol=pickle.HIGHEST_PROTOCOL), ".pickle")
		old_file = frappe.get_doc("File", {"file_url": doc.model_file})
		self.assertIsNone(triage.get_model())  # not unpickled by the web workers

		triage_model_as_data.execute()
		doc.reload()
		self.assertEqual(doc.status, "Published")
		self.assertTrue(doc.model_file.endswith(".npz"))
		content = triage.file_content(doc.model_file)
		self.assertEqual(hashlib.sha256(content).hexdigest(), doc.model_sha256)
		self.assertFalse(frappe.db.exists("File", old_file.name))
		self.assertFalse(os.path.exists(old_file.get_full_path()))  # the pickle is gone

		triage._models.clear()
		triage.invalidate_model()
		self.assertEqual(triage.published_name(), doc.name)
		converted = triage.get_model()
		documents = [e.document for e in triage.seed_examples()]
		self.assertEqual(converted.predict_labels(documents), trained.predict_labels(documents))
		self.assertTrue(np.allclose(converted.scores(documents)[1], trained.scores(documents)[1]))
		self.assertEqual(converted.predict(ANGRY_DELIVERY), trained.predict(ANGRY_DELIVERY))
		frappe.set_user("Guest")
		self.assertEqual(api.suggest_category(ANGRY_DELIVERY, "Order Tracking")["category"], "Delivery")
		frappe.set_user("Administrator")

		triage_model_as_data.execute()  # once only
		self.assertEqual(frappe.db.get_value("Triage Model", doc.name, "model_file"), doc.model_file)

	def test_the_patch_retrains_rather_than_run_a_planted_pickle(self):
		marker = live_marker()
		doc = self.plant(pickle.dumps(MakesDirectory(marker)), ".pickle")
		with patch.object(triage, "enqueue_training"):
			triage_model_as_data.execute()
		self.assertFalse(marker.exists(), "the pickle was run")
		self.assertEqual(frappe.db.get_value("Triage Model", doc.name, "status"), "Retired")
		published = triage.published_name()
		self.assertNotEqual(published, doc.name)
		self.assertTrue(frappe.db.get_value("Triage Model", published, "model_file").endswith(".npz"))
		self.assertEqual(triage.get_model().predict(ANGRY_DELIVERY).category.label, "Delivery")
		self.assertTrue(
			frappe.db.exists(
				"Error Log", {"method": "servicedesk_shop: triage model not converted, retrained"}
			)
		)

	def test_training_learns_from_the_sites_labels(self):
		before = len(triage.site_examples())
		names = self.labelled_requests()
		examples = {e.key: e for e in triage.site_examples()}
		self.assertEqual(len(examples), before + 6)
		self.assertEqual(examples[names[0]].category, "Delivery")
		self.assertEqual(examples[names[0]].mood, "Negative")  # an agent's mood
		name = triage.train_and_publish()
		model = frappe.get_doc("Triage Model", name)
		self.assertEqual(model.site_examples, before + 6)
		self.assertIn(model.status, ("Published", "Rejected"))  # by its held-out accuracy
		self.assertTrue(model.decision)

	def test_a_worse_model_is_kept_but_not_published(self):
		published = triage.published_name()
		real_train = triage_model.train

		def train_on_noise(examples, *args, **kwargs):
			categories = sorted({e.category for e in examples if e.category})
			noisy = [
				triage_model.Example(
					e.text, category=categories[i % len(categories)], urgency=e.urgency, mood=e.mood
				)
				for i, e in enumerate(examples)
			]
			return real_train(noisy, *args, **kwargs)

		with patch.object(triage_model, "train", side_effect=train_on_noise):
			name = triage.train_and_publish(with_site=False)
		candidate = frappe.get_doc("Triage Model", name)
		self.assertEqual(candidate.status, "Rejected")
		self.assertLess(candidate.category_accuracy, candidate.published_category_accuracy)
		self.assertFalse(candidate.model_file)
		self.assertIn("category", candidate.decision)
		self.assertEqual(triage.published_name(), published)

	def test_a_model_trained_in_the_future_is_retrained(self):
		"""The site's clock or time zone moved since the training: new labels cannot be told from old."""
		frappe.db.set_value(
			"Triage Model", triage.published_name(), "trained_on", add_to_date(now_datetime(), hours=5)
		)
		with patch.object(triage, "enqueue_training") as enqueue:
			triage.nightly_retrain()
			enqueue.assert_called_once()

	def test_nightly_retraining_waits_for_enough_new_labels(self):
		trained_on = frappe.db.get_value("Triage Model", triage.published_name(), "trained_on")
		settings(triage_min_new_labels=triage.new_labels_since(trained_on) + 3)
		with patch.object(triage, "enqueue_training") as enqueue:
			triage.nightly_retrain()
			enqueue.assert_not_called()
			self.labelled_requests(3)
			triage.nightly_retrain()
			enqueue.assert_called_once()

	# --- the customer types ---------------------------------------------------------------------------

	def test_suggest_category(self):
		issues = frappe.db.count("Issue")
		frappe.set_user("Guest")
		answer = api.suggest_category(ANGRY_DELIVERY, "Order Tracking")
		self.assertEqual(answer["category"], "Delivery")
		self.assertGreater(answer["confidence"], 0.5)
		# only what the source's form offers
		self.assertIsNone(api.suggest_category(ANGRY_DELIVERY, "Size Chart")["category"])
		self.assertIsNone(api.suggest_category("ой", "Widget")["category"])
		self.assertIsNone(api.suggest_category(None, None)["category"])
		with self.assertRaises(frappe.ValidationError):
			api.suggest_category("x" * 5001, "Widget")
		with self.assertRaises(frappe.ValidationError):
			api.suggest_category(ANGRY_DELIVERY, "No Such Source")
		self.assertEqual(frappe.db.count("Issue"), issues)  # nothing stored

	# --- the accuracy report --------------------------------------------------------------------------

	def test_the_accuracy_report_counts_agreement_with_the_agents(self):
		frappe.db.delete("Issue", {"triage_labelled_on": ("is", "set")})
		cases = [("Delivery", "Delivery")] * 3 + [("Payment", "Delivery")] + [("Payment", "Payment")] * 2
		for i, (agent, guess) in enumerate(cases):
			issue = self.intake(
				f"Вопрос по заказу номер {i}, посмотрите пожалуйста", client_token=f"triage-accuracy-{i}"
			)
			frappe.db.set_value(
				"Issue",
				issue.name,
				{
					"issue_type": agent,
					"triage_category": guess,
					"triage_labelled_on": now_datetime(),
					"priority": "High",
					"triage_urgency": "High" if i % 2 else "Low",
					"customer_mood": "Angry",
					"triage_mood": "Angry",
				},
			)
		columns, data, _message, chart, summary = triage_accuracy.execute(
			{"from_date": add_days(now_datetime(), -1), "to_date": now_datetime()}
		)
		rows = {row["category"]: row for row in data}
		self.assertEqual(rows["Delivery"]["requests"], 3)
		self.assertEqual(rows["Delivery"]["agreement"], 100.0)
		self.assertEqual(rows["Payment"]["requests"], 3)
		self.assertEqual(rows["Payment"]["agreed"], 2)
		self.assertEqual(rows["Payment"]["guess_delivery"], 1)  # the confusion table
		self.assertIn("guess_payment", [c["fieldname"] for c in columns])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [100.0, 66.7])
		values = {item["label"]: item["value"] for item in summary}
		self.assertEqual(values["Category Agreement"], 83.3)
		self.assertEqual(values["Urgency Agreement"], 50.0)
		self.assertEqual(values["Mood Agreement"], 100.0)

	def test_the_agents_corrections_show_up_in_the_report_after_retraining(self):
		"""Agents file a kind of request the seed set never saw under a category of their choice; after
		the retraining job the published model agrees with them, and the report says so."""
		frappe.db.delete("Issue", {"triage_labelled_on": ("is", "set")})  # this period: these requests only

		phrases = ["зелёный попугай", "green parrot"]
		# which requests are held out follows from their names (a hash): write them until at least six
		# are held out, so that the comparison sees the new kind, and at least 18 train
		held_out = training = i = 0
		while held_out < 6 or training < 18:
			i += 1
			issue = self.intake(
				f"{phrases[i % 2]} номер {i}: где он, {['подскажите', 'please tell me'][i % 2]}?",
				client_token=f"triage-parrot-{i:03d}",
			)
			frappe.set_user(AGENT)
			# the agents' own view of these requests: the category, and the urgency and mood they leave,
			# so that the new model's gain on them does not hang on what the seed set says of parrots
			issue.issue_type = "Website Problem"
			issue.priority = "Low"
			issue.customer_mood = "Neutral"
			issue.save(ignore_permissions=True)
			frappe.set_user("Administrator")
			if Example("", key=issue.name).held_out:
				held_out += 1
			else:
				training += 1
		period = {"from_date": add_days(now_datetime(), -1), "to_date": now_datetime()}

		def published_agreement():
			_columns, data, _message, _chart, _summary = triage_accuracy.execute(period)
			return next(row for row in data if row["category"] == "Website Problem")["published_agreement"]

		before = published_agreement()
		with patch.object(triage, "enqueue_training", side_effect=lambda: triage.train_and_publish()):
			settings(triage_min_new_labels=20)
			triage.nightly_retrain()
		latest = frappe.get_last_doc("Triage Model", order_by="version desc")  # the newest training
		self.assertEqual(latest.status, "Published", latest.decision)
		self.assertGreaterEqual(latest.site_examples, 24)  # 18 training and 6 held out at least
		after = published_agreement()
		self.assertLess(before, 50)
		self.assertGreater(after, 90)

	def test_settings_saved_before_triage_existed_get_its_defaults(self):
		frappe.db.delete("Singles", {"doctype": "Service Desk Settings", "field": ("like", "triage_%")})
		frappe.clear_document_cache("Service Desk Settings", "Service Desk Settings")
		self.assertFalse(triage.settings().triage_enabled)
		triage.ensure_settings()
		current = triage.settings()
		self.assertEqual(current.triage_enabled, 1)
		self.assertEqual(current.triage_threshold, 40)
		self.assertEqual(current.triage_min_new_labels, 50)
		settings(triage_threshold=55)
		triage.ensure_settings()  # what the admin set stays
		self.assertEqual(triage.settings().triage_threshold, 55)
