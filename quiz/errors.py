"""The two ways the quiz refuses to go on: bad answers, or bad data files."""

from collections.abc import Sequence
from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with the answers; item is the question it concerns, if any."""

    item: str | None
    message: str


class AnswerError(ValueError):
    """The answers cannot be assessed. `problems` lists every problem, not just the first.

    People fix forms faster when they see all problems at once, and the site shows them as
    a list, each beside its question (`items` holds the question id of each problem, or None).
    `crisis_reasons` is non-empty when the answers that *were* valid already meet a crisis
    rule: a half-filled form must never hide the crisis panel behind a validation error.
    """

    def __init__(self, problems: Sequence[Problem | str], *, crisis_reasons: Sequence[str] = ()) -> None:
        normalised = [p if isinstance(p, Problem) else Problem(None, p) for p in problems]
        self.problems: list[str] = [p.message for p in normalised]
        self.items: list[str | None] = [p.item for p in normalised]
        self.crisis_reasons: list[str] = list(crisis_reasons)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        lines = [f"The answers have {count} {'problem' if count == 1 else 'problems'}:"]
        lines += [f"- {problem}" for problem in self.problems]
        return "\n".join(lines)

    def details(self) -> list[dict[str, str | None]]:
        """[{item, message}] as JSON-able data for the page."""
        return [{"item": item, "message": message} for item, message in zip(self.items, self.problems, strict=True)]


class DataError(ValueError):
    """A data file (instrument, ladder or form) is malformed.

    Raised at load time, never halfway through an assessment, so a broken or mistyped
    licensed instrument cannot silently weaken triage.
    """
