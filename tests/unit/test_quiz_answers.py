"""Invalid answers: every problem is reported at once, each naming its question."""

import json
from pathlib import Path
from typing import Any

import pytest

import quiz

CALM: dict[str, Any] = json.loads((Path(__file__).parent / "fixtures" / "quiz_calm_answers.json").read_text())


def problems_for(answers: object) -> list[str]:
    with pytest.raises(quiz.AnswerError) as caught:
        quiz.assess(answers)
    assert isinstance(caught.value, ValueError)
    return caught.value.problems


def test_out_of_range_names_the_question_and_allowed_values():
    assert problems_for({**CALM, "phq2_1": 7}) == [
        "Question 'phq2_1' (Little interest or pleasure in…): 7 is not one of 0, 1, 2, 3."
    ]


def test_every_problem_is_listed_in_question_order():
    answers = {**CALM, "phq2_1": 7, "gad2_2": "2", "fear_3": 11, "extra": 1, "areas": ["cooking"]}
    del answers["sf_duration"]
    problems = problems_for(answers)
    assert len(problems) == 6
    assert problems[0].startswith("Question 'phq2_1'")
    assert problems[1].startswith("Question 'gad2_2'") and 'the text "2"' in problems[1]
    assert problems[2] == "Question 'sf_duration' (How long has this fear been…): no answer given."
    assert problems[3].startswith("Question 'areas'") and '"cooking"' in problems[3]
    assert problems[4].startswith("Question 'fear_3'") and "11 is not one of 0, 1, 2" in problems[4]
    assert problems[5] == 'Unknown question "extra": there is no question with this id.'


@pytest.mark.parametrize(
    ("value", "shown"),
    [(True, "true (a yes/no value)"), (1.0, "1.0"), (None, "nothing (null)"), ([1], "a list"), ({}, "an object")],
)
def test_wrong_types_are_refused(value, shown):
    (problem,) = problems_for({**CALM, "phq9_9": value})
    assert problem.startswith("Question 'phq9_9'")
    assert f"expected a whole number, one of 0, 1, 2, 3; got {shown}." in problem


@pytest.mark.parametrize(
    ("areas", "needle"),
    [
        ([], "choose at least 1 area (got none)"),
        ("everyday", "expected a list of area ids"),
        (["everyday", "everyday"], '"everyday" is chosen more than once'),
        ([3], "3 is not an area id"),
        (["Dating"], 'unknown area "Dating"'),
    ],
)
def test_area_problems(areas, needle):
    (problem,) = problems_for({**CALM, "areas": areas})
    assert problem.startswith("Question 'areas' (")
    assert needle in problem


@pytest.mark.parametrize("answers", [[], "phq2_1=0", 3, None])
def test_answers_must_be_an_object(answers):
    (problem,) = problems_for(answers)
    assert problem.startswith("The answers must be a JSON object")


def test_empty_answers_list_every_question():
    problems = problems_for({})
    expected = [item["id"] for s in quiz.questionnaire()["sections"] for item in s["items"]]
    assert len(problems) == len(expected)
    assert all(f"'{item_id}'" in problem for item_id, problem in zip(expected, problems, strict=True))


def test_message_lists_all_problems():
    with pytest.raises(quiz.AnswerError) as caught:
        quiz.assess({**CALM, "phq2_1": 9, "phq2_2": 9})
    message = str(caught.value)
    assert message.splitlines()[0] == "The answers have 2 problems:"
    assert all(f"- {problem}" in message for problem in caught.value.problems)


def test_invalid_form_still_reports_a_crisis_answer():
    # A half-filled form must not hide the crisis panel behind a validation error.
    answers = {**CALM, "phq9_9": 2, "phq2_1": 9}
    del answers["fear_2"]
    with pytest.raises(quiz.AnswerError) as caught:
        quiz.assess(answers)
    assert len(caught.value.problems) == 2
    assert caught.value.crisis_reasons and "more than half the days" in caught.value.crisis_reasons[0]
    with pytest.raises(quiz.AnswerError) as calm:
        quiz.assess({**CALM, "phq2_1": 9})
    assert calm.value.crisis_reasons == []


def test_assess_json_reports_bad_json_and_duplicate_keys():
    assert quiz.assess_json(json.dumps(CALM)) == quiz.assess(CALM)
    with pytest.raises(quiz.AnswerError) as bad:
        quiz.assess_json("{not json")
    assert bad.value.problems[0].startswith("The answers are not valid JSON:")
    duplicated = json.dumps(CALM)[:-1] + ', "phq2_1": 3, "gad2_1": 9}'
    with pytest.raises(quiz.AnswerError) as dup:
        quiz.assess_json(duplicated)
    assert 'Question "phq2_1" is answered more than once.' in dup.value.problems
    assert any(p.startswith("Question 'gad2_1'") for p in dup.value.problems)
