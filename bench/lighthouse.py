"""Lighthouse 12.2.3, mobile and desktop presets, on four pages of the served site.

Mobile is Lighthouse's default configuration: a phone's screen, a 4× slower CPU and a slow
4G link (150 ms, 1.6 Mbit/s), simulated from an unthrottled load. Desktop is `--preset=desktop`.
"Mobile, matched" is the mobile preset with a CPU slowdown matched to this machine (see
`matched_slowdown`): the preset's 4× stands for a mid-range phone only on a host of the speed
Lighthouse assumes, so on a faster host it flatters the pages and on a slower one it harms them.
Lighthouse launches its own Chromium (CHROME_PATH) with the browser tests' flags, so its
scores come from the same binary and settings as the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.site import ROOT, chromium_flags, chromium_path

VERSION = "12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# One page of each kind: home, an article, the quiz and the deck page.
PAGES = {"home": "", "article": "vs-exposure/", "quiz": "self-assessment/", "deck": "deck/"}
# Lighthouse's default is mobile; desktop needs its preset.
PRESETS: dict[str, list[str]] = {"mobile": [], "desktop": ["--preset=desktop"]}
# The mobile preset again, with a slowdown matched to this machine; it carries no target of its
# own (the target is the preset's), it shows what a phone would meet.
MATCHED = "mobile-matched"
# The metrics the performance score is made of, to see what cost points.
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index")  # fmt: skip
# About 11–14 s a page on an idle machine; generous for a busy one.
TIMEOUT_S = 240


def binary() -> Path:
    """The pinned Lighthouse that scripts/bench.sh installs into .cache/bench/."""
    prefix = Path(os.environ.get("LIGHTHOUSE_PREFIX", ROOT / ".cache" / "bench"))
    package = prefix / "node_modules" / "lighthouse" / "package.json"
    found = json.loads(package.read_text())["version"] if package.exists() else None
    if found != VERSION:
        raise RuntimeError(f"Lighthouse {VERSION} is not installed in {prefix} (found {found}); run scripts/bench.sh")
    return prefix / "node_modules" / ".bin" / "lighthouse"


def _failing_audits(report: dict[str, Any], category: str) -> list[dict[str, Any]]:
    """Scored audits below 1 in a category: what to fix to reach 100."""
    failing = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"].get(ref["id"], {})
        score = audit.get("score")
        if ref.get("weight", 0) > 0 and score is not None and score < 1:
            failing.append(
                {"id": ref["id"], "score": score, "weight": ref["weight"], "value": audit.get("displayValue", "")}
            )
    return failing


def _lcp_element(report: dict[str, Any]) -> str:
    """The element Lighthouse found to be the largest contentful paint, as it names it."""
    details = report["audits"].get("largest-contentful-paint-element", {}).get("details", {})
    for item in details.get("items", []):
        for row in item.get("items", []):
            node = row.get("node", {})
            if node.get("snippet"):
                return str(node["snippet"])[:200]
    return ""


def matched_slowdown(benchmark_index: float) -> float:
    """The CPU slowdown that makes a host of this benchmark index behave like the mid-range
    phone Lighthouse's mobile preset stands for. Source: the CPU throttling calculator of
    Lighthouse maintainer Patrick Hulce (github.com/patrickhulce/lighthouse-cpu-throttling-calculator),
    which Lighthouse's docs/throttling.md ("Calibrating multipliers") points to: 4× at an index
    of about 1,533, one more step of slowdown per 233 above 1,300, 2× at 800 and 1× at 150."""
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    # The calculator gives up below 150; no slowdown is the least a host that slow can get.
    return max(1.0, 1 + (benchmark_index - 150) / 650)


def audit_page(url: str, out_json: Path, preset: str = "mobile", cpu_slowdown: float | None = None) -> dict[str, Any]:
    """One Lighthouse run of url; ``cpu_slowdown`` replaces the preset's CPU multiplier."""
    command = [
        str(binary()),
        url,
        *PRESETS[preset],
        *([f"--throttling.cpuSlowdownMultiplier={cpu_slowdown:.2f}"] if cpu_slowdown else []),
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(chromium_flags())}",
        "--output=json",
        f"--output-path={out_json}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    started = time.monotonic()
    # A session of its own, so a hung run can be ended with its Chromium, by process group id.
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _, stderr = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise RuntimeError(f"Lighthouse took more than {TIMEOUT_S} s on {url}") from None
    seconds = time.monotonic() - started
    if process.returncode != 0 or not out_json.exists():
        raise RuntimeError(f"Lighthouse failed on {url} (exit {process.returncode}): {stderr.strip()[-600:]}")
    report = json.loads(out_json.read_text())
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse runtime error on {url}: {report['runtimeError']}")
    scores: dict[str, int | None] = {}
    failing: dict[str, list[dict[str, Any]]] = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        # Lighthouse's own UI rounds score × 100 to an integer; so do we.
        scores[category] = None if score is None else round(score * 100)
        failing[category] = _failing_audits(report, category)
    return {
        "url": url,
        "preset": preset,
        **({"cpu_slowdown": round(cpu_slowdown, 2)} if cpu_slowdown else {}),
        "scores": scores,
        "metrics": {metric: report["audits"].get(metric, {}).get("displayValue", "") for metric in METRICS},
        "lcp_element": _lcp_element(report),
        # Lighthouse's own measure of this machine's speed; below 1000 it warns that a slow CPU
        # lowers the score (the mobile preset then slows it 4× further).
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "failing_audits": failing,
        "warnings": report.get("runWarnings", []),
        "seconds": round(seconds, 1),
        "lighthouse": report.get("lighthouseVersion"),
        "user_agent": report.get("environment", {}).get("hostUserAgent"),
    }


def _median_index(scores: list[int | None]) -> int:
    """Which run has the median performance score (the lower middle of an even count)."""
    order = sorted(range(len(scores)), key=lambda index: scores[index] or 0)
    return order[(len(order) - 1) // 2]


def run(
    base_url: str, reports_dir: Path, pages: list[str] | None = None, runs: int = 3, matched: bool = True
) -> dict[str, Any]:
    """Audit every page with each preset `runs` times, and report each page's median run with
    every run's score beside it: on a shared machine one run of a page can differ from the next
    by 10 points or more, so a single run says little. The pages take turns within a round, so
    a busy spell of the machine is spread over all of them rather than landing on one page.
    Never in parallel: scores depend on a quiet CPU. Every report goes to
    ``reports_dir/<preset>/<page>-<run>.json``, and the median run's also to ``<page>.json``.
    With ``matched``, the mobile preset runs once more with the slowdown matched to the median
    benchmark index of its own runs (``MATCHED``)."""
    names = [name for name in PAGES if not pages or name in pages]
    results: dict[str, Any] = {
        preset: _run_preset(base_url, reports_dir / preset, names, runs, preset) for preset in PRESETS
    }
    if matched:
        indexes = sorted(index for page in results["mobile"].values() for index in page.get("benchmark_indexes", []))
        if not indexes:
            error = "no benchmark index: every mobile run failed, so no slowdown could be matched"
            results[MATCHED] = {name: {"path": "/" + PAGES[name], "error": error} for name in names}
        else:
            slowdown = matched_slowdown(indexes[(len(indexes) - 1) // 2])
            results[MATCHED] = _run_preset(base_url, reports_dir / MATCHED, names, runs, "mobile", slowdown)
    return results


def _run_preset(
    base_url: str, folder: Path, names: list[str], runs: int, preset: str, cpu_slowdown: float | None = None
) -> dict[str, Any]:
    label = MATCHED if cpu_slowdown else preset
    folder.mkdir(parents=True, exist_ok=True)
    done: dict[str, list[tuple[dict[str, Any], Path]]] = {name: [] for name in names}
    errors: dict[str, list[str]] = {name: [] for name in names}
    for round_ in range(1, runs + 1):
        for name in names:
            out = folder / f"{name}-{round_}.json"
            try:
                result = {"path": "/" + PAGES[name], **audit_page(base_url + PAGES[name], out, preset, cpu_slowdown)}
            except RuntimeError as exc:
                errors[name].append(str(exc))
                print(f"  lighthouse {label} {name} run {round_}/{runs}: {exc}", flush=True)
                continue
            done[name].append((result, out))
            print(f"  lighthouse {label} {name} run {round_}/{runs}: {result['scores']}", flush=True)
    results: dict[str, Any] = {}
    for name in names:
        if not done[name]:
            results[name] = {"path": "/" + PAGES[name], "error": errors[name][-1]}
            continue
        scores = [result["scores"].get("performance") for result, _ in done[name]]
        page, out = done[name][_median_index(scores)]
        indexes = [result["benchmark_index"] for result, _ in done[name] if result.get("benchmark_index")]
        shutil.copyfile(out, folder / f"{name}.json")
        results[name] = {
            **page,
            "performance_runs": sorted(scores, key=lambda score: score or 0),
            "benchmark_indexes": sorted(indexes),
            **({"run_errors": errors[name]} if errors[name] else {}),
        }
    return results
