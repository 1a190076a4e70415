"""`python -m bench`: build, serve and measure the site; print a Markdown table, write JSON.

Each measurement runs in its own section: one that fails is reported as ERROR
(with its traceback on stderr) and the others still run. The exit status is 1 if
any section failed, 0 otherwise; a missed target is a finding, not a failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from bench import build, cli, deck, latency, lighthouse, offline, report, startup, throttled, transfer
from bench.site import ROOT, chromium_path, launch, served
from bench.site import build as build_site
from devtools.site import ENGINE_HOOK

SECTIONS = ("lighthouse", "startup", "quiz", "cpython", "transfer", "throttled", "offline", "cli", "build")


def _environment() -> dict[str, Any]:
    def version(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return "?"

    try:
        lighthouse.binary()  # raises unless the pinned version is installed
        lighthouse_version = lighthouse.VERSION
    except RuntimeError:
        lighthouse_version = "not installed"
    return {
        "chromium": version([chromium_path(), "--version"]).removeprefix("Chromium ").split(" ")[0],
        "node": version(["node", "--version"]),
        "lighthouse": lighthouse_version,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def _section(results: dict[str, Any], key: str, measure: Callable[[], Any]) -> None:
    print(f"- {key}", flush=True)
    started = time.monotonic()
    try:
        results[key] = measure()
    except Exception as exc:  # one broken measurement must not lose the others
        traceback.print_exc()
        results.setdefault("errors", {})[key] = f"{type(exc).__name__}: {exc}"
    results.setdefault("section_seconds", {})[key] = round(time.monotonic() - started, 1)


def _quiz(browser: Browser, base_url: str, args: argparse.Namespace, results: dict[str, Any]) -> None:
    """Latency, then the deck, on one quiz page whose engine is already up."""
    answers = latency.fixed_answers()
    context = browser.new_context()
    context.add_init_script(path=str(ENGINE_HOOK))
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(base_url + "self-assessment/")
        page.evaluate("() => window.quizEngine.call('ready')")
        _section(results, "latency", lambda: latency.run(page, answers, args.submissions, args.dom_submissions))
        if "latency" in results:
            outcome = results["latency"]
            results["deck_request"] = {"start_level": outcome["start_level"], "areas": outcome["areas"], "paper": "a4"}
        request = _deck_request(results)
        _section(results, "deck_browser", lambda: deck.browser(page, request, args.deck_repeats))
    finally:
        context.close()


def _deck_request(results: dict[str, Any]) -> dict[str, Any]:
    """The deck the fixed answers earn; without a browser result, the quiz's own scoring says."""
    if "deck_request" in results:
        return dict(results["deck_request"])
    from quiz.web import assess_json

    reply = json.loads(assess_json(json.dumps(latency.fixed_answers())))
    return {"start_level": reply["result"]["start_level"], "areas": reply["result"]["areas"], "paper": "a4"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections (writes partial.*)")
    parser.add_argument("--runs", type=int, default=3, help="start-up runs of each kind (default 3)")
    parser.add_argument("--submissions", type=int, default=50, help="assess() round trips (default 50)")
    parser.add_argument("--dom-submissions", type=int, default=20, help="clicks on Submit (default 20)")
    parser.add_argument("--deck-repeats", type=int, default=5, help="repeat decks, browser and CPython (default 5)")
    parser.add_argument("--build-repeats", type=int, default=3, help="builds of each size (default 3)")
    parser.add_argument(
        "--lighthouse-pages",
        nargs="+",
        choices=list(lighthouse.PAGES),
        help="Lighthouse on these pages only (default all four)",
    )
    parser.add_argument(
        "--lighthouse-runs",
        type=int,
        default=3,
        help="Lighthouse runs of each page and preset; the median run is reported (default 3)",
    )
    parser.add_argument(
        "--lighthouse-matched",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also run the mobile preset with a CPU slowdown matched to this machine (default: yes)",
    )
    parser.add_argument("--results-dir", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    if args.lighthouse_runs < 1:
        parser.error("--lighthouse-runs must be 1 or more")
    wanted = set(args.only or SECTIONS)

    started = time.monotonic()
    results: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "environment": _environment(),
        "settings": {key: value for key, value in vars(args).items() if key != "results_dir"},
    }
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        site = Path(tmp) / "site"
        print(f"Building the site into {site}", flush=True)
        build_site(site)
        with served(site) as base_url:
            print(f"Serving it at {base_url}", flush=True)
            if "lighthouse" in wanted:
                # First, while no other browser of ours is running: scores depend on a quiet CPU.
                reports = args.results_dir / "lighthouse"
                _section(
                    results,
                    "lighthouse",
                    lambda: lighthouse.run(
                        base_url, reports, args.lighthouse_pages, args.lighthouse_runs, args.lighthouse_matched
                    ),
                )
            if wanted & {"startup", "quiz", "transfer", "throttled", "offline"}:
                with sync_playwright() as playwright:
                    # These serve the site themselves: raw and brotli, or a server they can stop.
                    if "transfer" in wanted:
                        _section(results, "transfer", lambda: transfer.run(playwright, site))
                    if "offline" in wanted:
                        _section(results, "offline", lambda: offline.run(playwright, site))
                    browser = launch(playwright)
                    try:
                        if "startup" in wanted:
                            _section(results, "startup", lambda: startup.run(browser, base_url, args.runs))
                        if "quiz" in wanted:
                            _quiz(browser, base_url, args, results)
                        if "throttled" in wanted:
                            _section(results, "throttled", lambda: throttled.run(browser, site))
                    finally:
                        browser.close()
        if "cpython" in wanted:
            cards = site / "assets" / "data" / "cards.json"
            _section(results, "deck_cpython", lambda: deck.cpython(cards, _deck_request(results), args.deck_repeats))
    if "cli" in wanted:
        _section(results, "cli", cli.run)
    if "build" in wanted:
        _section(results, "build", lambda: build.run(args.build_repeats))

    results["environment"]["loadavg_end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    results["duration_s"] = round(time.monotonic() - started, 1)
    json_path, md_path = report.write(results, args.results_dir, "partial" if args.only else "latest")
    print()
    print(report.markdown(results))
    print(f"Wrote {json_path.relative_to(ROOT) if json_path.is_relative_to(ROOT) else json_path} and {md_path.name}")
    return 1 if results.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
