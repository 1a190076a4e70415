"""Pyodide time to ready: our quiz against a bare Pyodide, measured in the same run.

Two views, each as a ratio of medians:
- page: from navigation until the engine answers 'ready', for /self-assessment/
  against a probe page that starts a bare Pyodide worker at once. This is what a
  visitor waits for, including the page around the quiz.
- worker: from constructing a fresh worker until it answers 'ready', for the real
  quiz-worker.mjs (loadPyodide with the quiz package, then its import) against
  the bare worker. This isolates the engine from the page.
Every run gets a fresh browser context, so both start with a cold HTTP cache,
and the kinds alternate (ABBA…) so that a drift in machine load hits both alike.
"""

from __future__ import annotations

import statistics
from typing import Any

from playwright.sync_api import Browser

from bench.site import PROBE_DIR
from devtools.site import ENGINE_HOOK

NAV_TIMEOUT_MS = 90_000

# Waits for the page's engine and returns the moment (ms since navigation) it is ready.
# Our 'ready' message queues behind the page's own and awaits the same boot, so it
# resolves when the page's does; wait_for_function has already waited for quizEngine
# so this runs long before a boot of more than a second can finish.
QUIZ_READY_JS = "() => window.quizEngine.call('ready').then(() => performance.now())"
BARE_READY_JS = "() => window.bareReady.then((ready) => ready.at)"
WORKER_JS = "(kind) => window.probeWorker(kind).then((ready) => ready.ms)"


def _page_ready(browser: Browser, base_url: str, kind: str) -> float:
    context = browser.new_context()
    context.add_init_script(path=str(ENGINE_HOOK))
    try:
        page = context.new_page()
        page.set_default_timeout(NAV_TIMEOUT_MS)
        if kind == "quiz":
            page.goto(base_url + "self-assessment/", wait_until="commit")
            page.wait_for_function("() => window.quizEngine !== undefined")
            return float(page.evaluate(QUIZ_READY_JS))
        page.goto(f"{base_url}{PROBE_DIR}/probe.html?start=bare", wait_until="commit")
        page.wait_for_function("() => window.bareReady !== undefined")
        return float(page.evaluate(BARE_READY_JS))
    finally:
        context.close()


def _worker_ready(browser: Browser, base_url: str, kind: str) -> float:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(NAV_TIMEOUT_MS)
        page.goto(f"{base_url}{PROBE_DIR}/probe.html")
        return float(page.evaluate(WORKER_JS, kind))
    finally:
        context.close()


def _summary(quiz: list[float], bare: list[float]) -> dict[str, Any]:
    quiz_median, bare_median = statistics.median(quiz), statistics.median(bare)
    return {
        "quiz_ms": [round(value, 1) for value in quiz],
        "bare_ms": [round(value, 1) for value in bare],
        "quiz_median_ms": round(quiz_median, 1),
        "bare_median_ms": round(bare_median, 1),
        "ratio": round(quiz_median / bare_median, 3),
    }


def run(browser: Browser, base_url: str, runs: int) -> dict[str, Any]:
    results: dict[str, Any] = {"runs_each": runs}
    for view, measure in (("page", _page_ready), ("worker", _worker_ready)):
        times: dict[str, list[float]] = {"quiz": [], "bare": []}
        for index in range(runs):
            order = ("quiz", "bare") if index % 2 == 0 else ("bare", "quiz")
            for kind in order:
                times[kind].append(measure(browser, base_url, kind))
        results[view] = _summary(times["quiz"], times["bare"])
        print(f"  startup {view}: {results[view]}", flush=True)
    return results
