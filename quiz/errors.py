"""The two ways the quiz refuses to go on: bad answers, or bad data files."""


class AnswerError(ValueError):
    """The answers cannot be assessed. `problems` lists every problem, not just the first.

    People fix forms faster when they see all problems at once, and the site shows them as
    a list. `crisis_reasons` is non-empty when the answers that *were* valid already meet a
    crisis rule: a half-filled form must never hide the crisis panel behind a validation error.
    """

    def __init__(self, problems: list[str], *, crisis_reasons: list[str] | None = None) -> None:
        self.problems: list[str] = list(problems)
        self.crisis_reasons: list[str] = list(crisis_reasons or [])
        super().__init__(self._message())

    def _message(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"The answers have {count} {noun}:"]
        lines += [f"- {problem}" for problem in self.problems]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._message()


class DataError(ValueError):
    """A data file (instrument, ladder or form) is malformed.

    Raised at load time, never halfway through an assessment, so a broken or mistyped
    licensed instrument cannot silently weaken triage.
    """
