"""What the capabilities' plain rules share. No `frappe` import."""


class RuleError(ValueError):
	"""A rule's refusal: `code` names the rule (the Frappe side turns it into a translated message), and
	`params` fill that message."""

	def __init__(self, code: str, **params):
		super().__init__(code)
		self.code = code
		self.params = params
