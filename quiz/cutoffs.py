"""The one accessor for every cut-off the quiz applies, with its source.

The numbers themselves live once, in the data files: published cut-offs in the instrument
file they belong to, the fear-thermometer rules in ladder.json. Triage reads them through
the same catalogue, and describe() renders each rule's text from the rule itself, so what
the page shows is exactly what runs.
"""

import os
from collections.abc import Iterable
from typing import Any

from quiz import catalogue
from quiz.catalogue import Catalogue
from quiz.rules import Cutoff, ItemAtLeast, ScoreAtLeast, render

Dirs = Iterable[str | os.PathLike[str]]

# The rows that place a deck's first rung are not outcomes; their short name on the page.
START_WORDS = "where the deck starts"


def load(*, instrument_dirs: Dirs = ()) -> tuple[Cutoff, ...]:
    """Every triage cut-off, in display order of the questions they read."""
    return catalogue.load(instrument_dirs).cutoffs


def rule_text(cutoff: Cutoff, cat: Catalogue) -> str:
    def item_text(condition: ItemAtLeast) -> str:
        item = cat.items[condition.item]
        if cat.owner(condition.item) is None:
            thermometer = cat.ladder.thermometer
            return f"fear rating of \u201c{item.text}\u201d is {condition.min} or more out of {thermometer.max}"
        labels = [f"\u201c{o.label}\u201d" for o in item.options if o.value >= condition.min]
        answered = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"
        return f"\u201c{item.text}\u201d answered {answered}"

    def score_text(condition: ScoreAtLeast) -> str:
        instrument = next(i for i in cat.instruments if i.id == condition.score)
        low, high = instrument.score_range
        return f"{instrument.score_label} ({low}\u2013{high}) is {condition.min} or more"

    return render(cutoff.when, item_text, score_text)


def describe(*, instrument_dirs: Dirs = ()) -> list[dict[str, Any]]:
    """[{id, name, instrument, role, rule, source, validated}] for the page that shows our workings.

    role is the outcome a met rule leads to, or "start_level" for the rules that place the
    first rung of a deck.
    """
    return describe_catalogue(catalogue.load(instrument_dirs))


def describe_catalogue(cat: Catalogue) -> list[dict[str, Any]]:
    """describe() for a catalogue a caller already holds (the build's printed self-check reads
    the topic it builds, not whichever definition is current)."""
    ladder = cat.ladder
    names = {instrument.id: instrument.name for instrument in cat.instruments}
    if ladder is not None:
        names["ladder"] = ladder.thermometer.name
    rows = [
        {
            "id": cutoff.id,
            "name": f"{names[cutoff.owner]}: {cat.outcomes.get(cutoff.role).summary}",
            "instrument": names[cutoff.owner],
            "role": cutoff.role,
            "rule": rule_text(cutoff, cat),
            "source": cutoff.source,
            "validated": cutoff.validated,
        }
        for cutoff in cat.cutoffs
    ]
    if ladder is None:
        return rows
    low, high = ladder.start_rule.band
    top = ladder.top
    scale_max = ladder.thermometer.max
    step = ladder.start_rule.support_step
    start_rule = " ".join(
        [
            f"The first rung is the lowest level whose example you rate {low} to {high} out of {scale_max}.",
            f"If the first example you rate {low} or more is above {high}, start one level below it (never below 1).",
            f"Never start at the top level ({top}): if only the top is in the range,",
            f"or every example is below {low}, start at level {top - 1}.",
        ]
    )
    support_rule = (
        f"With the deck-with-support outcome, start {step} level{'' if step == 1 else 's'} lower"
        " than that (never below level 1)."
    )
    for row_id, name, rule, source in (
        (ladder.start_rule.id, START_WORDS, start_rule, ladder.start_rule.source),
        (
            f"{ladder.start_rule.id}-with-support",
            f"{START_WORDS}, with support",
            support_rule,
            ladder.start_rule.support_source,
        ),
        (
            ladder.area_start.id,
            f"{START_WORDS}, in each area",
            ladder.area_start.rule,
            ladder.area_start.source,
        ),
    ):
        rows.append(
            {
                "id": row_id,
                "name": f"{ladder.thermometer.name}: {name}",
                "instrument": ladder.thermometer.name,
                "role": "start_level",
                "rule": rule,
                "source": source,
                "validated": False,
            }
        )
    return rows
