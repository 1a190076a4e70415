"""`python -m experiments`: the summary and CSV on good input; on anything else exit 2 and
one line on stderr, never a traceback (fuzzed); Ctrl-C exits 130."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from experiments.__main__ import main
from tests.conftest import ROOT
from tests.experimentscheck import SAMPLE_LOG, json_values, log_text, valid_entry


def _run(args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def _refused(code: int, out: str, err: str) -> str:
    assert code == 2, (code, out, err)
    assert out == ""
    assert err.startswith("experiments: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err and "unexpected error" not in err, err
    return err


def test_summary_prints_the_contract_keys() -> None:
    code, out, err = _run(["summary", str(SAMPLE_LOG)])
    assert (code, err) == (0, "")
    summary = json.loads(out)
    for key in ("entries", "predicted_no_mean", "observed_no_rate", "predicted_bad_mean", "actual_bad_mean",
                "belief_before_mean", "belief_after_mean", "series", "by_level"):  # fmt: skip
        assert key in summary, key
    assert summary["entries"] == 12 and summary["by_level"] is None


def test_summary_reads_stdin() -> None:
    code, out, _ = _run(["summary", "-"], log_text(valid_entry()).encode())
    assert code == 0 and json.loads(out)["observed_no_rate"] == 0


@pytest.mark.parametrize("shape", ["mapping", "cards.json"])
def test_cards_give_the_breakdown_by_level(tmp_path: Path, shape: str) -> None:
    mapping = {"strangers-say-hello": 2}
    data = mapping if shape == "mapping" else {"cards": [{"id": "strangers-say-hello", "level": 2, "title": "Hi"}]}
    cards = tmp_path / "cards.json"
    cards.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = _run(
        ["summary", "-", "--cards", str(cards)], log_text(valid_entry(), valid_entry(card="Mine")).encode()
    )
    assert code == 0
    assert [(g["level"], g["entries"]) for g in json.loads(out)["by_level"]] == [(2, 1), ("own", 1)]


def test_export_csv_prints_one_row_per_entry() -> None:
    code, out, _ = _run(["export-csv", str(SAMPLE_LOG)])
    assert code == 0 and len(out.strip().splitlines()) == 13


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (["summary", "-"], b"not json", "is not valid JSON"),
        (["summary", "-"], b"[1, 2]", "expected an object"),
        (["summary", "-"], log_text(valid_entry(predicted_no=200)).encode(), '"predicted_no": 200 is outside 0 to 100'),
        (["summary", "-"], log_text(valid_entry(date="2026-13-01")).encode(), "is not a real date"),
        (["summary", "-"], b'{"version": 3, "entries": []}', "unknown version 3"),
        (["summary", "-"], b"\xff\xfe", "is not UTF-8 text"),
        (["summary", "/no/such/file.json"], b"", 'cannot read the log "/no/such/file.json"'),
        (["summary", "-", "--cards", "/no/such/cards.json"], log_text().encode(), "cannot read the cards file"),
        (["summary"], b"", "the following arguments are required: FILE"),
        (["frobnicate", "-"], b"", "invalid choice"),
        ([], b"", "required"),
        (["export-csv", "-"], log_text(valid_entry(got_no="yes")).encode(), "expected true or false"),
        (["summary", "-"], b" " * 5_000_001, "larger than 5 MB"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], stdin: bytes, words: str) -> None:
    err = _refused(*_run(args, stdin))
    assert words in err, err


def test_a_bad_cards_file_is_named(tmp_path: Path) -> None:
    cards = tmp_path / "cards.json"
    cards.write_text('{"a": true}', encoding="utf-8")
    err = _refused(*_run(["summary", "-", "--cards", str(cards)], log_text().encode()))
    assert "cannot use the cards file" in err and "the level must be a whole number" in err


def test_many_problems_stay_on_one_line() -> None:
    text = log_text(*[valid_entry(date="x")] * 40)
    err = _refused(*_run(["summary", "-"], text.encode()))
    assert "40 problems" in err and "(and 35 more)" in err


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_random_bytes_give_a_result_or_one_line(data: bytes) -> None:
    code, out, err = _run(["summary", "-"], data)
    if code == 0:
        assert "entries" in json.loads(out)
    else:
        _refused(code, out, err)


@st.composite
def near_logs(draw: st.DrawFn) -> object:
    """Random shapes, mostly close to a real log: the interesting region."""
    entry = valid_entry()
    for key in draw(st.lists(st.sampled_from(sorted(entry)), max_size=3, unique=True)):
        entry[key] = draw(json_values) if draw(st.booleans()) else ...
    entry = {key: value for key, value in entry.items() if value is not ...}
    top: dict[str, object] = {"version": draw(st.sampled_from([1, 1, 1, 2, "1", None])), "entries": [entry]}
    if draw(st.booleans()):
        top[draw(st.text(max_size=5))] = draw(json_values)
    return draw(st.sampled_from([top, [top], entry])) if draw(st.integers(0, 5)) == 0 else top


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_logs() | json_values)
def test_random_json_shapes_give_a_result_or_one_line(data: object) -> None:
    for command in ("summary", "export-csv"):
        code, out, err = _run([command, "-"], json.dumps(data).encode())
        if code != 0:
            _refused(code, out, err)
        elif command == "summary":
            assert json.loads(out)["entries"] == len(data["entries"])  # type: ignore[index]


def test_the_command_runs_as_a_module_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run([sys.executable, "-m", "experiments", "summary", str(SAMPLE_LOG)], capture_output=True,
                        text=True, env=env, cwd=tmp_path, check=False)  # fmt: skip
    assert ok.returncode == 0 and json.loads(ok.stdout)["entries"] == 12
    bad = subprocess.run([sys.executable, "-m", "experiments", "summary", "-"], input="{", capture_output=True,
                         text=True, env=env, cwd=tmp_path, check=False)  # fmt: skip
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_exits_130(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "experiments", "summary", "-"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)  # fmt: skip
    try:
        assert child.stdin is not None
        child.stdin.write(b'{"version": 1, ')  # it is reading now, waiting for the rest
        child.stdin.flush()
        time.sleep(3)  # time to start and import on a busy machine
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 130, err
    assert err.decode() == "experiments: interrupted\n"
