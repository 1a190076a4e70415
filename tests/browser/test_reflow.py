"""The quiz and its results at 200% zoom on a 320 px wide screen (WCAG 1.4.10 reflow):
nothing needs sideways scrolling, and keyboard alone still gets every outcome."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.quizflow import PEOPLE, assert_focus_visible, assert_result, fill_by_keyboard

pytestmark = pytest.mark.browser

# A 320 px wide screen at 200% zoom lays pages out in 160 CSS pixels; WCAG's reflow
# criterion asks for 320 CSS pixels. We test the stricter layout a 640 px window at
# 200% zoom gives (320 CSS px), with two device pixels per CSS pixel.
ZOOMED = {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2}


def assert_no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll("article *")]
                .filter((el) => el.getClientRects().length && !el.closest(".md-typeset__scrollwrap, pre, table"))
                .filter((el) => el.getBoundingClientRect().right > width + 1)
                .map((el) => el.tagName + "." + el.className);
            return { page: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5) };
        }"""
    )
    assert overflow["page"] <= 1 and not overflow["wide"], overflow


@pytest.mark.browser_context_args(**ZOOMED)
@pytest.mark.parametrize("outcome", sorted(PEOPLE))
def test_quiz_reflows_and_works_by_keyboard_when_zoomed(booted_page: Page, outcome: str) -> None:
    page = booted_page  # the self-assessment, opened in a zoomed window, its engine ready
    assert page.evaluate("document.documentElement.clientWidth") == 320
    assert_no_sideways_scroll(page)
    answers = PEOPLE[outcome]
    fill_by_keyboard(page, answers)
    page.keyboard.press("Enter")
    assert_result(page, answers, outcome)
    expect(page.locator("#quiz-result-heading")).to_be_focused()
    assert_focus_visible(page)
    assert_no_sideways_scroll(page)
