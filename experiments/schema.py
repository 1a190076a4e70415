"""The experiment log's contract, version 1, as types: what one entry holds and its limits.

Kept apart from the code that reads and checks it (:mod:`experiments.parse`), so the
contract can be read in one place. The JSON form is

    {"version": 1, "entries": [{"card": "...", "date": "YYYY-MM-DD", "predicted_no": 70,
      "predicted_bad": 6, "got_no": false, "actual_bad": 2, ...}]}

A field that is not part of the contract is kept as it is (``extra``), so a file written by
a newer page survives an import and export here unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

VERSION = 1

# Inclusive ranges of the whole-number fields. Chances and beliefs are percentages; how bad
# something would be (or was) is the 0–10 scale of the printed cards and log sheet.
PERCENT = (0, 100)
BADNESS = (0, 10)
RANGES: dict[str, tuple[int, int]] = {
    "predicted_no": PERCENT,
    "predicted_bad": BADNESS,
    "actual_bad": BADNESS,
    "belief_before": PERCENT,
    "belief_after": PERCENT,
}

REQUIRED = ("card", "date", "predicted_no", "predicted_bad", "got_no", "actual_bad")
OPTIONAL_TEXT = ("fear", "learned")
OPTIONAL_INT = ("belief_before", "belief_after")
OPTIONAL_BOOL = ("feared_happened",)
OPTIONAL_LIST = ("dropped",)
# The order fields are written in: the contract's order, then the optional fields; fields
# outside the contract follow in the order they came.
FIELDS = (
    "card",
    "date",
    "fear",
    "predicted_no",
    "predicted_bad",
    "got_no",
    "actual_bad",
    "learned",
    "belief_before",
    "belief_after",
    "feared_happened",
    "dropped",
)

# Limits that no real log comes near; past them a file is a mistake (or an attack), and
# refusing it early keeps a page from freezing on it.
MAX_TEXT = 5_000  # characters in one text field
MAX_DROPPED = 50  # safety behaviours listed on one entry
MAX_ENTRIES = 20_000
MAX_TEXT_BYTES = 5_000_000  # a whole log, as JSON text


@dataclass(frozen=True)
class Entry:
    """One experiment. ``None`` means the field was left out (not "false" or "empty")."""

    card: str  # a card id from the deck, or the person's own ask in their words
    date: date
    predicted_no: int  # how likely a no seemed beforehand, 0–100 (%)
    predicted_bad: int  # how bad a no would be, 0–10
    got_no: bool
    actual_bad: int  # how bad it really was, 0–10
    fear: str | None = None  # what exactly they feared would happen
    learned: str | None = None
    belief_before: int | None = None  # belief in the feared outcome before, 0–100 (%)
    belief_after: int | None = None  # the same, re-rated after
    feared_happened: bool | None = None
    dropped: tuple[str, ...] | None = None  # safety behaviours dropped
    # Fields outside the contract, in the order they came: kept, never interpreted.
    extra: tuple[tuple[str, Any], ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The entry as the contract's JSON object (fields in :data:`FIELDS` order)."""
        data: dict[str, Any] = {}
        for name in FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            if name == "date":
                value = value.isoformat()
            elif name == "dropped":
                value = list(value)
            data[name] = value
        data.update(self.extra)
        return data


@dataclass(frozen=True)
class Log:
    """A whole log: its entries in the order given, and any top-level fields outside the
    contract (kept, like an entry's)."""

    entries: tuple[Entry, ...]
    extra: tuple[tuple[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"version": VERSION, "entries": [entry.to_json() for entry in self.entries], **dict(self.extra)}
