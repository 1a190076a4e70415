"""What several browser test modules share (the quiz steps are in quizflow.py): the site's
pages, the screen sizes and screenshots, the request log, and the test-only engine hook.
Test modules import from here, never from each other or from conftest.py."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import BrowserContext, Locator, Page, Request, Route

from devtools.site import ENGINE_HOOK, ROOT


def _nav_pages() -> list[str]:
    def walk(entries: list[object]) -> list[str]:
        found: list[str] = []
        for entry in entries:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            found += walk(value) if isinstance(value, list) else [str(value)]
        return found

    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    return walk(config["nav"])


# Every page in mkdocs.yml's nav, as its Markdown file name ("risks.md").
PAGES = _nav_pages()


def page_url(base_url: str, page_file: str) -> str:
    return base_url if page_file == "index.md" else base_url + page_file.removesuffix(".md") + "/"


def sitemap_for(site_dir: Path, base_url: str) -> str:
    """The site's sitemap for where it is served: instant navigation follows only its URLs."""
    pages = sorted(
        str(index.parent.relative_to(site_dir)).removeprefix(".") for index in site_dir.glob("**/index.html")
    )
    urls = "".join(f"<url><loc>{base_url}{page + '/' if page else ''}</loc></url>" for page in pages)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = [
    pytest.param("phone", marks=pytest.mark.browser_context_args(**PHONE), id="phone"),
    pytest.param("desktop", marks=pytest.mark.browser_context_args(**DESKTOP), id="desktop"),
]


def shot(page: Page, name: str, target: Locator | None = None) -> None:
    """Keep what the person sees: the given part of the page, or else the screen they are on."""
    folder = os.environ.get("SAFETY_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        path = str(Path(folder) / f"{name}.png")
        if target is not None and target.is_visible():
            target.screenshot(path=path)
        else:
            page.screenshot(path=path)


def origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class RequestLog:
    origin: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)

    def record(self, request: Request) -> None:
        self.requests.append(request.url)
        if request.post_data:
            self.bodies.append(request.post_data)


# Test hooks live outside what we ship: the page has no global engine and the worker runs no
# arbitrary Python. Tests inject both (devtools/engine-hook.js is shared with the benchmark).
RUN_PYTHON = """
handlers.run = async ({ code }) => {
  const { pyodide } = await (engine ??= boot());
  return { value: String(pyodide.runPython(code)) };
};
"""


def inject_engine_hook(context: BrowserContext, *, python: bool = False) -> None:
    """Give pages of this context window.quizEngine.call(); with python=True, also a worker
    message 'run' that runs Python code. Call before the page is opened."""
    context.add_init_script(path=str(ENGINE_HOOK))
    if python:

        def add_run(route: Route) -> None:
            response = route.fetch()
            route.fulfill(response=response, body=response.text() + RUN_PYTHON)

        context.route("**/assets/kit/quiz-worker.mjs", add_run)
