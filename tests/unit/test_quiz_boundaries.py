"""Each cut-off at its boundary, one step either side, starting from calm answers."""

import json
from pathlib import Path
from typing import Any

import pytest

import quiz

CALM: dict[str, Any] = json.loads((Path(__file__).parent / "fixtures" / "quiz_calm_answers.json").read_text())


def outcome_of(**changes: Any) -> dict[str, Any]:
    return quiz.assess({**CALM, **changes})


def test_calm_answers_give_the_deck():
    result = outcome_of()
    assert result["outcome"] == "deck"
    assert result["start_level"] == 2
    assert result["areas"] == ["everyday"]
    assert result["scores"] == {"phq2": 0, "gad2": 0, "phq9_item9": 0, "social_fear": 0}


PUBLISHED = [
    # PHQ-2 (Kroenke, Spitzer & Williams 2003): sum >= 3 -> therapist
    ({"phq2_1": 1, "phq2_2": 1}, "deck"),
    ({"phq2_1": 2, "phq2_2": 0}, "deck"),
    ({"phq2_1": 2, "phq2_2": 1}, "therapist"),
    ({"phq2_1": 0, "phq2_2": 3}, "therapist"),
    ({"phq2_1": 3, "phq2_2": 3}, "therapist"),
    # GAD-2 (Kroenke et al. 2007): sum >= 3 -> deck with support
    ({"gad2_1": 1, "gad2_2": 1}, "deck"),
    ({"gad2_1": 0, "gad2_2": 2}, "deck"),
    ({"gad2_1": 1, "gad2_2": 2}, "deck_with_support"),
    ({"gad2_1": 3, "gad2_2": 0}, "deck_with_support"),
    ({"gad2_1": 3, "gad2_2": 3}, "deck_with_support"),
    # PHQ-9 item 9 (Simon et al. 2013): any answer >= 1 -> crisis
    ({"phq9_9": 0}, "deck"),
    ({"phq9_9": 1}, "crisis"),
    ({"phq9_9": 2}, "crisis"),
    ({"phq9_9": 3}, "crisis"),
]


@pytest.mark.parametrize(("changes", "expected"), PUBLISHED)
def test_published_cutoffs_at_their_boundary(changes, expected):
    assert outcome_of(**changes)["outcome"] == expected


OWN = [
    # social fear score (judged + avoid + interfere): >= 4 -> with support
    ({"sf_judged": 1, "sf_avoid": 1, "sf_interfere": 1}, "deck"),
    ({"sf_judged": 2, "sf_avoid": 1, "sf_interfere": 1}, "deck_with_support"),
    ({"sf_judged": 2, "sf_avoid": 2, "sf_interfere": 0}, "deck_with_support"),
    # interference alone: "Quite a lot" -> with support, "A great deal" -> therapist
    ({"sf_interfere": 1}, "deck"),
    ({"sf_interfere": 2}, "deck_with_support"),
    ({"sf_interfere": 3}, "therapist"),
    # very strong fear or avoidance: with support; and interfering "Quite a lot": therapist
    ({"sf_judged": 2}, "deck"),
    ({"sf_judged": 3}, "deck_with_support"),
    ({"sf_avoid": 3}, "deck_with_support"),
    ({"sf_judged": 3, "sf_interfere": 1}, "deck_with_support"),
    ({"sf_judged": 3, "sf_interfere": 2}, "therapist"),
    ({"sf_avoid": 3, "sf_interfere": 2}, "therapist"),
    ({"sf_judged": 2, "sf_avoid": 2, "sf_interfere": 2}, "deck_with_support"),
    # persistent: score >= 6 for 6 months or more -> therapist
    ({"sf_judged": 2, "sf_avoid": 2, "sf_interfere": 1, "sf_duration": 2}, "deck_with_support"),
    ({"sf_judged": 2, "sf_avoid": 2, "sf_interfere": 2, "sf_duration": 1}, "deck_with_support"),
    ({"sf_judged": 2, "sf_avoid": 2, "sf_interfere": 2, "sf_duration": 2}, "therapist"),
    ({"sf_judged": 3, "sf_avoid": 3, "sf_interfere": 0, "sf_duration": 2}, "therapist"),
    ({"sf_judged": 1, "sf_avoid": 1, "sf_interfere": 1, "sf_duration": 2}, "deck"),
    # how long a rejection knocks you down
    ({"cope_rejection": 1}, "deck"),
    ({"cope_rejection": 2}, "deck_with_support"),
    ({"cope_rejection": 3}, "therapist"),
    # coping alone with strong upset
    ({"cope_alone": 1}, "deck_with_support"),
    ({"cope_alone": 2}, "therapist"),
    # someone to talk to
    ({"cope_support": 1}, "deck_with_support"),
    ({"cope_alone": 1, "cope_support": 1}, "therapist"),
    # fear rating of the easiest example
    ({"fear_1": 5}, "deck"),
    ({"fear_1": 6}, "deck_with_support"),
    ({"fear_1": 7}, "deck_with_support"),
    ({"fear_1": 8}, "therapist"),
    ({"fear_1": 10}, "therapist"),
]


@pytest.mark.parametrize(("changes", "expected"), OWN)
def test_our_own_thresholds_at_their_boundary(changes, expected):
    assert outcome_of(**changes)["outcome"] == expected


PRIORITY = [
    ({"phq9_9": 1, "phq2_1": 3, "phq2_2": 3, "sf_interfere": 3, "gad2_1": 3}, "crisis"),
    ({"phq2_1": 3, "gad2_1": 3, "gad2_2": 3}, "therapist"),
    ({"cope_alone": 2, "gad2_1": 3}, "therapist"),
    ({"gad2_1": 3, "sf_judged": 3}, "deck_with_support"),
]


@pytest.mark.parametrize(("changes", "expected"), PRIORITY)
def test_the_most_cautious_tier_wins_and_only_its_reasons_show(changes, expected):
    result = outcome_of(**changes)
    assert result["outcome"] == expected
    if expected == "crisis":
        assert len(result["reasons"]) == 1 and "hurting yourself" in result["reasons"][0]
    if expected == "therapist":
        assert not any("GAD-2" in reason for reason in result["reasons"])


def test_reasons_quote_the_answer_in_plain_words():
    assert outcome_of(phq9_9=1)["reasons"] == [
        "You said you have had thoughts that you would be better off dead, or of hurting yourself, "
        "on several days in the last 2 weeks."
    ]
    assert "nearly every day" in outcome_of(phq9_9=3)["reasons"][0]
    assert "add up to 4 out of 6" in outcome_of(phq2_1=2, phq2_2=2)["reasons"][0]
    support = outcome_of(gad2_1=2, gad2_2=2)["reasons"]
    assert "add up to 4 out of 6" in support[0] and "GAD-2" in support[0]
    assert "one level lower" in support[-1]


START = [
    # (fear ratings for levels 1-5, start for deck)
    ([1, 4, 6, 8, 9], 2),  # lowest level rated 3-5
    ([3, 4, 6, 8, 9], 1),
    ([2, 3, 6, 8, 9], 2),  # band edges 3 and 5 are in the band
    ([2, 5, 6, 8, 9], 2),
    ([2, 2, 5, 8, 9], 3),
    ([0, 1, 2, 4, 9], 4),
    ([2, 6, 7, 8, 9], 1),  # first non-easy level is above the band: step back to the easy one
    ([2, 2, 9, 9, 9], 2),
    ([2, 7, 4, 9, 10], 1),  # out of order: never start above a level rated above moderate
    ([0, 0, 0, 0, 4], 4),  # only the top in the band: never start at the top
    ([0, 0, 0, 0, 6], 4),
    ([0, 0, 0, 0, 0], 4),  # everything easy: one below the top
    ([2, 2, 2, 2, 2], 4),
    ([5, 10, 10, 10, 10], 1),
]


@pytest.mark.parametrize(("ratings", "expected"), START)
def test_start_rung(ratings, expected):
    ratings_answers = {f"fear_{level}": rating for level, rating in enumerate(ratings, start=1)}
    result = outcome_of(**ratings_answers)
    assert result["outcome"] == "deck"
    assert result["start_level"] == expected
    # With support, one level lower, never below 1.
    supported = outcome_of(**ratings_answers, gad2_1=3)
    assert supported["outcome"] == "deck_with_support"
    assert supported["start_level"] == max(1, expected - 1)


@pytest.mark.parametrize("first", [6, 7])
def test_easiest_example_above_moderate_starts_at_one_with_support(first):
    result = outcome_of(fear_1=first, fear_2=9, fear_3=10, fear_4=10, fear_5=10)
    assert result["outcome"] == "deck_with_support"
    assert result["start_level"] == 1
    assert any(f"{first} out of 10" in reason for reason in result["reasons"])


def test_areas_come_back_in_ladder_order():
    result = outcome_of(areas=["money", "everyday", "dating"])
    assert result["areas"] == ["everyday", "dating", "money"]
