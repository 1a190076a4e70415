"""The quiz CLI under hostile input: a size limit, linear duplicate handling, escaped echoes,
and a message that names the problem for huge numbers and deep nesting."""

from __future__ import annotations

import json
import time

from tests.conftest import ROOT, run_python

CALM = json.loads((ROOT / "tests" / "unit" / "fixtures" / "quiz_calm_answers.json").read_text(encoding="utf-8"))


def assess(text: str) -> tuple[int, str, str]:
    result = run_python("-m", "quiz", "assess", "-", cwd=ROOT, stdin=text)
    return result.returncode, result.stdout, result.stderr


def test_input_over_the_size_limit_gets_a_clear_message() -> None:
    code, out, err = assess('{"pad": "' + "x" * 1_100_000 + '"}')
    assert code == 2 and out == ""
    assert err.strip() == "quiz: the answers are larger than 1 MB; real answers are under 1 kB."


def test_many_duplicate_keys_take_linear_time() -> None:
    pairs = ", ".join(f'"phq2_1": {i % 4}' for i in range(60_000))
    started = time.monotonic()
    code, _, err = assess("{" + pairs + "}")
    elapsed = time.monotonic() - started
    assert code == 2
    assert err.count("answered more than once") == 1
    # The first release took 41.7 s on 64k pairs; linear handling takes well under a second of
    # work. The bound is loose on purpose: it only has to catch the quadratic case.
    assert elapsed < 15, elapsed


def test_control_characters_in_keys_and_values_are_escaped() -> None:
    evil = "\x1b]0;owned\x07\x1b[2J\u202e"
    answers = {**CALM, evil: 1, "phq2_1": evil, "areas": [evil]}
    text = json.dumps(answers).replace("}", f', "{json.dumps(evil)[1:-1]}": 2}}', 1)
    code, _, err = assess(text)
    assert code == 2
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "\\u001b" in err


def test_huge_integers_and_deep_nesting_are_named() -> None:
    code, _, err = assess(json.dumps({**CALM}).replace('"phq2_1": 0', '"phq2_1": ' + "9" * 5000))
    assert code == 2 and "unexpected error" not in err
    assert "5,000 digits" in err
    code, _, err = assess("[" * 100_000 + "]" * 100_000)
    assert code == 2 and "unexpected error" not in err
    assert "nested too deeply" in err
