"""The personalised deck, end to end in the built site: take the quiz to a deck outcome, click
"Download my deck", and check the PDF the browser saves holds exactly the cards CPython's
quiz.deck.select_deck picks, on the paper the person chose, with nothing leaving the origin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

import quiz
from deckpdf import page_count
from quiz import ladder
from quiz.deck import select_deck
from tests.browser.helpers import RequestLog, inject_engine_hook, reopen_quiz_instantly
from tests.browser.quizflow import check_answers
from tests.deckcheck import assert_exact_deck, assert_paper, page_texts

pytestmark = pytest.mark.browser

ENGINE_TIMEOUT_MS = 180_000  # Pyodide boot on a busy two-core machine
DECK_TIMEOUT_MS = 120_000  # the first PDF also loads fpdf2 into Pyodide

CALM = {
    "phq2_1": 0, "phq2_2": 0, "gad2_1": 0, "gad2_2": 0, "phq9_9": 0,
    "sf_judged": 0, "sf_avoid": 1, "sf_interfere": 0, "sf_duration": 0,
    "cope_rejection": 0, "cope_alone": 0, "cope_support": 0,
}  # fmt: skip
DECK = {**CALM, "areas": ["everyday", "dating", "money"], "fear_1": 1, "fear_2": 4, "fear_3": 6, "fear_4": 8,
        "fear_5": 9}  # fmt: skip
# No one to talk to: a deck, with support, starting lower.
WITH_SUPPORT = {**CALM, "cope_support": 1, "areas": ["work-study", "friendship"], "fear_1": 0, "fear_2": 1,
                "fear_3": 2, "fear_4": 4, "fear_5": 8}  # fmt: skip

# Records every text the deck status shows and whether the button was ever disabled, so a
# progress state that lasts only a moment is still seen.
WATCH_STATUS = """() => {
  const deck = document.querySelector("[data-quiz-deck]");
  const status = deck.querySelector("[data-deck-status]");
  const button = deck.querySelector("[data-deck-download]");
  window.__deckWatch = { texts: [], disabled: false };
  window.__deckObserver?.disconnect();
  window.__deckObserver = new MutationObserver(() => {
    const text = status.textContent.trim();
    const texts = window.__deckWatch.texts;
    if (text && texts[texts.length - 1] !== text) texts.push(text);
    if (button.disabled) window.__deckWatch.disabled = true;
  });
  window.__deckObserver.observe(deck, { subtree: true, childList: true, characterData: true, attributes: true });
}"""


def expected(answers: dict[str, Any], outcome: str) -> dict[str, Any]:
    """CPython's verdict on the same answers; the test is only meaningful for a deck outcome."""
    verdict: dict[str, Any] = quiz.assess(answers)
    assert verdict["outcome"] == outcome, verdict
    return verdict


def in_form_order(areas: list[str]) -> list[str]:
    order = ladder.area_ids()
    return sorted(areas, key=order.index)


def library(site_dir: Path) -> dict[str, Any]:
    """The card library the built site serves."""
    data: dict[str, Any] = json.loads((site_dir / "assets" / "data" / "cards.json").read_text(encoding="utf-8"))
    return data


def take_quiz(page: Page, base_url: str, answers: dict[str, Any], outcome: str, *, open_page: bool = True) -> None:
    """Open the self-assessment (unless the page is the booted one, already open) and get a deck."""
    if open_page:
        page.goto(base_url + "self-assessment/")
    # Wait for the engine, so the 45 s answer timeout never races a slow boot.
    expect(page.locator("[data-quiz-status]")).to_contain_text("ready", timeout=ENGINE_TIMEOUT_MS)
    check_answers(page, answers)
    page.locator("[data-quiz-submit]").click()
    panel = page.locator("[data-quiz-result]")
    expect(panel).to_be_visible(timeout=ENGINE_TIMEOUT_MS)
    expect(panel).to_have_attribute("data-outcome", outcome)
    expect(panel.locator(f'[data-outcome="{outcome}"]')).to_be_visible()
    expect(panel.locator("[data-quiz-deck]")).to_be_visible()


def download(page: Page, paper: str, tmp_path: Path) -> tuple[str, bytes, dict[str, Any]]:
    deck = page.locator("[data-quiz-deck]")
    deck.locator("[data-deck-paper]").select_option(paper)
    page.evaluate(WATCH_STATUS)
    with page.expect_download(timeout=DECK_TIMEOUT_MS) as info:
        deck.locator("[data-deck-download]").click()
    saved = tmp_path / f"{paper}.pdf"
    info.value.save_as(saved)
    status = deck.locator("[data-deck-status]")
    expect(status).to_contain_text("ready", timeout=DECK_TIMEOUT_MS)
    expect(deck.locator("[data-deck-download]")).to_be_enabled()
    watch = page.evaluate("window.__deckWatch")
    return info.value.suggested_filename, saved.read_bytes(), watch


def assert_downloads(page: Page, tmp_path: Path, site_dir: Path, verdict: dict[str, Any]) -> None:
    """Both papers of the deck this verdict gives: exactly CPython's cards, on the paper asked
    for, with a visible progress state and the button held while it is made."""
    level, areas = verdict["start_level"], verdict["areas"]
    deck = page.locator("[data-quiz-deck]")
    assert json.loads(deck.get_attribute("data-areas") or "null") == areas
    assert deck.get_attribute("data-level") == str(level)
    expect(deck.locator("[data-deck-level]")).to_contain_text(str(level))
    cards = library(site_dir)["cards"]
    chosen = select_deck(cards, level, areas)
    assert chosen
    for paper in ("a4", "letter"):
        name, pdf, watch = download(page, paper, tmp_path)
        assert name == f"starter-deck-{level}-{paper}.pdf"
        assert_paper(pdf, paper)
        assert_exact_deck(pdf, chosen, cards)
        texts = page_texts(pdf)
        assert len(texts) == page_count(len(chosen))
        assert f"Starts at level {level}" in texts[0]
        # A visible progress state came before the final message, and the button was held.
        assert len(watch["texts"]) >= 2 and "ready" in watch["texts"][-1], watch
        assert any("Making your deck" in text for text in watch["texts"][:-1]), watch
        assert watch["disabled"], "the button was not disabled while the deck was being made"


def test_a_failed_first_download_then_each_persons_deck_holds_exactly_the_selected_cards(
    page: Page, context: BrowserContext, base_url: str, site_dir: Path, request_log: RequestLog, tmp_path: Path
) -> None:
    """One visit, as on a patchy link: the first PDF fails, says so plainly and a retry without
    a reload recovers; then both people's decks, each on both papers, hold exactly the cards
    CPython picks. One page, so the engine boots once (fpdf2 still loads only on demand)."""
    inject_engine_hook(context)
    deck = {**DECK, "areas": in_form_order(DECK["areas"])}
    take_quiz(page, base_url, deck, "deck")
    # fpdf2 is loaded only when someone asks for a PDF.
    assert not [url for url in request_log.requests if "/fpdf2-" in url or "/deckpdf-" in url]
    fail_the_first_download(page, context)
    assert_downloads(page, tmp_path, site_dir, expected(deck, "deck"))

    # The next person on the same page: a fresh form, the engine (and fpdf2) kept.
    with_support = {**WITH_SUPPORT, "areas": in_form_order(WITH_SUPPORT["areas"])}
    reopen_quiz_instantly(page, base_url)
    take_quiz(page, base_url, with_support, "deck_with_support", open_page=False)
    assert_downloads(page, tmp_path, site_dir, expected(with_support, "deck_with_support"))

    # A request the page never sends (a paper it does not offer) is a plain error, not a traceback.
    message = page.evaluate(
        """() => window.quizEngine
            .call("deck", { request: { start_level: 2, areas: ["everyday"], paper: "a5" } }, 120000)
            .then(() => "no error", (error) => error.message)"""
    )
    assert "paper must be one of a4, letter" in message
    assert "Traceback" not in message and 'File "' not in message, message

    assert any("/fpdf2-" in url and url.endswith(".whl") for url in request_log.requests)
    assert request_log.foreign == [], f"requests left the site: {request_log.foreign}"
    assert request_log.bodies == [], "something was posted"


def fail_the_first_download(page: Page, context: BrowserContext) -> None:
    """The PDF library's download fails: the status says so plainly and the button comes back.
    Then the connection is back, for the next click (the retry) to make the deck."""
    blocked = "**/pyodide/fpdf2-*.whl"
    context.route(blocked, lambda route: route.abort())  # the newest route is asked first
    deck = page.locator("[data-quiz-deck]")
    deck.locator("[data-deck-paper]").select_option("a4")
    deck.locator("[data-deck-download]").click()
    status = deck.locator("[data-deck-status]")
    expect(status).to_contain_text("Sorry, your deck could not be made here", timeout=DECK_TIMEOUT_MS)
    expect(deck.locator("[data-deck-download]")).to_be_enabled()
    shown = status.inner_text()
    for leak in ("Traceback", 'File "', "micropip", "loadPackage"):
        assert leak not in shown, f"the status shows Python internals: {shown!r}"
    context.unroute(blocked)


# -- the paper select's default follows the browser's locale ----------------------------------
@pytest.mark.parametrize(
    ("locale", "paper"),
    [
        pytest.param("en-US", "letter", marks=pytest.mark.browser_context_args(locale="en-US"), id="en-US-letter"),
        pytest.param("en-GB", "a4", marks=pytest.mark.browser_context_args(locale="en-GB"), id="en-GB-a4"),
    ],
)
def test_paper_default_follows_the_locale(
    booted_page: Page, base_url: str, booted_log: RequestLog, locale: str, paper: str
) -> None:
    page = booted_page  # opened in a browser set to this locale
    assert page.evaluate("navigator.language") == locale
    expected(DECK, "deck")
    take_quiz(page, base_url, DECK, "deck", open_page=False)
    expect(page.locator("[data-deck-paper]")).to_have_value(paper)
    assert booted_log.foreign == []


def test_paper_choice_survives_a_second_result(booted_page: Page, base_url: str, booted_log: RequestLog) -> None:
    page = booted_page
    take_quiz(page, base_url, DECK, "deck", open_page=False)
    select = page.locator("[data-deck-paper]")
    other = "a4" if select.input_value() == "letter" else "letter"
    select.select_option(other)
    page.locator("[data-quiz-submit]").click()
    expect(page.locator("[data-quiz-status]")).to_contain_text("Your result is below", timeout=ENGINE_TIMEOUT_MS)
    expect(select).to_have_value(other)
    assert booted_log.foreign == []
