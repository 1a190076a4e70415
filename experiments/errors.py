"""How a log is refused: every problem at once, each naming the entry, its line and the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple


class Problem(NamedTuple):
    """One thing wrong with a log.

    ``index`` is the entry's position in ``entries`` counting from 0 (None for the log as a
    whole); ``line`` is the line of the JSON text the entry starts on, when the log came as
    text; ``field`` is the entry's field (or the log's, for ``version`` and ``entries``).
    ``message`` is a full sentence for people: it names the entry (counting from 1), the
    line and the field itself.
    """

    index: int | None
    line: int | None
    field: str | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return self._asdict()


class LogError(ValueError):
    """The log cannot be read; ``problems`` lists every problem, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        if count == 1:
            return self.problems[0].message
        return f"{count} problems: " + " ".join(problem.message for problem in self.problems)
