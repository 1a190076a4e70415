"""The fear ladder: five levels, the areas of life a deck can cover, the fear thermometer
used to find someone's first rung, and how a deck climbs from it in each area. All of it
lives in the topic's self-check folder, in ladder.json.

Each level has a sample ask (the fear-rating question in the self-check) and the rating a
typical nervous person might give it (sample_rating, inside the level's band). The site's
example fear ladder and its figure are drawn from these same pairs, through taxonomy().
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quiz import definition
from quiz.datafiles import require
from quiz.errors import DataError
from quiz.rules import Cutoff, parse_cutoff

START_REASONS = (
    "in_band",
    "in_band_top",
    "stepped_back",
    "first_hot",
    "all_easy",
    "support",
    "support_floor",
)


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    band: tuple[int, int]  # the fear rating this level is written to feel like
    sample: str
    sample_rating: int  # the example rating of the sample, inside band; rises with the level


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    neighbours: tuple[str, ...]  # nearest areas first; used when a chosen area runs short of cards


@dataclass(frozen=True)
class Thermometer:
    name: str  # what the page calls the rating scale ("Fear thermometer")
    min: int
    max: int
    anchors: Mapping[int, str]
    source: str


@dataclass(frozen=True)
class StartRule:
    id: str
    band: tuple[int, int]
    support_step: int
    source: str
    support_source: str
    reasons: Mapping[str, str]


@dataclass(frozen=True)
class AreaStart:
    """How a deck climbs in each chosen area, from the person's first rung (see quiz.deck)."""

    id: str
    rungs: int  # levels each area climbs, counting its first
    per_rung: int  # cards on each level of the deck, shared round the areas
    rule: str
    source: str


@dataclass(frozen=True)
class Ladder:
    levels: tuple[Level, ...]
    areas: tuple[Area, ...]
    thermometer: Thermometer
    start_rule: StartRule
    area_start: AreaStart
    cutoffs: tuple[Cutoff, ...]

    @property
    def top(self) -> int:
        return self.levels[-1].level

    def level(self, number: int) -> Level:
        return self.levels[number - 1]


def _pair(raw: object, where: str) -> tuple[int, int]:
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in raw)
        or raw[0] > raw[1]
    ):
        raise DataError(f"{where}: expected [low, high] whole numbers, got {raw!r}")
    return raw[0], raw[1]


def parse(raw: Any, where: str = "ladder.json") -> Ladder:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: expected one JSON object")
    therm_raw = require(raw, "thermometer", dict, where)
    thermometer = Thermometer(
        name=require(therm_raw, "name", str, f"{where}.thermometer"),
        min=require(therm_raw, "min", int, f"{where}.thermometer"),
        max=require(therm_raw, "max", int, f"{where}.thermometer"),
        anchors={int(k): v for k, v in require(therm_raw, "anchors", dict, f"{where}.thermometer").items()},
        source=require(therm_raw, "source", str, f"{where}.thermometer"),
    )
    scale = range(thermometer.min, thermometer.max + 1)

    levels = []
    for i, entry in enumerate(require(raw, "levels", list, where)):
        here = f"{where}.levels[{i}]"
        level = Level(
            level=require(entry, "level", int, here),
            name=require(entry, "name", str, here),
            band=_pair(entry.get("band"), f"{here}.band"),
            sample=require(entry, "sample", str, here),
            sample_rating=require(entry, "sample_rating", int, here),
        )
        if level.level != i + 1:
            raise DataError(f"{here}: levels must be numbered 1, 2, 3… in order")
        if level.band[0] not in scale or level.band[1] not in scale:
            raise DataError(f"{here}: band {level.band} is outside the thermometer")
        if not level.band[0] <= level.sample_rating <= level.band[1]:
            raise DataError(f"{here}.sample_rating: {level.sample_rating} is outside the level's band {level.band}")
        if levels and level.sample_rating <= levels[-1].sample_rating:
            raise DataError(f"{here}.sample_rating: must be higher than the level below's ({levels[-1].sample_rating})")
        levels.append(level)
    if len(levels) < 2:
        raise DataError(f"{where}: a ladder needs at least two levels")

    areas = []
    for i, entry in enumerate(require(raw, "areas", list, where)):
        here = f"{where}.areas[{i}]"
        neighbours = require(entry, "neighbours", list, here)
        areas.append(Area(require(entry, "id", str, here), require(entry, "name", str, here), tuple(neighbours)))
    ids = [area.id for area in areas]
    if not ids or len(set(ids)) != len(ids):
        raise DataError(f"{where}: area ids must be present and unique, got {ids}")
    for area in areas:
        bad = [n for n in area.neighbours if n not in ids or n == area.id]
        if bad or len(set(area.neighbours)) != len(area.neighbours):
            raise DataError(f"{where}: area '{area.id}' has bad neighbours {bad or list(area.neighbours)}")

    rule_raw = require(raw, "start_rule", dict, where)
    here = f"{where}.start_rule"
    reasons = require(rule_raw, "reasons", dict, here)
    if set(reasons) != set(START_REASONS):
        raise DataError(f"{here}.reasons: expected exactly {sorted(START_REASONS)}")
    start_rule = StartRule(
        id=require(rule_raw, "id", str, here),
        band=_pair(rule_raw.get("band"), f"{here}.band"),
        support_step=require(rule_raw, "support_step", int, here),
        source=require(rule_raw, "source", str, here),
        support_source=require(rule_raw, "support_source", str, here),
        reasons=reasons,
    )
    if start_rule.band[0] not in scale or start_rule.band[1] not in scale:
        raise DataError(f"{here}.band: outside the thermometer")
    sample_fields = {"level": 1, "name": "x", "band_min": 0, "band_max": 0, "hot_level": 1, "hot_rating": 0}
    for key, template in reasons.items():
        try:
            template.format(**sample_fields)
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            raise DataError(f"{here}.reasons.{key}: bad placeholder ({exc!r})") from exc
    if start_rule.support_step < 0:
        raise DataError(f"{here}.support_step: must not be negative")

    climb_raw = require(raw, "area_start", dict, where)
    here = f"{where}.area_start"
    area_start = AreaStart(
        id=require(climb_raw, "id", str, here),
        rungs=require(climb_raw, "rungs", int, here),
        per_rung=require(climb_raw, "per_rung", int, here),
        rule=require(climb_raw, "rule", str, here),
        source=require(climb_raw, "source", str, here),
    )
    if area_start.rungs < 1 or area_start.per_rung < 1:
        raise DataError(f"{here}: rungs and per_rung must be at least 1")

    cutoffs = tuple(
        parse_cutoff(entry, owner="ladder", validated=False, where=f"{where}.cutoffs[{i}]")
        for i, entry in enumerate(require(raw, "cutoffs", list, where))
    )
    return Ladder(tuple(levels), tuple(areas), thermometer, start_rule, area_start, cutoffs)


def load() -> Ladder:
    """The ladder of the current self-check definition (see quiz.definition): the very object
    the catalogue checked and triage uses, parsed once."""
    from quiz import catalogue  # the catalogue parses the ladder with everything else; import late

    cat = catalogue.load()
    if cat.ladder is None:
        raise DataError(f"{definition.current().main[0]}: this self-check offers no deck, so it has no ladder")
    return cat.ladder


def levels() -> tuple[Level, ...]:
    """The ladder's levels, easiest first."""
    return load().levels


def areas() -> tuple[Area, ...]:
    """The areas of life a deck can cover, in display order."""
    return load().areas


def area_ids() -> tuple[str, ...]:
    return tuple(area.id for area in load().areas)


def area(area_id: str) -> Area:
    for candidate in load().areas:
        if candidate.id == area_id:
            return candidate
    raise KeyError(area_id)


def top_level() -> int:
    return load().top


def taxonomy() -> dict[str, list[dict[str, object]]]:
    """The ladder as JSON-able data, for the site build that checks every card's level and area.

    Each level carries its band, sample and sample_rating: the site draws its example fear
    ladder (table and figure) from them, and the PDFs get them in cards.json, so the quiz's
    questions, the pages and the printouts show one calibration.
    """
    lad = load()
    return {
        "levels": [
            {
                "id": lv.level,
                "name": lv.name,
                "band": list(lv.band),
                "sample": lv.sample,
                "sample_rating": lv.sample_rating,
            }
            for lv in lad.levels
        ],
        "areas": [{"id": a.id, "name": a.name, "neighbours": list(a.neighbours)} for a in lad.areas],
    }
