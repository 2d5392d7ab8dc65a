"""Answers while the shopper types: the published help articles in an in-memory index, and the few that
answer a text best, each with the sentences of it that match. No `frappe` import.

Words are compared by their Snowball stems, the triage's (`triage.model.words_of`: Russian for Cyrillic
words, English for the rest), so "доставка", "доставки" and "доставку" are one word, as are "return" and
"returns". Scoring is scikit-learn's TF-IDF over those stems (function words left out): an article's
score is `TITLE_WEIGHT` times the cosine of the text with its title plus the cosine with its body, one
sparse product of the text's row with a matrix of every article. Below `MIN_SCORE` nothing is an answer,
so a text of unknown or common words gets none.

Then the shopper's context reorders what matched, never adds to it: articles in the text's language
(given, else read from its letters) come first and alone, the other language's only when none of its
own matched; an article for the category the triage reads in the text, for the source (the shop's page)
or for the item's group weighs more (`*_BOOST`). Equal scores keep the index's order.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from servicedesk_shop.triage.model import stem, words_of

TITLE_WEIGHT = 2.0
"""A word of the title tells more of what an article answers than a word of its body."""
MIN_SCORE = 0.2
"""The least text score (title and body, before the boosts) that makes an article an answer."""
CATEGORY_BOOST = 1.5
SOURCE_BOOST = 1.25
ITEM_GROUP_BOOST = 1.25
SNIPPET_LENGTH = 200
LANGUAGES = ("ru", "en")
_LANGUAGE_IDS = {code: n for n, code in enumerate(LANGUAGES)}

# words that say nothing of what a question is about (a question's words, "сколько", "когда", "how
# much", stay: they tell a price from a date)
_FUNCTION_WORDS = """
и в во не на я с со как а то все всё она он оно они так его но да ты к у же вы за бы по только ее её мне
было вот от меня еще ещё нет о об обо из ему ей им их ли если уже или ни быть был была были будет будут
него нее неё до вас нибудь уж вам ведь там себя себе ничего может тут есть надо ней для мы нас тебя
чем сам чтоб чтобы без чего тоже под ж тогда кто этот эта это эти этого этой этом эту того тот те том
тем потому совсем ним здесь один мой моя мое моё мои почти можно при над через про между ко либо же
бы ну вот это который которая которые которое какой какая какие какое свой своя свои свое своё весь
вся всю всех всем наш наша наши ваш ваша ваши мой при так также уже очень хочу хотел хотела
a an the and or but if of to in on at by for with from as is are was were be been being am do does did
i me my we our you your he she it its they them their this that these those there here what which who
whom whose will would shall should can could may might must have has had not no so than too very just
about into over under again then once also any each other some such only own same s t don
"""
STOP_STEMS = frozenset(stem(word) for word in _FUNCTION_WORDS.split())

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\s*\n\s*")
_SPACE = re.compile(r"[ \t\r\f\v]+")


@dataclass(frozen=True)
class Article:
	"""A published help article as the index reads it: `content` is its text (see `text_of_html`)."""

	name: str
	title: str
	content: str = ""
	language: str | None = None
	category: str | None = None  # the Help Category's slug
	issue_types: tuple[str, ...] = ()
	sources: tuple[str, ...] = ()
	item_groups: tuple[str, ...] = ()
	url: str | None = None


@dataclass(frozen=True)
class Answer:
	article: str
	title: str
	url: str | None
	snippet: str
	score: float
	language: str | None = None
	issue_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Sentence:
	text: str
	stems: frozenset = field(default_factory=frozenset)


def terms(text: str) -> list[str]:
	"""The analyzer of the index and of a query: the stems of the words that are not function words."""
	return [s for _word, s in words_of(text) if len(s) > 1 and s not in STOP_STEMS]


def language_of(text: str | None) -> str | None:
	""" "ru" or "en" by which letters the text has more of; None without letters."""
	cyrillic = len(_CYRILLIC.findall(text or ""))
	latin = len(_LATIN.findall(text or ""))
	if not cyrillic and not latin:
		return None
	return "ru" if cyrillic >= latin else "en"


def language_code(language: str | None) -> str | None:
	"""A Language name ("ru", "en-US", "EN") as one of LANGUAGES, or None."""
	code = (language or "").strip().lower()[:2]
	return code if code in LANGUAGES else None


class _TextParser(HTMLParser):
	BLOCKS = frozenset(
		(
			"p",
			"div",
			"br",
			"li",
			"ul",
			"ol",
			"dt",
			"dd",
			"h1",
			"h2",
			"h3",
			"h4",
			"h5",
			"h6",
			"tr",
			"table",
			"caption",
			"blockquote",
			"section",
		)
	)
	HIDDEN = frozenset(("script", "style", "template"))

	def __init__(self):
		super().__init__(convert_charrefs=True)
		self.parts: list[str] = []
		self.hidden = 0

	def handle_starttag(self, tag, attrs):
		if tag in self.HIDDEN:
			self.hidden += 1
		elif tag in self.BLOCKS:
			self.parts.append("\n")
		elif tag in ("td", "th"):
			self.parts.append(" ")

	def handle_endtag(self, tag):
		if tag in self.HIDDEN:
			self.hidden = max(0, self.hidden - 1)
		elif tag in self.BLOCKS:
			self.parts.append("\n")

	def handle_data(self, data):
		if not self.hidden:
			self.parts.append(data)


def text_of_html(content: str | None) -> str:
	"""The plain text of an article's HTML: a paragraph, heading or list item a line of its own (a sentence
	ends there), tags and scripts gone, entities read."""
	if not content:
		return ""
	parser = _TextParser()
	parser.feed(content)
	parser.close()
	lines = (_SPACE.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
	return "\n".join(line for line in lines if line)


def sentences_of(text: str) -> list[str]:
	return [part.strip() for part in _SENTENCE_END.split(text or "") if part and part.strip()]


class AnswerIndex:
	"""The articles, their TF-IDF matrix and their sentences: built once, then read by `suggest`."""

	def __init__(self, articles: Iterable[Article]):
		self.articles: list[Article] = list(articles)
		count = len(self.articles)
		self.position = {article.name: i for i, article in enumerate(self.articles)}
		self.languages = [language_code(a.language) for a in self.articles]
		self.language_ids = np.array([_LANGUAGE_IDS.get(code, -1) for code in self.languages], dtype=np.int8)
		self.sentences = [
			[_Sentence(s, frozenset(terms(s))) for s in sentences_of(a.content)] for a in self.articles
		]
		# the articles of each category, source and item group, for the boosts
		self.by_issue_type = _positions((i, a.issue_types) for i, a in enumerate(self.articles))
		self.by_source = _positions((i, a.sources) for i, a in enumerate(self.articles))
		self.by_item_group = _positions((i, a.item_groups) for i, a in enumerate(self.articles))
		self.vectorizer = None
		self.vocabulary: dict[str, int] = {}
		self.idf = np.zeros(0)
		self.matrix = sparse.csc_matrix((count, 0))
		documents = [f"{a.title}\n{a.content}" for a in self.articles]
		if not any(terms(d) for d in documents):
			return
		self.vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True, dtype=np.float64)
		self.vectorizer.fit(documents)
		self.vocabulary = self.vectorizer.vocabulary_
		self.idf = self.vectorizer.idf_
		titles = self.vectorizer.transform([a.title for a in self.articles])
		bodies = self.vectorizer.transform([a.content for a in self.articles])
		# by column: a text's few words read only their own columns
		self.matrix = sparse.csc_matrix(TITLE_WEIGHT * titles + bodies)

	def __len__(self) -> int:
		return len(self.articles)

	def __contains__(self, name: str) -> bool:
		return name in self.position

	def get(self, name: str) -> Article | None:
		i = self.position.get(name)
		return self.articles[i] if i is not None else None

	def query(self, text: str) -> tuple[np.ndarray, np.ndarray]:
		"""The text's TF-IDF row as (columns, weights): the vectorizer's `transform` of one text, without
		its per-call input checks, which cost several times the arithmetic (a test holds the two equal)."""
		counts = Counter(
			column for term in terms(text or "") if (column := self.vocabulary.get(term)) is not None
		)
		if not counts:
			return np.zeros(0, dtype=np.int64), np.zeros(0)
		columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
		weights = (
			1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
		) * self.idf[columns]
		return columns, weights / np.linalg.norm(weights)

	def scores(self, text: str) -> np.ndarray:
		"""Each article's text score for `text` (before the boosts)."""
		columns, weights = self.query(text)
		if not columns.size:
			return np.zeros(len(self.articles))
		return np.asarray(self.matrix[:, columns] @ weights).ravel()

	def suggest(
		self,
		text: str,
		language: str | None = None,
		source: str | None = None,
		issue_type: str | None = None,
		item_group: str | Sequence[str] | None = None,
		limit: int = 3,
	) -> list[Answer]:
		"""The best `limit` answers to `text`, best first. `language`: the shopper's, else read from the
		text; `issue_type`: the category the triage reads in it; `item_group`: the item's group, or its
		group and the groups above it."""
		if limit <= 0:
			return []
		scores = self.scores(text)
		matched = np.flatnonzero(scores >= MIN_SCORE)
		if not matched.size:
			return []
		language = language_code(language) or language_of(text)
		if language:
			ids = self.language_ids[matched]
			own = matched[(ids == _LANGUAGE_IDS[language]) | (ids == -1)]
			matched = own if own.size else matched
		factor = np.ones(len(self.articles))
		if issue_type in self.by_issue_type:
			factor[self.by_issue_type[issue_type]] *= CATEGORY_BOOST
		if source in self.by_source:
			factor[self.by_source[source]] *= SOURCE_BOOST
		groups = [item_group] if isinstance(item_group, str) else list(item_group or ())
		in_group = [self.by_item_group[g] for g in groups if g in self.by_item_group]
		if in_group:
			factor[np.unique(np.concatenate(in_group))] *= ITEM_GROUP_BOOST
		boosted = scores[matched] * factor[matched]
		# rounded: the same words in two articles score the same whatever the order of the float sums;
		# equal scores keep the index's order
		keys = np.round(boosted, 9)
		if keys.size > limit:
			floor = np.partition(keys, keys.size - limit)[keys.size - limit]
			keep = keys >= floor
			matched, boosted, keys = matched[keep], boosted[keep], keys[keep]
		order = np.lexsort((matched, -keys))[:limit]
		query_stems = set(terms(text))
		return [self.answer(int(matched[n]), float(boosted[n]), query_stems) for n in order]

	def answer(self, i: int, score: float, query_stems: set[str]) -> Answer:
		article = self.articles[i]
		return Answer(
			article=article.name,
			title=article.title,
			url=article.url,
			snippet=self.snippet(i, query_stems),
			score=round(score, 4),
			language=self.languages[i],
			issue_types=article.issue_types,
		)

	def snippet(self, i: int, query_stems: set[str]) -> str:
		"""The sentence of article `i` that has the most (by idf) of the text's words, with the next ones
		while they fit in SNIPPET_LENGTH; its first sentences when none has any."""
		sentences = self.sentences[i]
		if not sentences:
			return ""
		weights = [
			sum(self.idf[self.vocabulary[s]] for s in sentence.stems & query_stems if s in self.vocabulary)
			for sentence in sentences
		]
		best = max(range(len(sentences)), key=lambda j: (weights[j], -j))
		text = sentences[best].text
		for sentence in sentences[best + 1 :]:
			if len(text) + 1 + len(sentence.text) > SNIPPET_LENGTH:
				break
			text = f"{text} {sentence.text}"
		return shorten(text, query_stems if weights[best] else set())


def _positions(pairs) -> dict[str, np.ndarray]:
	found: dict[str, list[int]] = {}
	for i, values in pairs:
		for value in set(values):
			found.setdefault(value, []).append(i)
	return {value: np.array(positions, dtype=np.int64) for value, positions in found.items()}


def shorten(text: str, query_stems: set[str], length: int = SNIPPET_LENGTH) -> str:
	"""`text` cut to about `length` characters at word boundaries, from a little before its first word of
	the query when that word lies beyond the cut; "…" where it was cut."""
	if len(text) <= length:
		return text
	tokens = text.split()
	first = next(
		(n for n, token in enumerate(tokens) if any(s in query_stems for _w, s in words_of(token))), 0
	)
	# from a few words before the query's first word, unless it lies within the first cut anyway
	start = max(0, first - 3) if len(" ".join(tokens[: first + 1])) > length - 1 else 0
	out, size = [], 0
	for token in tokens[start:]:
		size += len(token) + (1 if out else 0)
		if size > length - 2:
			break
		out.append(token)
	snippet = " ".join(out).rstrip(",;:—-") or text[: length - 2]
	return ("… " if start else "") + snippet + "…"
