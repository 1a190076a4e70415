"""Latency from submit to result on the quiz page, once the engine is ready.

Two measures, both timed inside the page with performance.now() so Playwright's
own round trips are not counted:
- engine: window.quizEngine.call('assess', {answers}) round trip (postMessage to the
  worker, scoring in Python, JSON back), the same call the submit handler makes;
- DOM: click on the submit button until the result panel is shown, timed to the
  next animation frame (the frame that paints it), through the page's own handler.
"""

from __future__ import annotations

import json
import math
import statistics
from typing import Any

from playwright.sync_api import Page

from bench.site import ROOT

CASES = ROOT / "tests" / "unit" / "quiz_cases.json"

ENGINE_JS = """
async ({answers, runs}) => {
  const times = [];
  let last = null;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = await window.quizEngine.call("assess", { answers });
    times.push(performance.now() - started);
  }
  return { times, reply: last };
}
"""

# Ticks the same inputs the page's saved-answers "fill" would, then submits with a
# real click on the submit button each time, hiding the panel in between so every
# run waits for the page to show it again.
DOM_JS = """
async ({answers, runs, timeoutMs}) => {
  const form = document.querySelector("[data-quiz-form]");
  const panel = document.querySelector("[data-quiz-result]");
  const button = form.querySelector("[data-quiz-submit], button[type=submit]");
  for (const [id, value] of Object.entries(answers)) {
    const values = new Set((Array.isArray(value) ? value : [value]).map(String));
    for (const input of form.querySelectorAll(`[data-item="${CSS.escape(id)}"] input`)) {
      input.checked = values.has(input.value);
    }
  }
  const times = [];
  for (let i = 0; i < runs; i++) {
    panel.hidden = true;
    const shown = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("result panel not shown")), timeoutMs);
      const observer = new MutationObserver(() => {
        if (!panel.hidden) { observer.disconnect(); clearTimeout(timer); resolve(); }
      });
      observer.observe(panel, { attributes: true, attributeFilter: ["hidden"] });
    });
    const started = performance.now();
    button.click();
    await shown;
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    times.push(performance.now() - started);
  }
  return { times, outcome: panel.dataset.outcome || null };
}
"""


def fixed_answers() -> dict[str, Any]:
    """A complete, valid answer set that leads to a deck: the unit tests' first 'deck' case,
    so the benchmark follows the questionnaire whenever its items change."""
    for case in json.loads(CASES.read_text()):
        if case.get("expected_outcome") == "deck":
            return dict(case["answers"])
    raise RuntimeError(f"{CASES} has no case with expected_outcome 'deck'")


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile: a value that was actually observed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summarise(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(p95(values), 2),
        "max_ms": round(max(values), 2),
        "samples_ms": [round(value, 2) for value in values],
    }


def run(page: Page, answers: dict[str, Any], submissions: int, dom_submissions: int) -> dict[str, Any]:
    engine = page.evaluate(ENGINE_JS, {"answers": answers, "runs": submissions})
    reply = engine["reply"]
    if not reply.get("ok"):
        raise RuntimeError(f"the fixed answers were rejected: {reply.get('problems')}")
    result = reply["result"]
    dom = page.evaluate(DOM_JS, {"answers": answers, "runs": dom_submissions, "timeoutMs": 30_000})
    if dom["outcome"] != result["outcome"]:
        raise RuntimeError(f"the page showed {dom['outcome']!r}, the engine said {result['outcome']!r}")
    return {
        "outcome": result["outcome"],
        "start_level": result.get("start_level"),
        "areas": result.get("areas"),
        "engine": summarise(engine["times"]),
        "dom": summarise(dom["times"]),
    }
