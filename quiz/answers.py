"""Checking submitted answers strictly, and describing every problem in words a person can act on."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quiz.catalogue import MIN_AREAS, Catalogue
from quiz.errors import AnswerError, Problem

SHORT_TEXT = 32


@dataclass(frozen=True)
class Checked:
    """The answers that passed, even when others failed: a crisis rule can still be read."""

    values: dict[str, int]
    areas: tuple[str, ...] | None
    problems: list[Problem]


def _short(text: str) -> str:
    if len(text) <= SHORT_TEXT:
        return text
    cut = text[:SHORT_TEXT].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        return f"the text {json.dumps(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return repr(value)


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check(raw: object, catalogue: Catalogue) -> Checked:
    if not isinstance(raw, Mapping):
        message = f"The answers must be a JSON object that maps question ids to answers, not {_shown(raw)}."
        return Checked({}, None, [Problem(None, message)])
    problems: list[Problem] = []
    values: dict[str, int] = {}
    areas: tuple[str, ...] | None = None
    areas_id = catalogue.form.areas_item_id
    order = catalogue.question_order
    for question_id in order:
        is_areas = question_id == areas_id
        deck = catalogue.form.deck
        text = deck.areas_item_text if is_areas and deck else catalogue.items[question_id].text
        name = f"Question '{question_id}' ({_short(text)})"
        found: list[str] = []
        if question_id not in raw:
            found.append(f"{name}: no answer given.")
        elif is_areas:
            areas = _check_areas(raw[question_id], name, catalogue, found)
        else:
            value = raw[question_id]
            allowed = catalogue.items[question_id].values
            choices = ", ".join(str(v) for v in allowed)
            if not _is_whole(value):
                found.append(f"{name}: expected a whole number, one of {choices}; got {_shown(value)}.")
            elif value not in allowed:
                found.append(f"{name}: {value} is not one of {choices}.")
            else:
                values[question_id] = value
        problems += [Problem(question_id, message) for message in found]
    for key in raw:
        if key not in order:
            shown = json.dumps(key) if isinstance(key, str) else repr(key)
            problems.append(Problem(None, f"Unknown question {shown}: there is no question with this id."))
    return Checked(values, areas, problems)


def _check_areas(value: object, name: str, catalogue: Catalogue, problems: list[str]) -> tuple[str, ...] | None:
    ids = [area.id for area in catalogue.ladder.areas] if catalogue.ladder else []
    choices = ", ".join(ids)
    if not isinstance(value, list):
        problems.append(f"{name}: expected a list of area ids from {choices}; got {_shown(value)}.")
        return None
    count = len(problems)
    seen: set[str] = set()
    for entry in value:
        if not isinstance(entry, str):
            problems.append(f"{name}: {_shown(entry)} is not an area id; choose from {choices}.")
            continue
        if entry not in ids:
            problems.append(f"{name}: unknown area {json.dumps(entry)}; choose from {choices}.")
        elif entry in seen:
            problems.append(f"{name}: {json.dumps(entry)} is chosen more than once.")
        seen.add(entry)
    if len(value) < MIN_AREAS:
        areas_word = "area" if MIN_AREAS == 1 else "areas"
        problems.append(f"{name}: choose at least {MIN_AREAS} {areas_word} (got {len(value) or 'none'}).")
    if len(problems) > count:
        return None
    # Ladder order, not click order, so the same choices always give the same deck.
    return tuple(area_id for area_id in ids if area_id in seen)


# Answers are small whole numbers; a longer run of digits is a mistake or an attack, and Python
# would refuse it anyway past 4,300 digits with an error that names no answer.
MAX_DIGITS = 20


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise AnswerError(
            [f"An answer is a number with {len(digits.lstrip('-')):,} digits; answers are small whole numbers."]
        )
    return int(digits)


def from_json(text: str) -> tuple[Any, list[Problem]]:
    """Parse answers JSON. Duplicate keys are reported, not silently collapsed: with two
    answers to one question we cannot know which one the person meant."""
    duplicates: list[Problem] = []
    reported: set[str] = set()  # a set, so many repeats cost linear time, not quadratic

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result and key not in reported:
                reported.add(key)
                # json.dumps escapes control characters, so a key cannot drive the terminal.
                duplicates.append(Problem(key, f"Question {json.dumps(key)} is answered more than once."))
            result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=_whole_number)
    except json.JSONDecodeError as exc:
        raise AnswerError(
            [f"The answers are not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."]
        ) from exc
    except RecursionError as exc:
        raise AnswerError(["The answers are not valid JSON: they are nested too deeply."]) from exc
    return data, duplicates
