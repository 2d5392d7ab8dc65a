"""A triage model stored as a pickle (before 0.5), read once by the patch v0_5.triage_model_as_data that
rewrites it as data. No `frappe` import; nothing else calls this.

Unpickling runs whatever the pickle names, so the reader resolves only the classes and functions that a
pickled TriageModel holds (its class, the vectorizers, numpy's arrays, this app's two analyzers, which
it names and does not call): a pickle that names anything else (os.system, builtins.eval, ...) is
refused before it runs.
"""

import io
import pickle

from servicedesk_shop.triage.model import TriageModel

# (module, name) of every global a pickled TriageModel refers to, under numpy 1 and numpy 2
ALLOWED = frozenset(
	{
		("builtins", "slice"),
		("numpy", "dtype"),
		("numpy", "ndarray"),
		("numpy", "float32"),
		("numpy", "float64"),
		("numpy", "int64"),
		("numpy.core.multiarray", "_reconstruct"),
		("numpy.core.multiarray", "scalar"),
		("numpy.core.numeric", "_frombuffer"),
		("numpy._core.multiarray", "_reconstruct"),
		("numpy._core.multiarray", "scalar"),
		("numpy._core.numeric", "_frombuffer"),
		("servicedesk_shop.triage.model", "TriageModel"),
		("servicedesk_shop.triage.model", "char_text"),
		("servicedesk_shop.triage.model", "word_features"),
		("sklearn.feature_extraction.text", "TfidfTransformer"),
		("sklearn.feature_extraction.text", "TfidfVectorizer"),
		("sklearn.pipeline", "FeatureUnion"),
	}
)


class LegacyModelError(ValueError):
	"""Not a pickled TriageModel, or one that names code a model does not hold."""


class _Reader(pickle.Unpickler):
	def find_class(self, module, name):
		if (module, name) not in ALLOWED:
			raise LegacyModelError(f"a pickled triage model does not name {module}.{name}")
		return super().find_class(module, name)


def read_pickled_model(content: bytes):
	"""The TriageModel of an old model file, or LegacyModelError."""
	try:
		model = _Reader(io.BytesIO(content)).load()
	except LegacyModelError:
		raise
	except Exception as error:  # a truncated or garbled pickle: whatever the unpickler raised
		raise LegacyModelError(f"not a pickled triage model: {error}") from error
	if not isinstance(model, TriageModel):
		raise LegacyModelError(f"a pickled {type(model).__name__}, not a triage model")
	return model
