"""Shared strategies and helpers for the tests of experiments/ and the progress report."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import strategies as st

from experiments.schema import Entry, Log
from tests.conftest import ROOT

# Twelve tries over three weeks: deck cards and an own ask with characters to escape,
# beliefs on the later ones, and a field outside the contract on one.
SAMPLE_LOG = ROOT / "tests" / "unit" / "fixtures" / "experiments" / "sample-log.json"

# Text as people type it, including what must be escaped in SVG, HTML and CSV.
texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    min_size=0,
    max_size=30,
)
nonblank = texts.filter(lambda text: bool(text.strip()))
json_scalars = (
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.floats(allow_nan=False, allow_infinity=False) | texts
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
KNOWN = {
    "card", "date", "fear", "predicted_no", "predicted_bad", "got_no", "actual_bad", "learned",
    "belief_before", "belief_after", "feared_happened", "dropped", "version", "entries",
}  # fmt: skip
extra_fields = st.lists(
    st.tuples(texts.filter(lambda key: key not in KNOWN), json_values), max_size=2, unique_by=lambda pair: pair[0]
).map(tuple)


@st.composite
def entries(draw: st.DrawFn, *, got_no: bool | None = None, extras: bool = True) -> Entry:
    optional = st.none() | st.integers(0, 100)
    return Entry(
        card=draw(st.sampled_from(["strangers-say-hello", "everyday-closing-time"]) | nonblank),
        date=draw(dates),
        predicted_no=draw(st.integers(0, 100)),
        predicted_bad=draw(st.integers(0, 10)),
        got_no=draw(st.booleans()) if got_no is None else got_no,
        actual_bad=draw(st.integers(0, 10)),
        fear=draw(st.none() | texts),
        learned=draw(st.none() | texts),
        belief_before=draw(optional),
        belief_after=draw(optional),
        feared_happened=draw(st.none() | st.booleans()),
        dropped=draw(st.none() | st.lists(texts, max_size=3).map(tuple)),
        extra=draw(extra_fields) if extras else (),
    )


logs = st.builds(Log, st.lists(entries(), max_size=8).map(tuple), extra_fields)


def valid_entry(**changes: Any) -> dict[str, Any]:
    """The contract's own example entry, with changes (a value of ... removes the field)."""
    entry: dict[str, Any] = {
        "card": "strangers-say-hello",
        "date": "2026-11-26",
        "fear": "They'll think I'm weird",
        "predicted_no": 70,
        "predicted_bad": 6,
        "got_no": False,
        "actual_bad": 2,
        "learned": "They smiled back.",
    }
    for key, value in changes.items():
        if value is ...:
            entry.pop(key, None)
        else:
            entry[key] = value
    return entry


def log_text(*entries: dict[str, Any], **top: Any) -> str:
    return json.dumps({"version": 1, "entries": list(entries), **top}, indent=1)
