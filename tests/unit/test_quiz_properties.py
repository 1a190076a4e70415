"""Properties over the whole answer space, checked against an independent reading of the
clinical spec (shared/design/quiz.md) so the data files cannot drift from it unnoticed."""

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import quiz
from quiz import ladder, start

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


@settings(max_examples=1500)
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


@settings(max_examples=500)
@given(answer_sets(), st.integers(min_value=1, max_value=3))
def test_any_self_harm_answer_means_crisis_whatever_else(answers, item9):
    result = quiz.assess({**answers, "phq9_9": item9})
    assert result["outcome"] == "crisis"
    assert result["start_level"] is None and result["areas"] is None
    assert any("hurting yourself" in reason for reason in result["reasons"])


@settings(max_examples=1000)
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


@settings(max_examples=1500)
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
