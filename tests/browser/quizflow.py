"""Shared quiz steps for browser tests: one person per outcome, and filling the form."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

RESULT_TIMEOUT = 60_000  # Pyodide's cold start is a few seconds, far more on a busy machine

CALM: dict[str, Any] = {
    "phq2_1": 0, "phq2_2": 0, "gad2_1": 0, "gad2_2": 0, "phq9_9": 0,
    "sf_judged": 1, "sf_avoid": 0, "sf_interfere": 0, "sf_duration": 0,
    "cope_rejection": 1, "cope_alone": 0, "cope_support": 0,
    "areas": ["everyday", "friendship", "money"],
    "fear_1": 2, "fear_2": 4, "fear_3": 6, "fear_4": 8, "fear_5": 9,
}  # fmt: skip

# One person per outcome. Each differs from the calm person in a way a real person might.
PEOPLE: dict[str, dict[str, Any]] = {
    "crisis": {**CALM, "phq9_9": 2, "gad2_1": 1, "areas": ["dating"]},
    "therapist": {**CALM, "phq2_1": 2, "phq2_2": 1, "cope_alone": 2, "areas": ["strangers"]},
    "deck_with_support": {**CALM, "gad2_1": 1, "gad2_2": 2, "areas": ["strangers", "work-study"]},
    "deck": CALM,
}


def check_answers(page: Page, answers: dict[str, Any]) -> None:
    """Tick each answer's input directly (the mouse and keyboard paths have their own tests)."""
    for item, value in answers.items():
        for choice in value if isinstance(value, list) else [value]:
            page.locator(f'[data-item="{item}"] input[value="{choice}"]').check()


def show_result(page: Page, outcome: str) -> None:
    """Submit the filled form and wait for the given outcome's panel."""
    page.locator("[data-quiz-submit]").click()
    page.locator(f'[data-quiz-result][data-outcome="{outcome}"]').wait_for(state="visible", timeout=RESULT_TIMEOUT)
