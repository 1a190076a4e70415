"""Reason templates: the plain-language sentences that tell people why they got an outcome.

A template may quote only what its own rule reads, e.g. "{phrase[phq9_9]}" or
"{score[phq2]}". That keeps every sentence true to the rule that fired, and lets a crisis
reason be filled even when other parts of the form are still invalid.
"""

import re
import string
from collections.abc import Mapping

from quiz.errors import DataError
from quiz.instruments import Item

FIELD = re.compile(r"^(score|value|label|phrase|text)\[([^\[\]]+)\]$")


def fields(template: str, where: str) -> list[tuple[str, str]]:
    """(kind, id) for every placeholder; anything else in braces is a data error."""
    found = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise DataError(f"{where}: bad placeholder in reason ({exc})") from exc
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        match = FIELD.match(name)
        if match is None or spec or conversion:
            raise DataError(
                f"{where}: placeholder {{{name}}} must be score[ID], value[ID], label[ID], phrase[ID] or text[ID]"
            )
        found.append((match.group(1), match.group(2)))
    return found


def fill(template: str, items: Mapping[str, Item], values: Mapping[str, int], scores: Mapping[str, int]) -> str:
    used = {item_id for _, item_id in fields(template, "reason")}
    context = {
        "score": {key: str(value) for key, value in scores.items()},
        "value": {key: str(values[key]) for key in used if key in values},
        "label": {key: items[key].option(values[key]).label for key in used if key in values},
        "phrase": {key: items[key].option(values[key]).phrase for key in used if key in values},
        # Quoted mid-sentence, so a closing full stop would read as a stray one.
        "text": {key: items[key].text.removesuffix(".") for key in used if key in items},
    }
    return template.format_map(context)
