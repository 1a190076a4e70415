"""Choosing the starter deck from the card library."""

import itertools
from typing import Any

import pytest

from quiz import ladder
from quiz.deck import area_starts, select_deck

AREAS = ladder.area_ids()
LEVELS = range(1, ladder.top_level() + 1)


def card(level: int, area: str, n: int) -> dict[str, Any]:
    return {
        "id": f"{area}-{level}-{n}",
        "level": level,
        "area": area,
        "title": f"T {area} {level} {n}",
        "ask": "Ask.",
        "why": "Why.",
        "respect": "Respect.",
    }


# Four cards in every level x area cell, listed in a scrambled order so sorting is tested.
FULL = sorted(
    (card(level, area, n) for level in LEVELS for area in AREAS for n in range(4)),
    key=lambda c: c["id"][::-1],
)


def check_deck(deck: list[dict[str, Any]], start: int, areas: list[str], rungs: int = 3, per_rung: int = 3):
    expected_levels = list(range(start, min(5, start + rungs - 1) + 1))
    assert [c["level"] for c in deck] == sorted(c["level"] for c in deck)
    assert sorted({c["level"] for c in deck}) == expected_levels
    for level in expected_levels:
        assert sum(c["level"] == level for c in deck) == per_rung
    assert max(c["level"] for c in deck) <= 5
    assert len({c["id"] for c in deck}) == len(deck)


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("start", LEVELS)
def test_every_level_and_area(start, area):
    deck = select_deck(FULL, start, [area])
    check_deck(deck, start, [area])
    assert {c["area"] for c in deck} == {area}
    # Cards pass through whole, and ids go in order within each rung.
    assert all(set(c) == {"id", "level", "area", "title", "ask", "why", "respect"} for c in deck)
    assert [c["id"] for c in deck if c["level"] == start] == [f"{area}-{start}-{n}" for n in range(3)]


@pytest.mark.parametrize("pair", list(itertools.combinations(AREAS, 2)))
@pytest.mark.parametrize("start", LEVELS)
def test_every_pair_of_areas_appears(start, pair):
    deck = select_deck(FULL, start, list(pair))
    check_deck(deck, start, list(pair))
    assert {c["area"] for c in deck} == set(pair)


def test_every_area_appears_when_the_deck_has_room_for_all_of_them():
    # The turn carries over from rung to rung: three rungs of five hold all thirteen areas.
    per_rung = -(-len(AREAS) // 3)
    deck = select_deck(FULL, 1, list(AREAS), per_rung=per_rung)
    check_deck(deck, 1, list(AREAS), per_rung=per_rung)
    assert {c["area"] for c in deck} == set(AREAS)


def test_climb_and_cards_per_rung_come_from_the_ladder_data():
    climb = ladder.load().area_start
    deck = select_deck(FULL, 1, ["everyday"])
    check_deck(deck, 1, ["everyday"], rungs=climb.rungs, per_rung=climb.per_rung)


# --- Each chosen area starts at its own first rung at or below the person's level ---------------


def without(library: list[dict[str, Any]], area: str, levels: set[int]) -> list[dict[str, Any]]:
    return [c for c in library if not (c["area"] == area and c["level"] in levels)]


def test_a_full_library_starts_every_area_at_the_persons_level():
    for start in LEVELS:
        assert area_starts(FULL, start, list(AREAS)) == dict.fromkeys(AREAS, start)


def test_an_area_with_no_card_at_the_level_starts_on_its_nearest_easier_step():
    # Dating has nothing at level 3: a person at level 3 starts dating at level 2, not skipping it.
    library = without(FULL, "dating", {3})
    assert area_starts(library, 3, ["dating"]) == {"dating": 2}
    deck = select_deck(library, 3, ["dating"])
    assert [c["level"] for c in deck] == [2, 2, 2, 3, 3, 3, 4, 4, 4]
    assert [c["area"] for c in deck if c["level"] in (2, 4)] == ["dating"] * 6
    # Level 3 is still climbed, with cards borrowed from dating's neighbours.
    assert [c["area"] for c in deck if c["level"] == 3] == list(ladder.area("dating").neighbours)


def test_a_big_gap_does_not_skip_the_earlier_steps():
    # Dating has cards only at levels 1 and 5: from level 4 it starts at 1 and climbs 1-3.
    library = without(FULL, "dating", {2, 3, 4})
    assert area_starts(library, 4, ["dating"]) == {"dating": 1}
    deck = select_deck(library, 4, ["dating"])
    assert sorted({c["level"] for c in deck}) == [1, 2, 3]
    assert [c["area"] for c in deck if c["level"] == 1] == ["dating"] * 3


def test_areas_climb_from_their_own_starts():
    library = without(FULL, "dating", {2, 3})
    deck = select_deck(library, 3, ["everyday", "dating"])
    assert area_starts(library, 3, ["everyday", "dating"]) == {"everyday": 3, "dating": 1}
    by_level = {level: [c["area"] for c in deck if c["level"] == level] for level in LEVELS}
    assert by_level[1] == ["dating"] * 3  # only dating climbs here
    assert "everyday" not in by_level[2]  # everyday starts at the person's level, 3
    assert set(by_level[3]) == {"everyday"}  # dating has no level-3 card, everyday fills the rung
    assert set(by_level[4]) == set(by_level[5]) == {"everyday"}  # dating's climb ended at 3


def test_an_area_with_nothing_at_or_below_the_level_waits_for_the_climb():
    library = without(FULL, "dating", {1, 2})
    assert area_starts(library, 2, ["dating"]) == {"dating": 2}
    deck = select_deck(library, 2, ["dating"])
    assert sorted({c["level"] for c in deck}) == [2, 3, 4]
    assert "dating" not in {c["area"] for c in deck if c["level"] == 2}
    assert {c["area"] for c in deck if c["level"] == 3} == {"dating"}


def test_more_fear_never_starts_an_area_higher():
    # Every library with some cells missing in one area, every pair of person levels.
    cells = [(area, level) for area in ("dating", "money") for level in LEVELS]
    for mask in range(0, 2 ** len(cells), 7):
        gone = {cells[i] for i in range(len(cells)) if mask >> i & 1}
        library = [c for c in FULL if (c["area"], c["level"]) not in gone]
        for low, high in itertools.combinations(LEVELS, 2):
            at_low = area_starts(library, low, ["dating", "money"])
            at_high = area_starts(library, high, ["dating", "money"])
            assert all(at_low[a] <= at_high[a] <= high for a in at_low)


def test_cards_to_repeat_come_before_goals_to_plan():
    goals = [{**card(1, "money", n), "id": f"money-1-a{n}", "goal": True} for n in range(3)]
    library = [*goals, card(1, "money", 0), card(1, "money", 1)]
    deck = select_deck(library, 1, ["money"], rungs=1)
    assert [c["id"] for c in deck] == ["money-1-0", "money-1-1", "money-1-a0"]


def test_never_above_the_top_level():
    for start in LEVELS:
        deck = select_deck(FULL, start, ["money"], rungs=10, per_rung=2)
        assert max(c["level"] for c in deck) == 5
        assert min(c["level"] for c in deck) == start
        assert len(deck) == 2 * (6 - start)


def test_thin_area_borrows_from_its_neighbours_first():
    # Dating has a single card at level 2 and none at level 3; its first neighbour is friendship.
    thin = [c for c in FULL if c["area"] != "dating"] + [card(2, "dating", 0)]
    deck = select_deck(thin, 2, ["dating"])
    check_deck(deck, 2, ["dating"])
    rung2 = [c for c in deck if c["level"] == 2]
    assert rung2[0]["id"] == "dating-2-0"
    neighbours = ladder.area("dating").neighbours
    assert [c["area"] for c in rung2[1:]] == [neighbours[0], neighbours[1]]
    rung3 = [c["area"] for c in deck if c["level"] == 3]
    assert rung3 == list(neighbours)


def test_then_any_area_when_neighbours_are_empty_too():
    neighbours = set(ladder.area("money").neighbours)
    sparse = [c for c in FULL if c["area"] not in neighbours | {"money"}]
    deck = select_deck(sparse, 1, ["money"], rungs=1, per_rung=3)
    assert len(deck) == 3
    assert all(c["area"] not in neighbours | {"money"} for c in deck)


def test_a_short_level_gives_a_short_rung_rather_than_borrowing_a_level():
    only = [card(1, "everyday", 0), card(2, "everyday", 0)]
    deck = select_deck(only, 1, ["everyday"])
    assert [c["id"] for c in deck] == ["everyday-1-0", "everyday-2-0"]


def test_deterministic_whatever_the_input_order():
    first = select_deck(FULL, 2, ["dating", "work-study"])
    again = select_deck(list(reversed(FULL)), 2, ["dating", "work-study"])
    assert first == again == select_deck(FULL, 2, ["dating", "work-study"])


def test_does_not_mutate_or_alias_the_library():
    library = [card(1, "everyday", n) for n in range(3)]
    deck = select_deck(library, 1, ["everyday"], rungs=1)
    deck[0]["title"] = "changed"
    assert library[0]["title"] == "T everyday 1 0"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start_level": 0}, "start_level must be"),
        ({"start_level": 6}, "start_level must be"),
        ({"start_level": True}, "start_level must be"),
        ({"areas": []}, "non-empty list"),
        ({"areas": ["cooking"]}, "unknown area 'cooking'"),
        ({"areas": ["money", "money"]}, "must not repeat"),
        ({"rungs": 0}, "rungs must be"),
        ({"per_rung": 0}, "per_rung must be"),
        ({"cards": [card(6, "money", 0)]}, "'level' must be"),
        ({"cards": [card(1, "cooking", 0)]}, "unknown area 'cooking'"),
        ({"cards": [card(1, "money", 0), card(1, "money", 0)]}, "duplicate id"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    arguments: dict[str, Any] = {"cards": FULL, "start_level": 1, "areas": ["money"], **kwargs}
    cards = arguments.pop("cards")
    with pytest.raises(ValueError, match=message):
        select_deck(cards, **arguments)
