"""Shared steps on the "My experiments" page for browser tests (its own tests, and the offline
journey): adding an entry as a person fills the form."""

from __future__ import annotations

from playwright.sync_api import Page, expect

CALL_MS = 180_000  # a call to the engine; the first may wait on its cold start and loads the log's package


def add_entry(
    page: Page,
    *,
    search: str | None = None,
    own: str | None = None,
    fear: str = "",
    dropped: str = "",
    learned: str = "",
    numbers: tuple[int, int, int] = (70, 6, 2),
    got_no: bool = False,
    beliefs: tuple[int, int] | None = (80, 30),
    date: str = "2026-11-20",
) -> None:
    # The form is in the page before its script binds it: what is typed earlier is reset.
    expect(page.locator("[data-experiment-log]")).to_have_attribute("data-bound", "true")
    count = page.locator(".exp-entry").count()
    if own is not None:
        page.check("input[data-log-source][value=own]")
        page.fill("#log-own", own)
    elif search is not None:
        page.fill("#log-card-search", search)
        # The cards arrive in the background: wait for a match to be chosen before saving.
        expect(page.locator("#log-card")).not_to_have_value("")
    page.fill("#log-fear", fear)
    page.fill("#log-dropped", dropped)
    page.fill("#log-predicted_no", str(numbers[0]))
    page.fill("#log-predicted_bad", str(numbers[1]))
    page.check(f"input[name=log-got_no][value={'true' if got_no else 'false'}]")
    page.fill("#log-actual_bad", str(numbers[2]))
    if beliefs:
        page.fill("#log-belief_before", str(beliefs[0]))
        page.fill("#log-belief_after", str(beliefs[1]))
    page.fill("#log-learned", learned)
    page.fill("#log-date", date)
    page.locator("[data-log-save]").click()
    expect(page.locator(".exp-entry")).to_have_count(count + 1, timeout=CALL_MS)
