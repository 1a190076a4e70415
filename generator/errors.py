"""Errors a content author can act on: each names a file and a field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentError:
    """One problem in the content folder."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


class ContentErrors(Exception):
    """All problems found in one pass, so an author can fix them together."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        noun = "problem" if count == 1 else "problems"
        lines = [f"Content check failed: {count} {noun}."]
        lines += [f"  - {error}" for error in self.errors]
        return "\n".join(lines)
