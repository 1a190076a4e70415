"""Properties over the whole answer space, checked against an independent reading of the
clinical spec (shared/design/quiz.md) so the data files cannot drift from it unnoticed.

No deadlines: on a busy two-core machine one example can take well over Hypothesis's 200 ms,
and a timing failure says nothing about the rules."""

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import quiz
from quiz import ladder, start
from quiz.deck import area_starts, select_deck
from tests.conftest import ROOT

ORDER = ["deck", "deck_with_support", "therapist", "crisis"]
QUESTIONNAIRE = quiz.questionnaire()
SINGLE_ITEMS = {
    item["id"]: [option["value"] for option in item["options"]]
    for section in QUESTIONNAIRE["sections"]
    for item in section["items"]
    if item["kind"] == "single"
}


def answer_sets() -> st.SearchStrategy[dict[str, Any]]:
    """Any complete, valid set of answers, built from the questionnaire itself, so a new
    question is covered without touching this test."""
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for section in QUESTIONNAIRE["sections"]:
        for item in section["items"]:
            values = [option["value"] for option in item["options"]]
            if item["kind"] == "single":
                fields[item["id"]] = st.sampled_from(values)
            else:
                fields[item["id"]] = st.lists(st.sampled_from(values), min_size=item["min_choices"], unique=True)
    return st.fixed_dictionaries(fields)


def spec_start(ratings: list[int]) -> int:
    """Start rung per the spec, with our documented step-back for out-of-order ratings."""
    for level, rating in enumerate(ratings, start=1):
        if 3 <= rating <= 5:
            return min(level, 4)
        if rating > 5:
            return max(1, level - 1)
    return 4


def spec_outcome(a: dict[str, Any]) -> str:
    social = a["sf_judged"] + a["sf_avoid"] + a["sf_interfere"]
    if a["phq9_9"] >= 1:
        return "crisis"
    if (
        a["phq2_1"] + a["phq2_2"] >= 3
        or a["sf_interfere"] >= 3
        or ((a["sf_judged"] >= 3 or a["sf_avoid"] >= 3) and a["sf_interfere"] >= 2)
        or (social >= 6 and a["sf_duration"] >= 2)
        or a["cope_rejection"] >= 3
        or a["cope_alone"] >= 2
        or (a["cope_alone"] >= 1 and a["cope_support"] >= 1)
        or a["fear_1"] >= 8
    ):
        return "therapist"
    if (
        a["gad2_1"] + a["gad2_2"] >= 3
        or social >= 4
        or a["sf_interfere"] >= 2
        or a["sf_judged"] >= 3
        or a["sf_avoid"] >= 3
        or a["cope_rejection"] >= 2
        or a["cope_alone"] >= 1
        or a["cope_support"] >= 1
        or a["fear_1"] >= 6
    ):
        return "deck_with_support"
    return "deck"


@settings(max_examples=1500, deadline=None)
@given(answer_sets())
def test_matches_the_spec_everywhere(answers):
    result = quiz.assess(answers)
    expected = spec_outcome(answers)
    assert result["outcome"] == expected
    ratings = [answers[f"fear_{level}"] for level in range(1, 6)]
    if expected == "deck":
        assert result["start_level"] == spec_start(ratings)
    elif expected == "deck_with_support":
        assert result["start_level"] == max(1, spec_start(ratings) - 1)
    else:
        assert result["start_level"] is None


@settings(max_examples=500, deadline=None)
@given(answer_sets(), st.integers(min_value=1, max_value=3))
def test_any_self_harm_answer_means_crisis_whatever_else(answers, item9):
    result = quiz.assess({**answers, "phq9_9": item9})
    assert result["outcome"] == "crisis"
    assert result["start_level"] is None and result["areas"] is None
    assert any("hurting yourself" in reason for reason in result["reasons"])


@settings(max_examples=1000, deadline=None)
@given(answer_sets())
def test_result_shape_and_no_deck_after_crisis_or_therapist(answers):
    result = quiz.assess(answers)
    assert set(result) == {"outcome", "reasons", "scores", "start_level", "areas", "parts"}
    assert result["outcome"] in ORDER
    # A part of help is shown for each instrument whose rule put the person here, and only then.
    if result["outcome"] == "deck":
        assert result["parts"] == []
    else:
        assert result["parts"] and len(result["parts"]) == len(set(result["parts"]))
    assert result["reasons"] and all(isinstance(r, str) and r.strip() for r in result["reasons"])
    if result["outcome"] in ("crisis", "therapist"):
        assert result["start_level"] is None
        assert result["areas"] is None
    else:
        assert 1 <= result["start_level"] < quiz.ladder.top_level()
        assert result["areas"] == [a for a in quiz.ladder.area_ids() if a in answers["areas"]]
    assert quiz.assess(answers) == result


@settings(max_examples=1500, deadline=None)
@given(answer_sets(), st.sampled_from(sorted(SINGLE_ITEMS)), st.data())
def test_more_severe_answer_is_never_less_cautious(answers, item_id, data):
    # Every single-choice answer runs from least to most severe, fear ratings included.
    higher = [v for v in SINGLE_ITEMS[item_id] if v > answers[item_id]]
    if not higher:
        return
    raised = {**answers, item_id: data.draw(st.sampled_from(higher))}
    before, after = quiz.assess(answers), quiz.assess(raised)
    assert ORDER.index(after["outcome"]) >= ORDER.index(before["outcome"])
    if before["start_level"] is not None and after["start_level"] is not None:
        # More fear never starts someone higher up the ladder.
        assert after["start_level"] <= before["start_level"]


def test_start_rung_over_every_rating_combination():
    lad = ladder.load()
    values = range(11)
    for r1 in values:
        for r2 in values:
            for r3 in values:
                for r4 in values:
                    for r5 in values:
                        ratings = [r1, r2, r3, r4, r5]
                        level = start.first_rung(dict(enumerate(ratings, start=1)), lad).level
                        assert level == spec_start(ratings)
                        assert 1 <= level <= 4


# --- The start in each chosen area (quiz.deck.area_starts) over the whole answer space ----------

AREAS = list(ladder.area_ids())
LEVELS = [level.level for level in ladder.levels()]
REAL_CARDS = yaml.safe_load((ROOT / "content/cards.yml").read_text(encoding="utf-8"))["cards"]


def _library(cells: list[tuple[str, int, int]]) -> list[dict[str, Any]]:
    counts = {(area, level): count for area, level, count in cells}
    return [
        {
            "id": f"{area}-{level}-{n}",
            "area": area,
            "level": level,
            "title": "t",
            "ask": "a",
            "why": "w",
            "respect": "r",
        }
        for (area, level), count in counts.items()
        for n in range(count)
    ]


def libraries() -> st.SearchStrategy[list[dict[str, Any]]]:
    """The real card library, or any library with holes: each (area, level) cell holds 0-2 cards."""
    cell = st.tuples(st.sampled_from(AREAS), st.sampled_from(LEVELS), st.integers(min_value=0, max_value=2))
    return st.one_of(st.just(REAL_CARDS), st.lists(cell, max_size=40).map(_library))


def spec_area_start(cards: list[dict[str, Any]], area: str, level: int) -> int:
    """An independent reading of "the area's first rung at or below the person's level": walk
    down from the person's level and stop at the first level where the area has a card; if
    there is none, the area starts at the person's level and waits for the climb."""
    for candidate in range(level, 0, -1):
        if any(card["area"] == area and card["level"] == candidate for card in cards):
            return candidate
    return level


@settings(max_examples=600, deadline=None)
@given(answer_sets(), libraries())
def test_each_area_starts_at_its_first_rung_at_or_below_the_level(answers, cards):
    result = quiz.assess(answers)
    if result["start_level"] is None:
        return
    level, areas = result["start_level"], result["areas"]
    starts = area_starts(cards, level, areas)
    assert starts == {area: spec_area_start(cards, area, level) for area in areas}
    if cards is REAL_CARDS:
        # The real library has every area at every level, so no area starts below the person's level.
        assert set(starts.values()) == {level}
    climb = ladder.load().area_start
    deck = select_deck(cards, level, areas)
    for card in deck:
        if card["area"] in starts:
            # A chosen area's cards come only from its own climb: its start and the levels above it.
            assert starts[card["area"]] <= card["level"] < starts[card["area"]] + climb.rungs
    assert [c["level"] for c in deck] == sorted(c["level"] for c in deck)
    if len(areas) == 1 and spec_area_start(cards, areas[0], level) < level:
        # The earlier steps are not skipped: the deck opens on the area's own first rung.
        assert deck[0]["area"] == areas[0] and deck[0]["level"] == starts[areas[0]]


@settings(max_examples=800, deadline=None)
@given(answer_sets(), libraries(), st.sampled_from(sorted(SINGLE_ITEMS)), st.data())
def test_more_fear_never_starts_anyone_higher_in_any_area(answers, cards, item_id, data):
    higher = [v for v in SINGLE_ITEMS[item_id] if v > answers[item_id]]
    if not higher:
        return
    raised = {**answers, item_id: data.draw(st.sampled_from(higher))}
    before, after = quiz.assess(answers), quiz.assess(raised)
    if before["start_level"] is None or after["start_level"] is None:
        return
    areas = before["areas"]
    at_before = area_starts(cards, before["start_level"], areas)
    at_after = area_starts(cards, after["start_level"], areas)
    assert all(at_after[area] <= at_before[area] for area in areas)
    assert all(at_after[area] <= after["start_level"] for area in areas)
