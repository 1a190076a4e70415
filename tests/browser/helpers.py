"""What several browser test modules share (the quiz steps are in quizflow.py): the site's
pages, the screen sizes and screenshots, the request log, and the test-only engine hook.
Test modules import from here, never from each other or from conftest.py."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Request, Route, expect
from playwright.sync_api import Error as PlaywrightError

from devtools.site import ENGINE_HOOK, ROOT

AXE = Axe()


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


def built_page(site_dir: Path, page_file: str) -> Path:
    """The HTML file the build wrote for a page of content/pages (served at page_url)."""
    return site_dir / ("index.html" if page_file == "index.md" else page_file.removesuffix(".md") + "/index.html")


def sitemap_for(site_dir: Path, base_url: str) -> str:
    """The site's sitemap for where it is served: instant navigation follows only its URLs."""
    pages = sorted(
        str(index.parent.relative_to(site_dir)).removeprefix(".") for index in site_dir.glob("**/index.html")
    )
    urls = "".join(f"<url><loc>{base_url}{page + '/' if page else ''}</loc></url>" for page in pages)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def allow_instant_navigation(target: Page | BrowserContext, site_dir: Path, base_url: str) -> None:
    """Serve this page or context the sitemap a site deployed at base_url would have.

    mkdocs-material navigates in place only to pages its sitemap lists under site_url's origin;
    the test server's port is random, so without this every link click is a full page load
    (and the self-check's engine starts again)."""
    sitemap = sitemap_for(site_dir, base_url)
    target.route(base_url + "sitemap.xml", lambda route: route.fulfill(content_type="application/xml", body=sitemap))


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


def guard_requests(context: BrowserContext, base_url: str) -> RequestLog:
    """Record every request of this context's pages and workers; block and keep any request to
    another origin than base_url's."""
    log = RequestLog(origin=origin(base_url))
    context.on("request", log.record)

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or origin(url) == log.origin:
            route.continue_()
        else:
            log.foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    return log


def inject_engine_hook(context: BrowserContext, *, python: bool = False) -> None:
    """Give pages of this context window.quizEngine.call(); with python=True, also a worker
    message 'run' that runs Python code. Call before the page is opened."""
    context.add_init_script(path=str(ENGINE_HOOK))
    if python:

        def add_run(route: Route) -> None:
            # The script can still be in flight when a test ends and its context closes; the
            # response is then disposed and there is no page left to serve. Left unhandled, that
            # error surfaced in the next test's Playwright call (a CI run failed on it).
            # A failure while the context is open still shows: the worker never gets "run".
            with contextlib.suppress(PlaywrightError):
                response = route.fetch()
                route.fulfill(response=response, body=response.text() + RUN_PYTHON)

        context.route("**/assets/kit/quiz-worker.mjs", add_run)


def theme_scheme(color_scheme: str) -> str:
    """mkdocs-material's name (body[data-md-color-scheme]) for a browser colour scheme."""
    return "slate" if color_scheme == "dark" else "default"


def show_in_scheme(page: Page, color_scheme: str) -> None:
    """Show an open page in color_scheme as a person would get there: by the system's setting,
    which the page follows until the person has picked a scheme, else by the page's own switch.
    The page follows the system on the media query's change event, a moment after the setting
    changes, so this waits for it rather than reading the page at once."""
    page.emulate_media(color_scheme=color_scheme)  # type: ignore[arg-type]
    expected = theme_scheme(color_scheme)
    body = page.locator("body")
    chosen = page.evaluate("() => { try { return __md_get('__palette'); } catch (e) { return null; } }")
    if chosen is not None and body.get_attribute("data-md-color-scheme") != expected:
        page.locator(f"label[title='Switch to {color_scheme} mode']").click()
    expect(body).to_have_attribute("data-md-color-scheme", expected)


def follow_instantly(page: Page, url: str, *, quiz_there: bool, timeout: float = 30_000) -> None:
    """Go to url as the theme's instant navigation does when a reader follows a link: the
    document stays, and so does a running engine. Waits until the self-check's form is there
    (quiz_there) or gone.

    Like the theme's own click handler, it moves the address first and then asks for the page:
    the theme resolves the fetched page's relative links against the document's address, so
    without the move a page at another depth got its style sheets from wrong addresses (404)
    and, on the way back, the page went without styles until they loaded again."""
    page.evaluate(
        """(url) => {
            history.pushState(null, "", url);
            window.location$.next(new URL(url));
        }""",
        url,
    )
    page.wait_for_function(
        "(there) => !!document.querySelector('[data-quiz-form]') === there", arg=quiz_there, timeout=timeout
    )
    # A reader sees the new page styled: every style sheet in <head> has loaded, with its rules
    # (a sheet from a wrong address loads empty).
    page.wait_for_function(
        "() => [...document.querySelectorAll('link[rel=stylesheet]')].every((link) => link.sheet?.cssRules.length)",
        timeout=timeout,
    )


def reopen_quiz_instantly(page: Page, base_url: str, *, timeout: float = 30_000) -> None:
    """A fresh self-check form from the server, as a reader gets it by following the site's
    links away and back: the engine keeps running, so it does not start again."""
    follow_instantly(page, base_url, quiz_there=False, timeout=timeout)
    follow_instantly(page, base_url + "self-assessment/", quiz_there=True, timeout=timeout)


class BootedQuiz:
    """One self-assessment page whose engine has booted, shared by the tests that only need a
    working engine and a clean form (conftest.py's booted_page). Between tests the page is set
    back the way a person's next visit finds it: storage emptied, the context's colour scheme, the page
    left and opened again by the theme's instant navigation (a fresh form from the server while the
    engine keeps running), focus and scroll at the top. Each test gets its own request log."""

    READY_MS = 180_000  # Pyodide's cold start on a busy two-core machine
    RESET_MS = 30_000

    def __init__(self, browser: Browser, context_args: dict[str, Any], base_url: str) -> None:
        self.base_url = base_url
        self.color_scheme = context_args.get("color_scheme", "light")
        self.log = RequestLog(origin=origin(base_url))
        self.context = browser.new_context(**context_args)
        self.context.on("request", lambda request: self.log.record(request))
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.goto(base_url + "self-assessment/")
        self._wait_ready(self.READY_MS)
        # Marks this document: a full reload (which would start a new engine) loses the mark.
        self.page.evaluate("() => { window.__bootedQuiz = true; }")

    def _guard(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or origin(url) == self.log.origin:
            route.continue_()
        else:
            self.log.foreign.append(url)
            route.abort()

    def _wait_ready(self, timeout: float) -> None:
        self.page.wait_for_function(
            """() => {
                const form = document.querySelector("[data-quiz-form]");
                const status = document.querySelector("[data-quiz-status]");
                return form && form.dataset.bound === "true" && status && status.textContent.includes("ready");
            }""",
            timeout=timeout,
        )

    def new_log(self) -> RequestLog:
        self.log = RequestLog(origin=origin(self.base_url))
        return self.log

    def reset(self) -> bool:
        """Put the page back as a fresh visit finds it, engine ready; False if it cannot be."""
        page = self.page
        try:
            # A test may have followed the site's links elsewhere: instant navigation brings
            # the page back with its engine. A page that left the site, or reloaded (a new
            # engine), is no longer the booted one.
            if page.is_closed() or not page.url.startswith(self.base_url):
                return False
            if not page.evaluate("() => window.__bootedQuiz === true"):
                return False
            page.emulate_media(media="screen", color_scheme=self.color_scheme)
            page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            reopen_quiz_instantly(page, self.base_url, timeout=self.RESET_MS)
            self._wait_ready(self.RESET_MS)
            page.evaluate(
                """() => {
                    history.replaceState(null, "", location.pathname);
                    document.activeElement?.blur?.();
                    window.scrollTo(0, 0);
                }"""
            )
            # The theme keeps a scheme chosen by its toggle across instant navigation, even
            # with its storage gone: such a page is not the one a fresh visit gets.
            scheme = page.locator("body").get_attribute("data-md-color-scheme")
            return page.url == self.base_url + "self-assessment/" and scheme == theme_scheme(self.color_scheme)
        except PlaywrightError:
            return False

    def close(self) -> None:
        with contextlib.suppress(PlaywrightError):
            self.context.close()


def after_a_frame(page: Page) -> None:
    """Return once the page has drawn a frame and run the task after it: events that the last
    step queued (a media change, a cancelled click, a violation report) have been handled."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")


def settle_transitions(page: Page) -> None:
    """Wait until every CSS transition running on the page has ended, so what a test measures
    is the state a person sees, not a colour halfway through a fade."""
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter((animation) => animation instanceof CSSTransition)
            .map((animation) => animation.finished.catch(() => null)))"""
    )


def axe_report(page: Page, options: dict[str, Any] | None = None) -> str:
    """axe's report on the page as it stands once its transitions have ended ("" when clean).
    A click leaves the pointer and focus on its button, whose colours fade for 125 ms; axe
    must judge where they end, not a colour halfway."""
    settle_transitions(page)
    results = AXE.run(page, options=options)
    return "" if results.violations_count == 0 else results.generate_report()


def scheme_params(*schemes: str) -> list[Any]:
    """Light and dark as browser settings, so a test on the shared booted page (one per set of
    context settings) gets a page that was opened in that scheme, as a fresh page would be."""
    return [
        pytest.param(scheme, marks=pytest.mark.browser_context_args(color_scheme=scheme), id=scheme)
        for scheme in schemes
    ]
