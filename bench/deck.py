"""Time to make the personalised deck PDF, in the browser (Pyodide) and in CPython.

Both make the same deck (the fixed answers' start level and areas, A4) from the
same cards.json the built site serves, through deckpdf.site, the code both share.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

# The page-side round trip of the same call the download button makes (postMessage,
# render in the worker, PDF bytes transferred back); `ms` is the worker's own time
# for the render alone.
DECK_JS = """
async (request) => {
  const started = performance.now();
  const { bytes, ms } = await window.quizEngine.call("deck", { request }, 180000);
  const head = String.fromCharCode(...bytes.slice(0, 5));
  return { round_trip_ms: performance.now() - started, render_ms: ms, size: bytes.length, head };
}
"""


def _check_pdf(head: str | bytes) -> None:
    if head not in ("%PDF-", b"%PDF-"):
        raise RuntimeError(f"the deck is not a PDF (starts with {head!r})")


def browser(page: Page, request: dict[str, Any], repeats: int) -> dict[str, Any]:
    """The first deck (fpdf2 and friends load then) and `repeats` more."""
    runs = []
    for _ in range(1 + repeats):
        run = page.evaluate(DECK_JS, request)
        _check_pdf(run["head"])
        runs.append(run)
    first, repeat = runs[0], runs[1:]
    return {
        "request": request,
        "pdf_bytes": first["size"],
        "first_ms": round(first["round_trip_ms"], 1),
        "first_render_ms": round(first["render_ms"], 1),
        "repeat_median_ms": round(statistics.median(run["round_trip_ms"] for run in repeat), 1),
        "repeat_render_median_ms": round(statistics.median(run["render_ms"] for run in repeat), 1),
        "repeat_ms": [round(run["round_trip_ms"], 1) for run in repeat],
    }


def cpython(cards_json: Path, request: dict[str, Any], repeats: int) -> dict[str, Any]:
    """deckpdf.site.starter_deck in this interpreter: one warm-up, then the median of `repeats`."""
    from deckpdf.site import starter_deck

    payload = json.loads(cards_json.read_text())
    args = (payload, int(request["start_level"]), list(request["areas"]), request["paper"])
    started = time.perf_counter()
    pdf = starter_deck(*args)
    warmup_ms = (time.perf_counter() - started) * 1000
    _check_pdf(pdf[:5])
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        starter_deck(*args)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "request": request,
        "pdf_bytes": len(pdf),
        "warmup_ms": round(warmup_ms, 1),
        "median_ms": round(statistics.median(times), 1),
        "samples_ms": [round(value, 1) for value in times],
    }
