"""Picking a starter deck from the card library: a few rungs up the ladder from the first
rung, a few cards per rung, spread over the areas the person chose."""

from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from quiz import ladder


def _check(
    cards: Sequence[Mapping[str, Any]], start_level: int, areas: Sequence[str], rungs: int, per_rung: int
) -> list[str]:
    top = ladder.top_level()
    known = ladder.area_ids()
    problems = []

    def whole(value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if not whole(start_level) or not 1 <= start_level <= top:
        problems.append(f"start_level must be a whole number from 1 to {top}, got {start_level!r}")
    for name, value in (("rungs", rungs), ("per_rung", per_rung)):
        if not whole(value) or value < 1:
            problems.append(f"{name} must be a whole number of at least 1, got {value!r}")
    if isinstance(areas, str) or not areas:
        problems.append("areas must be a non-empty list of area ids")
    else:
        for area in areas:
            if area not in known:
                problems.append(f"unknown area {area!r}; choose from {', '.join(known)}")
        if len(set(areas)) != len(areas):
            problems.append("areas must not repeat an area")
    seen: set[object] = set()
    for index, card in enumerate(cards):
        card_id = card.get("id") if isinstance(card, Mapping) else None
        where = f"card {index} ({card_id!r})"
        if not isinstance(card_id, str) or not card_id:
            problems.append(f"{where}: needs a text 'id'")
        elif card_id in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(card_id)
        if not isinstance(card, Mapping):
            continue
        if not whole(card.get("level")) or not 1 <= card["level"] <= top:
            problems.append(f"{where}: 'level' must be a whole number from 1 to {top}")
        if card.get("area") not in known:
            problems.append(f"{where}: unknown area {card.get('area')!r}")
    return problems


def _fallback_tiers(areas: Sequence[str]) -> list[list[str]]:
    """Areas to borrow from when the chosen ones run short: their ladder neighbours first
    (nearest first), then every other area, so a thin area never leaves a rung empty."""
    chosen = set(areas)
    neighbours: list[str] = []
    for area_id in areas:
        for neighbour in ladder.area(area_id).neighbours:
            if neighbour not in chosen and neighbour not in neighbours:
                neighbours.append(neighbour)
    rest = [a for a in ladder.area_ids() if a not in chosen and a not in neighbours]
    return [neighbours, rest]


def _round_robin(
    order: Sequence[str], pools: Mapping[str, deque[Mapping[str, Any]]], wanted: int, cursor: int = 0
) -> tuple[list[Mapping[str, Any]], int]:
    taken: list[Mapping[str, Any]] = []
    while len(taken) < wanted and any(pools[area] for area in order):
        pool = pools[order[cursor % len(order)]]
        cursor += 1
        if pool:
            taken.append(pool.popleft())
    return taken, cursor


def select_deck(
    cards: list[dict[str, Any]],
    start_level: int,
    areas: list[str],
    *,
    rungs: int = 3,
    per_rung: int = 3,
) -> list[dict[str, Any]]:
    """A deck climbing from start_level over `rungs` levels (never above the top), with up to
    `per_rung` cards on each rung.

    Cards go round-robin over the chosen areas, and the turn carries over from one rung to
    the next, so with enough cards every chosen area appears even when there are more areas
    than cards per rung. A rung that runs short borrows from neighbouring areas, then any
    area; it never borrows from another level. No randomness: cards are taken in id order,
    so the same input always gives the same deck, ordered by level.
    """
    problems = _check(cards, start_level, areas, rungs, per_rung)
    if problems:
        raise ValueError("Cannot choose a deck:\n" + "\n".join(f"- {p}" for p in problems))
    last = min(ladder.top_level(), start_level + rungs - 1)
    tiers = _fallback_tiers(areas)
    deck: list[Mapping[str, Any]] = []
    cursor = 0
    for level in range(start_level, last + 1):
        on_rung = sorted((card for card in cards if card["level"] == level), key=lambda card: card["id"])
        pools = {area: deque(c for c in on_rung if c["area"] == area) for area in ladder.area_ids()}
        taken, cursor = _round_robin(areas, pools, per_rung, cursor)
        for tier in tiers:
            if tier:
                borrowed, _ = _round_robin(tier, pools, per_rung - len(taken))
                taken += borrowed
        deck += taken
    return [dict(card) for card in deck]
