"""Screening instruments as data files: a topic's live in its self-check folder, and an
organisation holding a licence can add its own from a folder of *.json files."""

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from quiz import datafiles
from quiz.datafiles import require
from quiz.errors import DataError
from quiz.rules import Cutoff, parse_cutoff

# Folders of extra instrument files, separated like PATH. Lets a deployment add a licensed
# instrument without touching code or the package.
ENV_VAR = "QUIZ_INSTRUMENT_DIRS"

INSTRUMENT_KEYS = {
    "id",
    "name",
    "order",
    "title",
    "intro",
    "source",
    "notice",
    "validated",
    "stem",
    "scale",
    "items",
    "scoring",
    "cutoffs",
}
OPTIONAL_KEYS = {"stem", "scale", "notice"}


@dataclass(frozen=True)
class Option:
    value: int
    label: str
    phrase: str  # how the answer reads inside a sentence, for reasons ("on several days")


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    options: tuple[Option, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(option.value for option in self.options)

    def option(self, value: int) -> Option:
        return next(option for option in self.options if option.value == value)


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    order: int
    title: str
    intro: str
    source: str
    notice: str | None
    validated: bool
    stem: str | None
    items: tuple[Item, ...]
    scored_items: tuple[str, ...] | None  # None: the instrument has no total
    score_label: str | None
    cutoffs: tuple[Cutoff, ...]
    origin: str

    @property
    def score_range(self) -> tuple[int, int]:
        scored = [item for item in self.items if item.id in (self.scored_items or ())]
        return sum(min(item.values) for item in scored), sum(max(item.values) for item in scored)


def parse_options(raw: object, where: str) -> tuple[Option, ...]:
    """Options must run from least to most severe with rising values: the rule language
    relies on it for monotone triage."""
    if not isinstance(raw, list) or len(raw) < 2:
        raise DataError(f"{where}: an answer scale needs at least two options")
    options = []
    for i, entry in enumerate(raw):
        here = f"{where}[{i}]"
        if not isinstance(entry, dict) or not set(entry) <= {"value", "label", "phrase"}:
            raise DataError(f"{here}: an option is an object with 'value', 'label' and optional 'phrase'")
        value = require(entry, "value", int, here)
        label = require(entry, "label", str, here)
        phrase = entry.get("phrase", label.lower())
        if not isinstance(phrase, str) or not phrase.strip():
            raise DataError(f"{here}: 'phrase' must be non-empty text")
        options.append(Option(value, label, phrase))
    values = [option.value for option in options]
    if values != sorted(set(values)):
        raise DataError(f"{where}: option values must rise from least to most severe, got {values}")
    return tuple(options)


def parse_instrument(raw: Any, where: str) -> Instrument:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: an instrument file holds one JSON object")
    missing = INSTRUMENT_KEYS - OPTIONAL_KEYS - set(raw)
    unknown = set(raw) - INSTRUMENT_KEYS
    if missing or unknown:
        raise DataError(f"{where}: missing keys {sorted(missing)}; unknown keys {sorted(unknown)}")
    instrument_id = require(raw, "id", str, where)
    validated = require(raw, "validated", bool, where)
    shared_scale = parse_options(raw["scale"], f"{where}.scale") if "scale" in raw else None

    items = []
    for i, entry in enumerate(require(raw, "items", list, where)):
        here = f"{where}.items[{i}]"
        if not isinstance(entry, dict) or not set(entry) <= {"id", "text", "options"}:
            raise DataError(f"{here}: an item is an object with 'id', 'text' and optional 'options'")
        if "options" in entry:
            options = parse_options(entry["options"], f"{here}.options")
        elif shared_scale is not None:
            options = shared_scale
        else:
            raise DataError(f"{here}: no 'options' and the instrument has no shared 'scale'")
        items.append(Item(require(entry, "id", str, here), require(entry, "text", str, here), options))
    if not items:
        raise DataError(f"{where}: an instrument needs at least one item")
    item_ids = [item.id for item in items]

    scoring = require(raw, "scoring", dict, where)
    method = scoring.get("method")
    if method == "sum":
        scored = scoring.get("items", item_ids)
        if not isinstance(scored, list) or not scored or not set(scored) <= set(item_ids):
            raise DataError(f"{where}.scoring: 'items' must list some of this instrument's own items")
        scored_items: tuple[str, ...] | None = tuple(scored)
        score_label = require(scoring, "label", str, f"{where}.scoring")
    elif method == "none":
        scored_items, score_label = None, None
    else:
        raise DataError(f"{where}.scoring: 'method' must be 'sum' or 'none', got {method!r}")

    cutoffs = tuple(
        parse_cutoff(entry, owner=instrument_id, validated=validated, where=f"{where}.cutoffs[{i}]")
        for i, entry in enumerate(require(raw, "cutoffs", list, where))
    )
    notice = raw.get("notice")
    stem = raw.get("stem")
    for key, value in (("notice", notice), ("stem", stem)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise DataError(f"{where}: '{key}' must be non-empty text")
    return Instrument(
        id=instrument_id,
        name=require(raw, "name", str, where),
        order=require(raw, "order", int, where),
        title=require(raw, "title", str, where),
        intro=require(raw, "intro", str, where),
        source=require(raw, "source", str, where),
        notice=notice,
        validated=validated,
        stem=stem,
        items=tuple(items),
        scored_items=scored_items,
        score_label=score_label,
        cutoffs=cutoffs,
        origin=where,
    )


def instrument_dirs(extra: Iterable[str | os.PathLike[str]] = ()) -> tuple[str, ...]:
    """Extra folders to load: those passed in, then those named in the environment."""
    from_env = [part for part in os.environ.get(ENV_VAR, "").split(os.pathsep) if part]
    return tuple(os.fspath(path) for path in extra) + tuple(from_env)


def _raw_files(base: Iterable[tuple[str, Any]], extra_dirs: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    yield from base
    for directory in extra_dirs:
        yield from datafiles.folder(directory)


def load(base: Iterable[tuple[str, Any]], extra_dirs: tuple[str, ...]) -> tuple[Instrument, ...]:
    """The definition's instruments (where, data) plus any from extra_dirs, in display order."""
    instruments = [parse_instrument(raw, where) for where, raw in _raw_files(base, extra_dirs)]
    seen: dict[str, str] = {}
    for instrument in instruments:
        if instrument.id in seen:
            raise DataError(
                f"{instrument.origin}: instrument id '{instrument.id}' is already used by {seen[instrument.id]}"
            )
        seen[instrument.id] = instrument.origin
    return tuple(sorted(instruments, key=lambda instrument: (instrument.order, instrument.id)))
