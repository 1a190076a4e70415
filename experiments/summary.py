"""What a log adds up to: predictions beside what happened, over time and by level.

Exact arithmetic: sums are of whole numbers and every mean or rate is a Fraction until it is
rounded once, at the end, to :data:`DECIMALS` places. So the summary does not depend on the
order of the entries, a mean of identical entries is exactly that entry's value, and adding
an entry where the person got a no can never lower the rate of a no (rounding is monotone).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from experiments.schema import Entry

DECIMALS = 1
# The series' rolling figures cover this many entries: the entry itself and the ones before
# it (fewer at the start of a log). Five tries is about a week of practice on most plans:
# long enough that one surprise does not swing the line, short enough to show change.
ROLLING_WINDOW = 5
OWN = "own"  # the by-level group of entries whose card is the person's own ask


def content_key(entry: Entry) -> str:
    """The entry's whole content as one text: equal texts, the same experiment written down
    twice. Key order is fixed, so the key does not depend on how the file was written."""
    return json.dumps(entry.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def ordered(entries: Iterable[Entry]) -> list[Entry]:
    """Entries by date; entries of one day in a fixed order of their content, so any order
    of the same entries gives the same series."""
    return sorted(entries, key=lambda entry: (entry.date, content_key(entry)))


def _number(value: Fraction) -> float | int:
    rounded = round(value, DECIMALS)
    return int(rounded) if rounded.denominator == 1 else float(rounded)


def _mean(values: Sequence[int]) -> float | int | None:
    return _number(Fraction(sum(values), len(values))) if values else None


def _rate(flags: Sequence[bool]) -> float | int | None:
    """The percentage of true values."""
    return _number(Fraction(100 * sum(flags), len(flags))) if flags else None


def _present[T](entries: Sequence[Entry], get: Callable[[Entry], T | None]) -> list[T]:
    return [value for value in (get(entry) for entry in entries) if value is not None]


def figures(entries: Sequence[Entry]) -> dict[str, Any]:
    """The headline figures of some entries (the whole log, or one level's)."""
    return {
        "entries": len(entries),
        "predicted_no_mean": _mean([entry.predicted_no for entry in entries]),
        "observed_no_rate": _rate([entry.got_no for entry in entries]),
        "predicted_bad_mean": _mean([entry.predicted_bad for entry in entries]),
        "actual_bad_mean": _mean([entry.actual_bad for entry in entries]),
    }


def _series(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    points = []
    for position, entry in enumerate(entries):
        window = entries[max(0, position + 1 - ROLLING_WINDOW) : position + 1]
        point: dict[str, Any] = {
            "number": position + 1,
            "date": entry.date.isoformat(),
            "card": entry.card,
            "predicted_no": entry.predicted_no,
            "got_no": entry.got_no,
            "predicted_no_rolling": _mean([e.predicted_no for e in window]),
            "observed_no_rate_rolling": _rate([e.got_no for e in window]),
            "predicted_bad": entry.predicted_bad,
            "actual_bad": entry.actual_bad,
            "belief_before": entry.belief_before,
            "belief_after": entry.belief_after,
            "feared_happened": entry.feared_happened,
        }
        points.append(point)
    return points


def _level_key(level: int | str) -> tuple[int, int]:
    return (1, 0) if level == OWN else (0, int(level))


def _by_level(entries: Sequence[Entry], levels: Mapping[str, int]) -> list[dict[str, Any]]:
    groups: dict[int | str, list[Entry]] = {}
    for entry in entries:
        level = levels.get(entry.card)
        groups.setdefault(OWN if level is None else level, []).append(entry)
    return [{"level": level, **figures(groups[level])} for level in sorted(groups, key=_level_key)]


def summarise(entries: Iterable[Entry], levels: Mapping[str, int] | None = None) -> dict[str, Any]:
    """The summary of a log.

    Keys: ``entries`` (count); ``predicted_no_mean`` and ``observed_no_rate`` (percent);
    ``predicted_bad_mean`` and ``actual_bad_mean`` (0–10); ``belief_before_mean`` and
    ``belief_after_mean`` (percent, over the entries that carry each) with
    ``belief_entries`` (how many carry each); ``feared_happened_rate`` (percent, over the
    entries that say); ``rolling_window``; ``series`` (one point per entry, by date, with
    rolling figures over the last ``rolling_window`` entries); ``by_level`` (the headline
    figures per level, lowest first, then ``"own"`` for cards not in ``levels``; ``None``
    when no ``levels`` are given). Every mean or rate is ``None`` where there is nothing to
    average, so an empty log gives counts of 0, not an error.
    """
    timeline = ordered(entries)
    before = _present(timeline, lambda entry: entry.belief_before)
    after = _present(timeline, lambda entry: entry.belief_after)
    happened = _present(timeline, lambda entry: entry.feared_happened)
    return {
        **figures(timeline),
        "belief_before_mean": _mean(before),
        "belief_after_mean": _mean(after),
        "belief_entries": {"before": len(before), "after": len(after)},
        "feared_happened_rate": _rate(happened),
        "first_date": timeline[0].date.isoformat() if timeline else None,
        "last_date": timeline[-1].date.isoformat() if timeline else None,
        "rolling_window": ROLLING_WINDOW,
        "series": _series(timeline),
        "by_level": None if levels is None else _by_level(timeline, levels),
    }
