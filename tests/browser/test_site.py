"""The built site in headless Chromium: every page and every quote; the runtime it ships."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import PAGES, RequestLog, built_page, page_url
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
