"""The self-check's care for the person using it: the first question within reach, answers that are
easy to hit, saving that says what it does, no stale state, honest advice in in-app browsers and
without WebAssembly, buttons readable in every state, and no test hooks in what we ship."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

import quiz
from tests.browser.helpers import DESKTOP, PHONE, SIZES, RequestLog, axe_report, scheme_params, shot
from tests.browser.quizflow import CALM, RESULT_TIMEOUT, check_answers

pytestmark = pytest.mark.browser

INSTAGRAM_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 Instagram 356.0.0.24.106 (iPhone15,2; iOS 18_1; en_GB; en-GB; scale=3.00; 1179x2556)"
)


def open_quiz(page: Page, base_url: str) -> None:
    page.goto(base_url + "self-assessment/")
    expect(page.locator("[data-quiz-form]")).to_be_visible()


# --- 7: the questions within reach ------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "screens"),
    [
        pytest.param("phone", 1.5, marks=pytest.mark.browser_context_args(**PHONE), id="phone"),
        pytest.param("desktop", 1.0, marks=pytest.mark.browser_context_args(**DESKTOP), id="desktop"),
    ],
)
def test_the_first_question_is_within_reach(
    page: Page, base_url: str, request_log: RequestLog, size: str, screens: float
) -> None:
    open_quiz(page, base_url)
    height = page.viewport_size["height"]  # type: ignore[index]
    # The question itself (its legend) and its first answer are on screen without scrolling further.
    legend = page.locator("[data-item] legend").first.bounding_box()
    answer = page.locator("[data-item] .quiz-option").first.bounding_box()
    assert legend is not None and answer is not None
    bottom = max(legend["y"] + legend["height"], answer["y"] + answer["height"])
    assert bottom <= screens * height, f"first question ends at {bottom:.0f}px; the limit is {screens * height:.0f}px"
    shot(page, f"top-of-quiz-{size}")


@pytest.mark.browser_context_args(**PHONE)
def test_the_cut_off_table_reads_on_a_phone(booted_page: Page, base_url: str, booted_log: RequestLog) -> None:
    page = booted_page
    expect(page.locator("[data-quiz-form]")).to_be_visible()  # the booted page is open
    rules = page.locator("details.quiz-rules")
    expect(rules).not_to_have_attribute("open", "")
    rules.locator("summary").click()
    table = rules.locator("table.cutoffs-table")
    expect(table).to_be_visible()
    width = page.viewport_size["width"]  # type: ignore[index]
    cells = table.locator("td")
    assert cells.count() >= 3 * len(quiz.cutoffs.describe())
    clipped = table.evaluate(
        """(t, width) => [...t.querySelectorAll("td")].filter((td) => {
            const r = td.getBoundingClientRect();
            return r.right > width + 0.5 || r.left < -0.5 || td.scrollWidth > td.clientWidth + 1;
        }).map((td) => td.textContent.slice(0, 40))""",
        width,
    )
    assert clipped == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    # Each cell says which column it is, so the source is never lost.
    expect(cells.nth(2)).to_have_attribute("data-label", "Source")
    table.scroll_into_view_if_needed()
    shot(page, "cut-off-table-phone")


@pytest.mark.parametrize("size", SIZES)
def test_every_answer_and_button_is_at_least_44_px(
    booted_page: Page, base_url: str, booted_log: RequestLog, size: str
) -> None:
    page = booted_page
    expect(page.locator("[data-quiz-form]")).to_be_visible()  # the booted page is open
    small = page.evaluate(
        """() => [...document.querySelectorAll(".quiz-option, .quiz-form button, .quiz-remember__choice")]
            .filter((node) => node.offsetParent !== null)
            .map((node) => [node.textContent.trim().slice(0, 30), node.getBoundingClientRect()])
            .filter(([, r]) => r.width < 44 || r.height < 44)
            .map(([text, r]) => `${text}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert small == []
    # The 0-10 thermometer never leaves "10" alone on a line.
    rows = page.evaluate(
        """() => {
            const tops = [...document.querySelectorAll('[data-item="fear_1"] .quiz-option')]
              .map((node) => Math.round(node.getBoundingClientRect().top));
            const counts = {};
            for (const top of tops) counts[top] = (counts[top] || 0) + 1;
            return Object.values(counts);
        }"""
    )
    assert min(rows) >= 2, rows


@pytest.mark.parametrize("size", SIZES)
def test_the_fear_thermometer_and_the_choices_read_on_every_screen(
    booted_page: Page, base_url: str, booted_log: RequestLog, size: str
) -> None:
    """Each cell of the 0-10 scale shows its number on one line (inside a narrow cell the named
    points broke mid-word: "moder-ate"); the named points are written once under the scale, and
    each answer's name still carries them for a screen reader."""
    page = booted_page
    expect(page.locator("[data-quiz-form]")).to_be_visible()  # the booted page is open
    thermometer = quiz.ladder.load().thermometer
    named = dict(thermometer.anchors)
    (ratings,) = [section for section in quiz.questionnaire()["sections"] if section.get("anchors")]
    assert len(ratings["items"]) == 5
    for item in [page.locator(f'[data-item="{rating["id"]}"]') for rating in ratings["items"]]:
        for value in range(thermometer.min, thermometer.max + 1):
            name = f"{value} ({named[value]})" if value in named else str(value)
            expect(item.get_by_role("radio", name=name, exact=True)).to_have_count(1)
        points = item.locator(".quiz-scale-anchors")
        expect(points).to_have_attribute("aria-hidden", "true")
        expect(points.locator("span")).to_have_text([f"{v} = {t}" for v, t in sorted(named.items())])
    lines = page.evaluate(
        """(ids) => ids.flatMap((id) => [...document.querySelectorAll(`[data-item="${id}"] .quiz-option > span`)])
            .map((span) => [span.firstChild.textContent,
                            span.getBoundingClientRect().height / parseFloat(getComputedStyle(span).lineHeight)])
            .filter(([, count]) => count > 1.5)""",
        [rating["id"] for rating in ratings["items"]],
    )
    assert lines == []
    width = page.viewport_size["width"]  # type: ignore[index]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    # No answer anywhere in the form breaks a word across lines (the areas' list of choices
    # was once a grid of narrow cells: "Everyd-ay requests").
    broken = page.evaluate(
        r"""() => {
            const broken = [];
            for (const label of document.querySelectorAll("[data-quiz-form] .quiz-option")) {
                if (!label.offsetParent) continue;
                const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    if (node.parentElement.closest(".quiz-visually-hidden")) continue;
                    for (const match of node.textContent.matchAll(/\S+/g)) {
                        const range = document.createRange();
                        range.setStart(node, match.index);
                        range.setEnd(node, match.index + match[0].length);
                        if (range.getClientRects().length > 1) broken.push(match[0]);
                    }
                }
            }
            return broken;
        }"""
    )
    assert broken == []


# --- 8: saving with care ------------------------------------------------------------------------


def test_saving_sits_before_submit_warns_and_survives_a_reload(
    page: Page, base_url: str, request_log: RequestLog
) -> None:
    open_quiz(page, base_url)
    remember = page.locator("[data-quiz-remember]")
    submit = page.locator("[data-quiz-submit]")
    assert remember.bounding_box()["y"] < submit.bounding_box()["y"]  # type: ignore[index]
    warning = page.locator(".quiz-remember__warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Anyone who uses this browser could read them")
    expect(warning).to_contain_text("self-harm")
    check_answers(page, {"phq2_1": 1, "phq9_9": 0, "areas": ["money"]})
    remember.check()
    page.reload()
    expect(page.locator("[data-quiz-remember]")).to_be_checked()
    saved = page.locator("[data-quiz-saved]")
    expect(saved).to_contain_text("Your answers are saved on this device.")
    page.locator("[data-saved-show]").click()
    view = page.locator("[data-saved-view]")
    expect(view).to_be_visible()
    expect(view.locator("dt").first).to_contain_text("Little interest or pleasure in doing things")
    expect(view).to_contain_text("Several days")
    expect(view).to_contain_text("Money and negotiation")
    assert "{" not in view.inner_text() and '"' not in view.inner_text(), "saved answers shown as code"
    # The view never shows old data: a change while saving updates it at once.
    page.locator('[data-item="phq2_1"] input[value="3"]').check()
    expect(view).to_contain_text("Nearly every day")
    expect(view).not_to_contain_text("Several days")
    page.locator("[data-saved-delete]").click()
    expect(view).to_be_hidden()
    expect(page.locator("[data-quiz-remember]")).not_to_be_checked()
    assert page.evaluate("() => localStorage.getItem('/.quiz-answers')") is None


def test_ticking_save_after_a_result_saves_the_answers(
    booted_page: Page, base_url: str, booted_log: RequestLog
) -> None:
    page = booted_page
    expect(page.locator("[data-quiz-form]")).to_be_visible()  # the booted page is open
    check_answers(page, CALM)
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-quiz-result]")).to_be_visible(timeout=RESULT_TIMEOUT)
    page.locator("[data-quiz-remember]").check()
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('/.quiz-answers'))")
    assert stored == CALM


# --- 6: no stale state ----------------------------------------------------------------------------


def test_clear_can_be_undone_and_resets_status(booted_page: Page, base_url: str, booted_log: RequestLog) -> None:
    page = booted_page
    expect(page.locator("[data-quiz-form]")).to_be_visible()  # the booted page is open
    check_answers(page, CALM)
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-quiz-result]")).to_be_visible(timeout=RESULT_TIMEOUT)
    expect(page.locator("[data-quiz-status]")).to_have_text("Your result is below.")
    page.locator("[data-quiz-clear]").click()
    expect(page.locator("[data-quiz-result]")).to_be_hidden()
    expect(page.locator("[data-quiz-status]")).to_have_text("")
    assert page.locator("[data-quiz-form] input:checked").count() == 0
    undo = page.locator("[data-quiz-undo]")
    expect(undo).to_be_visible()
    undo.get_by_role("button", name="Undo").click()
    expect(undo).to_be_hidden()
    checked = page.locator("[data-item] input:checked").count()
    assert checked == sum(len(v) if isinstance(v, list) else 1 for v in CALM.values())


def test_a_new_result_resets_the_deck_status(booted_page: Page, base_url: str, booted_log: RequestLog) -> None:
    page = booted_page
    expect(page.locator("[data-quiz-form]")).to_be_visible()  # the booted page is open
    check_answers(page, CALM)
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-quiz-result]")).to_be_visible(timeout=RESULT_TIMEOUT)
    status = page.locator("[data-deck-status]")
    with page.expect_download(timeout=RESULT_TIMEOUT * 2):
        page.get_by_role("button", name="Download my deck").click()
    expect(status).to_contain_text("ready", timeout=RESULT_TIMEOUT)
    open_link = page.get_by_role("link", name="Open my deck (PDF)")
    expect(open_link).to_be_visible()
    href = open_link.get_attribute("href") or ""
    assert href.startswith("blob:")
    # Still there a while later: the link is kept until the answers change.
    page.wait_for_timeout(1500)
    expect(open_link).to_be_visible()
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-quiz-result]")).to_be_visible(timeout=RESULT_TIMEOUT)
    expect(status).to_have_text("")
    expect(open_link).to_be_hidden()


# --- 11: in-app browsers and WebAssembly switched off --------------------------------------------


@pytest.mark.browser_context_args(**PHONE, user_agent=INSTAGRAM_UA)
def test_an_in_app_browser_is_named_before_the_person_starts(
    page: Page, base_url: str, request_log: RequestLog
) -> None:
    open_quiz(page, base_url)
    notice = page.locator("[data-quiz-inapp]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Safari or Chrome")
    assert notice.bounding_box()["y"] < page.locator("[data-item]").first.bounding_box()["y"]  # type: ignore[index]
    shot(page, "in-app-notice-phone")


def test_no_in_app_notice_in_an_ordinary_browser(booted_page: Page, base_url: str, booted_log: RequestLog) -> None:
    page = booted_page
    expect(page.locator("[data-quiz-form]")).to_be_visible()  # the booted page is open
    expect(page.locator("[data-quiz-inapp]")).to_be_hidden()


def test_webassembly_switched_off_says_so_and_how_to_allow_it(
    page: Page, base_url: str, request_log: RequestLog
) -> None:
    page.add_init_script("delete window.WebAssembly;")
    open_quiz(page, base_url)
    failure = page.locator("[data-quiz-failure]")
    expect(failure).to_be_visible()
    expect(failure).to_contain_text("WebAssembly")
    expect(failure).to_contain_text("Lockdown Mode")
    expect(failure).not_to_contain_text("up-to-date")
    expect(failure.locator('[data-failure-advice="other"]')).to_be_hidden()
    expect(failure.get_by_role("button", name="Try again")).to_be_hidden()
    shot(page, "no-webassembly")


def test_retry_really_retries_after_a_failed_download(
    page: Page, context: BrowserContext, base_url: str, request_log: RequestLog
) -> None:
    blocked = {"on": True}

    def maybe_block(route: Any) -> None:
        if blocked["on"]:
            route.abort()
        else:
            route.fallback()

    context.route("**/pyodide/pyodide.asm.wasm", maybe_block)
    open_quiz(page, base_url)
    failure = page.locator("[data-quiz-failure]")
    expect(failure).to_be_visible(timeout=RESULT_TIMEOUT)
    expect(failure.locator("[data-failure-reason]")).to_contain_text("pyodide.asm.wasm")
    blocked["on"] = False
    failure.get_by_role("button", name="Try again").click()
    expect(failure).to_be_hidden()
    expect(page.locator("[data-quiz-status]")).to_contain_text("ready", timeout=RESULT_TIMEOUT)
    check_answers(page, CALM)
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-quiz-result]")).to_have_attribute("data-outcome", "deck", timeout=RESULT_TIMEOUT)


def test_a_stalled_download_fails_with_its_own_message_and_a_retry(
    page: Page, context: BrowserContext, base_url: str, request_log: RequestLog
) -> None:
    held: list[Any] = []
    context.route("**/pyodide/python_stdlib.zip", lambda route: held.append(route))  # never answered

    def shorter_stall(route: Any) -> None:
        response = route.fetch()
        body = response.text()
        assert 'data-stall-timeout="30"' in body
        route.fulfill(response=response, body=body.replace('data-stall-timeout="30"', 'data-stall-timeout="3"'))

    page.route(base_url + "self-assessment/", shorter_stall)
    open_quiz(page, base_url)
    failure = page.locator("[data-quiz-failure]")
    expect(failure).to_be_visible(timeout=RESULT_TIMEOUT)
    expect(failure.locator("[data-failure-reason]")).to_contain_text("stopped: nothing arrived for 3 seconds")
    expect(failure.get_by_role("button", name="Try again")).to_be_visible()
    assert held, "the stalled file was never asked for"


# --- 9: readable in every state -----------------------------------------------------------------


@pytest.mark.parametrize("scheme", scheme_params("light", "dark"))
@pytest.mark.parametrize("state", ["hover", "focus"])
def test_buttons_keep_their_contrast_when_hovered_and_focused(
    booted_page: Page, base_url: str, booted_log: RequestLog, scheme: str, state: str
) -> None:
    page = booted_page
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    expect(page.locator("[data-quiz-form]")).to_be_visible()  # the booted page is open
    check_answers(page, CALM)
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-quiz-result]")).to_be_visible(timeout=RESULT_TIMEOUT)
    page.locator("[data-quiz-remember]").check()  # shows the saved-answers buttons too
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    buttons = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": ".md-typeset .md-button"})["nodeIds"]
    assert len(buttons) >= 6
    for node in buttons:
        cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": [state]})
    # axe_report lets the theme's colour fades end first: judged where they end.
    report = axe_report(page, {"runOnly": ["color-contrast"]})
    assert report == "", report
    # axe skips what it cannot judge; measure each visible button's label against its background.
    low = page.evaluate(
        """() => {
          const parse = (c) => c.match(/[\\d.]+/g).map(Number);
          const lum = ([r, g, b]) => {
            const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          const bgOf = (node) => {
            for (let n = node; n; n = n.parentElement) {
              const c = parse(getComputedStyle(n).backgroundColor);
              if (c.length < 4 || c[3] > 0.5) return c;
            }
            return [255, 255, 255];
          };
          return [...document.querySelectorAll(".md-typeset .md-button")].filter((b) => b.offsetParent).map((b) => {
            const fg = parse(getComputedStyle(b).color);
            const l1 = lum(fg), l2 = lum(bgOf(b));
            const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
            return [b.textContent.trim(), ratio];
          }).filter(([, ratio]) => ratio < 4.5);
        }"""
    )
    assert low == [], low
    shot(page, f"buttons-{state}-{scheme}")


# --- 12: no test hooks in what we ship -----------------------------------------------------------


def test_no_test_hooks_ship(booted_page: Page, base_url: str, site_dir: Path, booted_log: RequestLog) -> None:
    page = booted_page
    expect(page.locator("[data-quiz-form]")).to_be_visible()  # the booted page is open
    assert page.evaluate("() => typeof window.quizEngine") == "undefined"
    shipped = "\n".join(path.read_text(encoding="utf-8") for path in (site_dir / "assets" / "js").glob("*.mjs"))
    assert "quizEngine" not in shipped
    assert not re.search(r"\brun\s*\(|runPython\(message", shipped)


@pytest.mark.parametrize("scheme", scheme_params("light", "dark"))
def test_the_new_states_have_no_axe_violations(
    booted_page: Page, base_url: str, booted_log: RequestLog, scheme: str
) -> None:
    """Progress, the under-18 box, saved answers shown, a withdrawn result and the undo line."""
    page = booted_page
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    expect(page.locator("[data-quiz-form]")).to_be_visible()  # the booted page is open
    page.locator("details.under-18 summary").click()
    check_answers(page, CALM)
    page.locator("[data-quiz-remember]").check()
    page.locator("[data-saved-show]").click()
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-quiz-result]")).to_be_visible(timeout=RESULT_TIMEOUT)
    page.locator('[data-item="phq2_1"] input[value="1"]').check()
    expect(page.locator("[data-quiz-stale]")).to_be_visible()
    report = axe_report(page)
    assert report == "", report
    page.locator("[data-quiz-clear]").click()
    expect(page.locator("[data-quiz-undo]")).to_be_visible()
    report = axe_report(page)
    assert report == "", report


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_failure_and_crisis_fallback_have_no_axe_violations(
    page: Page, context: BrowserContext, base_url: str, request_log: RequestLog, scheme: str
) -> None:
    context.route("**/pyodide/**", lambda route: route.abort())
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    open_quiz(page, base_url)
    expect(page.locator("[data-quiz-failure]")).to_be_visible(timeout=RESULT_TIMEOUT)
    check_answers(page, {"phq9_9": 3})
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-result-engine-note]")).to_be_visible()
    report = axe_report(page)
    assert report == "", report
