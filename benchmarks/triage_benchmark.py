"""Triage benchmark: how fast the model predicts and trains, and how accurate it is, measured honestly.

    python3 benchmarks/triage_benchmark.py                    # prediction and 50,000-Issue training
    python3 benchmarks/triage_benchmark.py --cv               # + cross-validated accuracy on the seed set
    python3 benchmarks/triage_benchmark.py --tune             # the C grid behind model.make_classifier
    ~/frappe-bench/env/bin/python benchmarks/triage_benchmark.py --site shop.localhost
                                                              # on a site: the hook's cost, the model's
                                                              # load, accuracy on the site's requests
    ~/frappe-bench/env/bin/python benchmarks/triage_benchmark.py --site bench.localhost --site-training 50000
                                                              # + the training job on 50,000 Issues

Prediction: the seed model (trained on the whole seed set), `TriageModel.predict` with its explanation,
over every seed message in turn, after a warm-up; median and 95th percentile.

Training: 50,000 synthetic Issues. Each is a seed message plus 5-25 words drawn (Zipf-like) from 40,000
made-up words and an order number, so that the vocabulary grows as a real shop's does (a copy of the
seed set alone would have a tiny vocabulary and train unrealistically fast). The labels are the seed
message's. Timed: `model.train` (the vectorizers and the three classifiers), what the nightly job does
besides reading the Issues.

On a site (--site): the cost of `triage.service.triage_new_issue` on an unsaved Issue (cache read, model
from the process, prediction, fields), the time to load the published model from its File, and the
published model's accuracy on the site's requests whose category an agent or the customer set (on the
demo site: the demo's requests, which no model was trained on), next to a 5-fold cross-validation on
the seed set plus those requests.
"""

import argparse
import os
import random
import statistics
import string
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(os.environ.get("SERVICEDESK_BENCH", Path.home() / "frappe-bench"))
sys.path.insert(0, str(REPO))


def percentiles(times: list[float]) -> tuple[float, float]:
	times = sorted(times)
	return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


def time_predictions(model, texts, repeat: int = 5000) -> tuple[float, float]:
	for text in texts[:50]:
		model.predict(text)
	times = []
	for i in range(repeat):
		text = texts[i % len(texts)]
		start = time.perf_counter()
		model.predict(text)
		times.append(time.perf_counter() - start)
	return percentiles(times)


def synthetic_issues(examples, count: int, seed: int = 11):
	from servicedesk_shop.triage.model import Example

	rng = random.Random(seed)
	cyrillic = "абвгдежзиклмнопрстуфхцчшэюя"
	words = [
		"".join(rng.choice(cyrillic if i % 2 else string.ascii_lowercase) for _ in range(rng.randint(4, 10)))
		for i in range(40_000)
	]
	weights = [1 / (rank + 1) for rank in range(len(words))]
	issues = []
	for i in range(count):
		base = examples[i % len(examples)]
		noise = rng.choices(words, weights, k=rng.randint(5, 25))
		text = f"{base.text} {' '.join(noise)} SO-2026-{rng.randint(1, 99999):05d}"
		issues.append(
			Example(text, base.source, None, base.category, base.urgency, base.mood, key=f"ISS-{i:06d}")
		)
	return issues


def pure(args):
	from servicedesk_shop.triage import model as triage
	from servicedesk_shop.triage.seed import load

	examples = triage.read_examples(load())
	print(f"seed set: {len(examples)} messages")
	started = time.perf_counter()
	seed_model = triage.train(examples)
	print(f"training on the seed set: {time.perf_counter() - started:.2f} s")
	texts = [e.text for e in examples]
	median, p95 = time_predictions(seed_model, texts, args.repeat)
	print(
		f"prediction with explanation: median {median:.3f} ms, p95 {p95:.3f} ms ({args.repeat} predictions)"
	)
	if args.cv or args.tune:
		result = triage.cross_validate(examples)
		accuracy = ", ".join(
			f"{target} {value['mean'] * 100:.1f}% ± {value['std'] * 100:.1f}"
			for target, value in result["accuracy"].items()
		)
		print(f"5-fold cross-validation on the seed set: {accuracy}")
		coverage(triage, examples)
	if args.tune:
		tune(triage, examples)

	if args.issues:
		issues = synthetic_issues(examples, args.issues)
		started = time.perf_counter()
		big = triage.train(issues)
		seconds = time.perf_counter() - started
		print(
			f"training on {len(issues):,} synthetic Issues: {seconds:.1f} s "
			f"({big.weights.shape[0]:,} features, {len(big.word_index):,} of them words and word pairs)"
		)
		median, p95 = time_predictions(big, [e.text for e in issues[:2000]], args.repeat)
		print(f"prediction with the {len(issues):,}-Issue model: median {median:.3f} ms, p95 {p95:.3f} ms")
		started = time.perf_counter()
		blob = big.dumps()
		dumped = time.perf_counter() - started
		started = time.perf_counter()
		triage.loads(blob)
		print(
			f"its file (.npz): {len(blob) / 1e6:.1f} MB, written in {dumped:.2f} s, "
			f"loaded in {time.perf_counter() - started:.2f} s (once per process and version)"
		)


def coverage(triage, examples, thresholds=(0.4, 0.5, 0.6, 0.7)):
	"""Over 5 folds: at each confidence threshold, the share of requests whose category would be set and
	how often that category is right (what Service Desk Settings' threshold trades)."""
	from sklearn.model_selection import StratifiedKFold

	labels = [e.category for e in examples]
	counts = {t: [0, 0] for t in thresholds}
	for train_index, test_index in StratifiedKFold(5, shuffle=True, random_state=7).split(examples, labels):
		model = triage.train([examples[i] for i in train_index])
		for i in test_index:
			guess = model.predict(examples[i].text, examples[i].source, explain=0).category
			for threshold in thresholds:
				if guess.confidence >= threshold:
					counts[threshold][0] += 1
					counts[threshold][1] += guess.label == examples[i].category
	for threshold, (applied, right) in counts.items():
		print(
			f"  category threshold {threshold:.0%}: set on {applied / len(examples):.0%} of requests, "
			f"right on {right / max(applied, 1):.0%} of those"
		)


def tune(triage, examples):
	from sklearn.linear_model import LogisticRegression

	original = triage.make_classifier
	for c in (3, 10, 30, 100):
		triage.make_classifier = lambda c=c: LogisticRegression(C=c, solver="saga", max_iter=200, tol=1e-3)
		result = triage.cross_validate(examples)
		print(f"  C={c}: " + ", ".join(f"{t} {v['mean'] * 100:.1f}%" for t, v in result["accuracy"].items()))
	triage.make_classifier = original


def on_site(args):
	sys.path.insert(0, str(BENCH / "apps" / "frappe"))
	os.chdir(BENCH / "sites")
	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		from servicedesk_shop.triage import model as triage
		from servicedesk_shop.triage import service

		name = service.published_name()
		if not name:
			print("no published triage model on this site: run migrate, or Train Now")
			return
		started = time.perf_counter()
		service.load_model(name)
		print(
			f"{args.site}: loading {name} from its private File: {(time.perf_counter() - started) * 1000:.0f} ms"
		)

		issue = frappe.new_doc("Issue")
		issue.update(
			{
				"subject": "курьер второй день не приезжает, сколько можно!",
				"description": "<p>курьер второй день не приезжает, сколько можно!</p>",
				"feedback_source": "Order Tracking",
			}
		)
		service.get_model()
		times = []
		for _ in range(args.repeat):
			issue.triage_category = None
			frappe.local.servicedesk_triage_model = None  # each request starts with an empty frappe.local
			start = time.perf_counter()
			service.triage_new_issue(issue)
			times.append(time.perf_counter() - start)
		median, p95 = percentiles(times)
		print(
			f"triage_new_issue (cache read + prediction + fields): median {median:.3f} ms, p95 {p95:.3f} ms"
		)
		print(
			f"  -> {issue.issue_type or issue.triage_category} / {issue.triage_urgency} / {issue.customer_mood}"
		)

		rows = frappe.get_all(
			"Issue",
			filters={"issue_type": ("is", "set"), "triage_applied": 0},
			fields=["name", "subject", "description", "feedback_source", "issue_type", "priority"],
			limit=5000,
		)
		site_examples = [
			triage.Example(
				f"{row.subject}\n{triage.plain_text(row.description or '')}",
				row.feedback_source,
				category=row.issue_type,
				key=row.name,
			)
			for row in rows
		]
		published = service.get_model()
		right = sum(
			published.predict(e.text, e.source, explain=0).category.label == e.category for e in site_examples
		)
		print(
			f"published model on the site's {len(site_examples)} categorised requests: "
			f"{right / max(len(site_examples), 1):.1%} of categories right"
		)
		if args.site_training:
			site_training(args, frappe, service, triage)
		seed = service.seed_examples()
		if len(site_examples) >= 5:
			result = triage.cross_validate(seed + site_examples)
			print(
				f"5-fold cross-validation on the seed set plus those requests: "
				f"category {result['accuracy']['category']['mean'] * 100:.1f}%"
			)
	finally:
		frappe.destroy()


def site_training(args, frappe, service, triage):
	"""The background job on `args.site_training` labelled Issues: inserted in bulk (synthetic, as in the
	pure benchmark), trained on by `train_and_publish` (read, train, measure, publish), rolled back."""
	from frappe.utils import now_datetime

	examples = synthetic_issues(service.seed_examples(), args.site_training)
	now = now_datetime()
	rows = [
		(
			f"SDBENCH-{i:06d}",
			e.text[:140],
			f"<p>{frappe.utils.escape_html(e.text)}</p>",
			e.category,
			e.urgency,
			e.mood,
			1,
			now,
			"Resolved",
			now,
			now,
			"Administrator",
			"Administrator",
		)
		for i, e in enumerate(examples)
	]
	fields = [
		"name",
		"subject",
		"description",
		"issue_type",
		"priority",
		"customer_mood",
		"mood_confirmed",
		"triage_labelled_on",
		"status",
		"creation",
		"modified",
		"owner",
		"modified_by",
	]
	frappe.db.bulk_insert("Issue", fields, rows, chunk_size=5000)
	started = time.perf_counter()
	name = service.train_and_publish(commit=False)
	seconds = time.perf_counter() - started
	doc = frappe.get_doc("Triage Model", name)
	print(
		f"train_and_publish on {args.site_training:,} labelled Issues (+ the seed set): {seconds:.1f} s "
		f"(reading, training, measuring on {doc.held_out_examples:,} held-out, publishing); {doc.status}"
	)
	if doc.model_file:
		path = frappe.get_site_path(doc.model_file.lstrip("/"))
		frappe.db.rollback()
		if os.path.exists(path):
			os.remove(path)
	frappe.db.rollback()
	service.invalidate_model()


def main():
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site")
	parser.add_argument("--cv", action="store_true")
	parser.add_argument("--tune", action="store_true")
	parser.add_argument("--issues", type=int, default=50_000)
	parser.add_argument("--repeat", type=int, default=5000)
	parser.add_argument(
		"--site-training", type=int, default=0, help="with --site: the training job on N Issues"
	)
	args = parser.parse_args()
	if args.site:
		on_site(args)
	else:
		pure(args)


if __name__ == "__main__":
	main()
