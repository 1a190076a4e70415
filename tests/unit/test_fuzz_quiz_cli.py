"""Fuzz `python -m quiz assess` with random and malformed JSON: it must always give
either a valid result (exit 0) or one clean message (exit 2), never a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz import questionnaire
from quiz.__main__ import main
from tests.conftest import ROOT

OUTCOMES = {"crisis", "therapist", "deck_with_support", "deck"}
ITEMS = [item for section in questionnaire()["sections"] for item in section["items"]]
ITEM_IDS = [item["id"] for item in ITEMS]

json_scalars = st.none() | st.booleans() | st.integers(-5, 20) | st.floats(allow_nan=False) | st.text(max_size=8)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def near_valid_answers(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly plausible answers with random gaps, extras and wrong values: the interesting region."""
    answers: dict[str, Any] = {}
    for item in ITEMS:
        choice = draw(st.integers(0, 9))
        values = [option["value"] for option in item["options"]]
        if choice == 0:
            continue  # missing
        if choice == 1:
            answers[item["id"]] = draw(json_values)  # wrong type or range
        elif item["kind"] == "multi":
            answers[item["id"]] = draw(st.lists(st.sampled_from(values), max_size=4))
        else:
            answers[item["id"]] = draw(st.sampled_from(values))
    if draw(st.booleans()):
        answers[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
    return answers


def _run(stdin: bytes) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    saved = sys.stdin
    sys.stdin = fake_stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["assess", "-"])
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def _check(code: int, out: str, err: str) -> None:
    assert "Traceback" not in out + err
    if code == 0:
        result = json.loads(out)
        assert result["outcome"] in OUTCOMES and result["reasons"]
        assert err == ""
    else:
        assert code == 2
        assert out == ""
        assert err.startswith("quiz: ") and err.strip()
        assert "unexpected error" not in err, err


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_valid_answers())
def test_near_valid_answers_give_result_or_clean_error(answers: dict[str, Any]) -> None:
    _check(*_run(json.dumps(answers).encode()))


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_json_gives_result_or_clean_error(value: Any) -> None:
    _check(*_run(json.dumps(value).encode()))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_give_clean_error(data: bytes) -> None:
    code, out, err = _run(data)
    _check(code, out, err)


def test_real_process_with_malformed_inputs() -> None:
    # A few through a real process, to cover the interpreter boundary too.
    for payload in (b"{", b"[1, 2]", b'{"phq9_9": "yes"}', b"\xff\xfe", b""):
        result = subprocess.run(
            [sys.executable, "-m", "quiz", "assess", "-"], cwd=ROOT, input=payload, capture_output=True, check=False
        )
        assert result.returncode == 2
        assert b"Traceback" not in result.stderr and result.stderr.startswith(b"quiz: ")
