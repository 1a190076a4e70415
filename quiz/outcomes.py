"""What a self-check can conclude, as data: the outcomes in self-check.json, most cautious first.

Triage picks the most cautious outcome that any met rule leads to; the last outcome is the
one given when no rule is met. Because rules only say "at least", a more severe answer can
only move someone up this list, never down, whatever the topic.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quiz.datafiles import require
from quiz.errors import DataError

OFFERS = ("deck",)
STARTS = ("first_rung", "with_support")
KEYS = {"id", "summary", "crisis", "offers", "start", "reason", "result", "parts"}


@dataclass(frozen=True)
class Part:
    """Extra help shown with an outcome when rules of these instruments led to it."""

    when: tuple[str, ...]  # instrument ids ("ladder" for the fear-rating rules)
    fragment: str


@dataclass(frozen=True)
class Outcome:
    id: str
    summary: str
    crisis: bool
    offers: str | None
    start: str | None
    reason: str | None
    result: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Outcomes:
    ordered: tuple[Outcome, ...]  # most cautious first

    @property
    def default(self) -> Outcome:
        return self.ordered[-1]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(outcome.id for outcome in self.ordered)

    def get(self, outcome_id: str) -> Outcome:
        return next(outcome for outcome in self.ordered if outcome.id == outcome_id)

    def caution(self, outcome_id: str) -> int:
        """Higher is more cautious."""
        return len(self.ordered) - self.ids.index(outcome_id)

    @property
    def crisis_ids(self) -> tuple[str, ...]:
        return tuple(outcome.id for outcome in self.ordered if outcome.crisis)

    @property
    def deck_ids(self) -> tuple[str, ...]:
        return tuple(outcome.id for outcome in self.ordered if outcome.offers == "deck")


def _text(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where}: '{key}' must be non-empty text")
    return value.strip()


def parse(raw: object, where: str) -> Outcomes:
    if not isinstance(raw, list) or len(raw) < 2:
        raise DataError(f"{where}: 'outcomes' must list at least two outcomes, most cautious first")
    parsed: list[Outcome] = []
    for i, entry in enumerate(raw):
        here = f"{where}[{i}]"
        if not isinstance(entry, dict):
            raise DataError(f"{here}: an outcome is a mapping with id, summary and result")
        unknown = set(entry) - KEYS
        if unknown:
            raise DataError(f"{here}: unknown field(s) {sorted(unknown)}; an outcome has {sorted(KEYS)}")
        outcome_id = require(entry, "id", str, here)
        here = f"{where}[{i}] ('{outcome_id}')"
        crisis = entry.get("crisis", False)
        if not isinstance(crisis, bool):
            raise DataError(f"{here}: 'crisis' must be true or false")
        offers = _text(entry, "offers", here)
        if offers is not None and offers not in OFFERS:
            raise DataError(f"{here}: 'offers' must be one of {', '.join(OFFERS)}, or left out; got {offers!r}")
        start = _text(entry, "start", here)
        if offers == "deck" and start not in STARTS:
            raise DataError(f"{here}: an outcome that offers a deck needs 'start': {' or '.join(STARTS)}")
        if offers != "deck" and start is not None:
            raise DataError(f"{here}: 'start' only applies to an outcome that offers a deck")
        if crisis and offers is not None:
            raise DataError(f"{here}: a crisis outcome never offers anything but help")
        parts = []
        for j, part in enumerate(entry.get("parts") or ()):
            part_where = f"{here}.parts[{j}]"
            if not isinstance(part, dict) or set(part) != {"when", "fragment"}:
                raise DataError(f"{part_where}: a part is {{when: [instrument ids], fragment: NAME}}")
            when = part["when"]
            if isinstance(when, str):
                when = [when]
            if not isinstance(when, list) or not when or not all(isinstance(w, str) and w for w in when):
                raise DataError(f"{part_where}: 'when' must list instrument ids")
            parts.append(Part(tuple(when), require(part, "fragment", str, part_where)))
        parsed.append(
            Outcome(
                id=outcome_id,
                summary=require(entry, "summary", str, here),
                crisis=crisis,
                offers=offers,
                start=start,
                reason=_text(entry, "reason", here),
                result=require(entry, "result", str, here),
                parts=tuple(parts),
            )
        )
    ids = [outcome.id for outcome in parsed]
    if len(set(ids)) != len(ids):
        raise DataError(f"{where}: outcome ids must be unique, got {ids}")
    last = parsed[-1]
    if last.reason is None:
        raise DataError(
            f"{where}[{len(parsed) - 1}] ('{last.id}'): the last outcome applies when no rule is met,"
            " so it needs a 'reason' to show"
        )
    if last.crisis:
        raise DataError(f"{where}: the last outcome (given when no rule is met) cannot be a crisis outcome")
    crisis_rank = [i for i, outcome in enumerate(parsed) if outcome.crisis]
    if crisis_rank and crisis_rank != list(range(len(crisis_rank))):
        raise DataError(f"{where}: crisis outcomes must come first, as the most cautious")
    return Outcomes(tuple(parsed))
