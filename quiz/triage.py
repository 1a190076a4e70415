"""The assessment: answers in, one outcome out, with the reasons that led to it.

Every cut-off that an answer meets is collected; the most cautious outcome among their roles
wins (the topic's self-check.json lists its outcomes most cautious first), and only when none
is met is the outcome the last one. Taking the maximum over all rules is the same as "first
matching rule in priority order wins", but it cannot be broken by listing rules in the wrong
order.
"""

import os
from collections.abc import Iterable
from typing import Any

from quiz import answers, catalogue, reasons, start
from quiz.catalogue import Catalogue
from quiz.errors import AnswerError, Problem
from quiz.rules import Cutoff, holds


def met_cutoffs(cat: Catalogue, values: dict[str, int], scores: dict[str, int]) -> list[Cutoff]:
    return [cutoff for cutoff in cat.cutoffs if holds(cutoff.when, values, scores)]


def reasons_for(
    cat: Catalogue, met: list[Cutoff], role: str, values: dict[str, int], scores: dict[str, int]
) -> list[str]:
    return [reasons.fill(cutoff.reason, cat.items, values, scores) for cutoff in met if cutoff.role == role]


def crisis_reasons(cat: Catalogue, met: list[Cutoff], values: dict[str, int], scores: dict[str, int]) -> list[str]:
    """The reasons of every met rule that leads to a crisis outcome."""
    return [r for role in cat.outcomes.crisis_ids for r in reasons_for(cat, met, role, values, scores)]


def _assess(raw: object, cat: Catalogue, earlier_problems: list[Problem]) -> dict[str, Any]:
    checked = answers.check(raw, cat)
    values = checked.values
    scores = cat.scores(values)
    met = met_cutoffs(cat, values, scores)
    problems = [*earlier_problems, *checked.problems]
    if problems:
        raise AnswerError(problems, crisis_reasons=crisis_reasons(cat, met, values, scores))

    outcomes = cat.outcomes
    outcome = max((cutoff.role for cutoff in met), key=outcomes.caution, default=outcomes.default.id)
    chosen = outcomes.get(outcome)
    result: dict[str, Any] = {
        "outcome": outcome,
        "reasons": reasons_for(cat, met, outcome, values, scores),
        "scores": scores,
        "start_level": None,
        "areas": None,
        # Which instruments' rules led here, so the page can show the help that fits each
        # reason (low mood gets help for low mood, not advice for social fear).
        "parts": list(dict.fromkeys(cutoff.owner for cutoff in met if cutoff.role == outcome)),
    }
    if chosen is outcomes.default:
        result["reasons"] = [chosen.reason or ""]
    if chosen.offers != "deck" or cat.ladder is None:
        return result

    ratings = {level: values[item_id] for level, item_id in cat.rating_items.items()}
    first = start.first_rung(ratings, cat.ladder)
    if chosen.start == "first_rung":
        result["reasons"].append(first.reason)
        result["start_level"] = first.level
    else:
        gentler = start.with_support(first, cat.ladder)
        result["reasons"] += [first.reason, gentler.reason]
        result["start_level"] = gentler.level
    result["areas"] = list(checked.areas or ())
    return result


def assess(answers: object, *, instrument_dirs: Iterable[str | os.PathLike[str]] = ()) -> dict[str, Any]:
    """Assess one person's answers (question id -> int, or list of area ids).

    Returns {"outcome", "reasons", "scores", "start_level", "areas"}. Raises AnswerError
    listing every problem if any answer is missing, unknown or out of range.
    """
    return _assess(answers, catalogue.load(instrument_dirs), [])


def assess_json(text: str, *, instrument_dirs: Iterable[str | os.PathLike[str]] = ()) -> dict[str, Any]:
    """assess() for answers given as JSON text, as the CLI and a browser worker pass them."""
    data, duplicates = answers.from_json(text)
    return _assess(data, catalogue.load(instrument_dirs), duplicates)
