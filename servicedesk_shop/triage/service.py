"""Triage on a site: the published model, applied to every new Issue, labels from agents, retraining.

The published model is a `Triage Model` document with the model's arrays as a private File (an .npz that
numpy reads with allow_pickle=False: data, which runs no code when loaded). Its name is the site cache's
triage version; each process keeps the model of the current version, so a prediction
costs one cache read and no query once the model is loaded, and a newly published model reaches every
process at its next request (as routing's index does).

Nothing here makes a network call: training and prediction run in this process on the site's data.
The model's module (scikit-learn, numpy, scipy) is imported inside the functions that use it: the API's
other endpoints and the desk, which import this module, need not load them.
"""

import hashlib
import time

import frappe
from frappe import _
from frappe.query_builder.functions import Max
from frappe.utils import cint, flt, get_datetime, now_datetime

from servicedesk_shop.intake.sources import get_issue_types, get_source
from servicedesk_shop.service_desk.queries import columns
from servicedesk_shop.service_desk.settings import ensure_defaults
from servicedesk_shop.triage.seed import load as load_seed
from servicedesk_shop.triage.seed import version as seed_version

VERSION_KEY = "servicedesk_shop:triage_version"
TRAIN_JOB = "servicedesk_shop:triage_train"
LABEL_STATUSES = ("Resolved", "Closed")
PUBLISHED, REJECTED, RETIRED = "Published", "Rejected", "Retired"
MODEL_EXTENSION = ".npz"  # model.TriageModel.dumps; before 0.5, .pickle (see patches/v0_5)

_models: dict[tuple[str, str], object] = {}
_failed: dict[tuple[str, str], float] = {}  # (site, model) -> when it last failed to load
RETRY_SECONDS = 60


# --- the published model ------------------------------------------------------------------------------


def available() -> bool:
	"""Whether the model's libraries are installed (they are declared in pyproject.toml)."""
	try:
		import servicedesk_shop.triage.model  # heavy (scikit-learn, numpy): imported on first use
	except ImportError:
		return False
	return True


def settings():
	return frappe.get_cached_doc("Service Desk Settings")


def published_name() -> str | None:
	name = frappe.cache.get_value(VERSION_KEY)
	if name is None:
		name = (
			frappe.db.get_value("Triage Model", {"status": PUBLISHED}, "name", order_by="version desc") or ""
		)
		frappe.cache.set_value(VERSION_KEY, name)
	return name or None


def invalidate_model():
	frappe.cache.delete_value(VERSION_KEY)
	frappe.local.servicedesk_triage_model = None
	for key in [key for key in _failed if key[0] == frappe.local.site]:
		del _failed[key]


def get_model():
	"""The published model of this site, loaded once per process and version; None when there is none."""
	cached = getattr(frappe.local, "servicedesk_triage_model", None)
	if cached is not None:
		return cached or None
	name = published_name()
	model = None
	if name:
		key = (frappe.local.site, name)
		model = _models.get(key)
		# a model that failed to load is not tried again on every request (each try logs an error)
		if model is None and time.monotonic() - _failed.get(key, -RETRY_SECONDS) >= RETRY_SECONDS:
			model = load_model(name)
			for old in [k for k in _models if k[0] == frappe.local.site]:
				del _models[old]
			if model is not None:
				_models[key] = model
				_failed.pop(key, None)
			else:
				_failed[key] = time.monotonic()
	frappe.local.servicedesk_triage_model = model or False
	return model


def load_model(name: str):
	"""The model of a Triage Model, read as data (model.loads: numpy arrays, nothing unpickled), from the
	private File whose SHA-256 the Triage Model recorded (a document nobody may edit). Any other file,
	a pickle among them, is refused with an Error Log, and requests go on without triage."""
	# scikit-learn and numpy: loaded on first use (see the module's docstring)
	from servicedesk_shop.triage.model import ModelFormatError, loads

	file_url, digest = frappe.db.get_value("Triage Model", name, ["model_file", "model_sha256"]) or (
		None,
		None,
	)
	if not file_url or not digest:
		return None
	try:
		content = file_content(file_url)
	except (frappe.DoesNotExistError, OSError):
		frappe.log_error(
			title="servicedesk_shop: triage model file is missing",
			reference_doctype="Triage Model",
			reference_name=name,
		)
		return None
	if hashlib.sha256(content).hexdigest() != digest:
		frappe.log_error(
			title="servicedesk_shop: triage model file does not match its hash",
			reference_doctype="Triage Model",
			reference_name=name,
		)
		return None
	try:
		return loads(content)
	except ModelFormatError:
		frappe.log_error(
			title="servicedesk_shop: triage model file is not a model stored as data",
			reference_doctype="Triage Model",
			reference_name=name,
		)
		return None


def file_content(file_url: str) -> bytes:
	content = frappe.get_doc("File", {"file_url": file_url}).get_content()
	return content.encode() if isinstance(content, str) else content  # File reads UTF-8 back as text


def store_model(doc, model):
	"""Write `model` as the private File of the Triage Model `doc` and record its SHA-256."""
	content = model.dumps()
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"triage-model-{doc.version}{MODEL_EXTENSION}",
			"attached_to_doctype": "Triage Model",
			"attached_to_name": doc.name,
			"attached_to_field": "model_file",
			"is_private": 1,
			"content": content,
		}
	)
	file.flags.ignore_permissions = True
	file.insert()
	doc.db_set({"model_file": file.file_url, "model_sha256": hashlib.sha256(content).hexdigest()})


def telling_source(source: str | None) -> str | None:
	"""The source as a hint to the model, or None when it tells nothing of the category: a source whose
	form offers every category (the generic widget, e-mail, external shops) hears anything."""
	settings = get_source(source) if source else None
	return source if settings and settings["categories"] else None


def item_group_of(item_code: str | None) -> str | None:
	return frappe.get_cached_value("Item", item_code, "item_group") if item_code else None


def predict(text: str, source: str | None = None, item_group: str | None = None, explain: int = 4):
	model = get_model()
	if model is None:
		return None
	return model.predict(text, source, item_group, explain=explain)


# --- every new Issue ----------------------------------------------------------------------------------


def triage_new_issue(doc, method=None):
	"""Issue before_insert, before routing: the model's category, urgency and mood with their
	confidences and the words that decided them. Where the customer chose no category (or only the
	source's default applied) and the model is confident enough, its category becomes the Issue Type,
	so routing uses it; the same for the urgency where no priority was given. Never fails a request."""
	if doc.get("triage_category") or not cint(settings().triage_enabled) or not available():
		return
	try:
		apply_triage(doc)
	except Exception:
		frappe.log_error(title="servicedesk_shop: triage of a new request", reference_doctype="Issue")


def apply_triage(doc):
	text = request_text(doc.get("subject"), doc.get("description"))
	prediction = predict(
		text, telling_source(doc.get("feedback_source")), item_group_of(doc.get("item_code"))
	)
	if prediction is None:
		return
	current = settings()
	threshold = flt(current.triage_threshold or 40) / 100
	urgency_threshold = flt(current.triage_urgency_threshold or 60) / 100
	doc.triage_model = published_name()
	if prediction.category and prediction.category.label in issue_types():
		doc.triage_category = prediction.category.label
		doc.triage_confidence = round(prediction.category.confidence * 100, 1)
		chosen = doc.get("issue_type") and not doc.flags.get("category_is_default")
		if not chosen and prediction.category.confidence >= threshold:
			doc.issue_type = prediction.category.label
			doc.triage_applied = 1
	if prediction.urgency and prediction.urgency.label in priorities():
		doc.triage_urgency = prediction.urgency.label
		doc.triage_urgency_confidence = round(prediction.urgency.confidence * 100, 1)
		if not doc.get("priority") and prediction.urgency.confidence >= urgency_threshold:
			doc.priority = prediction.urgency.label
	if prediction.mood:
		doc.customer_mood = doc.triage_mood = prediction.mood.label
		doc.customer_mood_confidence = round(prediction.mood.confidence * 100, 1)
	doc.triage_explanation = explanation(prediction)


def request_text(subject: str | None, description: str | None) -> str:
	"""The words of a request: its subject and message, the subject once when it was cut from the message."""
	# scikit-learn and numpy: loaded on first use (see the module's docstring)
	from servicedesk_shop.triage.model import plain_text

	message = plain_text(description or "")
	subject = (subject or "").strip().rstrip(".…")
	if not subject or message.startswith(subject):
		return message
	return f"{subject}\n{message}"


def explanation(prediction) -> str:
	"""One line per target for the form: "Category Delivery (87%): курьер, не приезжает"."""
	lines = []
	for label, guess in (
		(_("Category"), prediction.category),
		(_("Urgency"), prediction.urgency),
		(_("Mood"), prediction.mood),
	):
		if not guess:
			continue
		words = ", ".join(guess.words) if guess.words else _("no single word; the text as a whole")
		lines.append(f"{label} {_(guess.label)} ({round(guess.confidence * 100)}%): {words}")
	return "\n".join(lines)


def issue_types() -> set[str]:
	return get_issue_types()


def priorities() -> set[str]:
	return set(
		frappe.cache.get_value(
			"servicedesk_shop:issue_priorities",
			generator=lambda: frappe.get_all("Issue Priority", pluck="name"),
		)
	)


def clear_priority_cache(doc=None, method=None):
	frappe.cache.delete_value("servicedesk_shop:issue_priorities")


# --- labels from agents -------------------------------------------------------------------------------


def note_label(doc, method=None):
	"""Issue validate: an agent who changes the category or the mood, or resolves the request, gives the
	model a label (`triage_labelled_on`); a changed mood is the agent's (`mood_confirmed`)."""
	if doc.is_new() or frappe.session.user == "Guest":
		return
	before = doc.get_doc_before_save()
	if not before:
		return
	labelled = False
	if (doc.customer_mood or "") != (before.customer_mood or ""):
		doc.mood_confirmed = 1 if doc.customer_mood else 0
		labelled = True
	if (doc.issue_type or "") != (before.issue_type or ""):
		labelled = True
	if doc.status in LABEL_STATUSES and before.status not in LABEL_STATUSES:
		labelled = True
	if labelled:
		doc.triage_labelled_on = now_datetime()


# --- training -----------------------------------------------------------------------------------------


def seed_examples():
	# scikit-learn and numpy: loaded on first use (see the module's docstring)
	from servicedesk_shop.triage.model import read_examples

	return read_examples({**row, "source": telling_source(row.get("source"))} for row in load_seed())


def site_examples(limit: int | None = None):
	"""The site's labelled Issues as examples: the category and the priority as the agents left them,
	the mood only where an agent set it. Newest first, at most `limit`."""
	# scikit-learn and numpy: loaded on first use (see the module's docstring)
	from servicedesk_shop.triage.model import read_examples

	issue = frappe.qb.DocType("Issue")
	item = frappe.qb.DocType("Item")
	query = (
		frappe.qb.from_(issue)
		.left_join(item)
		.on(item.name == issue.item_code)
		.select(
			*columns(issue, "name subject description feedback_source"),
			*columns(issue, "issue_type priority customer_mood mood_confirmed"),
			item.item_group,
		)
		.where(issue.triage_labelled_on.isnotnull())
		.orderby(issue.triage_labelled_on, order=frappe.qb.desc)
	)
	if limit:
		query = query.limit(limit)
	rows = query.run(as_dict=True)
	return read_examples(
		{
			"text": request_text(row.subject, row.description),
			"source": telling_source(row.feedback_source),
			"item_group": row.item_group,
			"category": row.issue_type,
			"urgency": row.priority,
			"mood": row.customer_mood if row.mood_confirmed else None,
			"key": row.name,
		}
		for row in rows
	)


def new_labels_since(when) -> int:
	filters = {"triage_labelled_on": ("is", "set")}
	if when:
		filters = {"triage_labelled_on": (">", when)}
	return frappe.db.count("Issue", filters)


def nightly_retrain():
	"""Daily: retrain when enough new labels exist since the published model was trained (Service Desk
	Settings), in a background job on the long queue."""
	if not cint(settings().triage_enabled) or not available():
		return
	last = frappe.db.get_value("Triage Model", published_name(), "trained_on") if published_name() else None
	if (
		not last
		# trained "in the future": the clock or the time zone moved since, and the new labels cannot be
		# told from the old
		or get_datetime(last) > now_datetime()
		or new_labels_since(last) >= cint(settings().triage_min_new_labels or 50)
	):
		enqueue_training()


def enqueue_training():
	frappe.enqueue(
		"servicedesk_shop.triage.service.train_and_publish",
		queue="long",
		timeout=1800,
		job_id=TRAIN_JOB,
		deduplicate=True,
		enqueue_after_commit=True,
	)


def train_and_publish(with_site: bool = True, limit: int = 100_000, commit: bool = True) -> str:
	"""Train a candidate on the seed set and the site's labels; measure it and the published model on
	the same held-out examples; publish it only if it is not worse. Every candidate is kept as a Triage
	Model with its accuracies (Published or Rejected). Returns the candidate's name."""
	# scikit-learn and numpy: loaded on first use (see the module's docstring)
	from servicedesk_shop.triage.model import accuracy, compare, cross_validate, split, train

	started = time.perf_counter()
	seed = seed_examples()
	site = site_examples(limit) if with_site else []
	training, held_out = split(seed + site)
	candidate = train(training)
	candidate_accuracy = accuracy(candidate, held_out)
	current = get_model()
	current_accuracy = accuracy(current, held_out) if current is not None else None
	verdict = compare(candidate_accuracy, current_accuracy)
	# the seed set's cross-validated accuracy, for the record (the site's own is the held-out one)
	cv = cross_validate(seed) if not site else None
	seconds = round(time.perf_counter() - started, 2)

	doc = frappe.new_doc("Triage Model")
	doc.update(
		{
			"version": next_version(),
			"status": PUBLISHED if verdict.publish else REJECTED,
			"trained_on": now_datetime(),
			"seed_examples": len(seed),
			"seed_version": training_version(),
			"site_examples": len(site),
			"held_out_examples": len(held_out),
			"category_accuracy": percent(candidate_accuracy["category"]),
			"urgency_accuracy": percent(candidate_accuracy["urgency"]),
			"mood_accuracy": percent(candidate_accuracy["mood"]),
			"published_category_accuracy": percent((current_accuracy or {}).get("category")),
			"published_urgency_accuracy": percent((current_accuracy or {}).get("urgency")),
			"published_mood_accuracy": percent((current_accuracy or {}).get("mood")),
			"training_seconds": seconds,
			"decision": verdict_text(verdict),
			"cross_validation": frappe.as_json(cv) if cv else None,
		}
	)
	doc.insert(ignore_permissions=True)
	if verdict.publish:
		store_model(doc, candidate)
		retire_others(doc.name)
	invalidate_model()
	if commit and not frappe.flags.in_test:
		frappe.db.commit()  # nosemgrep: a background job; the model is published for every process at once
	return doc.name


def next_version() -> int:
	model = frappe.qb.DocType("Triage Model")
	return cint((frappe.qb.from_(model).select(Max(model.version))).run()[0][0]) + 1


def percent(value) -> float | None:
	return None if value is None else round(value * 100, 2)


def verdict_text(verdict) -> str:
	if verdict.current is None:
		return _("Published: the first model of this site.")
	if verdict.publish:
		return _(
			"Published: its mean accuracy is not lower than the published model's on the same held-out requests."
		)
	target = {"category": _("category"), "urgency": _("urgency"), "mood": _("mood")}[verdict.reason]
	return _(
		"Rejected: on the same held-out requests its mean accuracy is lower than the published model's (most of all for the {0})."
	).format(target)


def retire_others(name: str):
	model = frappe.qb.DocType("Triage Model")
	(
		frappe.qb.update(model)
		.set(model.status, RETIRED)
		.where(model.status == PUBLISHED)
		.where(model.name != name)
	).run()


def training_version() -> str:
	"""The seed set's hash and the model's recipe: what the published model was trained from."""
	# scikit-learn and numpy: loaded on first use (see the module's docstring)
	from servicedesk_shop.triage.model import RECIPE

	return f"{seed_version()}.{RECIPE}"


SETTINGS_DEFAULTS = {
	"triage_enabled": 1,
	"triage_threshold": 40,
	"triage_urgency_threshold": 60,
	"triage_min_new_labels": 50,
}


def ensure_settings():
	"""The triage settings' defaults on a site whose Service Desk Settings were saved before they existed
	(triage would read as off)."""
	ensure_defaults(SETTINGS_DEFAULTS)


def ensure_model():
	"""On install and migrate: a model when the site has none yet, or a new one when the app's seed set
	changed since the published model was trained (a few seconds on the seed set; in the background
	when the site has labels of its own). It is published only if not worse, as always."""
	ensure_settings()
	if not available() or not frappe.db.table_exists("Triage Model"):
		return
	published = frappe.db.get_value(
		"Triage Model", {"status": PUBLISHED}, ["name", "seed_version"], as_dict=True, order_by="version desc"
	)
	if published and published.seed_version == training_version():
		return
	if published and new_labels_since(None):
		enqueue_training()
	else:
		train_and_publish(with_site=False)


# --- the customer types --------------------------------------------------------------------------------


def suggest_category(
	text: str, source: str | None = None, source_categories: list[str] | None = None
) -> dict:
	"""The likely category of what a customer is typing, when the model is confident enough and the
	form offers it; otherwise no category."""
	if not cint(settings().triage_enabled) or not available():
		return {"category": None}
	prediction = predict(text, telling_source(source), explain=0)
	if not prediction or not prediction.category:
		return {"category": None}
	guess = prediction.category
	offered = source_categories or sorted(issue_types())
	if guess.label not in offered or guess.confidence < flt(settings().triage_threshold or 40) / 100:
		return {"category": None}
	return {"category": guess.label, "label": _(guess.label), "confidence": round(guess.confidence, 3)}
