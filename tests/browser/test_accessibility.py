"""axe-core (WCAG 2.2 AA and best practices) on every built page, light and dark,
including the quiz in each of its result states: zero violations allowed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from quiz import assess
from tests.browser.helpers import (
    PAGES,
    RequestLog,
    axe_report,
    page_url,
    scheme_params,
    theme_scheme,
)
from tests.browser.quizflow import PEOPLE, check_answers, show_result

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]


@pytest.mark.parametrize("page_file", PAGES)
def test_page_has_no_axe_violations(page: Page, base_url: str, request_log: RequestLog, page_file: str) -> None:
    # Light, then dark by the theme's own toggle, as a reader switches it: one load of the page
    # for both (the self-check and experiments pages start the engine on every load).
    page.goto(page_url(base_url, page_file))
    reports = []
    for scheme in SCHEMES:
        expected = theme_scheme(scheme)
        if scheme == "dark":
            page.locator("label[for='__palette_1']").first.click()
            # Then on to the page, as a reader does: left over the toggle, the pointer shows the
            # theme's tooltip, and axe could catch it halfway through its fade-in (CI did once).
            page.mouse.move(640, 700)
            expect(page.locator(".md-tooltip--active")).to_have_count(0)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
        report = axe_report(page)
        if report:
            reports.append(f"{scheme}:\n{report}")
    assert not reports, "\n".join(reports)


@pytest.mark.parametrize("scheme", scheme_params(*SCHEMES))
@pytest.mark.parametrize("outcome", sorted(PEOPLE))
def test_quiz_result_states_have_no_axe_violations(
    booted_page: Page, base_url: str, booted_log: RequestLog, outcome: str, scheme: str
) -> None:
    page = booted_page
    answers = PEOPLE[outcome]
    assert assess(answers)["outcome"] == outcome
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    expected = theme_scheme(scheme)
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    check_answers(page, answers)
    show_result(page, outcome)
    report = axe_report(page)
    assert not report, report


@pytest.mark.parametrize("scheme", scheme_params(*SCHEMES))
def test_quiz_error_state_has_no_axe_violations(
    booted_page: Page, base_url: str, booted_log: RequestLog, scheme: str
) -> None:
    page = booted_page
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    expected = theme_scheme(scheme)
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    page.locator("[data-quiz-submit]").click()
    page.locator("[data-quiz-errors]").wait_for(state="visible", timeout=60_000)
    report = axe_report(page)
    assert not report, report
