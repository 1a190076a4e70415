"""Privacy and security: a same-origin-only Content-Security-Policy on every page,
the quiz and the PDF download working under it, no request leaving the origin on any
page or outcome, and the site working from a sub-path."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from devtools.site import serve
from quiz import assess
from tests.browser.helpers import (
    PAGES,
    RequestLog,
    after_a_frame,
    allow_instant_navigation,
    built_page,
    follow_instantly,
    page_url,
    reopen_quiz_instantly,
)
from tests.browser.quizflow import PEOPLE, check_answers, show_result

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def csp_page(page: Page, context: BrowserContext) -> Page:
    context.add_init_script(RECORD_VIOLATIONS)
    return page


def _csp(html: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert match, "page has no Content-Security-Policy meta tag"
    return match.group(1)


@pytest.mark.parametrize("page_file", PAGES)
def test_every_page_carries_a_same_origin_policy(site_dir: Path, page_file: str) -> None:
    policy = _csp(built_page(site_dir, page_file).read_text(encoding="utf-8"))
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self'" and directives["worker-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "http:" not in policy and "https:" not in policy and "*" not in policy
    assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in directives["script-src"]


def test_policy_blocks_an_injected_inline_script(csp_page: Page, base_url: str, request_log: RequestLog) -> None:
    csp_page.goto(base_url)
    csp_page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1';
                   document.head.append(s); }"""
    )
    csp_page.wait_for_function("window.__cspViolations.length > 0")
    assert csp_page.evaluate("window.__injected") is None
    assert any("script-src" in v for v in csp_page.evaluate("window.__cspViolations"))


def test_walk_every_page_and_outcome_and_download_the_deck_under_the_policy(
    csp_page: Page, base_url: str, request_log: RequestLog
) -> None:
    """Every page, every outcome and the deck PDF, with no policy violation and nothing
    leaving the origin."""
    for page_file in PAGES:
        if page_file == "self-assessment.md":
            continue  # opened below, where its engine runs to the end
        csp_page.goto(page_url(base_url, page_file))
        csp_page.wait_for_load_state("networkidle")
    csp_page.goto(base_url + "self-assessment/")
    for index, (outcome, answers) in enumerate(PEOPLE.items()):
        assert assess(answers)["outcome"] == outcome
        if index:
            # A fresh form from the server by the theme's instant navigation, away and back, as a
            # person following the site's links gets it: the engine keeps running, so it boots once.
            reopen_quiz_instantly(csp_page, base_url)
            csp_page.wait_for_function("() => document.querySelector('[data-quiz-form]').dataset.bound === 'true'")
            expect(csp_page.locator("[data-quiz-result]")).to_be_hidden()
        check_answers(csp_page, answers)
        show_result(csp_page, outcome)
        assert csp_page.evaluate("window.__cspViolations") == []
    assert outcome == "deck"  # the last person gets a deck: the PDF is made under the policy too
    with csp_page.expect_download(timeout=120_000) as download:
        csp_page.locator("[data-deck-download]").click()
    path = download.value.path()
    assert path is not None and Path(path).read_bytes().startswith(b"%PDF-")
    csp_page.wait_for_load_state("networkidle")
    assert csp_page.evaluate("window.__cspViolations") == []
    assert len(request_log.requests) > len(PAGES)
    assert request_log.foreign == []
    assert request_log.bodies == [], "something was sent in a request body"


def test_instant_navigation_between_depths_keeps_to_the_first_pages_policy(
    csp_page: Page, site_dir: Path, base_url: str, request_log: RequestLog
) -> None:
    """Each page's policy lists only its own inline scripts, and instant navigation keeps the
    first page's policy: the scripts it re-runs must be ones that page already allows."""
    allow_instant_navigation(csp_page, site_dir, base_url)
    csp_page.goto(base_url)
    csp_page.evaluate("() => { window.__sameDocument = true; }")
    nav = csp_page.locator(".md-nav--primary")
    for name, path in (("Risks", "risks/"), ("Self-assessment", "self-assessment/"), ("Home", "")):
        # The theme changes the address before it fetches the page: wait for the new article.
        csp_page.evaluate("() => { document.querySelector('article').dataset.left = 'true'; }")
        nav.get_by_role("link", name=name, exact=True).first.click()
        csp_page.wait_for_url(base_url + path)
        expect(csp_page.locator("article[data-left]")).to_have_count(0)
        expect(csp_page.locator("article h1").first).to_be_visible()
    # Violation reports are events: let them arrive before reading them.
    after_a_frame(csp_page)
    assert csp_page.evaluate("window.__sameDocument") is True, "the navigation was not instant"
    assert csp_page.evaluate("window.__cspViolations") == []
    assert request_log.foreign == []


@pytest.fixture
def sub_path_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir, prefix="/guide/") as url:
        yield url


def test_site_works_from_a_sub_path(page: Page, context: BrowserContext, sub_path_url: str) -> None:
    requested: list[str] = []
    failed: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    # A request the browser cancels because we navigated on is not a failure of the site.
    context.on(
        "requestfailed",
        lambda request: None if "ERR_ABORTED" in (request.failure or "") else failed.append(request.url),
    )
    context.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(sub_path_url)
    page.get_by_role("link", name="Rejection vs exposure therapy").first.click()
    page.wait_for_url("**/guide/vs-exposure/")
    page.goto(sub_path_url + "self-assessment/")
    check_answers(page, PEOPLE["deck"])
    show_result(page, "deck")
    with page.expect_download(timeout=120_000) as download:
        page.locator("[data-deck-download]").click()
    assert download.value.suggested_filename.startswith("starter-deck-")
    page.goto(sub_path_url + "deck/")
    pdf = page.request.get(page.locator("a[href$='complete-deck-a4.pdf']").evaluate("a => a.href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    assert failed == [], f"these failed under /guide/: {failed}"
    prefix = sub_path_url.rstrip("/")
    assert all(url.startswith(prefix) or url.startswith(("blob:", "data:")) for url in requested), requested


def test_everything_stored_is_listed_and_deleted_in_one_place(
    booted_page: Page, base_url: str, booted_log: RequestLog
) -> None:
    page = booted_page
    check_answers(page, PEOPLE["deck"])
    page.locator("[data-quiz-remember]").check()
    show_result(page, "deck")
    # The theme's own light/dark choice is stored too once the reader switches it (and back).
    page.locator("label[for='__palette_1']").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.locator("label[for='__palette_0']").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    stored = page.evaluate("Object.keys(localStorage)")
    assert any("quiz-answers" in key for key in stored) and len(stored) >= 2

    # Another app on the same origin, at another path, keeps its own data: we never touch it.
    page.evaluate("""() => {
        localStorage.setItem("other-app:settings", "theirs");
        localStorage.setItem("/other-app/.__palette", "theirs");
        sessionStorage.setItem("other-app:session", "theirs");
    }""")
    follow_instantly(page, base_url + "about/", quiz_there=False)
    panel = page.locator("[data-device-data]")
    answers_key = next(key for key in stored if "quiz-answers" in key)
    expect(panel.locator("[data-device-data-list]")).to_contain_text(answers_key)  # listed once bound
    listed = panel.locator("[data-device-data-list]").inner_text()
    for key in stored:
        assert key in listed
    assert "other-app" not in listed
    # Each entry says what it is in the page's words, and shows every character stored,
    # folded away until asked for (by keyboard here).
    palette_key = next(key for key in stored if key.endswith(".__palette"))
    entries = panel.locator("[data-device-data-list] li")
    answers = entries.filter(has_text=answers_key)
    expect(answers.locator("strong")).to_have_text("Your saved self-check answers")
    expect(entries.filter(has_text=palette_key).locator("strong")).to_have_text("Your choice of light or dark colours")
    shown = answers.locator("details pre")
    expect(shown).to_be_hidden()
    answers.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(shown).to_be_visible()
    # The list is built again when the offline copy has been measured (or swept): what the
    # reader opened stays open, with the focus where it was.
    page.evaluate(
        """() => new Promise((resolve) => {
            const list = document.querySelector("[data-device-data-list]");
            let builds = 0;  // listed at once, then again once measured
            new MutationObserver((_, watch) => {
                if (++builds === 2) { watch.disconnect(); resolve(); }
            }).observe(list, { childList: true });
            window.dispatchEvent(new CustomEvent("offline-copy-swept"));
        })"""
    )
    expect(shown).to_be_visible()
    expect(answers.locator("summary")).to_be_focused()
    raw = page.evaluate("(key) => localStorage.getItem(key)", answers_key)
    assert json.loads(shown.inner_text()) == json.loads(raw)
    assert "…" not in shown.inner_text()
    panel.locator("[data-device-data-delete]").click()
    expect(panel.locator("[data-device-data-summary]")).to_contain_text("stored nothing")
    left = page.evaluate("[...Object.keys(localStorage), ...Object.keys(sessionStorage)].sort()")
    assert left == ["/other-app/.__palette", "other-app:session", "other-app:settings"]
    assert booted_log.foreign == []
