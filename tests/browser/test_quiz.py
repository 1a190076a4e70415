"""The self-assessment in the built site, taken in headless Chromium the way people take it.

Four people, one per outcome, answer by mouse and again by keyboard alone; each must see
the panel Python chose, with Python's reasons, the crisis contacts and the not-a-diagnosis
note. A request log shows no answer leaves the page, storage stays empty unless the person
asks to save, bad answers get a clear summary (and never hide a crisis answer), and a
runtime that cannot load gives a plain failure message instead of an endless spinner.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

import quiz
from tests.browser.helpers import RequestLog, allow_instant_navigation
from tests.browser.quizflow import (
    ITEM_IDS,
    ITEMS,
    OUTCOMES,
    PEOPLE,
    RESULT_TIMEOUT,
    TRACEBACK_MARKS,
    assert_focus_visible,
    assert_note_before_first_question,
    assert_result,
    fill_by_keyboard,
    fill_by_mouse,
    focus_state,
    form_answers,
    python_reply,
    visible_outcomes,
)

pytestmark = pytest.mark.browser

FAILURE_TIMEOUT = 30_000  # under the page's 45 s ready timeout: a failed download must be reported at once
STORAGE_KEY = "/.quiz-answers"  # under the site's own prefix: its path and a dot


def storage(page: Page) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = page.evaluate(
        "() => ({local: {...localStorage}, session: {...sessionStorage}})"
    )
    return result


class Traffic:
    """Every request with its method and body, to prove no answer leaves the page."""

    def __init__(self, context: BrowserContext) -> None:
        self.requests: list[Request] = []
        context.on("request", self.record)

    def record(self, request: Request) -> None:
        self.requests.append(request)

    def mark(self) -> int:
        return len(self.requests)

    def since(self, mark: int) -> list[Request]:
        return self.requests[mark:]


@pytest.fixture
def traffic(context: BrowserContext) -> Traffic:
    return Traffic(context)


@pytest.fixture
def booted_traffic(booted_page: Page) -> Iterator[Traffic]:
    """Traffic on the shared booted page, from this test's start."""
    traffic = Traffic(booted_page.context)
    yield traffic
    booted_page.context.remove_listener("request", traffic.record)


def assert_nothing_left(requests: list[Request], request_log: RequestLog, site_dir: Path, base_url: str) -> None:
    """Only GETs of files the site already ships: no query, no body, nothing off-site."""
    assert request_log.foreign == [], f"requests left the site: {request_log.foreign}"
    assert request_log.bodies == [], f"requests carried a body: {request_log.bodies}"
    base = urlparse(base_url)
    for request in requests:
        url = urlparse(request.url)
        if url.scheme in ("data", "blob"):
            continue
        assert (url.scheme, url.netloc) == (base.scheme, base.netloc), request.url
        assert request.method == "GET", f"{request.method} {request.url}"
        assert request.post_data is None, request.url
        assert url.query == "" and url.params == "", f"a request carried a query: {request.url}"
        for item_id in ITEM_IDS:
            assert item_id not in request.url, f"a request names a question: {request.url}"
        path = unquote(url.path).removeprefix(base.path)
        target = site_dir / path
        if path == "" or path.endswith("/"):
            target = target / "index.html"
        assert target.is_file(), f"{request.url} is not a file the site ships"


RENDERING = ("document", "stylesheet", "image", "font", "script", "media", "manifest", "texttrack")
# The browser asks for the favicon (mkdocs.yml: theme.favicon) whenever it likes, typed "other".
THEME_FILES = ("/sitemap.xml", "/search/search_index.json", "/assets/icons/favicon.svg")


def assert_no_new_fetch(requests: list[Request]) -> None:
    """After the submit click the worker may still be fetching the runtime, and the theme its
    own files, but nothing else is fetched: the answers go nowhere."""
    fetched = [urlparse(r.url).path for r in requests if r.resource_type not in RENDERING]
    stray = [path for path in fetched if "/pyodide/" not in path and not path.endswith(THEME_FILES)]
    assert stray == [], f"the page fetched after the submit click: {stray}"


# --- 1 and 2: four people, by mouse and by keyboard ---------------------------------------


def test_each_person_gives_the_outcome_they_stand_for() -> None:
    assert set(PEOPLE) == set(OUTCOMES)
    for outcome, answers in PEOPLE.items():
        assert quiz.assess(answers)["outcome"] == outcome
        assert set(answers) == set(ITEM_IDS)


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_quiz_by_mouse(
    booted_page: Page, booted_log: RequestLog, booted_traffic: Traffic, site_dir: Path, base_url: str, outcome: str
) -> None:
    page = booted_page
    answers = PEOPLE[outcome]
    assert_note_before_first_question(page)
    before = storage(page)
    expect(page.locator("[data-quiz-result]")).to_be_hidden()

    fill_by_mouse(page, answers)
    assert form_answers(page) == answers
    mark = booted_traffic.mark()
    page.locator("[data-quiz-submit]").click()
    assert_result(page, answers, outcome)
    expect(page.locator("#quiz-result-heading")).to_be_focused()
    expect(page.locator("[data-quiz-status]")).to_have_text("Your result is below.")

    assert_nothing_left(booted_traffic.requests, booted_log, site_dir, base_url)
    assert_no_new_fetch(booted_traffic.since(mark))
    assert storage(page) == before, "nothing may be stored unless the person ticks the save box"
    assert STORAGE_KEY not in storage(page)["local"]


@pytest.mark.parametrize(("outcome", "submit_key"), [
    ("crisis", "Enter"), ("therapist", "Space"), ("deck_with_support", "Enter"), ("deck", "Space"),
])  # fmt: skip
def test_quiz_by_keyboard_alone(
    booted_page: Page,
    booted_log: RequestLog,
    booted_traffic: Traffic,
    site_dir: Path,
    base_url: str,
    outcome: str,
    submit_key: str,
) -> None:
    page = booted_page
    answers = PEOPLE[outcome]
    before = storage(page)
    fill_by_keyboard(page, answers)
    mark = booted_traffic.mark()
    page.keyboard.press(submit_key)
    assert_result(page, answers, outcome)
    # Focus moves to the result heading, and shows there.
    expect(page.locator("#quiz-result-heading")).to_be_focused()
    state = assert_focus_visible(page)
    assert state["id"] == "quiz-result-heading"

    assert_nothing_left(booted_traffic.requests, booted_log, site_dir, base_url)
    assert_no_new_fetch(booted_traffic.since(mark))
    assert storage(page) == before


# --- 3: privacy: the request log and storage -------------------------------------------------


def test_saved_answers_can_be_shown_filled_in_and_deleted(
    quiz_page: Page, request_log: RequestLog, traffic: Traffic, site_dir: Path, base_url: str
) -> None:
    page = quiz_page
    answers = PEOPLE["deck_with_support"]
    baseline = storage(page)
    assert STORAGE_KEY not in baseline["local"]
    saved_box = page.locator("[data-quiz-saved]")
    expect(saved_box).to_be_hidden()

    fill_by_mouse(page, answers)
    page.get_by_label("Save my answers on this device").click()
    page.locator("[data-quiz-submit]").click()
    assert_result(page, answers, "deck_with_support")

    stored = storage(page)["local"]
    assert json.loads(stored[STORAGE_KEY]) == answers
    expect(saved_box).to_be_visible()
    page.get_by_role("button", name="Show my saved answers").click()
    view = saved_box.locator("[data-saved-view]")
    expect(view).to_be_visible()
    # Shown as each question and its answer's label, never as code.
    expect(view.locator("dt")).to_have_count(len(answers))
    expect(view.locator("dd").first).to_have_text("Not at all")
    assert "{" not in view.inner_text()

    # A later visit: the saved answers fill the form again, and give the same result.
    page.goto(base_url + "self-assessment/")
    expect(saved_box).to_be_visible()
    assert form_answers(page) == {}
    page.get_by_role("button", name="Fill in my saved answers").click()
    assert form_answers(page) == answers
    page.locator("[data-quiz-submit]").click()
    assert_result(page, answers, "deck_with_support")

    page.get_by_role("button", name="Delete my saved answers").click()
    expect(saved_box).to_be_hidden()
    expect(page.locator("[data-quiz-status]")).to_contain_text("deleted")
    assert storage(page) == baseline
    assert STORAGE_KEY not in storage(page)["local"]
    expect(page.get_by_label("Save my answers on this device")).not_to_be_checked()
    page.goto(base_url + "self-assessment/")
    expect(saved_box).to_be_hidden()
    assert storage(page)["local"] == baseline["local"]
    assert_nothing_left(traffic.requests, request_log, site_dir, base_url)


def test_unticked_save_box_stores_nothing_even_after_several_results(booted_page: Page, booted_log: RequestLog) -> None:
    page = booted_page
    baseline = storage(page)
    fill_by_mouse(page, PEOPLE["deck"])
    page.locator("[data-quiz-submit]").click()
    assert_result(page, PEOPLE["deck"], "deck")
    page.get_by_role("button", name="Clear my answers").click()
    expect(page.locator("[data-quiz-result]")).to_be_hidden()
    fill_by_mouse(page, PEOPLE["therapist"])
    page.locator("[data-quiz-submit]").click()
    assert_result(page, PEOPLE["therapist"], "therapist")
    assert storage(page) == baseline
    text = json.dumps(storage(page))
    for item_id in ITEM_IDS:
        assert item_id not in text


def test_quiz_works_when_site_data_is_blocked(page: Page, base_url: str, request_log: RequestLog) -> None:
    """Someone who blocks site data (localStorage throws) still gets a result; saving is off."""
    page.add_init_script(
        """Object.defineProperty(window, "localStorage", {
            get() { throw new DOMException("The user blocked site data.", "SecurityError"); },
        });"""
    )
    page.goto(base_url + "self-assessment/")
    expect(page.get_by_label("Save my answers on this device")).to_be_disabled()
    answers = PEOPLE["therapist"]
    fill_by_mouse(page, answers)
    page.locator("[data-quiz-submit]").click()
    assert_result(page, answers, "therapist")
    expect(page.locator("[data-quiz-saved]")).to_be_hidden()


def test_without_javascript_submitting_sends_no_answer(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sent: list[str] = []
        context.on("request", lambda request: sent.append(request.url))
        page.goto(base_url + "self-assessment/")
        fill_by_mouse(page, {"phq9_9": 2})
        page.locator("[data-quiz-submit]").click()
        # Give a navigation, if the click starts one, time to show; a fixed form never navigates.
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_url(re.compile(r"\?"), timeout=5_000)
        leaked = [url for url in sent if urlparse(url).query]
        assert leaked == [], f"answers left the page: {leaked}"
    finally:
        context.close()


# --- 4: bad or missing answers ----------------------------------------------------------------


def _assert_no_traceback(page: Page) -> None:
    html = page.content()
    for mark in TRACEBACK_MARKS:
        assert mark not in html, f"{mark!r} on the page"


def _assert_problems_shown(page: Page, answers: dict[str, Any]) -> list[dict[str, Any]]:
    # The form sends the areas question as a list, empty when nothing is ticked.
    reply = python_reply({"areas": [], **answers})
    assert not reply["ok"]
    problems: list[dict[str, Any]] = reply["problems"]
    summary = page.locator("[data-quiz-errors]")
    expect(summary).to_be_visible(timeout=RESULT_TIMEOUT)
    expect(summary).to_have_attribute("role", "alert")
    count = len(problems)
    expect(summary.locator("p").first).to_have_text(
        "One answer needs your attention:" if count == 1 else f"{count} answers need your attention:"
    )
    expect(summary.locator("li")).to_have_text([problem["message"] for problem in problems])
    missing = {problem["item"] for problem in problems}
    for item_id in ITEM_IDS:
        fieldset = page.locator(f'[data-item="{item_id}"]')
        error = fieldset.locator(".quiz-item__error")
        if item_id in missing:
            expect(fieldset).to_have_attribute("aria-invalid", "true")
            message = next(problem["message"] for problem in problems if problem["item"] == item_id)
            expect(error).to_be_visible()
            expect(error).to_have_text(message)
            # The message is part of the question's accessible description.
            assert f"error-{item_id}" in (fieldset.get_attribute("aria-describedby") or "").split()
        else:
            assert fieldset.get_attribute("aria-invalid") is None, item_id
            expect(error).to_be_hidden()
    _assert_no_traceback(page)
    return problems


def test_empty_form_lists_every_missing_answer(booted_page: Page, booted_log: RequestLog) -> None:
    page = booted_page
    page.locator("[data-quiz-submit]").click()
    problems = _assert_problems_shown(page, {})
    assert len(problems) == len(ITEM_IDS)
    expect(page.locator("[data-quiz-errors]")).to_be_focused()
    expect(page.locator("[data-quiz-result]")).to_be_hidden()

    # Each line of the summary takes the person to its question, with focus on a choice.
    link = page.locator("[data-quiz-errors] a").nth(5)
    expect(link).to_have_attribute("href", f"#item-{ITEM_IDS[5]}")
    link.click()
    state = focus_state(page)
    assert state["item"] == ITEM_IDS[5], state


def test_partial_form_lists_what_is_missing_then_clears_when_fixed(booted_page: Page, booted_log: RequestLog) -> None:
    page = booted_page
    answers = PEOPLE["deck"]
    partial = {key: value for key, value in answers.items() if key not in ("gad2_2", "areas", "fear_4")}
    fill_by_mouse(page, partial)
    page.locator("[data-quiz-submit]").click()
    problems = _assert_problems_shown(page, partial)
    assert {problem["item"] for problem in problems} == {"gad2_2", "areas", "fear_4"}
    expect(page.locator("[data-quiz-result]")).to_be_hidden()

    fill_by_mouse(page, {key: answers[key] for key in ("gad2_2", "areas", "fear_4")})
    page.locator("[data-quiz-submit]").click()
    assert_result(page, answers, "deck")
    expect(page.locator("[data-quiz-errors]")).to_be_hidden()
    assert page.locator("[aria-invalid]").count() == 0
    expect(page.locator(".quiz-item__error:visible")).to_have_count(0)


def _result_in_contents(page: Page, shown: bool) -> None:
    """The table of contents offers "Your result" only while there is one to go to."""
    entries = page.locator('.md-nav--secondary a[href$="#quiz-result-heading"]')
    expect(entries.first).to_be_attached()
    for entry in entries.all():
        if shown:
            expect(entry.locator("xpath=ancestor::li[1]")).not_to_have_attribute("hidden", "")
        else:
            expect(entry.locator("xpath=ancestor::li[1]")).to_have_attribute("hidden", "")
    toc = page.locator("[data-md-component=sidebar][data-md-type=toc]")
    if shown:
        expect(toc.get_by_role("link", name="Your result")).to_be_visible()
    else:
        expect(toc.get_by_role("link", name="Your result")).to_have_count(0)


def test_an_old_result_goes_when_the_answers_become_incomplete(booted_page: Page, booted_log: RequestLog) -> None:
    page = booted_page
    answers = PEOPLE["deck"]
    _result_in_contents(page, shown=False)
    fill_by_mouse(page, answers)
    page.locator("[data-quiz-submit]").click()
    assert_result(page, answers, "deck")
    _result_in_contents(page, shown=True)
    # Untick every area: the deck result no longer matches the answers.
    for value in answers["areas"]:
        page.locator(f'[data-item="areas"] label.quiz-option:has(input[value="{value}"]) span').click()
    page.locator("[data-quiz-submit]").click()
    _assert_problems_shown(page, {**answers, "areas": []})
    expect(page.locator("[data-quiz-result]")).to_be_hidden()
    _result_in_contents(page, shown=False)


@pytest.mark.parametrize("self_harm", [1, 3])
def test_partial_form_with_self_harm_answer_still_shows_the_crisis_panel(
    booted_page: Page, booted_log: RequestLog, self_harm: int
) -> None:
    page = booted_page
    partial = {"phq2_1": 1, "phq2_2": 0, "phq9_9": self_harm, "sf_judged": 2}
    reply = python_reply(partial)
    assert not reply["ok"] and reply["crisis_reasons"], reply
    fill_by_mouse(page, partial)
    page.locator("[data-quiz-submit]").click()
    # Crisis help at once, without a wall of "answer this question" errors beside it: no other
    # answer could change a crisis result, so the rest of the form is not asked for.
    expect(page.locator("[data-quiz-errors]")).to_be_hidden()
    expect(page.locator(".quiz-item__error:visible")).to_have_count(0)

    result = page.locator("[data-quiz-result]")
    expect(result).to_be_visible()
    expect(result).to_have_attribute("data-outcome", "crisis")
    assert visible_outcomes(page) == ["crisis"]
    expect(result.locator("[data-quiz-reasons] > li")).to_have_text(reply["crisis_reasons"])
    expect(result.locator(".crisis-line")).to_contain_text("988")
    expect(result.locator("[data-quiz-deck]")).to_be_hidden()
    expect(page.locator("#quiz-result-heading")).to_be_focused()


# --- 5: the runtime can't load --------------------------------------------------------------


def _assert_failure_panel(page: Page, reason: re.Pattern[str]) -> None:
    failure = page.locator("[data-quiz-failure]")
    expect(failure).to_be_visible(timeout=FAILURE_TIMEOUT)
    expect(failure).to_have_attribute("role", "alert")
    expect(failure.locator("[data-failure-reason]")).to_have_text(reason)
    expect(failure).to_contain_text("What you can try")
    expect(failure).to_contain_text("reload the page")
    for contact in ("988", "116 123", "findahelpline.com"):
        expect(failure.locator(".crisis-line, p").filter(has_text=contact).first).to_be_visible()
    expect(page.locator(".crisis-line").first).to_be_visible()
    # No endless spinner: the loading message is gone.
    expect(page.locator("[data-quiz-status]")).not_to_contain_text("Loading")
    _assert_no_traceback(page)


def _submit_after_failure(page: Page) -> None:
    # A calm person gets the failure (there is nothing to score with); a person at risk still
    # gets the crisis result at once, because that rule runs without the engine.
    fill_by_mouse(page, PEOPLE["deck"])
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-quiz-failure]")).to_be_focused(timeout=FAILURE_TIMEOUT)
    expect(page.locator("[data-quiz-status]")).to_have_text("")
    expect(page.locator("[data-quiz-result]")).to_be_hidden()
    _assert_no_traceback(page)
    page.locator('[data-item="phq9_9"] input[value="2"]').check()
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-quiz-result]")).to_have_attribute("data-outcome", "crisis")
    expect(page.locator("[data-quiz-result] [data-outcome=crisis]")).to_be_visible()
    _assert_no_traceback(page)


def test_failure_panel_is_hidden_while_the_engine_loads(quiz_page: Page, request_log: RequestLog) -> None:
    expect(quiz_page.locator("[data-quiz-failure]")).to_be_hidden()
    expect(quiz_page.locator("[data-quiz-status]")).to_have_text(re.compile("Downloading|Starting|ready"))
    expect(quiz_page.locator("[data-quiz-status]")).to_contain_text("ready", timeout=RESULT_TIMEOUT)
    expect(quiz_page.locator("[data-quiz-failure]")).to_be_hidden()


@pytest.mark.parametrize("blocked", ["**/pyodide/**", "**/pyodide/pyodide.asm.wasm", "**/pyodide/python_stdlib.zip"])
def test_blocked_pyodide_files_give_a_clear_failure_at_once(
    page: Page, context: BrowserContext, base_url: str, request_log: RequestLog, blocked: str
) -> None:
    # Registered after the request log's guard, so it wins for these files.
    context.route(blocked, lambda route: route.abort())
    page.goto(base_url + "self-assessment/")
    _assert_failure_panel(page, re.compile(r"could not be downloaded"))
    _submit_after_failure(page)
    assert request_log.foreign == []


def test_missing_webassembly_gives_the_same_failure(page: Page, base_url: str, request_log: RequestLog) -> None:
    page.add_init_script("delete window.WebAssembly;")
    page.goto(base_url + "self-assessment/")
    _assert_failure_panel(page, re.compile("WebAssembly"))
    _submit_after_failure(page)
    assert not any("/pyodide/" in url for url in request_log.requests), "no runtime download without WebAssembly"


def test_a_runtime_that_never_answers_fails_once_the_download_stalls(
    page: Page, context: BrowserContext, base_url: str, request_log: RequestLog
) -> None:
    held: list[Route] = []
    context.route("**/pyodide/**", lambda route: held.append(route))  # never answered: the download hangs

    def shorter_wait(route: Route) -> None:
        # The page's documented setting, data-stall-timeout (seconds), set lower for the test.
        response = route.fetch()
        body = response.text()
        assert 'data-stall-timeout="30"' in body
        route.fulfill(response=response, body=body.replace('data-stall-timeout="30"', 'data-stall-timeout="3"'))

    page.route(base_url + "self-assessment/", shorter_wait)
    page.goto(base_url + "self-assessment/")
    _assert_failure_panel(page, re.compile("stopped"))
    assert held, "the runtime download was never attempted"
    _submit_after_failure(page)


# --- 7: instant navigation --------------------------------------------------------------------


def test_quiz_still_works_after_instant_navigation(
    page: Page, base_url: str, site_dir: Path, request_log: RequestLog
) -> None:
    allow_instant_navigation(page, site_dir, base_url)
    page.goto(base_url + "self-assessment/")
    page.evaluate("() => { window.__sameDocument = true; }")
    nav = page.locator(".md-nav--primary")
    nav.get_by_role("link", name="Trying it more safely", exact=True).click()
    expect(page).to_have_url(re.compile(r"/try-safely/$"))
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("[data-quiz-form]")).to_have_count(0)
    nav.get_by_role("link", name="Self-assessment", exact=True).click()
    expect(page).to_have_url(re.compile(r"/self-assessment/$"))
    expect(page.locator("[data-quiz-form]")).to_be_visible()
    assert page.evaluate("() => window.__sameDocument === true"), "navigation reloaded the page"
    # The adapter bound the new form (via document$) and the engine still answers.
    expect(page.locator("[data-quiz-form]")).to_have_attribute("data-bound", "true")
    answers = PEOPLE["therapist"]
    fill_by_mouse(page, answers)
    page.locator("[data-quiz-submit]").click()
    assert_result(page, answers, "therapist")
    expect(page.locator("[data-quiz-status]")).to_have_text("Your result is below.")
    assert page.evaluate("() => window.__sameDocument === true")
    assert request_log.foreign == []


# --- 8: accessibility basics ------------------------------------------------------------------


def test_form_structure_is_accessible(booted_page: Page, booted_log: RequestLog) -> None:
    page = booted_page
    report = page.evaluate(
        """() => {
            const out = {fieldsets: 0, noLegend: [], inputs: 0, unlabelled: [], badDescribedBy: []};
            for (const fieldset of document.querySelectorAll("article fieldset")) {
                out.fieldsets += 1;
                const legend = fieldset.querySelector(":scope > legend");
                if (!legend || !legend.textContent.trim()) out.noLegend.push(fieldset.id);
                for (const id of (fieldset.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean)) {
                    if (!document.getElementById(id)) out.badDescribedBy.push(`${fieldset.id} -> ${id}`);
                }
            }
            for (const control of document.querySelectorAll("article input, article select, article textarea")) {
                out.inputs += 1;
                const text = [...(control.labels || [])].map((label) => label.textContent.trim()).join(" ");
                if (!text && !control.getAttribute("aria-label")) out.unlabelled.push(control.outerHTML.slice(0, 80));
            }
            return out;
        }"""
    )
    assert report["fieldsets"] == len(ITEM_IDS)
    assert report["noLegend"] == []
    assert report["badDescribedBy"] == []
    assert report["inputs"] == sum(len(item["options"]) for item in ITEMS) + 2  # + save box, paper size
    assert report["unlabelled"] == []

    errors = page.locator("[data-quiz-errors]")
    expect(errors).to_have_attribute("role", "alert")
    expect(errors).to_have_attribute("tabindex", "-1")
    status = page.locator("[data-quiz-status]")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(page.locator("[data-quiz-failure]")).to_have_attribute("role", "alert")
    expect(page.locator("[data-deck-status]")).to_have_attribute("role", "status")
    # The saved answers open under their button, which says whether they are shown.
    expect(page.locator("[data-saved-show]")).to_have_attribute("aria-controls", "quiz-saved-view")
    expect(page.locator("[data-saved-show]")).to_have_attribute("aria-expanded", "false")
    result = page.locator("[data-quiz-result]")
    expect(result).to_have_attribute("aria-labelledby", "quiz-result-heading")
    expect(page.locator("#quiz-result-heading")).to_have_attribute("tabindex", "-1")
    # Every control is a real form control that a keyboard reaches: no tabindex tricks.
    # (tabindex="-1" only lets the page move focus to a status line; it adds no tab stop.)
    assert page.locator('[data-quiz-form] [tabindex]:not([tabindex="-1"])').count() == 0
    # Radio groups share a name per question, so arrow keys move within one question.
    names = page.evaluate(
        """() => [...document.querySelectorAll("[data-item]")]
            .map((fieldset) => new Set([...fieldset.querySelectorAll("input")].map((input) => input.name)).size)"""
    )
    assert names == [1] * len(ITEM_IDS)


def test_the_page_is_readable_before_python_loads(
    page: Page, context: BrowserContext, base_url: str, request_log: RequestLog
) -> None:
    """While the runtime is still on its way, every question is there to read and answer."""
    held: list[Route] = []
    context.route("**/pyodide/**", lambda route: held.append(route))
    page.goto(base_url + "self-assessment/")
    expect(page.locator("[data-quiz-status]")).to_contain_text("You can start answering now")
    expect(page.locator("[data-quiz-form] fieldset")).to_have_count(len(ITEM_IDS))
    fill_by_mouse(page, PEOPLE["deck"])
    assert form_answers(page) == PEOPLE["deck"]
    expect(page.locator("[data-quiz-failure]")).to_be_hidden()
