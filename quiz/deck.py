"""Picking a starter deck from the card library: a few rungs up the ladder from the first
rung, a few cards per rung, spread over the areas the person chose.

The first rung comes from the person's ratings (quiz.start); each chosen area then starts at
its own first rung at or below it (area_starts), so an area with no card at that level, or
with a gap below it, never skips its earlier steps. The rule, the climb and the cards per
rung are data: ladder.json's "area_start".
"""

from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from quiz import ladder


def _check(
    cards: Sequence[Mapping[str, Any]], start_level: int, areas: Sequence[str], rungs: object, per_rung: object
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


def _starts(cards: Sequence[Mapping[str, Any]], start_level: int, areas: Sequence[str]) -> dict[str, int]:
    starts = {}
    for area in areas:
        at_or_below = [card["level"] for card in cards if card["area"] == area and card["level"] <= start_level]
        starts[area] = max(at_or_below, default=start_level)
    return starts


def area_starts(cards: list[dict[str, Any]], start_level: int, areas: list[str]) -> dict[str, int]:
    """Where each chosen area's climb starts: the highest level at or below start_level at
    which the area has a card, or start_level itself if it has none that low (its rung is
    then filled from neighbouring areas until the climb reaches its first card).

    Never above start_level, and never higher when start_level is lower: more fear never
    starts anyone higher in any area.
    """
    problems = _check(cards, start_level, areas, 1, 1)
    if problems:
        raise ValueError("Cannot choose a deck:\n" + "\n".join(f"- {p}" for p in problems))
    return _starts(cards, start_level, areas)


def _order(card: Mapping[str, Any]) -> tuple[bool, str]:
    # Cards to repeat before goals to plan (one-off or high-stakes cards, `goal: true`),
    # then by id: a starter deck is for practice, and a goal shows only when a rung needs it.
    return bool(card.get("goal")), card["id"]


def select_deck(
    cards: list[dict[str, Any]],
    start_level: int,
    areas: list[str],
    *,
    rungs: int | None = None,
    per_rung: int | None = None,
) -> list[dict[str, Any]]:
    """A deck in which each chosen area climbs `rungs` levels from its own start (see
    area_starts; never above the top), with up to `per_rung` cards on each level.
    rungs and per_rung default to ladder.json's "area_start".

    On each level, cards go round-robin over the chosen areas climbing there, and the turn
    carries over from one level to the next, so with enough cards every chosen area appears
    even when there are more areas than cards per rung. A level that runs short borrows from
    neighbouring areas, then any area; it never borrows from another level. No randomness:
    cards to repeat come before goals to plan, then id order, so the same input always
    gives the same deck, ordered by level.
    """
    climb = ladder.load().area_start
    rungs = climb.rungs if rungs is None else rungs
    per_rung = climb.per_rung if per_rung is None else per_rung
    problems = _check(cards, start_level, areas, rungs, per_rung)
    if problems:
        raise ValueError("Cannot choose a deck:\n" + "\n".join(f"- {p}" for p in problems))
    top = ladder.top_level()
    windows = {
        area: range(start, min(top, start + rungs - 1) + 1)
        for area, start in _starts(cards, start_level, areas).items()
    }
    tiers = _fallback_tiers(areas)
    deck: list[Mapping[str, Any]] = []
    cursor = 0
    for level in sorted({level for window in windows.values() for level in window}):
        climbing = [area for area in areas if level in windows[area]]
        on_rung = sorted((card for card in cards if card["level"] == level), key=_order)
        pools = {area: deque(c for c in on_rung if c["area"] == area) for area in ladder.area_ids()}
        taken, cursor = _round_robin(climbing, pools, per_rung, cursor)
        for tier in tiers:
            if tier:
                borrowed, _ = _round_robin(tier, pools, per_rung - len(taken))
                taken += borrowed
        deck += taken
    return [dict(card) for card in deck]
