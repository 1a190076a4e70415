"""`python -m quiz` as a person or the build runs it: JSON on success, and on bad input one
clear message listing every problem, exit code 2, never a traceback."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
CALM: dict[str, Any] = json.loads((FIXTURES / "quiz_calm_answers.json").read_text())


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=60, check=False
    )


def assert_clean_failure(result: subprocess.CompletedProcess[bytes]) -> str:
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert stderr.strip()
    assert result.stdout == b""
    return stderr


def test_items_prints_the_questionnaire():
    result = run("items")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["id"] for s in data["sections"]][:3] == ["phq2", "gad2", "phq9_item9"]


def test_cutoffs_prints_each_rule_with_its_source():
    result = run("cutoffs")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {"phq2-positive", "gad2-positive", "phq9-item9-any", "start-rung"} <= {row["id"] for row in rows}
    assert all(row["source"] for row in rows)


def test_assess_file(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({**CALM, "gad2_1": 3}), encoding="utf-8")
    result = run("assess", str(path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["outcome"] == "deck_with_support"
    assert data["start_level"] == 1
    assert data["areas"] == ["everyday"]


def test_assess_stdin():
    result = run("assess", "-", stdin=json.dumps({**CALM, "phq9_9": 2}).encode())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["outcome"] == "crisis" and data["start_level"] is None


def test_every_problem_is_listed():
    answers = {**CALM, "phq2_1": 7, "bogus": 1, "areas": []}
    del answers["fear_5"]
    stderr = assert_clean_failure(run("assess", "-", stdin=json.dumps(answers).encode()))
    assert "4 problems" in stderr
    assert "Question 'phq2_1' (Little interest or pleasure in…): 7 is not one of 0, 1, 2, 3." in stderr
    assert "Question 'areas'" in stderr and "choose at least 1" in stderr
    assert "Question 'fear_5'" in stderr and "no answer given" in stderr
    assert 'Unknown question "bogus"' in stderr


def test_invalid_answers_with_a_crisis_answer_still_say_so():
    stderr = assert_clean_failure(run("assess", "-", stdin=json.dumps({"phq9_9": 1}).encode()))
    assert "crisis help first" in stderr
    assert "hurting yourself" in stderr


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [
        (b"{not json", "not valid JSON"),
        (b"", "not valid JSON"),
        (b"[1, 2, 3]", "must be a JSON object"),
        (b'"hello"', "must be a JSON object"),
        (b"\xff\xfe", "cannot read"),
    ],
)
def test_bad_stdin(stdin, needle):
    assert needle in assert_clean_failure(run("assess", "-", stdin=stdin))


def test_unreadable_files(tmp_path):
    assert "cannot read" in assert_clean_failure(run("assess", str(tmp_path / "missing.json")))
    assert "cannot read" in assert_clean_failure(run("assess", str(tmp_path)))


def test_bad_instrument_folder(tmp_path):
    stderr = assert_clean_failure(run("--instruments", str(tmp_path / "nowhere"), "items"))
    assert "does not exist" in stderr


@pytest.mark.parametrize("args", [(), ("assess",), ("frobnicate",)])
def test_usage_errors(args):
    assert "usage" in assert_clean_failure(run(*args))


def test_plugged_in_instrument_via_cli():
    answers = {**CALM, "test3_1": 3, "test3_2": 2, "test3_3": 0}
    result = run("--instruments", str(FIXTURES / "quiz_instruments"), "assess", "-", stdin=json.dumps(answers).encode())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["outcome"] == "therapist"
