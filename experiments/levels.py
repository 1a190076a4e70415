"""Which level each card is at, from a JSON file a person or the site build wrote.

The card library is YAML (content/cards.yml), which the standard library cannot read, so
this reads JSON in either of two shapes: the site's own ``cards.json`` (the build writes it
to ``site/assets/data/cards.json``: ``{"cards": [{"id": ..., "level": ...}, ...]}``) or a
plain object mapping card ids to levels (``{"strangers-say-hello": 1}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from experiments.parse import shown


def levels_from(data: Any) -> dict[str, int]:
    """Card id -> level; raises ValueError naming what is wrong."""
    if isinstance(data, Mapping) and isinstance(data.get("cards"), list):
        pairs = []
        for index, card in enumerate(data["cards"]):
            if not isinstance(card, Mapping) or "id" not in card or "level" not in card:
                raise ValueError(f"cards[{index}] needs an 'id' and a 'level'")
            pairs.append((card["id"], card["level"], f"cards[{index}]"))
    elif isinstance(data, Mapping):
        pairs = [(key, value, f"card {shown(key)}") for key, value in data.items()]
    else:
        raise ValueError("expected an object mapping card ids to levels, or the site's cards.json")
    levels: dict[str, int] = {}
    for card, level, where in pairs:
        if not isinstance(card, str) or not card:
            raise ValueError(f"{where}: the card id must be text, not {shown(card)}")
        if isinstance(level, bool) or not isinstance(level, int) or level < 0:
            raise ValueError(f"{where}: the level must be a whole number of 0 or more, not {shown(level)}")
        levels[card] = level
    return levels


def titles_from(data: Any) -> dict[str, str]:
    """Card id -> title from the site's cards.json (empty for a plain mapping of levels)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("cards"), list):
        return {}
    return {
        card["id"]: card["title"]
        for card in data["cards"]
        if isinstance(card, Mapping) and isinstance(card.get("id"), str) and isinstance(card.get("title"), str)
    }
