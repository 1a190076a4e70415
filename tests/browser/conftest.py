"""Browser fixtures: the built site, served locally, and a Chromium that never dials out."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Route

from tests.conftest import ROOT
from tests.sitebuild import build_site, serve

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Test hooks live outside what we ship: the page has no global engine and the worker runs no
# arbitrary Python. Tests inject both (bench/probes/engine-hook.js is shared with the benchmark).
ENGINE_HOOK = ROOT / "bench" / "probes" / "engine-hook.js"
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


def _system_chromium() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], playwright: Any) -> dict[str, Any]:
    args = {**browser_type_launch_args, "args": CHROMIUM_FLAGS}
    # Playwright cannot download its own browser here; use Debian's when it has none.
    if not os.path.exists(playwright.chromium.executable_path):
        path = _system_chromium()
        if path is None:
            pytest.fail("No Chromium found: run scripts/test.sh, which installs Debian's chromium")
        args["executable_path"] = path
    return args


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("built") / "site")


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


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


def _origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def request_log(context: BrowserContext, base_url: str) -> RequestLog:
    """Every request the page or its workers make; anything off-origin is blocked and kept."""
    log = RequestLog(origin=_origin(base_url))
    context.on("request", log.record)

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or _origin(url) == log.origin:
            route.continue_()
        else:
            log.foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    return log


@pytest.fixture
def quiz_page(page: Page, base_url: str, request_log: RequestLog) -> Page:
    page.goto(base_url + "self-assessment/")
    return page
