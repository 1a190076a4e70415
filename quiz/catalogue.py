"""Everything one assessment needs, loaded and cross-checked once: the topic's instruments plus
any plugged-in ones, its outcomes, its ladder (when it offers a deck) and its form texts. Also
renders the questionnaire."""

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from quiz import definition, instruments, reasons
from quiz import ladder as ladder_module
from quiz import outcomes as outcomes_module
from quiz.datafiles import require
from quiz.errors import DataError
from quiz.instruments import Instrument, Item, Option
from quiz.ladder import Ladder
from quiz.rules import AllOf, AnyOf, Cutoff, ItemAtLeast, ScoreAtLeast, references

# People pick at least this many areas; the form and the answer check both read it from here.
MIN_AREAS = 1
SAVE_KEYS = ("label", "warning", "saved")
# page: the widget's words; paper: the printed self-check's (both checked by the generator).
MAIN_KEYS = {"intro", "outcomes", "areas", "ratings", "save", "page", "paper"}


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class DeckForm:
    """The sections a deck needs: the areas to practise in, and a fear rating per ladder level."""

    areas_section: Section
    areas_item_id: str
    areas_item_text: str
    ratings_section: Section
    rating_id_prefix: str


@dataclass(frozen=True)
class Form:
    intro: str
    deck: DeckForm | None  # None: the self-check offers no deck
    save: Mapping[str, str] | None  # the save-my-answers choice: label, warning, saved

    @property
    def areas_item_id(self) -> str | None:
        return self.deck.areas_item_id if self.deck else None


@dataclass(frozen=True)
class Catalogue:
    instruments: tuple[Instrument, ...]
    ladder: Ladder | None
    form: Form
    outcomes: outcomes_module.Outcomes
    items: Mapping[str, Item]  # every single-choice question, in display order
    rating_items: Mapping[int, str]  # ladder level -> id of its fear-rating question
    cutoffs: tuple[Cutoff, ...]

    def owner(self, item_id: str) -> Instrument | None:
        return next((i for i in self.instruments if any(item.id == item_id for item in i.items)), None)

    @property
    def question_order(self) -> tuple[str, ...]:
        instrument_items = [item.id for instrument in self.instruments for item in instrument.items]
        if self.form.deck is None:
            return tuple(instrument_items)
        return (*instrument_items, self.form.deck.areas_item_id, *self.rating_items.values())

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
        deck = self.form.deck
        if deck is not None and self.ladder is not None:
            sections += _deck_sections(deck, self.ladder, self.items, self.rating_items)
        form: dict[str, Any] = {"intro": self.form.intro, "sections": sections}
        if self.form.save is not None:
            form["save"] = dict(self.form.save)
        return form


def _deck_sections(
    deck: DeckForm, ladder: Ladder, items: Mapping[str, Item], rating_items: Mapping[int, str]
) -> list[dict[str, Any]]:
    areas, ratings = deck.areas_section, deck.ratings_section
    return [
        {
            "id": areas.id,
            "title": areas.title,
            "intro": areas.intro,
            "validated": False,
            "items": [
                {
                    "id": deck.areas_item_id,
                    "text": deck.areas_item_text,
                    "kind": "multi",
                    "options": [{"value": area.id, "label": area.name} for area in ladder.areas],
                    "min_choices": MIN_AREAS,
                }
            ],
        },
        {
            "id": ratings.id,
            "title": ratings.title,
            "intro": ratings.intro,
            "source": ladder.thermometer.source,
            # The scale's named points, for the page to show once under each row of 0-10
            # (inside an option's label they wrapped mid-word in a narrow cell).
            "anchors": [{"value": value, "text": text} for value, text in sorted(ladder.thermometer.anchors.items())],
            "validated": False,
            "items": [
                {**_item_dict(items[item_id]), "level": level, "level_name": ladder.level(level).name}
                for level, item_id in rating_items.items()
            ],
        },
    ]


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


def _parse_form(raw: Any, where: str, wants_deck: bool) -> Form:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: expected a mapping with intro and outcomes")

    def section(key: str) -> Section:
        here = f"{where}.{key}.section"
        entry = require(require(raw, key, dict, where), "section", dict, here)
        return Section(
            require(entry, "id", str, here), require(entry, "title", str, here), require(entry, "intro", str, here)
        )

    deck = None
    if wants_deck:
        areas_item = require(require(raw, "areas", dict, where), "item", dict, f"{where}.areas")
        deck = DeckForm(
            areas_section=section("areas"),
            areas_item_id=require(areas_item, "id", str, f"{where}.areas.item"),
            areas_item_text=require(areas_item, "text", str, f"{where}.areas.item"),
            ratings_section=section("ratings"),
            rating_id_prefix=require(require(raw, "ratings", dict, where), "item_id_prefix", str, f"{where}.ratings"),
        )
    else:
        for key in ("areas", "ratings"):
            if key in raw:
                raise DataError(f"{where}: '{key}' is only for a self-check whose outcomes offer a deck")
    save = None
    if raw.get("save") is not None:
        save = {key: require(require(raw, "save", dict, where), key, str, f"{where}.save") for key in SAVE_KEYS}
    return Form(intro=require(raw, "intro", str, where), deck=deck, save=save)


def _rating_item(item_id: str, sample: str, ladder: Ladder) -> Item:
    thermometer = ladder.thermometer
    options = []
    for value in range(thermometer.min, thermometer.max + 1):
        anchor = thermometer.anchors.get(value)
        options.append(Option(value, f"{value} ({anchor})" if anchor else str(value), str(value)))
    return Item(item_id, sample, tuple(options))


def _check_cutoffs(
    cutoffs: tuple[Cutoff, ...],
    items: Mapping[str, Item],
    all_instruments: tuple[Instrument, ...],
    origins: Mapping[str, str],
):
    """Refuse rules that point at nothing, can never fire, or always fire: each is a typo
    that would quietly change who is sent where."""
    summed = {i.id: i for i in all_instruments if i.scored_items is not None}
    seen: set[str] = set()
    for cutoff in cutoffs:
        where = f"{origins.get(cutoff.owner, cutoff.owner)}: cut-off '{cutoff.id}'"
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


def _check_roles(
    cutoffs: tuple[Cutoff, ...], outcomes: outcomes_module.Outcomes, where: str, origins: Mapping[str, str]
) -> None:
    reachable = outcomes.ids[:-1]
    for cutoff in cutoffs:
        if cutoff.role not in reachable:
            raise DataError(
                f"{origins.get(cutoff.owner, cutoff.owner)}: cut-off '{cutoff.id}': role {cutoff.role!r}"
                " is not an outcome a rule can lead to;"
                f" {where} lists {', '.join(reachable)} (the last, {outcomes.default.id!r}, is for when no rule is met)"
            )


@cache
def _build(bundle_key: str, extra_dirs: tuple[str, ...]) -> Catalogue:
    bundle = definition.from_json(bundle_key)
    where, raw = bundle.main
    if isinstance(raw, dict) and set(raw) - MAIN_KEYS:
        raise DataError(f"{where}: unknown field(s) {sorted(set(raw) - MAIN_KEYS)}; it has {sorted(MAIN_KEYS)}")
    outcomes = outcomes_module.parse(raw.get("outcomes") if isinstance(raw, dict) else None, f"{where}.outcomes")
    wants_deck = bool(outcomes.deck_ids)
    if wants_deck and bundle.ladder is None:
        raise DataError(f"{where}: outcomes {', '.join(outcomes.deck_ids)} offer a deck, but there is no ladder.json")
    form = _parse_form(raw, where, wants_deck)
    ladder = ladder_module.parse(bundle.ladder[1], bundle.ladder[0]) if bundle.ladder and wants_deck else None
    loaded = instruments.load(bundle.instruments, extra_dirs)

    items: dict[str, Item] = {}

    def add(item: Item, item_where: str) -> None:
        if item.id in items or item.id == form.areas_item_id:
            raise DataError(f"{item_where}: question id '{item.id}' is used twice")
        items[item.id] = item

    for instrument in loaded:
        for item in instrument.items:
            add(item, instrument.origin)
    rating_items = {}
    if ladder is not None and form.deck is not None:
        for level in ladder.levels:
            item_id = f"{form.deck.rating_id_prefix}{level.level}"
            add(_rating_item(item_id, level.sample, ladder), bundle.ladder[0] if bundle.ladder else where)
            rating_items[level.level] = item_id

    cutoffs = tuple(c for instrument in loaded for c in instrument.cutoffs) + (ladder.cutoffs if ladder else ())
    origins = {instrument.id: instrument.origin for instrument in loaded}
    if ladder is not None and bundle.ladder is not None:
        origins["ladder"] = bundle.ladder[0]
    _check_roles(cutoffs, outcomes, f"{where}.outcomes", origins)
    _check_cutoffs(cutoffs, items, loaded, origins)
    known_owners = {instrument.id for instrument in loaded} | ({"ladder"} if ladder else set())
    for outcome in outcomes.ordered:
        for part in outcome.parts:
            unknown = [owner for owner in part.when if owner not in known_owners]
            if unknown:
                raise DataError(
                    f"{where}.outcomes ('{outcome.id}').parts: {', '.join(unknown)} is not an instrument id"
                    f" (known: {', '.join(sorted(known_owners))})"
                )
    return Catalogue(loaded, ladder, form, outcomes, items, rating_items, cutoffs)


def load(instrument_dirs: Iterable[str | os.PathLike[str]] = ()) -> Catalogue:
    """The catalogue for the current definition's instruments plus any in instrument_dirs or
    $QUIZ_INSTRUMENT_DIRS. Cached per definition and set of folders: loading and
    cross-checking happens once, not per answer."""
    return _build(definition.current().key, instruments.instrument_dirs(instrument_dirs))


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
