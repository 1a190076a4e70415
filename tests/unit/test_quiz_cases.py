"""The shared case table. The same file runs inside Pyodide in the browser tests, so the
outcome is checked in both Pythons."""

import json
from pathlib import Path

import pytest

import quiz

CASES = json.loads((Path(__file__).parent / "quiz_cases.json").read_text(encoding="utf-8"))


def test_the_table_covers_every_outcome():
    assert {case["expected_outcome"] for case in CASES} == {"crisis", "therapist", "deck_with_support", "deck"}
    assert len({case["name"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case):
    result = quiz.assess(case["answers"])
    assert result["outcome"] == case["expected_outcome"]
    assert result["start_level"] == case["expected_start_level"]
    if case["expected_start_level"] is None:
        assert result["areas"] is None
    else:
        assert result["areas"] == [a for a in quiz.ladder.area_ids() if a in case["answers"]["areas"]]
