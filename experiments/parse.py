"""Reading a log (JSON text or already-parsed data) strictly, into typed entries.

Strict, because these numbers are someone's own record: a value we guessed at (50.0 read as
50, "true" as true, 1 as true) would quietly change what their chart says. Every problem is
collected, so a person fixing a file sees them all at once, each naming the entry, the line
it starts on and the field.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from experiments.errors import LogError, Problem
from experiments.schema import (
    FIELDS,
    MAX_DROPPED,
    MAX_ENTRIES,
    MAX_TEXT,
    MAX_TEXT_BYTES,
    OPTIONAL_BOOL,
    OPTIONAL_TEXT,
    RANGES,
    REQUIRED,
    VERSION,
    Entry,
    Log,
)

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
SHOWN_CHARS = 40
# Values are small numbers; a longer run of digits is a mistake, and Python itself refuses
# to read more than 4,300 digits, with an error that names no field.
MAX_DIGITS = 20


class _Pairs(dict[str, Any]):
    """A JSON object that had the same key more than once (the keys are in ``repeated``)."""

    repeated: tuple[str, ...] = ()


def shown(value: object) -> str:
    """A value as a message quotes it: JSON-like, short, and unable to drive a terminal
    (control characters and other unprintable ones are escaped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str) and len(value) > SHOWN_CHARS:
        value = value[:SHOWN_CHARS] + "…"
    text = json.dumps(value, ensure_ascii=False)
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def _where(index: int | None, line: int | None, name: str | None) -> str:
    parts = []
    if index is not None:
        parts.append(f"Entry {index + 1}" + (f" (line {line})" if line is not None else ""))
    if name is not None:
        parts.append(f"field {shown(name)}" if parts else f"Field {shown(name)}")
    return ", ".join(parts) if parts else "The log"


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, index: int | None, line: int | None, name: str | None, what: str) -> None:
        self.problems.append(Problem(index, line, name, f"{_where(index, line, name)}: {what}"))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int(raw: Mapping[str, Any], name: str, say: Callable[[str, str], None]) -> int | None:
    value = raw[name]
    low, high = RANGES[name]
    if not _whole(value):
        say(name, f"expected a whole number from {low} to {high}; got {shown(value)}.")
        return None
    if not low <= value <= high:
        say(name, f"{value} is outside {low} to {high}.")
        return None
    return int(value)


def _bool(raw: Mapping[str, Any], name: str, say: Callable[[str, str], None]) -> bool | None:
    value = raw[name]
    if not isinstance(value, bool):
        say(name, f"expected true or false; got {shown(value)}.")
        return None
    return value


def _text(raw: Mapping[str, Any], name: str, say: Callable[[str, str], None], *, required: bool) -> str | None:
    value = raw[name]
    if not isinstance(value, str):
        say(name, f"expected text; got {shown(value)}" + ("." if required else " (leave the field out if empty)."))
        return None
    if required and not value.strip():
        say(name, "must not be empty.")
        return None
    if len(value) > MAX_TEXT:
        say(name, f"is {len(value):,} characters long; at most {MAX_TEXT:,} fit.")
        return None
    return value


def _date(raw: Mapping[str, Any], say: Callable[[str, str], None]) -> date | None:
    value = raw["date"]
    if not isinstance(value, str) or not _DATE.match(value):
        say("date", f'expected a date written YYYY-MM-DD, such as "2026-11-26"; got {shown(value)}.')
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        say("date", f"{shown(value)} is not a real date.")
        return None


def _dropped(raw: Mapping[str, Any], say: Callable[[str, str], None]) -> tuple[str, ...] | None:
    value = raw["dropped"]
    if not isinstance(value, list):
        say("dropped", f"expected a list of texts (the safety behaviours dropped); got {shown(value)}.")
        return None
    if len(value) > MAX_DROPPED:
        say("dropped", f"lists {len(value)} items; at most {MAX_DROPPED} fit.")
        return None
    bad = [item for item in value if not isinstance(item, str) or len(item) > MAX_TEXT]
    if bad:
        say("dropped", f"every item must be text of at most {MAX_TEXT:,} characters; got {shown(bad[0])}.")
        return None
    return tuple(value)


def entry_from(raw: object, index: int = 0, line: int | None = None) -> Entry:
    """One entry from parsed JSON; raises :class:`LogError` listing all its problems."""
    problems = _Collector()
    entry = _entry(raw, index, line, problems)
    if entry is None:
        raise LogError(problems.problems)
    return entry


def _entry(raw: object, index: int, line: int | None, problems: _Collector) -> Entry | None:
    if not isinstance(raw, dict):
        problems.add(index, line, None, f"expected an object with the fields {', '.join(REQUIRED)}; got {shown(raw)}.")
        return None
    count = len(problems.problems)

    def say(name: str, what: str) -> None:
        problems.add(index, line, name, what)

    for name in getattr(raw, "repeated", ()):
        say(name, "appears more than once, so it is unclear which value is meant.")
    missing = [name for name in REQUIRED if name not in raw]
    for name in missing:
        say(name, "is missing (it is required).")
    values: dict[str, Any] = {}
    for name in FIELDS:
        if name not in raw:
            continue
        if name == "card":
            values[name] = _text(raw, name, say, required=True)
        elif name == "date":
            values[name] = _date(raw, say)
        elif name in OPTIONAL_TEXT:
            values[name] = _text(raw, name, say, required=False)
        elif name in RANGES:
            values[name] = _int(raw, name, say)
        elif name == "got_no" or name in OPTIONAL_BOOL:
            values[name] = _bool(raw, name, say)
        else:
            values[name] = _dropped(raw, say)
    if len(problems.problems) > count:
        return None
    extra = tuple((key, value) for key, value in raw.items() if key not in FIELDS)
    return Entry(**values, extra=extra)


def log_from(data: object, lines: list[int] | None = None) -> Log:
    """A whole log from parsed JSON; raises :class:`LogError` listing every problem.

    ``lines``: the line each entry starts on in the text it came from, if known.
    """
    problems = _Collector()
    if not isinstance(data, dict):
        problems.add(None, None, None, f'expected an object such as {{"version": {VERSION}, "entries": [...]}}; '
                     f"got {shown(data)}.")  # fmt: skip
        raise LogError(problems.problems)
    for name in getattr(data, "repeated", ()):
        problems.add(None, None, name, "appears more than once, so it is unclear which value is meant.")
    version = data.get("version")
    if "version" not in data:
        problems.add(None, None, "version", f"is missing; this log format is version {VERSION}.")
    elif not _whole(version) or version != VERSION:
        problems.add(None, None, "version", f"unknown version {shown(version)}; this site reads version {VERSION}.")
    raw_entries = data.get("entries")
    entries: list[Entry] = []
    if "entries" not in data:
        problems.add(None, None, "entries", "is missing (a list of entries, which may be empty).")
    elif not isinstance(raw_entries, list):
        problems.add(None, None, "entries", f"expected a list of entries; got {shown(raw_entries)}.")
    elif len(raw_entries) > MAX_ENTRIES:
        problems.add(None, None, "entries", f"holds {len(raw_entries):,} entries; at most {MAX_ENTRIES:,} fit.")
    else:
        known = lines if lines is not None and len(lines) == len(raw_entries) else None
        for index, raw in enumerate(raw_entries):
            entry = _entry(raw, index, known[index] if known else None, problems)
            if entry is not None:
                entries.append(entry)
    if problems.problems:
        raise LogError(problems.problems)
    extra = tuple((key, value) for key, value in data.items() if key not in ("version", "entries"))
    return Log(tuple(entries), extra)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = _Pairs()
    repeated: list[str] = []
    for key, value in pairs:
        if key in result and key not in repeated:
            repeated.append(key)
        result[key] = value
    if repeated:
        result.repeated = tuple(repeated)
        return result
    return dict(result)


def _int_literal(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"a number with {len(digits.lstrip('-')):,} digits")
    return int(digits)


def _float_literal(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:SHOWN_CHARS]} is too large")
    return value


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(text: str) -> Any:
    """JSON text to data, refusing what the standard library would let through or choke on:
    NaN and Infinity, numbers too long to be real, and nesting too deep to read."""
    if len(text) > MAX_TEXT_BYTES:
        raise LogError([Problem(None, None, None, f"The log is larger than {MAX_TEXT_BYTES // 1_000_000} MB.")])
    try:
        return json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_int_literal,
            parse_float=_float_literal,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        message = f"The log is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        raise LogError([Problem(None, exc.lineno, None, message)]) from exc
    except ValueError as exc:
        raise LogError([Problem(None, None, None, f"The log is not valid JSON: {exc}.")]) from exc
    except RecursionError as exc:
        raise LogError([Problem(None, None, None, "The log is not valid JSON: it is nested too deeply.")]) from exc


def parse(text: str) -> Log:
    """A log from its JSON text; raises :class:`LogError` listing every problem, each entry's
    problems with the line the entry starts on."""
    data = parse_json(text)
    return log_from(data, entry_lines(text))


def entry_lines(text: str) -> list[int] | None:
    """The line on which each element of the top-level object's "entries" list starts.

    The standard library's parser keeps no positions, so this walks the (already valid) text
    once, tracking only strings and brackets. When "entries" appears twice, the last one is
    the one the parser kept, so it is the one counted here. None if the text is not an object.
    """
    stack: list[str] = []
    line = 1
    key: str | None = None
    expect_key = False
    in_entries = False
    want_value = False
    current: list[int] = []
    found: list[int] | None = None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if in_entries and want_value and len(stack) == 2:
                current.append(line)
                want_value = False
            elif len(stack) == 1 and expect_key:
                try:
                    key = json.loads(text[i : end + 1])
                except ValueError:
                    key = None
                expect_key = False
            i = end
        elif ch in "{[":
            if in_entries and want_value and len(stack) == 2:
                current.append(line)
                want_value = False
            stack.append(ch)
            if len(stack) == 1:
                if ch != "{":
                    return None
                expect_key = True
            elif len(stack) == 2 and ch == "[" and key == "entries":
                in_entries, want_value, current = True, True, []
        elif ch in "}]":
            if len(stack) == 2 and in_entries:
                in_entries = False
                found = current
            if stack:
                stack.pop()
        elif ch == ",":
            if len(stack) == 1:
                expect_key = True
            elif len(stack) == 2 and in_entries:
                want_value = True
        elif not ch.isspace() and ch != ":" and in_entries and want_value and len(stack) == 2:
            current.append(line)
            want_value = False
        i += 1
    return found
