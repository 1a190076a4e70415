"""The browser's entry point: JSON text in, JSON text out.

Strings are the one thing that crosses the Pyodide boundary without proxies to free, and
an answer problem is an expected reply, not an exception, so the page never has to parse
a Python error to tell someone which question to fix.
"""

import json

from quiz import definition, ladder
from quiz.catalogue import questionnaire
from quiz.errors import AnswerError
from quiz.triage import assess_json as _assess_json


def _question_numbers() -> dict[str, int]:
    items = [item["id"] for section in questionnaire()["sections"] for item in section["items"]]
    return {item: number for number, item in enumerate(items, start=1)}


def _for_people(problems: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
    """Name questions by the number the page shows, not by their internal id."""
    numbers = _question_numbers()
    friendly = []
    for problem in problems:
        item, message = problem["item"], problem["message"] or ""
        if item in numbers:
            message = message.replace(f"Question '{item}' ", f"Question {numbers[item]} ", 1)
        friendly.append({"item": item, "message": message})
    return friendly


def use_definition(bundle_json: str) -> None:
    """Load the self-check the site build bundled (see quiz.definition.Bundle.to_json)."""
    definition.use(definition.from_json(bundle_json))


def assess_json(text: str) -> str:
    """{"ok": true, "result": {...assess() result, start_level_name, area_names}} or
    {"ok": false, "problems": [{item, message}], "crisis_reasons": [...]}.

    crisis_reasons is non-empty when the valid answers already meet a crisis rule; the page
    should show the crisis panel even while it asks for the rest of the form.
    """
    try:
        result = _assess_json(text)
    except AnswerError as error:
        return json.dumps(
            {"ok": False, "problems": _for_people(error.details()), "crisis_reasons": error.crisis_reasons}
        )
    level = result["start_level"]
    result["start_level_name"] = ladder.load().level(level).name if level is not None else None
    names = {area.id: area.name for area in ladder.areas()} if result["areas"] else {}
    result["area_names"] = [names[area_id] for area_id in result["areas"] or ()]
    return json.dumps({"ok": True, "result": result})
