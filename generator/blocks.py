"""HTML blocks that page texts can place: the quiz form, cut-off table, card library.

They render data supplied by the site's own callables (named in mkdocs.yml), so
the generator holds no topic knowledge and nothing is written twice in JavaScript.
"""

from __future__ import annotations

from typing import Any

from generator.render import TEMPLATES


def _one_block(html: str) -> str:
    # Python-Markdown ends a raw HTML block at the first blank line.
    return "\n" + "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def quiz_form(questionnaire: dict[str, Any]) -> str:
    return _one_block(
        TEMPLATES.get_template("quiz_form.html.j2").render(
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
        TEMPLATES.get_template("card_library.html.j2").render(levels=levels, areas=areas, by_level=by_level)
    )
