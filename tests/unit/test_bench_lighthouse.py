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

    def audit(url: str, out_json: Path, preset: str = "mobile", cpu_slowdown: float | None = None) -> dict[str, Any]:
        name = next(name for name, path in lighthouse.PAGES.items() if url.endswith("/" + path) and path)
        label = f"{preset} {cpu_slowdown:.2f}×" if cpu_slowdown else preset
        calls.append((label, name))
        index = runs[(label, name)] = runs.get((label, name), -1) + 1
        if name == "deck" and preset == "desktop" and index == 1:
            raise RuntimeError("Lighthouse took more than 240 s")
        score = SCORES[name][index]
        out_json.write_text(json.dumps({"run": index, "score": score}))
        return {
            "url": url,
            "preset": preset,
            **({"cpu_slowdown": cpu_slowdown} if cpu_slowdown else {}),
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
    def fail(url: str, out_json: Path, preset: str = "mobile", cpu_slowdown: float | None = None) -> dict[str, Any]:
        raise RuntimeError("Lighthouse failed (exit 1)")

    monkeypatch.setattr(lighthouse, "audit_page", fail)
    results = lighthouse.run("http://127.0.0.1:1/", tmp_path, ["quiz"], runs=2)
    assert results["mobile"]["quiz"] == {"path": "/self-assessment/", "error": "Lighthouse failed (exit 1)"}
    # With no benchmark index from the mobile runs, no slowdown can be matched, and it says so.
    assert "every mobile run failed" in results[lighthouse.MATCHED]["quiz"]["error"]


@pytest.mark.parametrize(
    ("index", "slowdown"),
    # The calculator's own anchor points (its comments): 150 = 1×, 800 = 2×, 1300 = 3×,
    # 1533 = 4×, 1766 = 5×, 2000 = 6×; below 150 it gives up, and we take no slowdown.
    [(100, 1.0), (150, 1.0), (800, 2.0), (1300, 3.0), (1533, 4.0), (1766, 5.0), (2000, 6.0), (3630, 13.0)],
)
def test_the_matched_slowdown_is_the_calculators(index: float, slowdown: float) -> None:
    assert lighthouse.matched_slowdown(index) == pytest.approx(slowdown, abs=0.01)


def test_the_matched_run_takes_the_slowdown_of_the_mobile_runs_median_index_and_has_no_target(
    stand_in: list[tuple[str, str]], tmp_path: Path
) -> None:
    results = lighthouse.run("http://127.0.0.1:1/", tmp_path, ["quiz", "deck"], runs=3)
    # The mobile runs' indexes are 1000, 1000, 1100, 1100, 1200, 1200: the lower middle is 1100.
    expected = lighthouse.matched_slowdown(1100)
    assert expected == pytest.approx(2.6)
    matched = results[lighthouse.MATCHED]
    assert {page["cpu_slowdown"] for page in matched.values()} == {expected}
    assert [call for call in stand_in if call[0].endswith("×")] == [
        (f"mobile {expected:.2f}×", name) for name in ("quiz", "deck") * 3
    ]
    assert (tmp_path / lighthouse.MATCHED / "quiz.json").exists()
    # Shown with its slowdown and without verdicts; a low score there is no missed target.
    text = report.markdown({"started": "now", "environment": {}, "lighthouse": results})
    assert "### Lighthouse (mobile preset, CPU slowdown matched to this machine: 2.6×)" in text
    matched_section = text.split("matched to this machine")[1]
    assert "| quiz (`/self-assessment/`) | 94 (median of 91, 94, 99) | 100 |" in matched_section
    assert not any(lighthouse.MATCHED in note for note in report.misses({"lighthouse": results}))
    assert any(
        note.startswith("Lighthouse mobile quiz performance 94 < 95") for note in report.misses({"lighthouse": results})
    )


def test_the_matched_run_can_be_left_out(stand_in: list[tuple[str, str]], tmp_path: Path) -> None:
    results = lighthouse.run("http://127.0.0.1:1/", tmp_path, ["quiz"], runs=1, matched=False)
    assert set(results) == set(lighthouse.PRESETS)
    assert "matched to this machine" not in report.markdown(
        {"started": "now", "environment": {}, "lighthouse": results}
    )


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
