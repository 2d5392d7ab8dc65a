"""The triage model: category, urgency and mood read from a customer's words. No `frappe` import.

Features: TF-IDF over word stems (Snowball's Russian stemmer for Cyrillic words, its English stemmer for
the rest) and their pairs, so that "не приезжает" is not "приезжает", plus TF-IDF over character
n-grams within words, which catch typos, inflections the stemmer misses and "!!!". The source of the
request and the item's group are extra tokens. One shared vectorizer feeds three multinomial logistic
regressions (one per target), whose weights are stacked into one matrix: a prediction is one sparse
row times that matrix and a softmax per target, a fraction of a millisecond
(benchmarks/triage_benchmark.py).

Urgency depends on what the request is about and how the customer feels ("the courier has not come,
how much longer!" is urgent because it is an angry delivery complaint), so its model also reads the
category and the mood: the labels while it trains, the predicted ones when it predicts (on the seed set
this took urgency from 73% to 76% cross-validated, and the issue's example from Low to High).

A trained model is stored as data, never as a pickle: `TriageModel.dumps` writes its vocabularies, idf
weights, weights, biases and labels as arrays in an .npz, and `loads` reads them back with numpy's
allow_pickle=False onto fresh vectorizers whose analyzers are this module's functions, picked by name.

Everything runs in process: nothing here opens a connection.
"""

import io
import itertools
import json
import re
import time
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import snowballstemmer
from numpy.lib.npyio import NpzFile
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion

from servicedesk_shop.triage.moods import MOODS

# the recipe of features and classifiers: a model of an older recipe is retrained on migrate
RECIPE = 4  # 4: the model file is checked against its SHA-256
TARGETS = ("category", "urgency", "mood")
CONTEXT_TARGETS = ("category", "mood")  # what the urgency model reads besides the words
CONTEXT_WEIGHT = 1.0
HELD_OUT_EVERY = 5

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
_CYRILLIC = re.compile(r"[а-я]")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_STEMMERS = {"ru": snowballstemmer.stemmer("russian"), "en": snowballstemmer.stemmer("english")}
_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_LIMIT = 200_000

# marks of tone that lower-casing loses
SHOUT = "__shout__"  # two or more words in capitals
EXCLAIM = "__exclaim__"  # "!!" or "?!"
NEGATIONS = {"не", "нет", "ни", "no", "not", "never", "dont", "didnt", "doesnt", "cant", "wont", "isnt"}


def plain_text(html: str) -> str:
	"""Text of a (sanitized) HTML description: tags dropped, entities of the common kind read back."""
	text = _TAG.sub(" ", html or "")
	for entity, char in (("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'")):
		text = text.replace(entity, char)
	return _SPACE.sub(" ", text.replace("&amp;", "&")).strip()


def stem(word: str) -> str:
	"""The Snowball stem of a lower-case word, Russian or English by its letters (ё read as е)."""
	found = _STEM_CACHE.get(word)
	if found is None:
		language = "ru" if _CYRILLIC.search(word) else "en"
		found = _STEMMERS[language].stemWord(word.replace("ё", "е").replace("'", ""))
		if len(_STEM_CACHE) < _STEM_CACHE_LIMIT:
			_STEM_CACHE[word] = found
	return found


def words_of(text: str) -> list[tuple[str, str]]:
	"""(surface word, stem) for each word of `text`, in order."""
	return [(word, stem(word)) for word in _WORD.findall((text or "").casefold())]


def context_tokens(source: str | None, item_group: str | None) -> list[str]:
	tokens = []
	if source:
		tokens.append("__source_" + source.casefold().replace(" ", "_"))
	if item_group:
		tokens.append("__group_" + item_group.casefold().replace(" ", "_"))
	return tokens


def tone_tokens(text: str) -> list[str]:
	tokens = []
	if sum(1 for word in _WORD.findall(text or "") if len(word) >= 3 and word.isupper()) >= 2:
		tokens.append(SHOUT)
	if "!!" in (text or "") or "?!" in (text or "") or "!?" in (text or ""):
		tokens.append(EXCLAIM)
	return tokens


def compose(text: str, source: str | None = None, item_group: str | None = None) -> str:
	"""The one string the vectorizer reads: context and tone tokens, then the text."""
	return " ".join([*context_tokens(source, item_group), *tone_tokens(text), text or ""])


def word_features(document: str) -> list[str]:
	"""Analyzer of the word vectorizer: the marker tokens, each stem, and pairs of neighbouring stems
	(a negation joins the next word: "не приезжа" is one feature)."""
	features = []
	head, rest = [], document
	while rest.startswith("__"):
		token, _, rest = rest.partition(" ")
		head.append(token)
	stems = [s for _, s in words_of(rest)]
	features.extend(head)
	features.extend(stems)
	features.extend(f"{a} {b}" for a, b in itertools.pairwise(stems))
	return features


def char_text(document: str) -> str:
	"""Preprocessor of the character vectorizer: the text without the marker tokens, lower case."""
	rest = document
	while rest.startswith("__"):
		rest = rest.partition(" ")[2]
	return rest.casefold().replace("ё", "е")


@dataclass
class Example:
	text: str
	source: str | None = None
	item_group: str | None = None
	category: str | None = None
	urgency: str | None = None
	mood: str | None = None
	key: str | None = None  # what names it for the held-out split (an Issue's name); else its text

	@property
	def held_out(self) -> bool:
		"""In the held-out fifth, by a stable hash: the same example is held out by every training, so
		no published model has learnt from what the next candidate is compared on."""
		return zlib.crc32((self.key or self.text).encode()) % HELD_OUT_EVERY == 0

	@property
	def document(self) -> str:
		return compose(self.text, self.source, self.item_group)


@dataclass
class Guess:
	label: str
	confidence: float  # 0..1
	words: list[str] = field(default_factory=list)  # the words of the text that weighed most for it


@dataclass
class Prediction:
	category: Guess | None = None
	urgency: Guess | None = None
	mood: Guess | None = None


def make_vectorizer(char_features: int = 60_000, n_samples: int = 0) -> FeatureUnion:
	"""Words and pairs of stems (every one on a small set; from LARGE examples on, those seen in two
	requests at least: a word or pair met once, a typo or a name, only makes the model bigger), and the
	60,000 most frequent character n-grams seen twice."""
	return FeatureUnion(
		[
			(
				"words",
				TfidfVectorizer(
					analyzer=word_features,
					sublinear_tf=True,
					lowercase=False,
					min_df=2 if n_samples >= LARGE else 1,
					dtype=np.float32,
				),
			),
			(
				"chars",
				TfidfVectorizer(
					analyzer="char_wb",
					preprocessor=char_text,
					ngram_range=(3, 5),
					min_df=2,
					max_features=char_features,
					sublinear_tf=True,
					dtype=np.float32,
				),
			),
		]
	)


C = 30.0  # a weak regularisation measured best on the seed set (benchmarks/triage_benchmark.py --tune)
LARGE = 20_000  # examples from which the classifiers are fitted by stochastic gradient descent


def make_classifier(n_samples: int = 0):
	"""Logistic regression: probabilities for the confidence thresholds.

	Up to LARGE examples, multinomial, by the saga solver (several times faster than lbfgs on sparse
	TF-IDF rows at the same accuracy). From LARGE on, saga needs about a second an epoch per target on
	50,000 requests and some 35 epochs: SGD with the logistic loss, one-vs-rest on both cores, ten epochs,
	with the same regularisation (alpha = 1 / (C n)), takes 4 s a target (on the seed set its accuracy is
	saga's: 78.9% against 79.1%)."""
	if n_samples >= LARGE:
		return SGDClassifier(
			loss="log_loss", alpha=1 / (C * n_samples), max_iter=10, tol=None, random_state=0, n_jobs=2
		)
	return LogisticRegression(C=C, solver="saga", max_iter=200, tol=1e-3, random_state=0)


class TriageModel:
	"""A trained model: predict(text, source, item_group) -> Prediction."""

	def __init__(self, vectorizer, classifiers: dict, meta: dict | None = None, context: dict | None = None):
		self.vectorizer = vectorizer
		self.meta = meta or {}
		self.targets = [t for t in TARGETS if t in classifiers]
		self.labels = {t: [str(c) for c in classifiers[t].classes_] for t in self.targets}
		# one-vs-rest classifiers (SGD) give their probabilities as normalised sigmoids, not a softmax
		self.one_vs_rest = {t: isinstance(classifiers[t], SGDClassifier) for t in self.targets}
		# the urgency model's weights of the category and mood labels: {target: (labels, classes x urgency)}
		self.context = {}
		features = len(vectorizer.transformer_list[0][1].vocabulary_) + len(
			vectorizer.transformer_list[1][1].vocabulary_
		)
		# one matrix of every target's weights: (features, classes of all targets)
		blocks, biases, self.slices, start = [], [], {}, 0
		for target in self.targets:
			classifier = classifiers[target]
			coef, intercept = classifier.coef_, classifier.intercept_
			if coef.shape[0] == 1:  # two classes: sklearn keeps one row for the second
				coef = np.vstack([-coef[0] / 2, coef[0] / 2])
				intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
			if target == "urgency" and context:
				offset = features
				for name, labels in context.items():
					self.context[name] = (
						{label: i for i, label in enumerate(labels)},
						(coef[:, offset : offset + len(labels)].T * CONTEXT_WEIGHT).astype(np.float32),
					)
					offset += len(labels)
				coef = coef[:, :features]
			blocks.append(coef.T.astype(np.float32))
			biases.append(intercept.astype(np.float32))
			self.slices[target] = slice(start, start + coef.shape[0])
			start += coef.shape[0]
		self.weights = np.ascontiguousarray(np.hstack(blocks)) if blocks else np.zeros((0, 0), np.float32)
		self.bias = np.concatenate(biases) if biases else np.zeros(0, np.float32)
		for _, part in vectorizer.transformer_list:
			if hasattr(part, "stop_words_"):
				part.stop_words_ = None  # the pruned terms: large, and not needed to predict
		words = vectorizer.transformer_list[0][1]
		self._index_words(words.get_feature_names_out())

	def _index_words(self, names):
		"""The word vectorizer's features by index, for the explanation."""
		words = self.vectorizer.transformer_list[0][1]
		self.word_feature_count = len(words.vocabulary_)
		self.word_names = names
		self.word_index = words.vocabulary_

	def __setstate__(self, state):
		"""Only for servicedesk_shop.triage.legacy, which reads a model stored as a pickle before 0.5 once,
		in the patch that rewrites it as data."""
		self.__dict__.update(state)
		self.__dict__.setdefault("context", {})  # a model pickled before the urgency read the context
		self.__dict__.setdefault("one_vs_rest", {})

	# --- stored as data -------------------------------------------------------------------------------

	def to_arrays(self) -> dict[str, np.ndarray]:
		"""The model as plain arrays (see `from_arrays`): numbers, and text as UTF-8 JSON in uint8 arrays."""
		parts = self.vectorizer.transformer_list
		context = list(self.context)
		header = {
			"format": FORMAT,
			"format_version": FORMAT_VERSION,
			"recipe": RECIPE,
			"meta": self.meta,
			"targets": self.targets,
			"labels": self.labels,
			"one_vs_rest": {t: bool(self.one_vs_rest.get(t)) for t in self.targets},
			"slices": {t: [self.slices[t].start, self.slices[t].stop] for t in self.targets},
			"context": {
				name: sorted(self.context[name][0], key=self.context[name][0].get) for name in context
			},
			"vectorizers": [{"name": name, **vectorizer_parameters(part)} for name, part in parts],
		}
		arrays = {"header": text_array(header), "weights": self.weights, "bias": self.bias}
		for i, (_, part) in enumerate(parts):
			terms = [""] * len(part.vocabulary_)
			for term, index in part.vocabulary_.items():
				terms[index] = term
			arrays[f"vocabulary_{i}"] = text_array(terms)
			arrays[f"idf_{i}"] = part.idf_
		for i, name in enumerate(context):
			arrays[f"context_{i}"] = self.context[name][1]
		return arrays

	def dumps(self) -> bytes:
		"""The model file: `to_arrays` as an .npz, which `loads` reads without unpickling anything."""
		buffer = io.BytesIO()
		np.savez(buffer, **self.to_arrays())
		return buffer.getvalue()

	@classmethod
	def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> "TriageModel":
		"""A model rebuilt from `to_arrays`: fresh vectorizers with the stored vocabulary and idf, and the
		stored weights, so it predicts and explains as the trained model did. Every array is checked
		against the others; anything else raises ModelFormatError."""
		header = read_text_array(arrays, "header")
		_require(isinstance(header, dict), "the header is not an object")
		_require(header.get("format") == FORMAT, "not a triage model")
		_require(header.get("format_version") == FORMAT_VERSION, "a format version this code does not read")
		targets = header.get("targets")
		_require(isinstance(targets, list) and set(targets) <= set(TARGETS), "unknown targets")
		_require(len(set(targets)) == len(targets) and "category" in targets, "targets")

		specs = header.get("vectorizers")
		_require(isinstance(specs, list) and len(specs) == 2, "two vectorizers: words and characters")
		transformers, vocabulary_sizes, word_terms = [], [], None
		for i, spec in enumerate(specs):
			_require(isinstance(spec, dict) and isinstance(spec.get("name"), str), "a vectorizer's name")
			vectorizer = build_vectorizer(spec)
			terms = read_text_array(arrays, f"vocabulary_{i}")
			_require(isinstance(terms, list) and all(isinstance(t, str) for t in terms), "a vocabulary")
			vocabulary = {term: index for index, term in enumerate(terms)}
			_require(len(vocabulary) == len(terms), "a vocabulary with a term twice")
			idf = _array(arrays, f"idf_{i}", ndim=1, dtypes=(np.float32, np.float64))
			_require(len(idf) == len(terms), "idf and vocabulary differ in length")
			vectorizer.vocabulary_ = vocabulary
			vectorizer.fixed_vocabulary_ = False
			vectorizer.idf_ = idf
			transformers.append((spec["name"], vectorizer))
			vocabulary_sizes.append(len(terms))
			word_terms = terms if word_terms is None else word_terms
		_require(len({name for name, _ in transformers}) == 2, "two vectorizers of one name")

		weights = _array(arrays, "weights", ndim=2, dtypes=(np.float32,))
		bias = _array(arrays, "bias", ndim=1, dtypes=(np.float32,))
		_require(weights.shape[0] == sum(vocabulary_sizes), "weights for another vocabulary")
		_require(weights.shape[1] == len(bias), "weights and bias differ")
		labels, slices, one_vs_rest = header.get("labels"), header.get("slices"), header.get("one_vs_rest")
		_require(all(isinstance(x, dict) for x in (labels, slices, one_vs_rest)), "labels, slices")
		start = 0
		for target in targets:
			names, bounds = labels.get(target), slices.get(target)
			_require(isinstance(names, list) and all(isinstance(n, str) for n in names), "labels")
			_require(len(names) >= 2 and len(set(names)) == len(names), "labels")
			_require(bounds == [start, start + len(names)], "slices")
			_require(isinstance(one_vs_rest.get(target), bool), "one_vs_rest")
			start += len(names)
		_require(start == len(bias), "the bias is not the targets' classes")

		context = {}
		stored_context = header.get("context")
		_require(isinstance(stored_context, dict), "context")
		_require(not stored_context or "urgency" in targets, "context without urgency")
		for i, (name, names) in enumerate(stored_context.items()):
			_require(name in CONTEXT_TARGETS and name in targets and names == labels[name], "context labels")
			block = _array(arrays, f"context_{i}", ndim=2, dtypes=(np.float32,))
			_require(block.shape == (len(names), len(labels["urgency"])), "context weights")
			context[name] = ({label: j for j, label in enumerate(names)}, block)
		expected = {"header", "weights", "bias"}
		expected |= {f"{kind}_{i}" for kind in ("vocabulary", "idf") for i in range(len(specs))}
		expected |= {f"context_{i}" for i in range(len(context))}
		_require(set(arrays) == expected, "unexpected arrays")
		meta = header.get("meta")
		_require(isinstance(meta, dict), "meta")

		model = cls.__new__(cls)
		model.vectorizer = FeatureUnion(transformers)
		model.meta = meta
		model.targets = list(targets)
		model.labels = {t: list(labels[t]) for t in targets}
		model.one_vs_rest = {t: one_vs_rest[t] for t in targets}
		model.context = context
		model.weights = np.ascontiguousarray(weights)
		model.bias = bias
		model.slices = {t: slice(*slices[t]) for t in targets}
		model._index_words(np.asarray(word_terms, dtype=object))
		return model

	@classmethod
	def loads(cls, data: bytes) -> "TriageModel":
		"""The model of a file `dumps` wrote. numpy reads it with allow_pickle=False: a pickle, or an .npz
		holding an array of Python objects, is refused (ModelFormatError) before anything in it runs."""
		try:
			with np.load(io.BytesIO(data), allow_pickle=False) as stored:
				_require(isinstance(stored, NpzFile), "not an .npz")
				arrays = {key: stored[key] for key in stored.files}
		except ModelFormatError:
			raise
		except (ValueError, TypeError, KeyError, OSError, EOFError, zipfile.BadZipFile) as error:
			raise ModelFormatError(f"not a stored triage model: {error}") from error
		return cls.from_arrays(arrays)

	def _parts(self):
		"""Per vectorizer: its analyzer, vocabulary, idf and offset in the joined feature space."""
		parts = self.__dict__.get("parts")
		if parts is None:
			parts, offset = [], 0
			for _, vectorizer in self.vectorizer.transformer_list:
				vocabulary = vectorizer.vocabulary_
				idf = vectorizer.idf_.astype(np.float32)
				parts.append((vectorizer.build_analyzer(), vocabulary, idf, offset))
				offset += len(vocabulary)
			self.parts = parts
		return parts

	def features(self, document: str) -> tuple[np.ndarray, np.ndarray]:
		"""The TF-IDF row of one document, as (feature indices, values): what the fitted vectorizers'
		`transform` gives (sublinear tf, idf, each part l2-normalised), without their per-call input
		checks, which cost ten times the arithmetic for one short text."""
		indices, values = [], []
		for analyzer, vocabulary, idf, offset in self._parts():
			counts: dict[int, int] = {}
			for feature in analyzer(document):
				index = vocabulary.get(feature)
				if index is not None:
					counts[index] = counts.get(index, 0) + 1
			if not counts:
				continue
			index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
			value = (1 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))) * idf[
				index
			]
			value /= np.sqrt(np.dot(value, value))
			indices.append(index + offset)
			values.append(value)
		if not indices:
			return np.zeros(0, np.int64), np.zeros(0, np.float32)
		return np.concatenate(indices), np.concatenate(values)

	def scores(self, documents: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
		x = self.vectorizer.transform(documents)
		return x, np.asarray(x @ self.weights) + self.bias

	def predict(
		self, text: str, source: str | None = None, item_group: str | None = None, explain: int = 4
	) -> Prediction:
		document = compose(text, source, item_group)
		indices, values = self.features(document)
		logits = values @ self.weights[indices] + self.bias
		prediction = Prediction()
		chosen = {}
		for target in sorted(self.targets, key=lambda t: t == "urgency"):  # urgency reads the others
			part = logits[self.slices[target]]
			if target == "urgency":
				part = part + self.context_logits(chosen)
			probabilities = normalised_sigmoid(part) if self.one_vs_rest.get(target) else softmax(part)
			best = int(probabilities.argmax())
			chosen[target] = self.labels[target][best]
			words = self.explain(indices, values, target, best, document, explain) if explain else []
			setattr(prediction, target, Guess(self.labels[target][best], float(probabilities[best]), words))
		return prediction

	def context_logits(self, chosen: dict[str, str]):
		"""What the chosen category and mood add to the urgency's logits."""
		total = 0
		for name, (index, weights) in self.context.items():
			position = index.get(chosen.get(name))
			if position is not None:
				total = total + weights[position]
		return total

	def predict_labels(self, documents: Sequence[str]) -> dict[str, list[str]]:
		_, logits = self.scores(documents)
		result = {
			target: [self.labels[target][i] for i in logits[:, self.slices[target]].argmax(axis=1)]
			for target in self.targets
			if target != "urgency"
		}
		if "urgency" in self.targets:
			part = logits[:, self.slices["urgency"]]
			if self.context:
				part = part + np.vstack(
					[
						np.broadcast_to(
							self.context_logits({name: result[name][row] for name in self.context}),
							(part.shape[1],),
						)
						for row in range(part.shape[0])
					]
				)
			result["urgency"] = [self.labels["urgency"][i] for i in part.argmax(axis=1)]
		return result

	def explain(self, indices, values, target: str, best: int, document: str, limit: int) -> list[str]:
		"""The words of the text whose stems (or stem pairs) pushed most towards the chosen label, against
		the other labels' average: what an agent reads as "why"."""
		words = indices < self.word_feature_count  # character n-grams are real, but show no words
		indices, values = indices[words], values[words]
		block = self.weights[indices, self.slices[target]]
		classes = block.shape[1]
		weight = block[:, best] - (block.sum(axis=1) - block[:, best]) / max(1, classes - 1)
		score = values * weight
		order = np.argsort(-score)[: limit * 4]
		contributions = [
			(float(score[i]), str(self.word_names[indices[i]])) for i in order.tolist() if score[i] > 0
		]
		surface = {}
		rest = document
		while rest.startswith("__"):
			rest = rest.partition(" ")[2]
		pairs = words_of(rest)
		for (word, s), (next_word, next_stem) in zip(pairs, [*pairs[1:], ("", "")], strict=False):
			surface.setdefault(s, word)
			if next_stem:
				surface.setdefault(f"{s} {next_stem}", f"{word} {next_word}")
		shown = []
		for _, feature in contributions:
			word = surface.get(feature) or TONE_WORDS.get(feature)
			if word and len(word) <= 2 and feature not in TONE_WORDS:
				continue  # "не", "я", "a": a part of a pair says more than alone
			if word and word not in shown and not any(word in other for other in shown):
				shown = [other for other in shown if other not in word]
				shown.append(word)
			if len(shown) >= limit:
				break
		return shown


TONE_WORDS = {SHOUT: "CAPITALS", EXCLAIM: "!!"}


# --- the stored model ---------------------------------------------------------------------------------
# A model file is an .npz (numpy's zip of .npy arrays) read with allow_pickle=False: numbers, and text as
# UTF-8 JSON. It names no code: the analyzers are this module's functions, chosen by the names below.

FORMAT = "servicedesk_shop.triage_model"
FORMAT_VERSION = 1
ANALYZERS = {"word_features": word_features}
PREPROCESSORS = {"char_text": char_text}
CHAR_ANALYZERS = ("char", "char_wb")
DTYPES = {"float32": np.float32, "float64": np.float64}


class ModelFormatError(ValueError):
	"""Bytes that are not a stored triage model, or one whose arrays do not fit together."""


def _require(condition, what: str):
	if not condition:
		raise ModelFormatError(f"not a stored triage model: {what}")


def text_array(value) -> np.ndarray:
	return np.frombuffer(json.dumps(value, ensure_ascii=False).encode(), dtype=np.uint8)


def read_text_array(arrays: Mapping[str, np.ndarray], key: str):
	array = _array(arrays, key, ndim=1, dtypes=(np.uint8,))
	try:
		return json.loads(array.tobytes().decode())
	except ValueError as error:  # not UTF-8, not JSON
		raise ModelFormatError(f"not a stored triage model: {key}") from error


def _array(arrays: Mapping[str, np.ndarray], key: str, ndim: int, dtypes) -> np.ndarray:
	array = arrays.get(key)
	_require(isinstance(array, np.ndarray), f"{key} is missing")
	_require(
		array.ndim == ndim and array.dtype.type in dtypes, f"{key} is not a {ndim}-d {dtypes[0].__name__}"
	)
	return array


def _name_of(value, known: dict) -> str | None:
	if value is None:
		return None
	name = next((n for n, function in known.items() if function is value), None)
	_require(name is not None, f"{value!r} is not one of {sorted(known)}")
	return name


def vectorizer_parameters(vectorizer: TfidfVectorizer) -> dict:
	"""What a fitted TfidfVectorizer needs besides its vocabulary and idf to read new text, as plain
	values (a function by its name in ANALYZERS or PREPROCESSORS)."""
	analyzer = vectorizer.analyzer
	analyzer = analyzer if analyzer in CHAR_ANALYZERS else _name_of(analyzer, ANALYZERS)
	_require(vectorizer.tokenizer is None and vectorizer.stop_words is None, "a tokenizer or stop words")
	_require(np.dtype(vectorizer.dtype).name in DTYPES, "dtype")
	return {
		"analyzer": analyzer,
		"preprocessor": _name_of(vectorizer.preprocessor, PREPROCESSORS),
		"lowercase": bool(vectorizer.lowercase),
		"strip_accents": vectorizer.strip_accents,
		"ngram_range": [int(n) for n in vectorizer.ngram_range],
		"binary": bool(vectorizer.binary),
		"norm": vectorizer.norm,
		"use_idf": bool(vectorizer.use_idf),
		"smooth_idf": bool(vectorizer.smooth_idf),
		"sublinear_tf": bool(vectorizer.sublinear_tf),
		"dtype": np.dtype(vectorizer.dtype).name,
	}


def build_vectorizer(spec: dict) -> TfidfVectorizer:
	"""A fresh TfidfVectorizer from `vectorizer_parameters`, each value checked."""
	analyzer, preprocessor = spec.get("analyzer"), spec.get("preprocessor")
	_require(analyzer in CHAR_ANALYZERS or analyzer in ANALYZERS, "analyzer")
	_require(preprocessor is None or preprocessor in PREPROCESSORS, "preprocessor")
	ngram = spec.get("ngram_range")
	_require(
		isinstance(ngram, list)
		and len(ngram) == 2
		and all(type(n) is int for n in ngram)
		and 1 <= ngram[0] <= ngram[1] <= 10,
		"ngram_range",
	)
	flags = ("lowercase", "binary", "use_idf", "smooth_idf", "sublinear_tf")
	_require(all(isinstance(spec.get(flag), bool) for flag in flags), "flags")
	_require(spec.get("use_idf"), "use_idf")
	_require(spec.get("strip_accents") in (None, "ascii", "unicode"), "strip_accents")
	_require(spec.get("norm") in ("l1", "l2", None), "norm")
	_require(spec.get("dtype") in DTYPES, "dtype")
	return TfidfVectorizer(
		analyzer=ANALYZERS.get(analyzer, analyzer),
		preprocessor=PREPROCESSORS.get(preprocessor),
		lowercase=spec["lowercase"],
		strip_accents=spec["strip_accents"],
		ngram_range=tuple(ngram),
		binary=spec["binary"],
		norm=spec["norm"],
		use_idf=True,
		smooth_idf=spec["smooth_idf"],
		sublinear_tf=spec["sublinear_tf"],
		dtype=DTYPES[spec["dtype"]],
	)


def loads(data: bytes) -> TriageModel:
	"""TriageModel.loads: a model file back as a model, or ModelFormatError."""
	return TriageModel.loads(data)


def normalised_sigmoid(values: np.ndarray) -> np.ndarray:
	"""One-vs-rest probabilities as scikit-learn gives them: each class's sigmoid, normalised."""
	sigmoid = 1 / (1 + np.exp(-values))
	return sigmoid / sigmoid.sum()


def softmax(values: np.ndarray) -> np.ndarray:
	shifted = np.exp(values - values.max())
	return shifted / shifted.sum()


def train(examples: Sequence[Example], char_features: int = 60_000, meta: dict | None = None) -> TriageModel:
	"""A model on `examples`; each target learns from the examples that have its label."""
	started = time.perf_counter()
	documents = [e.document for e in examples]
	vectorizer = make_vectorizer(char_features, len(documents))
	x = vectorizer.fit_transform(documents).tocsr()
	classifiers = {}

	def fit(target, matrix):
		rows = [i for i, e in enumerate(examples) if getattr(e, target)]
		labels = [getattr(examples[i], target) for i in rows]
		if len(set(labels)) < 2:
			return
		classifier = make_classifier(len(rows))
		with warnings.catch_warnings():
			# saga stops at max_iter with tol 1e-3: the accuracy is measured, not the last digit
			warnings.simplefilter("ignore", ConvergenceWarning)
			classifier.fit(matrix[rows], labels)
		classifiers[target] = classifier

	for target in CONTEXT_TARGETS:
		fit(target, x)
	context = {
		name: [str(c) for c in classifiers[name].classes_] for name in CONTEXT_TARGETS if name in classifiers
	}
	if context:
		# the urgency model reads the category and mood: the label where there is one, else the
		# prediction (a request whose mood no agent set)
		columns = []
		for name, labels in context.items():
			predicted = classifiers[name].predict(x)
			index = {label: i for i, label in enumerate(labels)}
			block = np.zeros((len(examples), len(labels)), np.float32)
			for row, example in enumerate(examples):
				block[row, index.get(getattr(example, name), index[str(predicted[row])])] = CONTEXT_WEIGHT
			columns.append(sparse.csr_matrix(block))
		fit("urgency", sparse.hstack([x, *columns]).tocsr())
	else:
		fit("urgency", x)
	meta = {**(meta or {}), "examples": len(examples), "seconds": round(time.perf_counter() - started, 3)}
	return TriageModel(vectorizer, classifiers, meta, context)


def accuracy(model: TriageModel, examples: Sequence[Example]) -> dict[str, float | None]:
	"""Share of `examples` whose label each target predicts right (None: no labelled example)."""
	if not examples:
		return {target: None for target in TARGETS}
	predicted = model.predict_labels([e.document for e in examples])
	result = {}
	for target in TARGETS:
		pairs = [
			(p, getattr(e, target))
			for p, e in zip(predicted.get(target, []), examples, strict=False)
			if getattr(e, target)
		]
		result[target] = round(sum(p == t for p, t in pairs) / len(pairs), 4) if pairs else None
	return result


def split(examples: Sequence[Example]) -> tuple[list[Example], list[Example]]:
	"""(training, held-out) examples: about a fifth held out, the same ones every time."""
	training, held_out = [], []
	for example in examples:
		(held_out if example.held_out else training).append(example)
	return training, held_out


def cross_validate(
	examples: Sequence[Example], folds: int = 5, seed: int = 7, char_features: int = 60_000
) -> dict:
	"""Accuracy per target over stratified folds (by category), with its spread, and the confusion of
	categories (agent's label -> predicted -> count) summed over the folds."""
	examples = list(examples)
	labels = [e.category or "" for e in examples]
	scores: dict[str, list[float]] = {target: [] for target in TARGETS}
	confusion: dict[str, dict[str, int]] = {}
	for train_index, test_index in StratifiedKFold(folds, shuffle=True, random_state=seed).split(
		examples, labels
	):
		model = train([examples[i] for i in train_index], char_features)
		testing = [examples[i] for i in test_index]
		for target, value in accuracy(model, testing).items():
			if value is not None:
				scores[target].append(value)
		predicted = model.predict_labels([e.document for e in testing]).get("category", [])
		for guess, example in zip(predicted, testing, strict=False):
			if example.category:
				row = confusion.setdefault(example.category, {})
				row[guess] = row.get(guess, 0) + 1
	return {
		"folds": folds,
		"examples": len(examples),
		"accuracy": {
			target: {"mean": round(float(np.mean(v)), 4), "std": round(float(np.std(v)), 4)}
			for target, v in scores.items()
			if v
		},
		"confusion": confusion,
	}


@dataclass
class Verdict:
	publish: bool
	candidate: dict
	current: dict | None
	reason: str


def score(result: dict, targets: Sequence[str]) -> float:
	"""The mean accuracy over `targets` (a target without a measure counts as 0)."""
	return sum(result.get(target) or 0.0 for target in targets) / max(1, len(targets))


def compare(candidate: dict, current: dict | None, tolerance: float = 0.0) -> Verdict:
	"""Whether a candidate model replaces the published one, from their accuracies on the same held-out
	examples: its mean accuracy over the targets the published model is measured on must not be lower
	(by more than `tolerance`). One mean, not each target alone: on a few hundred held-out requests one
	request moves a target by half a point, and a model far better at the category must not be held
	back by one mood. With no published model, any trained model is published."""
	if current is None:
		return Verdict(True, candidate, None, "first model")
	targets = [target for target in TARGETS if current.get(target) is not None]
	if score(candidate, targets) < score(current, targets) - tolerance:
		worst = min(targets, key=lambda t: (candidate.get(t) or 0.0) - current[t])
		return Verdict(False, candidate, current, worst)
	return Verdict(True, candidate, current, "not worse")


def read_examples(rows: Iterable[dict]) -> list[Example]:
	"""Examples from dict rows (the seed file's lines, or Issues read by the service)."""
	return [
		Example(
			text=row.get("text") or "",
			source=row.get("source"),
			item_group=row.get("item_group"),
			category=row.get("category"),
			urgency=row.get("urgency"),
			mood=row.get("mood") if row.get("mood") in MOODS else None,
			key=row.get("key"),
		)
		for row in rows
		if (row.get("text") or "").strip()
	]
