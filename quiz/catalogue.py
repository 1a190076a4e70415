"""Everything one assessment needs, loaded and cross-checked once: our instruments plus any
plugged-in ones, the ladder, and the form texts. Also renders the questionnaire."""

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from quiz import datafiles, instruments, reasons
from quiz import ladder as ladder_module
from quiz.datafiles import require
from quiz.errors import DataError
from quiz.instruments import Instrument, Item, Option
from quiz.ladder import Ladder
from quiz.rules import AllOf, AnyOf, Cutoff, ItemAtLeast, ScoreAtLeast, references

# People pick at least this many areas; the form and the answer check both read it from here.
MIN_AREAS = 1


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class Form:
    intro: str
    areas_section: Section
    areas_item_id: str
    areas_item_text: str
    ratings_section: Section
    rating_id_prefix: str
    deck_reason: str
    save: Mapping[str, str]  # the save-my-answers choice: label, warning, saved


@dataclass(frozen=True)
class Catalogue:
    instruments: tuple[Instrument, ...]
    ladder: Ladder
    form: Form
    items: Mapping[str, Item]  # every single-choice question, in display order
    rating_items: Mapping[int, str]  # ladder level -> id of its fear-rating question
    cutoffs: tuple[Cutoff, ...]

    def owner(self, item_id: str) -> Instrument | None:
        return next((i for i in self.instruments if any(item.id == item_id for item in i.items)), None)

    @property
    def question_order(self) -> tuple[str, ...]:
        instrument_items = [item.id for instrument in self.instruments for item in instrument.items]
        return (*instrument_items, self.form.areas_item_id, *self.rating_items.values())

    def scores(self, values: Mapping[str, int]) -> dict[str, int]:
        """Totals of the summed instruments whose scored items all have a valid answer."""
        totals = {}
        for instrument in self.instruments:
            scored = instrument.scored_items
            if scored is not None and all(item_id in values for item_id in scored):
                totals[instrument.id] = sum(values[item_id] for item_id in scored)
        return totals

    def questionnaire(self) -> dict[str, Any]:
        sections: list[dict[str, Any]] = [_instrument_section(instrument) for instrument in self.instruments]
        areas = self.form.areas_section
        sections.append(
            {
                "id": areas.id,
                "title": areas.title,
                "intro": areas.intro,
                "validated": False,
                "items": [
                    {
                        "id": self.form.areas_item_id,
                        "text": self.form.areas_item_text,
                        "kind": "multi",
                        "options": [{"value": area.id, "label": area.name} for area in self.ladder.areas],
                        "min_choices": MIN_AREAS,
                    }
                ],
            }
        )
        ratings = self.form.ratings_section
        sections.append(
            {
                "id": ratings.id,
                "title": ratings.title,
                "intro": ratings.intro,
                "source": self.ladder.thermometer.source,
                "validated": False,
                "items": [
                    {**_item_dict(self.items[item_id]), "level": level, "level_name": self.ladder.level(level).name}
                    for level, item_id in self.rating_items.items()
                ],
            }
        )
        return {"intro": self.form.intro, "sections": sections, "save": dict(self.form.save)}


def _item_dict(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.text,
        "kind": "single",
        "options": [{"value": option.value, "label": option.label} for option in item.options],
    }


def _instrument_section(instrument: Instrument) -> dict[str, Any]:
    section: dict[str, Any] = {"id": instrument.id, "title": instrument.title, "intro": instrument.intro}
    if instrument.stem is not None:
        section["stem"] = instrument.stem
    if instrument.notice is not None:
        section["notice"] = instrument.notice
    section["source"] = instrument.source
    section["validated"] = instrument.validated
    section["items"] = [_item_dict(item) for item in instrument.items]
    return section


def _parse_form(raw: Any) -> Form:
    where = "quiz/data/form.json"

    def section(key: str) -> Section:
        here = f"{where}.{key}.section"
        entry = require(require(raw, key, dict, where), "section", dict, here)
        return Section(
            require(entry, "id", str, here), require(entry, "title", str, here), require(entry, "intro", str, here)
        )

    areas_item = require(raw["areas"], "item", dict, f"{where}.areas")
    return Form(
        intro=require(raw, "intro", str, where),
        areas_section=section("areas"),
        areas_item_id=require(areas_item, "id", str, f"{where}.areas.item"),
        areas_item_text=require(areas_item, "text", str, f"{where}.areas.item"),
        ratings_section=section("ratings"),
        rating_id_prefix=require(raw["ratings"], "item_id_prefix", str, f"{where}.ratings"),
        deck_reason=require(raw, "deck_reason", str, where),
        save={
            key: require(require(raw, "save", dict, where), key, str, f"{where}.save")
            for key in ("label", "warning", "saved")
        },
    )


def _rating_item(item_id: str, sample: str, ladder: Ladder) -> Item:
    thermometer = ladder.thermometer
    options = []
    for value in range(thermometer.min, thermometer.max + 1):
        anchor = thermometer.anchors.get(value)
        options.append(Option(value, f"{value} ({anchor})" if anchor else str(value), str(value)))
    return Item(item_id, sample, tuple(options))


def _check_cutoffs(cutoffs: tuple[Cutoff, ...], items: Mapping[str, Item], all_instruments: tuple[Instrument, ...]):
    """Refuse rules that point at nothing, can never fire, or always fire: each is a typo
    that would quietly change who is sent where."""
    summed = {i.id: i for i in all_instruments if i.scored_items is not None}
    seen: set[str] = set()
    for cutoff in cutoffs:
        where = f"cut-off '{cutoff.id}' ({cutoff.owner})"
        if cutoff.id in seen:
            raise DataError(f"{where}: duplicate cut-off id")
        seen.add(cutoff.id)
        item_ids, score_ids = references(cutoff.when)
        for item_id in item_ids:
            if item_id not in items:
                raise DataError(f"{where}: rule reads unknown question '{item_id}'")
        for score_id in score_ids:
            if score_id not in summed:
                raise DataError(f"{where}: rule reads '{score_id}', which is not a summed instrument")
        _check_thresholds(cutoff, items, summed, where)
        for kind, ref in reasons.fields(cutoff.reason, where):
            if (kind == "score" and ref not in score_ids) or (kind != "score" and ref not in item_ids):
                raise DataError(f"{where}: reason quotes {kind}[{ref}], which its rule does not read")


def _check_thresholds(cutoff: Cutoff, items: Mapping[str, Item], summed: Mapping[str, Instrument], where: str):
    stack = [cutoff.when]
    while stack:
        condition = stack.pop()
        if isinstance(condition, AllOf | AnyOf):
            stack.extend(condition.parts)
            continue
        if isinstance(condition, ItemAtLeast):
            values = items[condition.item].values
            low, high, name = min(values), max(values), f"question '{condition.item}'"
        else:
            assert isinstance(condition, ScoreAtLeast)
            low, high = summed[condition.score].score_range
            name = f"score '{condition.score}'"
        if not low < condition.min <= high:
            raise DataError(
                f"{where}: {name} runs {low} to {high}, so 'at least {condition.min}' is always or never true"
            )


@cache
def _build(extra_dirs: tuple[str, ...]) -> Catalogue:
    ladder = ladder_module.load()
    form = _parse_form(datafiles.packaged("form.json"))
    loaded = instruments.load(extra_dirs)

    items: dict[str, Item] = {}

    def add(item: Item, where: str) -> None:
        if item.id in items or item.id == form.areas_item_id:
            raise DataError(f"{where}: question id '{item.id}' is used twice")
        items[item.id] = item

    for instrument in loaded:
        for item in instrument.items:
            add(item, instrument.origin)
    rating_items = {}
    for level in ladder.levels:
        item_id = f"{form.rating_id_prefix}{level.level}"
        add(_rating_item(item_id, level.sample, ladder), "quiz/data/ladder.json")
        rating_items[level.level] = item_id

    cutoffs = tuple(c for instrument in loaded for c in instrument.cutoffs) + ladder.cutoffs
    _check_cutoffs(cutoffs, items, loaded)
    return Catalogue(loaded, ladder, form, items, rating_items, cutoffs)


def load(instrument_dirs: Iterable[str | os.PathLike[str]] = ()) -> Catalogue:
    """The catalogue for our instruments plus any in instrument_dirs or $QUIZ_INSTRUMENT_DIRS.
    Cached per set of folders: loading and cross-checking happens once, not per answer."""
    return _build(instruments.instrument_dirs(instrument_dirs))


def questionnaire(*, instrument_dirs: Iterable[str | os.PathLike[str]] = ()) -> dict[str, Any]:
    """Every section and question, in display order, as JSON-able data for the page, with the
    crisis rules the page applies itself when the engine cannot run."""
    from quiz import crisis  # crisis reads the catalogue, so import it late

    cat = load(instrument_dirs)
    form = cat.questionnaire()
    sections = form["sections"]
    # Counts a page may quote ("18 questions in 7 parts"), so no page types a number that the
    # data can change under it.
    counts = {
        "questions": sum(len(section["items"]) for section in sections),
        "parts": len(sections),
        "recent": sum(len(section["items"]) for section in sections if section.get("stem")),
    }
    return {**form, "crisis": crisis.page_rules(cat), "counts": counts}
