"""axe-core (WCAG 2.2 AA and best practices) on every built page, light and dark,
including the quiz in each of its result states: zero violations allowed."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from quiz import assess
from tests.browser.conftest import RequestLog
from tests.browser.test_site import PAGES, _url

pytestmark = pytest.mark.browser

AXE = Axe()
SCHEMES = ["light", "dark"]
# One answer set per outcome; the test checks each really gives that outcome.
BASE = {
    "phq2_1": 0, "phq2_2": 0, "gad2_1": 0, "gad2_2": 0, "phq9_9": 0,
    "sf_judged": 1, "sf_avoid": 0, "sf_interfere": 0, "sf_duration": 0,
    "cope_rejection": 0, "cope_alone": 0, "cope_support": 0,
    "areas": ["everyday", "strangers"], "fear_1": 1, "fear_2": 3, "fear_3": 5, "fear_4": 7, "fear_5": 9,
}  # fmt: skip
OUTCOMES = {
    "deck": BASE,
    "deck_with_support": {**BASE, "gad2_1": 2, "gad2_2": 1},
    "therapist": {**BASE, "phq2_1": 2, "phq2_2": 1},
    "crisis": {**BASE, "phq9_9": 1},
}


def _violations(page: Page) -> str:
    results = AXE.run(page)
    if results.violations_count == 0:
        return ""
    return results.generate_report()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_file", PAGES)
def test_page_has_no_axe_violations(
    page: Page, base_url: str, request_log: RequestLog, page_file: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(_url(base_url, page_file))
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    report = _violations(page)
    assert not report, report


def _fill(page: Page, answers: dict[str, object]) -> None:
    for item, value in answers.items():
        for choice in value if isinstance(value, list) else [value]:
            page.locator(f'[data-item="{item}"] input[value="{choice}"]').check()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("outcome", sorted(OUTCOMES))
def test_quiz_result_states_have_no_axe_violations(
    page: Page, base_url: str, request_log: RequestLog, outcome: str, scheme: str
) -> None:
    answers = OUTCOMES[outcome]
    assert assess(answers)["outcome"] == outcome
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(base_url + "self-assessment/")
    _fill(page, answers)
    page.locator("[data-quiz-submit]").click()
    page.locator(f'[data-quiz-result][data-outcome="{outcome}"]').wait_for(state="visible", timeout=60_000)
    report = _violations(page)
    assert not report, report


@pytest.mark.parametrize("scheme", SCHEMES)
def test_quiz_error_state_has_no_axe_violations(
    page: Page, base_url: str, request_log: RequestLog, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(base_url + "self-assessment/")
    page.locator("[data-quiz-submit]").click()
    page.locator("[data-quiz-errors]").wait_for(state="visible", timeout=60_000)
    report = _violations(page)
    assert not report, report
