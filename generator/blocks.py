"""HTML blocks that page texts can place: the self-check's form, cut-off table, card library,
the levels' examples as a table, and a figure's own description.

They render the topic's own data (its self-check folder, cards and taxonomy), so the
generator holds no topic knowledge and nothing is written twice in JavaScript.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from generator.render import TEMPLATES


def _one_block(html: str) -> str:
    # Python-Markdown ends a raw HTML block at the first blank line.
    return "\n" + "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def quiz_form(questionnaire: dict[str, Any], words: dict[str, str], said: dict[str, str]) -> str:
    """The self-check's form; ``said``: the words the page's script shows on the status line."""
    return _one_block(
        TEMPLATES.get_template("quiz_form.html.j2").render(
            words=words,
            said=said,
            sections=questionnaire["sections"],
            crisis=questionnaire.get("crisis"),
            save=questionnaire.get("save"),
        )
    )


def cutoffs_table(cutoffs: list[dict[str, Any]]) -> str:
    return _one_block(TEMPLATES.get_template("cutoffs.html.j2").render(cutoffs=cutoffs))


def card_library(payload: dict[str, Any]) -> str:
    levels = payload["levels"]
    areas = {area["id"]: area["name"] for area in payload["areas"]}
    by_level = {level["id"]: [card for card in payload["cards"] if card["level"] == level["id"]] for level in levels}
    return _one_block(
        TEMPLATES.get_template("card_library.html.j2").render(
            levels=levels,
            areas=areas,
            by_level=by_level,
            goal_label=payload.get("goal_label"),
            labels=payload["labels"],
        )
    )


def _cell(value: object) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def levels_table(levels: Sequence[dict[str, Any]], headings: Sequence[str]) -> str:
    """A Markdown table of each level's sample and sample rating, easiest first, under the
    page's own three headings (level, example, rating). Place it on its own lines."""
    if len(headings) != 3:
        raise ValueError("levels_table needs three column headings: level, example and rating")
    missing = [level["id"] for level in levels if level.get("sample") is None or level.get("sample_rating") is None]
    if not levels or missing:
        raise ValueError(f"levels_table needs a sample and a sample_rating on every level (missing on {missing})")
    rows = [
        "| " + " | ".join(_cell(h) for h in headings) + " |",
        "|---|---|---|",
        *(
            f"| {level['id']} · {_cell(level['name'])} | {_cell(level['sample'])} | {level['sample_rating']} |"
            for level in levels
        ),
    ]
    return "\n".join(rows)


def figure_text(figures: dict[str, str], figure_id: str) -> str:
    """The plain text of a figure's <desc> (or, without one, its <title>): alt text written
    once, inside the figure, so it changes whenever a drawn-from-data figure does."""
    svg = figures.get(figure_id)
    if svg is None:
        raise ValueError(f"unknown figure '{figure_id}'")
    for tag in ("desc", "title"):
        found = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", svg, re.DOTALL)
        if found:
            return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())
    raise ValueError(f"figure '{figure_id}' has no <desc> or <title> to describe it")


def quiz_count(questionnaire: dict[str, Any], key: str) -> str:
    """A count the self-check's data provides (its "counts"), as the page quotes it."""
    counts = questionnaire.get("counts", {})
    if key not in counts:
        known = ", ".join(sorted(counts)) or "none"
        raise ValueError(f'quiz_count("{key}") is not a count the self-check gives; known: {known}')
    return str(counts[key])
