"""The seed set: labelled shop messages written for this app, in Russian and English (messages.jsonl), so
that a new shop gets suggestions on day one. No `frappe` import."""

import hashlib
import json
from pathlib import Path

PATH = Path(__file__).with_name("messages.jsonl")


def load() -> list[dict]:
	with PATH.open(encoding="utf-8") as lines:
		return [json.loads(line) for line in lines if line.strip()]


def version() -> str:
	"""A hash of the seed file: a model trained on an older seed set is retrained on migrate."""
	return hashlib.sha1(PATH.read_bytes()).hexdigest()[:12]
