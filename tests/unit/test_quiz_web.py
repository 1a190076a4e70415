"""quiz.web, the JSON-in/JSON-out entry point the browser worker calls inside Pyodide."""

import json
from pathlib import Path
from typing import Any

import pytest

import quiz
from quiz import web

HERE = Path(__file__).parent
CALM: dict[str, Any] = json.loads((HERE / "fixtures" / "quiz_calm_answers.json").read_text())
CASES = json.loads((HERE / "quiz_cases.json").read_text(encoding="utf-8"))


def call(answers: object) -> dict[str, Any]:
    return json.loads(web.assess_json(json.dumps(answers)))


def test_result_adds_names_for_the_page():
    reply = call({**CALM, "areas": ["money", "strangers"]})
    assert reply["ok"] is True
    result = reply["result"]
    assert result["start_level"] == 2 and result["start_level_name"] == "Warming up"
    assert result["areas"] == ["strangers", "money"]
    assert result["area_names"] == ["Strangers and small talk", "Money and negotiation"]
    keys = ("outcome", "reasons", "scores", "start_level", "areas", "parts")
    assert {key: result[key] for key in keys} == quiz.assess({**CALM, "areas": ["money", "strangers"]})


def test_no_deck_names_without_a_deck():
    result = call({**CALM, "phq9_9": 1})["result"]
    assert result["outcome"] == "crisis"
    assert result["start_level_name"] is None and result["area_names"] == []


def test_problems_come_back_as_data_with_their_question():
    answers = {**CALM, "phq2_1": 5, "extra": 1}
    del answers["fear_2"]
    reply = call(answers)
    assert reply["ok"] is False
    assert [problem["item"] for problem in reply["problems"]] == ["phq2_1", "fear_2", None]
    # The page names questions by the number it shows, not by internal ids.
    assert reply["problems"][0]["message"].startswith("Question 1 (Little interest")
    fear_2_number = [i for s in quiz.questionnaire()["sections"] for i in s["items"]].index(
        next(i for s in quiz.questionnaire()["sections"] for i in s["items"] if i["id"] == "fear_2")
    ) + 1
    assert reply["problems"][1]["message"].startswith(f"Question {fear_2_number} (")
    assert "'phq2_1'" not in json.dumps(reply["problems"])
    assert reply["crisis_reasons"] == []


def test_a_crisis_answer_shows_even_on_an_incomplete_form():
    reply = call({"phq9_9": 3})
    assert reply["ok"] is False
    assert len(reply["problems"]) > 10
    assert reply["crisis_reasons"] and "nearly every day" in reply["crisis_reasons"][0]


@pytest.mark.parametrize("text", ["", "{", "[]", "null", '{"phq2_1": 1, "phq2_1": 2}'])
def test_bad_json_is_a_reply_not_an_exception(text):
    reply = json.loads(web.assess_json(text))
    assert reply["ok"] is False and reply["problems"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_shared_cases_through_the_browser_entry_point(case):
    result = call(case["answers"])["result"]
    assert result["outcome"] == case["expected_outcome"]
    assert result["start_level"] == case["expected_start_level"]


def test_taxonomy_for_the_site_build():
    taxonomy = quiz.ladder.taxonomy()
    assert [level["id"] for level in taxonomy["levels"]] == [1, 2, 3, 4, 5]
    assert [area["id"] for area in taxonomy["areas"]] == list(quiz.ladder.area_ids())
    assert all(level["name"] for level in taxonomy["levels"])
    assert all(area["name"] and area["neighbours"] for area in taxonomy["areas"])
    json.dumps(taxonomy)
