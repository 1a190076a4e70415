"""Offline, as a person on a bad link finds it: after one visit (the home page and the
self-check), the server goes away, and a page never opened, the self-check, the personal deck,
the worksheet and the log of experiments all still work. A changed build then offers a reload.

These tests run with service workers allowed; every other browser test blocks them (conftest.py),
so no other test pays for a 17 MB precache."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from devtools.site import run_plain, serve, server_is_gone, system_chromium
from generator import offline
from tests.browser.helpers import PHONE
from tests.browser.logflow import CALL_MS, add_entry
from tests.browser.quizflow import PEOPLE, check_answers
from tests.conftest import ROOT
from tests.deckcheck import assert_paper, page_texts

pytestmark = pytest.mark.browser

ENGINE_TIMEOUT_MS = 180_000  # Pyodide's cold start on a busy two-core machine
INSTALL_TIMEOUT_MS = 180_000  # the worker stores ~17 MB before it takes over

# Resolves once this site's worker is active, controls the page and holds every listed file.
PRECACHED = """async (expected) => {
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration || !registration.active || !navigator.serviceWorker.controller) return false;
  const names = (await caches.keys()).filter((name) => name.endsWith(":precache"));
  if (names.length !== 1) return false;
  return (await (await caches.open(names[0])).keys()).length === expected;
}"""


@pytest.fixture
def app_context(
    playwright: Playwright, browser_type_launch_args: dict[str, Any], tmp_path: Path
) -> Iterator[BrowserContext]:
    """A phone browser with a real profile (installability is only judged outside incognito),
    service workers allowed, downloads kept.

    The full browser, not the headless shell the other tests drive: installability is judged by
    the browser around the page, which the shell leaves out (it answers "no errors" for any
    page, about:blank included)."""
    args = dict(browser_type_launch_args)
    if "executable_path" in args:
        full = system_chromium()
        if full is None:
            pytest.fail("The installability check needs Debian's full Chromium: run scripts/test.sh")
        args["executable_path"] = full
    else:
        args["channel"] = "chromium"  # Playwright's own full build, not its headless shell
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), **args, **PHONE, service_workers="allow", accept_downloads=True
    )
    # A browser that finds nothing wrong with about:blank could not vouch for our manifest.
    blank = context.pages[0] if context.pages else context.new_page()
    assert context.new_cdp_session(blank).send("Page.getInstallabilityErrors")["installabilityErrors"], (
        "this Chromium does not judge installability"
    )
    yield context
    context.close()


def _poll(page: Page, script: str, expected: object, what: str, *, arg: Any = None, seconds: float = 30) -> None:
    """Evaluate until the answer is `expected`: page.evaluate awaits a script's Promise, where
    wait_for_function would take the Promise itself for a truthy answer."""
    deadline = time.monotonic() + seconds
    while page.evaluate(script, arg) != expected:
        assert time.monotonic() < deadline, what
        page.wait_for_timeout(250)


def _wait_precached(page: Page, site: Path) -> None:
    """Until the worker is active, controls the page and holds every file of the build's list."""
    expected = len(offline.precache_list(site))
    _poll(page, PRECACHED, True, "the offline copy was never complete", arg=expected, seconds=INSTALL_TIMEOUT_MS / 1000)


def test_after_one_visit_everything_works_with_the_server_stopped_and_about_deletes_it(
    app_context: BrowserContext, site_dir: Path, tmp_path: Path
) -> None:
    page = app_context.pages[0] if app_context.pages else app_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(site_dir) as url:
        page.goto(url)
        page.goto(url + "self-assessment/")
        _wait_precached(page, site_dir)
        cdp = app_context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        assert cdp.send("Page.getAppManifest")["errors"] == []
    assert server_is_gone(url)

    # A page never opened, straight from the address bar.
    page.goto(url + "under-18/")
    expect(page.locator("article h1")).to_be_visible()
    assert "under 18" in page.title().lower()

    # The self-check, from a cold start: the runtime comes from the offline copy.
    page.goto(url + "self-assessment/")
    expect(page.locator("[data-quiz-status]")).to_contain_text("ready", timeout=ENGINE_TIMEOUT_MS)
    check_answers(page, PEOPLE["deck"])
    page.locator("[data-quiz-submit]").click()
    result = page.locator("[data-quiz-result]")
    expect(result).to_have_attribute("data-outcome", "deck", timeout=ENGINE_TIMEOUT_MS)

    # The personal deck is made in the page (fpdf2 loads from the offline copy too).
    deck = result.locator("[data-quiz-deck]")
    deck.locator("[data-deck-paper]").select_option("a4")
    with page.expect_download(timeout=ENGINE_TIMEOUT_MS) as made:
        deck.locator("[data-deck-download]").click()
    saved = tmp_path / "deck.pdf"
    made.value.save_as(saved)
    assert_paper(saved.read_bytes(), "a4")
    assert "Starts at level" in page_texts(saved.read_bytes())[0]

    # The worksheet, a file of the site, from the deck page.
    page.goto(url + "deck/")
    with page.expect_download() as got:
        page.get_by_role("link", name="Fear-ladder worksheet, A4 (PDF)").click()
    worksheet = tmp_path / "worksheet.pdf"
    got.value.save_as(worksheet)
    assert worksheet.read_bytes() == (site_dir / "assets" / "pdf" / "fear-ladder-worksheet-a4.pdf").read_bytes()

    # The log of experiments, its charts and its package, all from the offline copy.
    page.goto(url + "experiments/")
    expect(page.locator("[data-experiment-log]")).to_be_visible()
    add_entry(page, own="Ask for a table by the window", learned="They said yes", date="2026-11-26")
    charts = page.locator(".exp-chart svg[role=img]")
    expect(charts.first).to_be_visible(timeout=CALL_MS)

    # A page the site does not have: its own "not found" page, not the browser's error.
    page.goto(url + "no-such-page/")
    expect(page.locator("article h1")).to_contain_text("404")

    # About lists the offline copy, with its size, and deletes it with everything else.
    page.goto(url + "about/")
    panel = page.locator("[data-device-data]")
    listed = panel.locator("[data-device-data-list] li")
    expect(listed.filter(has_text=":precache")).to_contain_text(" MB")
    # Only the one copy: the engine's hand-off copies of the runtime are gone once the worker runs.
    expect(listed.filter(has_text="offline:")).to_have_count(1)
    expect(listed.filter(has_text="sw.js")).to_have_count(1)
    panel.locator("[data-device-data-delete]").click()
    expect(panel.locator("[data-device-data-summary]")).to_contain_text("stored nothing")
    left = page.evaluate(
        """async () => ({
            caches: (await caches.keys()).filter((name) => name.startsWith("offline:")),
            registered: !!(await navigator.serviceWorker.getRegistration()),
        })"""
    )
    assert left == {"caches": [], "registered": False}
    assert errors == []


# Counts the page's calls to register a service worker, from before any of its scripts run.
REGISTER_CALLS = """
window.__registerCalls = 0;
const register = ServiceWorkerContainer.prototype.register;
ServiceWorkerContainer.prototype.register = function (...args) {
  window.__registerCalls += 1;
  return register.apply(this, args);
};
"""

OFFLINE_STATE = """async () => ({
    caches: (await caches.keys()).filter((name) => name.startsWith("offline:")),
    registered: !!(await navigator.serviceWorker.getRegistration()),
})"""

# Resolves after the idle callbacks queued before it: the page queues its registration in one
# once it has loaded, so by then it has registered, or decided not to.
AFTER_IDLE = "() => new Promise((done) => requestIdleCallback(() => setTimeout(done), { timeout: 10000 }))"


@contextmanager
def _phone_with_workers(browser: Browser, site_dir: Path, init_script: str) -> Iterator[tuple[Page, str]]:
    """A phone-sized page that may register service workers, with ``init_script`` run first on
    every page, and the site served; yields the page and the site's URL. No page error may
    happen on the way."""
    context = browser.new_context(**PHONE, service_workers="allow")
    context.add_init_script(init_script)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        with serve(site_dir) as url:
            yield page, url
        assert errors == []
    finally:
        context.close()


def test_a_reader_can_refuse_the_offline_copy_and_take_it_back(browser: Browser, site_dir: Path) -> None:
    """About's second button. Refusing deletes the copy and keeps it away on later visits; the
    refusal is listed with everything else the site stored; taking the copy back starts it
    again; and "delete everything" removes the refusal too."""
    with _phone_with_workers(browser, site_dir, REGISTER_CALLS) as (page, url):
        page.goto(url)
        _poll(page, "async () => !!(await navigator.serviceWorker.getRegistration())", True, "never registered")

        page.goto(url + "about/")
        panel = page.locator("[data-device-data]")
        summary = panel.locator("[data-device-data-summary]")
        listed = panel.locator("[data-device-data-list] li")
        choice = panel.get_by_role("button", name="Keep no offline copy on this device")
        choice.focus()
        page.keyboard.press("Enter")
        expect(summary).to_contain_text("No offline copy is kept now", timeout=15_000)
        expect(panel.get_by_role("button", name="Keep an offline copy again")).to_be_focused()
        # A worker still installing is stopped first; on a loaded machine that takes a while.
        expect(listed).to_have_count(1, timeout=15_000)
        expect(listed.first).to_contain_text(".offline-copy")
        expect(listed.first).to_contain_text("refused")

        # A later visit registers nothing and stores nothing; a worker that was still
        # installing when the reader refused is swept away with what it stored.
        page.goto(url + "what-it-is/")
        page.evaluate(AFTER_IDLE)
        assert page.evaluate("window.__registerCalls") == 0
        _poll(page, OFFLINE_STATE, {"caches": [], "registered": False}, "the refused copy stayed")

        # Taken back: the copy starts again at once.
        page.goto(url + "about/")
        panel.get_by_role("button", name="Keep an offline copy again").click()
        expect(summary).to_contain_text("kept again")
        expect(panel.get_by_role("button", name="Keep no offline copy on this device")).to_be_visible()
        _poll(page, "async () => !!(await navigator.serviceWorker.getRegistration())", True, "not kept again")

        # "Delete everything" removes a refusal as well: nothing of this site is left.
        panel.get_by_role("button", name="Keep no offline copy on this device").click()
        expect(summary).to_contain_text("No offline copy is kept now", timeout=15_000)
        panel.get_by_role("button", name="Delete everything this site stored").click()
        expect(summary).to_contain_text("stored nothing", timeout=15_000)
        expect(listed).to_have_count(0)
        assert page.evaluate("() => Object.keys(localStorage).filter((key) => key.startsWith('/.'))") == []


BLOCKED_STORAGE = """Object.defineProperty(window, "localStorage", {
    get() { throw new DOMException("The user blocked site data.", "SecurityError"); },
});"""


def test_a_refusal_the_browser_cannot_store_is_not_promised(browser: Browser, site_dir: Path) -> None:
    """With site data blocked the copy is still deleted and not started again during the visit,
    and the page says the choice cannot be remembered rather than promising that the copy
    stays away."""
    with _phone_with_workers(browser, site_dir, BLOCKED_STORAGE) as (page, url):
        page.goto(url + "about/")
        panel = page.locator("[data-device-data]")
        panel.get_by_role("button", name="Keep no offline copy on this device").click()
        expect(panel.locator("[data-device-data-summary]")).to_contain_text(
            "does not let the site remember your choice", timeout=15_000
        )
        # For the rest of this visit nothing is kept, and the reader can still change their mind.
        expect(panel.get_by_role("button", name="Keep an offline copy again")).to_be_visible()
        page.evaluate(AFTER_IDLE)
        _poll(page, OFFLINE_STATE, {"caches": [], "registered": False}, "the copy was not deleted")


# A worker that is still installing goes on storing files until the browser stops it. About
# waits 3 s for that; on a busy phone it can take longer, and then what the worker stored
# meanwhile is swept when it stops, unless the reader has asked for the copy again since. A
# worker that outlives the wait cannot be made on demand, so the page's service-worker
# container hands out a registration whose installing worker stops when the test says.
FAKE_INSTALLING = """
(() => {
  const worker = new EventTarget();
  worker.state = "installing";
  const fake = { worker, registered: true, swept: 0, rebuilt: 0 };
  const registration = Object.assign(new EventTarget(), {
    scope: new URL("/", location.href).href,
    installing: worker,
    waiting: null,
    unregister: async () => { fake.registered = false; return true; },
    update: async () => registration,
  });
  ServiceWorkerContainer.prototype.getRegistration = async function () {
    return fake.registered ? registration : undefined;
  };
  ServiceWorkerContainer.prototype.register = async function () { fake.registered = true; return registration; };
  window.addEventListener("offline-copy-swept", () => { fake.swept += 1; });
  window.__fakeWorker = fake;
})();
"""

# What the worker stores after About's deletion has run.
STORE_LATE = """async () => {
  const cache = await caches.open("offline:/:precache-late");
  await cache.put("/late.txt", new Response("stored after the deletion"));
}"""

STOP_WORKER = """() => {
  const list = document.querySelector("[data-device-data-list]");
  new MutationObserver(() => { window.__fakeWorker.rebuilt += 1; }).observe(list, { childList: true });
  const worker = window.__fakeWorker.worker;
  worker.state = "redundant";
  worker.dispatchEvent(new Event("statechange"));
}"""

OFFLINE_CACHES = "async () => (await caches.keys()).filter((name) => name.startsWith('offline:'))"


@pytest.mark.parametrize("asked_again", [False, True], ids=["swept", "asked-for-again"])
def test_what_a_slow_worker_stores_after_a_refusal_is_swept_when_it_stops(
    browser: Browser, site_dir: Path, asked_again: bool
) -> None:
    """The reader refuses the copy while a worker is still installing, and it outlives About's
    wait. When it stops, what it stored after the deletion is deleted too and About lists
    storage again; if the reader asked for the copy again meanwhile, that copy is left alone.
    (Each half fails without its part of offline.mjs: the sweep, and its check for a worker.)"""
    with _phone_with_workers(browser, site_dir, FAKE_INSTALLING) as (page, url):
        page.goto(url + "about/")
        panel = page.locator("[data-device-data]")
        summary = panel.locator("[data-device-data-summary]")
        listed = panel.locator("[data-device-data-list] li")
        panel.get_by_role("button", name="Keep no offline copy on this device").click()
        # The worker did not stop within the 3 s About waits.
        expect(summary).to_contain_text("No offline copy is kept now", timeout=15_000)
        assert page.evaluate("window.__fakeWorker.worker.state") == "installing"
        if asked_again:
            panel.get_by_role("button", name="Keep an offline copy again").click()
            expect(summary).to_contain_text("kept again")
            _poll(page, "() => window.__fakeWorker.registered", True, "the copy was not asked for again")
        page.evaluate(STORE_LATE)
        assert page.evaluate(OFFLINE_CACHES) == ["offline:/:precache-late"]

        page.evaluate(STOP_WORKER)
        if asked_again:
            # The copy the reader asked for again is theirs: nothing is swept, nothing re-listed.
            page.wait_for_timeout(1_000)
            assert page.evaluate(OFFLINE_CACHES) == ["offline:/:precache-late"]
            assert page.evaluate("window.__fakeWorker.swept") == 0
        else:
            _poll(page, OFFLINE_CACHES, [], "what the worker stored after the wait was left behind")
            _poll(page, "() => window.__fakeWorker.swept", 1, "About was not told of the sweep")
            # About lists storage again: only the refusal is left.
            _poll(page, "() => window.__fakeWorker.rebuilt > 0", True, "About did not list storage again")
            expect(listed).to_have_count(1)
            expect(listed.first).to_contain_text("refused")


# About measures the copy by reading every file in it, which takes seconds on a slow phone. The
# next measurement here sees the caches at once but answers 4 s later, as a slow one does; no
# worker is registered, so the test decides what the caches hold.
SLOW_MEASUREMENT = """
(() => {
  const keys = CacheStorage.prototype.keys;
  CacheStorage.prototype.keys = async function (...args) {
    const names = await keys.apply(this, args);
    if (window.__slowNext) {
      window.__slowNext = false;
      await new Promise((done) => setTimeout(done, 4000));
    }
    return names;
  };
  ServiceWorkerContainer.prototype.register = async function () { return undefined; };
  ServiceWorkerContainer.prototype.getRegistration = async function () { return undefined; };
})();
"""


def test_a_slow_measurement_never_lists_a_copy_the_reader_just_deleted(browser: Browser, site_dir: Path) -> None:
    """A reader refuses the copy while About is still measuring it. The message that it is
    deleted stays, the list holds only the refusal, and the late measurement neither brings the
    deleted copy back into the list nor makes its cache again by opening it."""
    with _phone_with_workers(browser, site_dir, SLOW_MEASUREMENT) as (page, url):
        page.goto(url + "about/")
        panel = page.locator("[data-device-data]")
        summary = panel.locator("[data-device-data-summary]")
        listed = panel.locator("[data-device-data-list] li")
        page.evaluate(STORE_LATE)
        # About measures again (as after a sweep), slowly; the reader refuses meanwhile.
        page.evaluate("() => { window.__slowNext = true; window.dispatchEvent(new Event('offline-copy-swept')); }")
        panel.get_by_role("button", name="Keep no offline copy on this device").click()
        expect(summary).to_contain_text("No offline copy is kept now", timeout=15_000)
        page.wait_for_timeout(5_000)  # the slow measurement has answered by now
        expect(summary).to_contain_text("No offline copy is kept now")
        expect(listed).to_have_count(1)
        expect(listed.first).to_contain_text("refused")
        assert page.evaluate(OFFLINE_CACHES) == []


@pytest.fixture(scope="module")
def topic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small topic of our own making, to deploy twice."""
    folder = tmp_path_factory.mktemp("update") / "topic"
    made = run_plain("-m", "generator", "new", str(folder), "--title", "Update check", cwd=ROOT)
    assert made.returncode == 0, made.stderr
    return folder


def _build(topic: Path, into: Path) -> None:
    built = run_plain("-m", "mkdocs", "build", "--strict", "-d", str(into), cwd=topic)
    assert built.returncode == 0, built.stderr


def test_a_new_build_waits_and_offers_a_reload(app_context: BrowserContext, topic: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    _build(topic, served)
    page = app_context.pages[0] if app_context.pages else app_context.new_page()
    # From a sub-path, as on a shared host: the worker's scope is the site's folder.
    with serve(served, prefix="/guide/") as url:
        page.goto(url)
        assert page.evaluate("async () => (await navigator.serviceWorker.ready).scope") == url
        _wait_precached(page, served)
        notice = page.locator("[data-offline-update]")
        expect(notice).to_be_hidden()

        # Deploy a changed build: a new sentence on the home page.
        home = topic / "content" / "pages" / "index.md"
        home.write_text(home.read_text(encoding="utf-8") + "\n\nThis sentence is new in the second build.\n")
        _build(topic, tmp_path / "second")
        shutil.rmtree(served)
        shutil.copytree(tmp_path / "second", served)

        # The old build keeps serving until the person chooses; the new one waits.
        page.reload()
        expect(page.locator("article")).not_to_contain_text("new in the second build")
        page.evaluate("async () => (await navigator.serviceWorker.ready).update()")
        expect(notice).to_be_visible(timeout=INSTALL_TIMEOUT_MS)
        expect(notice).to_contain_text("A new version of this site is available.")
        expect(page.locator("article")).not_to_contain_text("new in the second build")

        notice.get_by_role("button", name="Reload").click()
        expect(page.locator("article")).to_contain_text("new in the second build", timeout=30_000)
        expect(page.locator("[data-offline-update]")).to_be_hidden()
