"""The benchmark's Lighthouse section keeps each page's median run (bench/lighthouse.py),
and its table shows every run's score (bench/report.py). Lighthouse itself is replaced by a
stand-in here: the real one runs only in the benchmark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import lighthouse, report

# Performance scores the stand-in gives, per page, run after run.
SCORES = {"quiz": [91, 99, 94], "deck": [97, 88, 96]}


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    calls: list[tuple[str, str]] = []
    runs: dict[tuple[str, str], int] = {}

    def audit(url: str, out_json: Path, preset: str = "mobile") -> dict[str, Any]:
        name = next(name for name, path in lighthouse.PAGES.items() if url.endswith("/" + path) and path)
        calls.append((preset, name))
        index = runs[(preset, name)] = runs.get((preset, name), -1) + 1
        if name == "deck" and preset == "desktop" and index == 1:
            raise RuntimeError("Lighthouse took more than 240 s")
        score = SCORES[name][index]
        out_json.write_text(json.dumps({"run": index, "score": score}))
        return {
            "url": url,
            "preset": preset,
            "scores": {"performance": score, "accessibility": 100, "best-practices": 100, "seo": 100},
            "metrics": {"total-blocking-time": f"{(100 - score) * 30} ms"},
            "benchmark_index": 1000 + 100 * index,
            "failing_audits": {category: [] for category in lighthouse.CATEGORIES},
        }

    monkeypatch.setattr(lighthouse, "audit_page", audit)
    return calls


def test_each_page_reports_its_median_run_with_every_runs_score(
    stand_in: list[tuple[str, str]], tmp_path: Path
) -> None:
    results = lighthouse.run("http://127.0.0.1:1/", tmp_path, ["quiz", "deck"], runs=3)
    quiz = results["mobile"]["quiz"]
    assert quiz["scores"]["performance"] == 94
    assert quiz["performance_runs"] == [91, 94, 99]
    assert quiz["metrics"]["total-blocking-time"] == "180 ms"  # the median run's, not another's
    assert quiz["benchmark_indexes"] == [1000, 1100, 1200]
    # The median run's full report is also kept under the page's own name.
    assert json.loads((tmp_path / "mobile" / "quiz.json").read_text()) == {"run": 2, "score": 94}
    assert {path.name for path in (tmp_path / "mobile").glob("quiz-*.json")} == {
        "quiz-1.json",
        "quiz-2.json",
        "quiz-3.json",
    }
    # Pages take turns within a round.
    assert stand_in[:4] == [("mobile", "quiz"), ("mobile", "deck"), ("mobile", "quiz"), ("mobile", "deck")]


def test_a_failed_run_is_reported_and_the_others_still_count(stand_in: list[tuple[str, str]], tmp_path: Path) -> None:
    deck = lighthouse.run("http://127.0.0.1:1/", tmp_path, ["deck"], runs=3)["desktop"]["deck"]
    # Runs 1 and 3 (97 and 96) remain; of an even count the lower middle is reported.
    assert deck["performance_runs"] == [96, 97]
    assert deck["scores"]["performance"] == 96
    assert deck["run_errors"] == ["Lighthouse took more than 240 s"]


def test_a_page_whose_every_run_failed_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def fail(url: str, out_json: Path, preset: str = "mobile") -> dict[str, Any]:
        raise RuntimeError("Lighthouse failed (exit 1)")

    monkeypatch.setattr(lighthouse, "audit_page", fail)
    results = lighthouse.run("http://127.0.0.1:1/", tmp_path, ["quiz"], runs=2)
    assert results["mobile"]["quiz"] == {"path": "/self-assessment/", "error": "Lighthouse failed (exit 1)"}


def test_the_table_shows_the_median_verdict_and_every_run(stand_in: list[tuple[str, str]], tmp_path: Path) -> None:
    results = lighthouse.run("http://127.0.0.1:1/", tmp_path, ["quiz", "deck"], runs=3)
    rows = {row[0].split(" ")[0]: row for row in report.lighthouse_table(results["mobile"])}
    assert rows["quiz"][1] == "94 MISS (median of 91, 94, 99)"
    assert rows["deck"][1] == "96 PASS (median of 88, 96, 97)"
    assert rows["quiz"][2] == "100 PASS"
    assert rows["home"][1] == "not run"
    # The machine's speed over every run, not only the median ones.
    section = report._lighthouse_section({"lighthouse": results}, "mobile")
    assert section.endswith("Lighthouse's benchmark index of this machine: 1000–1200.")
