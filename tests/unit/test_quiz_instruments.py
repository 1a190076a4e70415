"""Pluggable instruments: an organisation's licensed instrument arrives as a data file.
TEST-3 is made up; it stands in for one and must change triage when positive."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quiz
from quiz.instruments import ENV_VAR

FIXTURES = Path(__file__).parent / "fixtures"
TEST3_DIR = FIXTURES / "quiz_instruments"
TEST3: dict[str, Any] = json.loads((TEST3_DIR / "test3.json").read_text(encoding="utf-8"))
CALM: dict[str, Any] = json.loads((FIXTURES / "quiz_calm_answers.json").read_text())
ORDER = ["deck", "deck_with_support", "therapist", "crisis"]


def with_test3(*scores: int, **changes: Any) -> dict[str, Any]:
    items = {f"test3_{i}": value for i, value in enumerate(scores, start=1)}
    return {**CALM, **items, **changes}


def test_plugged_in_section_appears_in_its_order():
    sections = quiz.questionnaire(instrument_dirs=[TEST3_DIR])["sections"]
    ids = [section["id"] for section in sections]
    assert ids == ["phq2", "gad2", "phq9_item9", "social_fear", "test3", "coping", "areas", "fear-ratings"]
    test3 = sections[4]
    assert test3["title"].startswith("TEST-3 Made-up Instrument")
    assert test3["notice"] == TEST3["notice"] and test3["stem"] == TEST3["stem"]
    assert [item["id"] for item in test3["items"]] == ["test3_1", "test3_2", "test3_3"]
    assert "test3" not in [s["id"] for s in quiz.questionnaire()["sections"]]


@pytest.mark.parametrize(
    ("scores", "changes", "expected"),
    [
        ((0, 0, 0), {}, "deck"),
        ((2, 1, 1), {}, "deck"),  # 4: below the made-up cut-off
        ((2, 2, 1), {}, "therapist"),  # 5: positive
        ((3, 3, 3), {}, "therapist"),
        ((1, 1, 2), {"gad2_1": 3}, "deck_with_support"),
        ((3, 1, 1), {"gad2_1": 3}, "therapist"),
        ((3, 3, 3), {"phq9_9": 1}, "crisis"),
    ],
)
def test_test3_changes_triage_only_when_positive(scores, changes, expected):
    result = quiz.assess(with_test3(*scores, **changes), instrument_dirs=[TEST3_DIR])
    assert result["outcome"] == expected
    assert result["scores"]["test3"] == sum(scores)
    if expected == "therapist" and sum(scores) >= 5:
        assert any("TEST-3 score is" in reason for reason in result["reasons"])


def test_test3_answers_are_required_once_plugged_in_and_unknown_otherwise():
    with pytest.raises(quiz.AnswerError) as missing:
        quiz.assess(CALM, instrument_dirs=[TEST3_DIR])
    assert [p.split(" (")[0] for p in missing.value.problems] == [
        "Question 'test3_1'",
        "Question 'test3_2'",
        "Question 'test3_3'",
    ]
    with pytest.raises(quiz.AnswerError) as unknown:
        quiz.assess(with_test3(0, 0, 0))
    assert len(unknown.value.problems) == 3
    assert all(p.startswith('Unknown question "test3_') for p in unknown.value.problems)


def test_environment_variable_adds_the_folder(monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(TEST3_DIR))
    assert "test3" in [s["id"] for s in quiz.questionnaire()["sections"]]
    assert quiz.assess(with_test3(3, 3, 0))["outcome"] == "therapist"
    described = {row["id"]: row for row in quiz.cutoffs.describe()}
    assert described["test3-positive"]["rule"] == "TEST-3 score (0\u20139) is 5 or more"
    assert described["test3-positive"]["instrument"] == "TEST-3 Made-up Instrument"


def test_cli_accepts_the_folder():
    from quiz.__main__ import main

    assert main(["--instruments", str(TEST3_DIR), "items"]) == 0


def answer_sets_with_test3() -> st.SearchStrategy[dict[str, Any]]:
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for section in quiz.questionnaire(instrument_dirs=[TEST3_DIR])["sections"]:
        for item in section["items"]:
            values = [option["value"] for option in item["options"]]
            if item["kind"] == "single":
                fields[item["id"]] = st.sampled_from(values)
            else:
                fields[item["id"]] = st.lists(st.sampled_from(values), min_size=1, unique=True)
    return st.fixed_dictionaries(fields)


@settings(max_examples=300)
@given(answer_sets_with_test3())
def test_a_plugged_in_instrument_can_only_add_caution(answers):
    ours = {key: value for key, value in answers.items() if not key.startswith("test3_")}
    without = quiz.assess(ours)["outcome"]
    plugged = quiz.assess(answers, instrument_dirs=[TEST3_DIR])["outcome"]
    assert ORDER.index(plugged) >= ORDER.index(without)
    if sum(answers[f"test3_{i}"] for i in (1, 2, 3)) < 5:
        assert plugged == without


def write_variant(tmp_path: Path, change) -> Path:
    data = copy.deepcopy(TEST3)
    change(data)
    (tmp_path / "variant.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def test_a_plugged_in_crisis_rule_wins(tmp_path):
    def crisis(data):
        data["cutoffs"].append(
            {
                "id": "test3-item3-crisis",
                "role": "crisis",
                "when": {"item": "test3_3", "min": 3},
                "source": "Made up.",
                "reason": "You answered {label[test3_3]} to a made-up crisis item.",
            }
        )

    folder = write_variant(tmp_path, crisis)
    result = quiz.assess(with_test3(0, 0, 3), instrument_dirs=[folder])
    assert result["outcome"] == "crisis"
    assert result["reasons"] == ["You answered Always to a made-up crisis item."]


def _set(path: list[Any], value: Any):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BROKEN = [
    (_set(["items", 0, "id"], "phq2_1"), "question id 'phq2_1' is used twice"),
    (_set(["id"], "phq2"), "instrument id 'phq2' is already used"),
    (_set(["cutoffs", 0, "when"], {"item": "nope", "min": 1}), "unknown question 'nope'"),
    (_set(["cutoffs", 0, "when"], {"score": "test3", "min": 0}), "always or never true"),
    (_set(["cutoffs", 0, "when"], {"score": "test3", "min": 10}), "always or never true"),
    (_set(["cutoffs", 0, "when"], {"score": "test3", "max": 4}), "a rule is"),
    (_set(["cutoffs", 0, "when"], {"score": "test3", "min": True}), "'min' must be a whole number"),
    (_set(["cutoffs", 0, "role"], "deck"), "is not an outcome a rule can lead to"),
    (_set(["cutoffs", 0, "reason"], "Score {score[phq2]}"), "which its rule does not read"),
    (_set(["cutoffs", 0, "reason"], "Score {score}"), "placeholder {score} must be"),
    (_set(["scale"], [{"value": 3, "label": "Always"}, {"value": 0, "label": "Never"}]), "must rise"),
    (_set(["validated"], "yes"), "'validated' has the wrong type"),
    (_set(["scoring"], {"method": "mean"}), "'method' must be 'sum' or 'none'"),
    (_set(["licence"], "x"), "unknown keys ['licence']"),
]


@pytest.mark.parametrize(("change", "message"), BROKEN)
def test_broken_instrument_files_are_refused_at_load(tmp_path, change, message):
    folder = write_variant(tmp_path, change)
    with pytest.raises(quiz.DataError) as caught:
        quiz.questionnaire(instrument_dirs=[folder])
    assert message in str(caught.value)


def test_missing_folder_and_bad_json_are_refused(tmp_path):
    with pytest.raises(quiz.DataError, match="does not exist"):
        quiz.questionnaire(instrument_dirs=[tmp_path / "nowhere"])
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(quiz.DataError, match="not valid JSON"):
        quiz.questionnaire(instrument_dirs=[tmp_path])
