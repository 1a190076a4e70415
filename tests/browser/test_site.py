"""The built site in headless Chromium: every page and every quote; the runtime it ships."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from devtools.site import serve_app
from generator.compressed_serving import StaticSite
from tests.browser.helpers import PAGES, RequestLog, after_a_frame, built_page, page_url, theme_scheme
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def test_nav_covers_every_page() -> None:
    # Every page in content/pages is in the nav, so every page gets the browser checks.
    expected = {path.name for path in (ROOT / "content" / "pages").glob("*.md")}
    assert {
        "index.md", "self-assessment.md", "after-a-hard-no.md", "worried-about-someone.md",
        "under-18.md", "social-anxiety.md",
    } <= expected  # fmt: skip
    assert set(PAGES) == expected


@pytest.mark.parametrize("page_file", PAGES)
def test_page_loads_with_only_same_origin_requests(
    page: Page, base_url: str, request_log: RequestLog, page_file: str
) -> None:
    response = page.goto(page_url(base_url, page_file))
    assert response is not None and response.ok
    expect(page.locator("h1").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert request_log.requests, "the log saw no requests at all"
    assert request_log.foreign == [], f"requests left the site: {request_log.foreign}"


@pytest.mark.parametrize("page_file", PAGES)
def test_every_quote_shows_expert_and_working_source_link(
    page: Page, base_url: str, request_log: RequestLog, page_file: str
) -> None:
    page.goto(page_url(base_url, page_file))
    quotes = page.locator(".admonition.pull-quote")
    for index in range(quotes.count()):
        quote = quotes.nth(index)
        title = quote.locator(".admonition-title").inner_text()
        assert "," in title and title.strip(), f"quote {index} on {page_file} has no expert name and credentials"
        source_link = quote.locator(".pull-quote__source a")
        href = source_link.get_attribute("href")
        assert href and "#src-" in href
        target_url = source_link.evaluate("a => a.href")
        anchor = target_url.split("#", 1)[1]
        # The link must land on the Experts & Sources page's entry for that source.
        response = page.request.get(target_url.split("#", 1)[0])
        assert response.ok
        assert f'id="{anchor}"' in response.text(), f"{target_url} has no anchor {anchor}"


def test_quotes_exist_on_content_pages(site_dir: Path) -> None:
    # Counted in the built pages: the browser test above checks each quote as it renders.
    total = 0
    for page_file in PAGES:
        html = built_page(site_dir, page_file).read_text(encoding="utf-8")
        for classes in re.findall(r'class="([^"]*)"', html):
            total += {"admonition", "pull-quote"} <= set(classes.split())
    assert total >= 10


def test_built_site_ships_runtime_and_lock(site_dir: Path) -> None:
    import json

    runtime = site_dir / "pyodide"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (runtime / name).stat().st_size > 0
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    assert set(lock["packages"]) >= {"quiz", "experiments", "deckpdf", "fpdf2", "fonttools", "defusedxml"}
    for package in lock["packages"].values():
        assert (runtime / package["file_name"]).exists(), package["file_name"]


# Every change of a style sheet link's href while the page loads, and whether the body had begun
# by then: recorded from the start of the document.
SHEET_HREFS = """
window.__sheetHrefs = [];
new MutationObserver((records) => {
  for (const record of records) {
    if (record.target.localName !== "link" || !/\\bstylesheet\\b/.test(record.target.rel)) continue;
    window.__sheetHrefs.push({
      from: record.oldValue, to: record.target.getAttribute("href"), body: document.body !== null,
    });
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["href"], attributeOldValue: true });
"""


def test_the_style_sheets_are_read_before_the_body_and_not_again_when_the_theme_starts(
    page: Page, base_url: str, request_log: RequestLog
) -> None:
    """The theme's instant navigation gives relative links absolute URLs when it starts, and a
    style sheet whose href changes is parsed again and the whole page re-styled, in one long
    task on a phone. The page does it at the end of <head>, before the body exists, so the
    theme finds nothing left to change (generator/early_links.py)."""
    page.add_init_script(SHEET_HREFS)
    page.goto(page_url(base_url, "social-anxiety.md"))
    page.wait_for_function("() => typeof window.document$ !== 'undefined'")
    page.wait_for_load_state("load")
    sheets = page.evaluate(
        "() => [...document.querySelectorAll('link[rel~=stylesheet]')].map((link) => link.getAttribute('href'))"
    )
    assert len(sheets) >= 3, sheets  # the theme's two and the generator's
    assert all(href.startswith(base_url) for href in sheets), sheets
    changes = page.evaluate("window.__sheetHrefs")
    # Each sheet changed once, from the relative href the page was built with, before the body.
    assert sorted(change["to"] for change in changes) == sorted(sheets), changes
    assert all(change["from"].startswith("../") and not change["body"] for change in changes), changes
    assert request_log.foreign == []


# What the page shows in its first frame, and every scheme the body has had: recorded from the
# start of the document, before any of the site's scripts run.
FIRST_FRAME = """
window.__schemes = [];
const record = () => window.__schemes.push(document.body && document.body.dataset.mdColorScheme);
requestAnimationFrame(() => { window.__firstFrame = document.body && document.body.dataset.mdColorScheme; });
new MutationObserver(record).observe(document, {
  subtree: true, attributes: true, attributeFilter: ["data-md-color-scheme"],
});
"""


def first_frame(page: Page) -> str | None:
    """The body's scheme in the page's first frame, once that frame has been drawn (the load
    event can come before it)."""
    page.wait_for_function("() => '__firstFrame' in window")
    return page.evaluate("window.__firstFrame")


# Where the parser is left waiting: just inside <body>, and just before the header's toggles,
# where the header's script applied the scheme until the head did it.
STALLS = {"body": b"<body", "toggles": b'<form class="md-header__option" data-palette'}


@contextmanager
def stalling_server(site_dir: Path, marker: bytes, seconds: float) -> Iterator[str]:
    """The site served with every HTML page sent in two parts, a pause between them: as a slow
    or busy link delivers it. Chromium draws what it has parsed once the parser has waited
    about a second, so the first frame shows the page as it stands at the marker."""
    app = StaticSite(site_dir, precompressed=False)

    def stalling(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        body = b"".join(app(environ, start_response))
        cut = body.find(marker)
        if cut < 0:
            return [body]
        if marker == STALLS["body"]:
            cut = body.index(b">", cut) + 1

        def parts() -> Iterator[bytes]:
            yield body[:cut]
            time.sleep(seconds)
            yield body[cut:]

        return parts()

    with serve_app(stalling) as url:
        yield url


@pytest.mark.parametrize("stall", sorted(STALLS))
def test_a_page_that_arrives_slowly_is_drawn_in_the_systems_dark_scheme_from_its_first_frame(
    page: Page, site_dir: Path, stall: str
) -> None:
    """The body is written with the first option's scheme (light). The choice is made in <head>
    and written onto the body as the parser creates it, so a first frame drawn while the rest
    of the page is on its way is already dark (partials/javascripts/palette-colours.html).
    Applied from the header, it was light for two seconds here, and on a busy CI machine."""
    page.emulate_media(color_scheme="dark")
    page.add_init_script(FIRST_FRAME)
    with stalling_server(site_dir, STALLS[stall], 2.0) as url:
        page.goto(page_url(url, "what-it-is.md"))
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        assert first_frame(page) == "slate"
        assert "default" not in page.evaluate("window.__schemes")
        assert page.locator("meta[name='color-scheme']").get_attribute("content") == "dark"
        expect(page.locator("form[data-palette] label:not([hidden])")).to_have_count(1)


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_colour_scheme_is_the_systems_from_the_first_frame_until_the_person_chooses(
    page: Page, base_url: str, request_log: RequestLog, system: str
) -> None:
    other = "light" if system == "dark" else "dark"
    page.emulate_media(color_scheme=system)  # type: ignore[arg-type]
    page.add_init_script(FIRST_FRAME)
    url = page_url(base_url, "what-it-is.md")
    stored = "() => Object.keys(localStorage).filter((key) => key.endsWith('.__palette'))"
    page.goto(url)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", theme_scheme(system))
    # No flash of the other scheme: the first frame already has the system's, and the body
    # never showed the other one on the way.
    assert first_frame(page) == theme_scheme(system)
    assert theme_scheme(other) not in page.evaluate("window.__schemes")
    assert page.locator("meta[name='color-scheme']").get_attribute("content") == system
    # Reading stores nothing; the page follows the system while the person has not chosen.
    assert page.evaluate(stored) == []
    page.emulate_media(color_scheme=other)  # type: ignore[arg-type]
    expect(body).to_have_attribute("data-md-color-scheme", theme_scheme(other))
    page.emulate_media(color_scheme=system)  # type: ignore[arg-type]
    expect(body).to_have_attribute("data-md-color-scheme", theme_scheme(system))
    assert page.evaluate(stored) == []

    # A choice, by keyboard: Enter on the focused option moves to the other scheme. It is stored,
    # holds over a change of the system's and over a reload, and the shown toggle swaps.
    page.locator("form[data-palette] input:checked").focus()
    page.keyboard.press("Enter")
    expect(body).to_have_attribute("data-md-color-scheme", theme_scheme(other))
    assert page.locator("meta[name='color-scheme']").get_attribute("content") == other
    assert len(page.evaluate(stored)) == 1
    page.emulate_media(color_scheme=other)  # type: ignore[arg-type]
    page.emulate_media(color_scheme=system)  # type: ignore[arg-type]
    # The media change reaches the page as an event: let a frame pass before checking it held.
    after_a_frame(page)
    assert body.get_attribute("data-md-color-scheme") == theme_scheme(other)
    page.reload()
    expect(body).to_have_attribute("data-md-color-scheme", theme_scheme(other))
    assert first_frame(page) == theme_scheme(other)
    visible = page.locator("form[data-palette] label:not([hidden])")
    expect(visible).to_have_count(1)
    # The shown toggle offers the scheme not in use, and clicking it goes back.
    visible.click()
    expect(body).to_have_attribute("data-md-color-scheme", theme_scheme(system))
    assert request_log.foreign == []
