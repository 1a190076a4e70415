"""Valid HTML, by the W3C's own checker (the Nu HTML Checker, vnu.jar from npm vnu-jar, run with
Java): every built page, and the quiz page's live DOM in each result state. Zero errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.helpers import BootedQuiz, RequestLog
from tests.browser.quizflow import PEOPLE, RESULT_TIMEOUT, check_answers, show_result
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

VNU = ROOT / ".cache" / "vnu-26.9.27" / "vnu.jar"


def nu_errors(paths: list[Path]) -> list[str]:
    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("The W3C HTML checker is missing: run scripts/setup.sh --browser")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    messages: list[dict[str, Any]] = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name} {m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m.get("type") == "error"
    ]


def test_every_built_page_is_valid_html(site_dir: Path) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 12
    errors = nu_errors(pages)
    assert errors == [], "\n".join(errors)


def _snapshot(page: Page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.html"
    path.write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"), encoding="utf-8")
    return path


def test_the_quiz_pages_live_dom_is_valid_in_every_state(
    booted: BootedQuiz, page: Page, context: BrowserContext, base_url: str, request_log: RequestLog, tmp_path: Path
) -> None:
    # The states a working engine gives, on the shared booted page, set back to a fresh form
    # before each; the engine's failure on a page of its own (below).
    shared = booted.page
    snapshots = []
    for outcome, answers in sorted(PEOPLE.items()):
        assert booted.reset(), "the shared page could not be set back to a fresh form"
        check_answers(shared, answers)
        shared.locator("[data-quiz-remember]").check()
        shared.locator("[data-saved-show]").click()
        show_result(shared, outcome)
        snapshots.append(_snapshot(shared, tmp_path, f"result-{outcome}"))
        if outcome == "deck":
            with shared.expect_download(timeout=RESULT_TIMEOUT * 2):
                shared.get_by_role("button", name="Download my deck").click()
            expect(shared.get_by_role("link", name="Open my deck (PDF)")).to_be_visible()
            snapshots.append(_snapshot(shared, tmp_path, "deck-ready"))
            shared.locator('[data-item="phq2_1"] input[value="1"]').check()
            expect(shared.locator("[data-quiz-stale]")).to_be_visible()
            snapshots.append(_snapshot(shared, tmp_path, "stale"))
        shared.locator("[data-saved-delete]").click()
    assert booted.reset(), "the shared page could not be set back to a fresh form"
    shared.locator("[data-quiz-submit]").click()
    expect(shared.locator("[data-quiz-errors]")).to_be_visible(timeout=RESULT_TIMEOUT)
    snapshots.append(_snapshot(shared, tmp_path, "errors"))
    context.route("**/pyodide/**", lambda route: route.abort())
    page.goto(base_url + "self-assessment/")
    expect(page.locator("[data-quiz-failure]")).to_be_visible(timeout=RESULT_TIMEOUT)
    check_answers(page, {"phq9_9": 2})
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-result-engine-note]")).to_be_visible()
    snapshots.append(_snapshot(page, tmp_path, "failure-with-crisis"))
    errors = nu_errors(snapshots)
    assert errors == [], "\n".join(errors)
