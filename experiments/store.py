"""Moving a log in and out: JSON (the contract, lossless), CSV (for a spreadsheet), and
importing one log into another without ever losing an entry.

An import is all or nothing: a file with any problem adds nothing, so a person never ends up
with half a file merged and no way to tell which half. Entries already kept are never
changed or dropped; an incoming entry identical to one already there (or to an earlier one
in the same file) is reported as a duplicate and not added twice.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from experiments.errors import LogError, Problem
from experiments.parse import entry_lines, log_from, parse_json
from experiments.schema import FIELDS, Entry, Log
from experiments.summary import content_key

# A spreadsheet treats a cell starting with one of these as a formula; a text someone typed
# ("=1+1", "@SUM(…)", or a crafted one in a file they were sent) must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
# Excel reads a CSV without a byte-order mark as the local code page, garbling accents.
BOM = "\ufeff"


def export_json(log: Log) -> str:
    """The log as the contract's JSON text (fields in the contract's order; fields outside
    the contract kept where they were)."""
    return json.dumps(log.to_json(), ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = value
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        text = LIST_SEPARATOR.join(value)
    elif isinstance(value, int | float):
        text = str(value)
    else:
        text = json.dumps(value, ensure_ascii=False)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_columns(entries: Sequence[Entry]) -> list[str]:
    """The contract's fields in their order, then fields outside it in the order first met."""
    extra: list[str] = []
    for entry in entries:
        extra += [name for name, _ in entry.extra if name not in extra]
    return [*FIELDS, *extra]


def export_csv(log: Log) -> str:
    """One row per entry, in the log's order, under a header row of :func:`csv_columns`.

    A list (the safety behaviours dropped) is joined with "; "; a value outside the contract
    that is not text is written as JSON; a cell that a spreadsheet would run as a formula
    starts with an apostrophe. The JSON export is the lossless one: import that, not this.
    """
    columns = csv_columns(log.entries)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for entry in log.entries:
        data = entry.to_json()
        writer.writerow([_cell(data.get(name)) for name in columns])
    return BOM + out.getvalue()


@dataclass(frozen=True)
class Duplicate:
    """An incoming entry not added because the same experiment is already there."""

    index: int  # in the incoming file's entries, from 0
    line: int | None
    same_as: int  # in the merged log's entries, from 0
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "line": self.line, "same_as": self.same_as, "message": self.message}


@dataclass(frozen=True)
class MergeReport:
    ok: bool
    added: int = 0
    duplicates: tuple[Duplicate, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "added": self.added,
            "duplicates": [duplicate.to_json() for duplicate in self.duplicates],
            "problems": [problem.to_json() for problem in self.problems],
        }


def merge(existing: Log, incoming_text: str) -> tuple[Log, MergeReport]:
    """``existing`` with the new entries of ``incoming_text`` (a log's JSON text) after it.

    If the incoming text has any problem, the result is ``existing`` itself and the report
    lists every problem (``ok`` false). Top-level fields outside the contract that
    ``existing`` lacks are taken from the incoming log; those it has are kept as they are.
    """
    try:
        data = parse_json(incoming_text)
        lines = entry_lines(incoming_text)
        incoming = log_from(data, lines)
    except LogError as error:
        return existing, MergeReport(ok=False, problems=error.problems)
    known_lines = lines if lines is not None and len(lines) == len(incoming.entries) else None
    entries = list(existing.entries)
    seen = {content_key(entry): position for position, entry in reversed(list(enumerate(entries)))}
    duplicates: list[Duplicate] = []
    for index, entry in enumerate(incoming.entries):
        key = content_key(entry)
        line = known_lines[index] if known_lines else None
        if key in seen:
            where = f"Entry {index + 1}" + (f" (line {line})" if line is not None else "")
            message = (
                f"{where} is the same as entry {seen[key] + 1} ({entry.date.isoformat()}), so it was not added again."
            )
            duplicates.append(Duplicate(index, line, seen[key], message))
            continue
        seen[key] = len(entries)
        entries.append(entry)
    have = {name for name, _ in existing.extra}
    extra = existing.extra + tuple((name, value) for name, value in incoming.extra if name not in have)
    merged = Log(tuple(entries), extra)
    return merged, MergeReport(ok=True, added=len(entries) - len(existing.entries), duplicates=tuple(duplicates))
