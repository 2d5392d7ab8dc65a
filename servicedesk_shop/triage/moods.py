"""The customer's moods that triage reads, and the mood conditions of Routing Rules and Escalation Policies.
No `frappe` import, no model: routing and escalation read these without loading the triage model."""

MOODS = ("Angry", "Negative", "Neutral", "Positive")  # Angry is the strongest negative

# a condition as the admin picks it -> the moods it accepts
MOOD_CONDITIONS = {
	"Angry": frozenset({"Angry"}),
	"Angry or Negative": frozenset({"Angry", "Negative"}),
	"Not Angry": frozenset({"Negative", "Neutral", "Positive"}),
	"Neutral": frozenset({"Neutral"}),
	"Positive": frozenset({"Positive"}),
}


def mood_condition(value: str | None) -> frozenset:
	"""The moods a condition accepts; an empty condition (any mood) accepts the empty set's meaning."""
	return MOOD_CONDITIONS.get(value or "", frozenset())
