"""The shared scoring cases, run inside Pyodide in headless Chromium through the page's own
worker (window.quizEngine, injected by the tests), must give exactly what CPython gives."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

import quiz
import quiz.web
from tests.browser.helpers import RequestLog, guard_requests, inject_engine_hook
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CASES: list[dict[str, Any]] = json.loads((ROOT / "tests" / "unit" / "quiz_cases.json").read_text(encoding="utf-8"))
CALM: dict[str, Any] = CASES[0]["answers"]

# Answers the form itself can't produce, but a saved or hand-made answer set could.
BAD_ANSWERS: dict[str, dict[str, Any]] = {
    "empty": {},
    "out of range": {**CALM, "phq2_1": 4},
    "unknown question": {**CALM, "favourite_colour": 2},
    "wrong type": {**CALM, "gad2_1": "often"},
    "unknown area": {**CALM, "areas": ["everyday", "skydiving"]},
    "no area": {**CALM, "areas": []},
    "partial with self-harm": {"phq9_9": 1, "phq2_1": 3},
}

RUN_ALL = """async ({cases, bad}) => {
    const out = {cases: {}, bad: {}};
    for (const c of cases) out.cases[c.name] = await window.quizEngine.call("assess", {answers: c.answers}, 180000);
    for (const [name, answers] of Object.entries(bad)) {
        out.bad[name] = await window.quizEngine.call("assess", {answers}, 180000);
    }
    return out;
}"""


@pytest.fixture(scope="module")
def engine(browser: Browser, base_url: str) -> Iterator[tuple[Page, RequestLog]]:
    """One page for the whole module: Pyodide boots once, and every request stays on the site."""
    context = browser.new_context()
    log = guard_requests(context, base_url)
    inject_engine_hook(context, python=True)
    page = context.new_page()
    page.goto(base_url + "self-assessment/")
    yield page, log
    context.close()
    assert log.foreign == [], f"requests left the site: {log.foreign}"


@pytest.fixture(scope="module")
def engine_page(engine: tuple[Page, RequestLog]) -> Page:
    return engine[0]


@pytest.fixture(scope="module")
def pyodide_replies(engine_page: Page) -> dict[str, dict[str, Any]]:
    replies: dict[str, dict[str, Any]] = engine_page.evaluate(RUN_ALL, {"cases": CASES, "bad": BAD_ANSWERS})
    return replies


def test_the_engine_is_pyodide(engine_page: Page) -> None:
    reply = engine_page.evaluate("() => window.quizEngine.call('run', {code: 'import sys; sys.platform'}, 180000)")
    assert reply["value"] == "emscripten"


def test_python_runs_from_self_hosted_pyodide(engine: tuple[Page, RequestLog], site_dir: Path) -> None:
    page, log = engine
    # The Python that the shipped lock names (and that the wheels were fetched for).
    python = json.loads((site_dir / "pyodide" / "pyodide-lock.json").read_text())["info"]["python"]
    code = 'import sys, quiz; f"{sys.version_info[0]}.{sys.version_info[1]} {6*7}"'
    result = page.evaluate("code => window.quizEngine.call('run', {code}, 180000)", code)
    assert result["value"] == ".".join(python.split(".")[:2]) + " 42"
    assert log.foreign == []
    pyodide_files = [url for url in log.requests if "/pyodide/" in url]
    assert any(url.endswith("pyodide.asm.wasm") for url in pyodide_files)
    assert any(url.endswith(".whl") and "/quiz-" in url for url in pyodide_files)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case_in_pyodide(pyodide_replies: dict[str, dict[str, Any]], case: dict[str, Any]) -> None:
    reply = pyodide_replies["cases"][case["name"]]
    assert reply["ok"], reply
    result = reply["result"]
    assert result["outcome"] == case["expected_outcome"]
    assert result["start_level"] == case["expected_start_level"]
    if case["expected_start_level"] is None:
        assert result["areas"] is None
    else:
        assert result["areas"] == [area for area in quiz.ladder.area_ids() if area in case["answers"]["areas"]]
    # Not just the outcome: every reason, score and name is what CPython says.
    assert reply == json.loads(quiz.web.assess_json(json.dumps(case["answers"])))


@pytest.mark.parametrize("name", sorted(BAD_ANSWERS))
def test_bad_answers_in_pyodide_match_cpython(pyodide_replies: dict[str, dict[str, Any]], name: str) -> None:
    reply = pyodide_replies["bad"][name]
    assert reply["ok"] is False
    assert reply["problems"], reply
    assert reply == json.loads(quiz.web.assess_json(json.dumps(BAD_ANSWERS[name])))
    text = json.dumps(reply)
    assert "Traceback" not in text and "/lib/python" not in text


def test_a_self_harm_answer_on_a_partial_form_carries_crisis_reasons(pyodide_replies: dict[str, Any]) -> None:
    reply = pyodide_replies["bad"]["partial with self-harm"]
    assert reply["crisis_reasons"], reply
    assert all("hurting yourself" in reason for reason in reply["crisis_reasons"])
