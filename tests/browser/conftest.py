"""Browser fixtures: the built site, served locally, and a Chromium that never dials out."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from devtools.site import CHROMIUM_FLAGS, build_site, chromium_for_tests, serve
from tests.browser.helpers import DESKTOP, BootedQuiz, RequestLog, guard_requests


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], playwright: Any) -> dict[str, Any]:
    args = {**browser_type_launch_args, "args": list(CHROMIUM_FLAGS)}
    # Playwright cannot download its own browser here; use Debian's when it has none.
    if not os.path.exists(playwright.chromium.executable_path):
        path = chromium_for_tests()
        if path is None:
            pytest.fail("No Chromium found: run scripts/test.sh, which installs Debian's Chromium")
        args["executable_path"] = path
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # The site registers a service worker that stores ~17 MB on every first visit. Only the
    # offline tests (test_offline.py, with contexts of their own) need it; elsewhere it would
    # make every new context download the whole site again.
    # Every context is the desktop of the size tests (helpers.DESKTOP) unless a test asks for
    # another, so desktop-marked tests share the booted page of the tests that don't say.
    # Likewise an English (US) browser, as Chromium is by default here, so a test that names
    # that locale shares the page too.
    return {**browser_context_args, **DESKTOP, "locale": "en-US", "service_workers": "block"}


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The site, built once per run: with pytest-xdist the workers share one build (the tests
    only read it), made by whichever worker needs it first while the others wait."""
    if worker_id == "master":
        return build_site(tmp_path_factory.mktemp("built") / "site")
    shared = tmp_path_factory.getbasetemp().parent / "built-site"
    with open(shared.with_name("built-site.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # `generator build` swaps a finished site into place, so a site that is there is whole.
        if not (shared / "index.html").exists():
            build_site(shared)
    return shared


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture
def request_log(context: BrowserContext, base_url: str) -> RequestLog:
    """Every request the page or its workers make; anything off-origin is blocked and kept."""
    return guard_requests(context, base_url)


@pytest.fixture
def quiz_page(page: Page, base_url: str, request_log: RequestLog) -> Page:
    page.goto(base_url + "self-assessment/")
    return page


@pytest.fixture(scope="session")
def _booted_pool() -> Iterator[dict[str, BootedQuiz]]:
    """The booted self-assessment pages, one per set of context settings (screen, user agent)."""
    pool: dict[str, BootedQuiz] = {}
    yield pool
    for booted in pool.values():
        booted.close()


@pytest.fixture
def booted(
    _booted_pool: dict[str, BootedQuiz],
    browser: Browser,
    browser_context_args: dict[str, Any],
    base_url: str,
    request: pytest.FixtureRequest,
) -> Iterator[BootedQuiz]:
    """The shared self-assessment page with its engine ready and a clean form, for tests that
    need nothing fresher (a test that blocks, throttles or times the engine opens its own page).
    Honours the test's browser_context_args mark, as pytest-playwright's page does."""
    marker = next(request.node.iter_markers("browser_context_args"), None)
    args = {**browser_context_args, **(marker.kwargs if marker else {})}
    # Playwright's contexts are light unless told otherwise: a test asking for light by name
    # shares the page booted for the tests that don't say.
    key = json.dumps({"color_scheme": "light", **args}, sort_keys=True, default=str)
    quiz = _booted_pool.get(key)
    if quiz is not None and not quiz.reset():
        quiz.close()
        quiz = None
    if quiz is None:
        quiz = _booted_pool[key] = BootedQuiz(browser, args, base_url)
    log = quiz.new_log()
    yield quiz
    assert log.foreign == [], f"requests left the site: {log.foreign}"


@pytest.fixture
def booted_page(booted: BootedQuiz) -> Page:
    return booted.page


@pytest.fixture
def booted_log(booted: BootedQuiz) -> RequestLog:
    """Every request the shared page or its worker makes from this test's start."""
    return booted.log
