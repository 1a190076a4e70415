"""The built site in headless Chromium: every page, every quote, and Python from our own Pyodide."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.helpers import PAGES, RequestLog, inject_engine_hook, page_url
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


def test_quotes_exist_on_content_pages(page: Page, base_url: str, request_log: RequestLog) -> None:
    total = 0
    for page_file in PAGES:
        page.goto(page_url(base_url, page_file))
        total += page.locator(".admonition.pull-quote").count()
    assert total >= 10


def test_python_runs_from_self_hosted_pyodide(
    page: Page, context: BrowserContext, base_url: str, site_dir: Path, request_log: RequestLog
) -> None:
    import json

    # The Python that the shipped lock names (and that the wheels were fetched for).
    python = json.loads((site_dir / "pyodide" / "pyodide-lock.json").read_text())["info"]["python"]
    inject_engine_hook(context, python=True)
    page.goto(base_url + "self-assessment/")
    code = 'import sys, quiz; f"{sys.version_info[0]}.{sys.version_info[1]} {6*7}"'
    result = page.evaluate("code => window.quizEngine.call('run', {code})", code)
    assert result["value"] == ".".join(python.split(".")[:2]) + " 42"
    assert request_log.foreign == []
    pyodide_files = [url for url in request_log.requests if "/pyodide/" in url]
    assert any(url.endswith("pyodide.asm.wasm") for url in pyodide_files)
    assert any(url.endswith(".whl") and "/quiz-" in url for url in pyodide_files)


def test_built_site_ships_runtime_and_lock(site_dir: Path) -> None:
    import json

    runtime = site_dir / "pyodide"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (runtime / name).stat().st_size > 0
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    assert set(lock["packages"]) >= {"quiz", "experiments", "deckpdf", "fpdf2", "fonttools", "defusedxml"}
    for package in lock["packages"].values():
        assert (runtime / package["file_name"]).exists(), package["file_name"]
