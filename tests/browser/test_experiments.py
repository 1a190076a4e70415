"""The "My experiments" page in Chromium: consent, add, edit, delete, problems next to their
fields, export (JSON and CSV), re-import (round trip, duplicates, a bad file that changes
nothing), the charts with their tables, the progress report PDF, About's storage list, axe
in both schemes at desktop and phone widths, and no entry in any request.

One page boots the engine once for the whole module; between tests it is set back the way a
next visit finds it (storage emptied, the page left and opened again by instant navigation,
which drops entries that were never kept), while the engine keeps running."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect
from pypdf import PdfReader

from tests.browser.helpers import (
    PHONE,
    after_a_frame,
    allow_instant_navigation,
    axe_report,
    guard_requests,
    show_in_scheme,
)
from tests.browser.logflow import CALL_MS, add_entry

pytestmark = pytest.mark.browser

READY_MS = 180_000
REPORT_MS = 180_000
LOG_KEY_SUFFIX = ".experiment-log"

# Texts a person wrote; none may appear in any request the page makes.
FIRST = {"fear": "They will think I am odd zq1", "learned": "They smiled back zq2", "dropped": "rehearsing zq3"}
SECOND = {"own": "Ask my neighbour for a lift zq4", "learned": "She said no kindly zq5"}
PRIVATE_TEXTS = [*FIRST.values(), *SECOND.values()]


@contextmanager
def leaving_anyway(page: Page) -> Iterator[None]:
    """Answer "leave" if the page asks before leaving (entries that are not kept), as a person
    who has what they need does."""

    def leave(dialog: Dialog) -> None:
        dialog.accept()

    page.on("dialog", leave)
    try:
        yield
    finally:
        page.remove_listener("dialog", leave)


class LogPage:
    def __init__(self, browser: Browser, context_args: dict[str, Any], base_url: str, site_dir: Path) -> None:
        self.base_url = base_url
        self.context = browser.new_context(**{**context_args, "accept_downloads": True})
        self.log = guard_requests(self.context, base_url)
        # Links are followed in place, as on the deployed site, so the engine keeps running.
        allow_instant_navigation(self.context, site_dir, base_url)
        self.page = self.context.new_page()
        self.page.goto(base_url + "experiments/")
        self.wait_ready(READY_MS)

    def wait_ready(self, timeout: float) -> None:
        self.page.wait_for_function(
            """() => {
                const root = document.querySelector("[data-experiment-log]");
                const status = document.querySelector("[data-log-status]");
                return root && root.dataset.bound === "true" && status.textContent.includes("ready");
            }""",
            timeout=timeout,
        )

    def go(self, path: str) -> None:
        """Instant navigation, as a click on one of the site's own links does: the engine keeps running."""
        self.page.evaluate(
            """(url) => {
                const link = [...document.querySelectorAll("a[href]")].find((a) => a.href === url);
                if (link) link.click();
                else window.location$.next(new URL(url));
            }""",
            self.base_url + path,
        )
        self.page.wait_for_function("(url) => location.href.split('#')[0] === url", arg=self.base_url + path)
        self.page.wait_for_load_state()

    def fresh(self) -> None:
        page = self.page
        page.set_viewport_size({"width": 1280, "height": 800})
        page.emulate_media(color_scheme="light")
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")

        # The last test's entries are not kept now, so the page may ask before leaving: yes.
        with leaving_anyway(page):
            self.go("")
            page.wait_for_function("() => !document.querySelector('[data-experiment-log]')")
        self.go("experiments/")
        self.wait_ready(30_000)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def log_page(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str, site_dir: Path
) -> Iterator[LogPage]:
    booted = LogPage(browser, browser_context_args, base_url, site_dir)
    yield booted
    booted.close()


@pytest.fixture
def page(log_page: LogPage) -> Page:
    log_page.fresh()
    return log_page.page


def stored(page: Page) -> Any:
    return page.evaluate(
        """(suffix) => {
            const key = Object.keys(localStorage).find((name) => name.endsWith(suffix));
            return key ? JSON.parse(localStorage.getItem(key)) : null;
        }""",
        LOG_KEY_SUFFIX,
    )


def add_both(page: Page) -> None:
    add_entry(page, search="hello", **{key: FIRST[key] for key in ("fear", "dropped", "learned")})
    add_entry(page, own=SECOND["own"], learned=SECOND["learned"], numbers=(90, 8, 5), got_no=True, date="2026-11-22")


# Whether the page asks the browser to confirm an unload, as a real one would: an unload event
# the page cancels.
UNLOAD_ASKS = """() => {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
}"""


def test_leaving_with_entries_not_kept_asks_first(page: Page, log_page: LogPage) -> None:
    """Entries that are not kept are gone when the page goes, so the page says so when one is
    added, and asks before a link or the theme's next-page key replaces it (the browser asks
    before an unload). Once the log is kept, nothing asks."""
    add_entry(page, search="hello", learned=FIRST["learned"])
    expect(page.locator("[data-log-status]")).to_contain_text("stays on this page only")
    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def asked_at_least(count: int) -> None:
        """Wait for the page's question, then a frame past it: a navigation would have begun by then."""
        deadline = time.monotonic() + 10
        while len(asked) < count and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        after_a_frame(page)

    # Before an unload, the browser's own question is asked (its words are the browser's).
    assert page.evaluate(UNLOAD_ASKS) is True
    page.on("dialog", stay)
    try:
        # Staying: the page and its entry are still there.
        page.locator(".md-nav--primary").get_by_role("link", name="Risks", exact=True).first.click()
        asked_at_least(1)
        expect(page.locator(".exp-entry")).to_have_count(1)
        assert len(asked) == 1 and asked[0].startswith("confirm: ") and "will be gone" in asked[0], asked
        assert page.url.split("#")[0] == log_page.base_url + "experiments/"
        # The theme's key for the next page asks too; a key typed into a field is only typing.
        page.locator("#log-fear").press("n")
        after_a_frame(page)
        assert len(asked) == 1, asked
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("n")
        asked_at_least(2)
        assert len(asked) == 2 and "will be gone" in asked[1], asked
        expect(page.locator(".exp-entry")).to_have_count(1)
        assert page.url.split("#")[0] == log_page.base_url + "experiments/"
        # Kept: nothing asks, and the link is followed.
        page.locator("[data-log-keep]").check()
        assert page.evaluate(UNLOAD_ASKS) is False
        page.locator(".md-nav--primary").get_by_role("link", name="Risks", exact=True).first.click()
        # The theme's tracking may have put a heading's anchor on the address as the page scrolled.
        page.wait_for_url(re.compile(re.escape(log_page.base_url + "risks/") + "(#.*)?$"))
        assert len(asked) == 2, asked
    finally:
        page.remove_listener("dialog", stay)
    page.go_back()
    log_page.wait_ready(30_000)
    expect(page.locator(".exp-entry")).to_have_count(1)


def test_nothing_is_kept_until_the_person_ticks_the_box_and_unticking_deletes_it(page: Page) -> None:
    keep = page.locator("[data-log-keep]")
    expect(keep).not_to_be_checked()
    add_entry(page, search="hello", **{key: FIRST[key] for key in ("fear", "dropped", "learned")})
    assert stored(page) is None, "an entry was kept before the person chose to keep a log"
    entry = page.locator(".exp-entry").first
    expect(entry).to_be_focused()
    expect(entry).to_contain_text(FIRST["learned"])
    expect(entry).to_contain_text("Level 1")

    keep.check()
    expect(page.locator("[data-log-status]")).to_contain_text("kept in this browser")
    kept = stored(page)
    assert kept["version"] == 1 and [e["learned"] for e in kept["entries"]] == [FIRST["learned"]]
    assert kept["entries"][0]["dropped"] == [FIRST["dropped"]]
    assert kept["entries"][0]["belief_before"] == 80 and kept["entries"][0]["got_no"] is False

    # Kept entries come back on the next visit, box ticked.
    log_page_reload(page)
    expect(page.locator("[data-log-keep]")).to_be_checked()
    expect(page.locator(".exp-entry")).to_have_count(1)

    keep = page.locator("[data-log-keep]")
    keep.uncheck()
    assert stored(page) is None
    expect(page.locator(".exp-entry")).to_have_count(1)  # still on the page until it is left


def log_page_reload(page: Page) -> None:
    """Leave the page and come back, as a person does within one visit."""
    base = page.url.split("experiments/")[0]
    for url, there in ((base, False), (base + "experiments/", True)):
        with leaving_anyway(page):
            page.evaluate(
                """(url) => {
                    const link = [...document.querySelectorAll("a[href]")].find((a) => a.href === url);
                    if (link) link.click();
                    else window.location$.next(new URL(url));
                }""",
                url,
            )
            # The theme falls back to a full page load when it cannot navigate in place; wait for
            # the page it lands on to be whole (its scripts run) before the next step uses it.
            page.wait_for_function(
                """([url, there]) => location.href.split("#")[0] === url && document.readyState === "complete"
                    && !!window.location$ && !!document.querySelector("[data-experiment-log][data-bound]") === there""",
                arg=[url, there],
            )


def test_edit_delete_and_undo_keep_the_stored_log_in_step(page: Page) -> None:
    page.locator("[data-log-keep]").check()
    add_both(page)
    first = page.locator(".exp-entry").first
    first.get_by_role("button", name="Edit entry 1").click()
    heading = page.locator("[data-log-form-heading]")
    expect(heading).to_have_text("Edit entry 1")
    expect(heading).to_be_focused()
    expect(page.locator("#log-learned")).to_have_value(FIRST["learned"])
    expect(page.locator("#log-card")).to_have_value("strangers-say-hello")
    page.fill("#log-actual_bad", "1")
    page.locator("[data-log-save]").click()
    expect(page.locator("[data-log-status]")).to_have_text("Entry 1 updated.")
    expect(heading).to_have_text("Add an experiment")
    assert [e["actual_bad"] for e in stored(page)["entries"]] == [1, 5]
    assert stored(page)["entries"][0]["card"] == "strangers-say-hello"

    page.locator(".exp-entry").nth(1).get_by_role("button", name="Delete entry 2").click()
    expect(page.locator(".exp-entry")).to_have_count(1)
    undo = page.locator("[data-log-undo-button]")
    expect(undo).to_be_focused()
    assert [e["card"] for e in stored(page)["entries"]] == ["strangers-say-hello"]
    undo.click()
    expect(page.locator(".exp-entry")).to_have_count(2)
    assert [e["card"] for e in stored(page)["entries"]] == ["strangers-say-hello", SECOND["own"]]

    # An own ask is edited as an own ask.
    page.locator(".exp-entry").nth(1).get_by_role("button", name="Edit entry 2").click()
    expect(page.locator("#log-own")).to_have_value(SECOND["own"])
    expect(page.locator("input[data-log-source][value=own]")).to_be_checked()
    page.locator("[data-log-cancel]").click()
    expect(page.locator("[data-log-status]")).to_contain_text("unchanged")


def test_problems_are_shown_next_to_their_fields_and_go_away_when_fixed(page: Page) -> None:
    page.fill("#log-predicted_no", "150")
    page.locator("[data-log-save]").click()
    errors = page.locator("[data-log-errors]")
    expect(errors).to_be_visible(timeout=CALL_MS)
    expect(errors).to_be_focused()
    expect(errors).to_contain_text("How likely is a no? (0–100%)")
    field = page.locator("#log-predicted_no")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#log-predicted_no-error")).to_contain_text("0 to 100")
    assert "log-predicted_no-error" in (field.get_attribute("aria-describedby") or "")
    radio = page.locator("input[name=log-got_no]").first
    assert "log-got_no-error" in (radio.get_attribute("aria-describedby") or "")
    errors.get_by_role("link", name="How bad was it really?").click()
    expect(page.locator("#log-actual_bad")).to_be_focused()
    assert page.locator(".exp-entry").count() == 0

    add_entry(page, search="hello", learned="fixed")
    expect(errors).to_be_hidden()
    assert page.locator("[aria-invalid]").count() == 0


def _download(page: Page, selector: str, tmp_path: Path, timeout: float = CALL_MS) -> tuple[str, bytes]:
    with page.expect_download(timeout=timeout) as info:
        page.locator(selector).click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    return info.value.suggested_filename, saved.read_bytes()


def test_export_and_import_round_trip_and_a_bad_file_changes_nothing(page: Page, tmp_path: Path) -> None:
    add_both(page)
    name, data = _download(page, "[data-log-export=json]", tmp_path)
    assert name == "my-experiments.json"
    exported = json.loads(data)
    assert exported["version"] == 1
    assert [e["learned"] for e in exported["entries"]] == [FIRST["learned"], SECOND["learned"]]
    assert exported["entries"][1] == {
        "card": SECOND["own"], "date": "2026-11-22", "predicted_no": 90, "predicted_bad": 8, "got_no": True,
        "actual_bad": 5, "learned": SECOND["learned"], "belief_before": 80, "belief_after": 30,
    }  # fmt: skip
    name, data = _download(page, "[data-log-export=csv]", tmp_path)
    assert name == "my-experiments.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row["learned"] for row in rows] == [FIRST["learned"], SECOND["learned"]]
    assert rows[0]["card"] == "strangers-say-hello" and rows[0]["predicted_no"] == "70"

    # A new visit: nothing was kept, so the page is empty; the file brings every entry back.
    log_page_reload(page)
    expect(page.locator(".exp-entry")).to_have_count(0)
    file = tmp_path / "my-experiments.json"
    page.set_input_files("[data-log-import]", str(file))
    report = page.locator("[data-log-import-report]")
    expect(report).to_contain_text("2 new entries added", timeout=CALL_MS)
    expect(report).to_be_focused()
    expect(page.locator(".exp-entry")).to_have_count(2)

    page.set_input_files("[data-log-import]", str(file))
    expect(report).to_contain_text("0 new entries added", timeout=CALL_MS)
    expect(report).to_contain_text("2 already in your log")
    expect(page.locator(".exp-entry")).to_have_count(2)

    bad = dict(exported["entries"][0], predicted_no=101, date="2026-02-30")
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps({"version": 1, "entries": [exported["entries"][1], bad]}, indent=1))
    page.set_input_files("[data-log-import]", str(bad_file))
    expect(report).to_contain_text("Nothing was loaded and your log is unchanged", timeout=CALL_MS)
    expect(report).to_contain_text("Entry 2 (line")
    expect(report).to_contain_text('field "predicted_no"')
    expect(report).to_contain_text('field "date": "2026-02-30" is not a real date')
    expect(page.locator(".exp-entry")).to_have_count(2)


def test_a_first_entry_gives_charts_with_titles_descriptions_and_tables(page: Page) -> None:
    expect(page.locator("[data-log-charts-note]")).to_contain_text("after your first entry")
    add_entry(page, search="hello", learned=FIRST["learned"])
    charts = page.locator(".exp-chart")
    expect(charts).to_have_count(3, timeout=CALL_MS)
    for index in range(3):
        chart = charts.nth(index)
        svg = chart.locator("svg[role=img]")
        expect(svg).to_be_visible()
        assert svg.locator("title").text_content()
        assert "1 try" in (svg.locator("desc").text_content() or "")
        labelled = (svg.get_attribute("aria-labelledby") or "").split()
        assert len(labelled) == 2 and all(page.locator(f"#{name}").count() == 1 for name in labelled)
        expect(chart.locator("table tbody tr")).to_have_count(1)
        box = svg.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 120
    expect(page.locator("[data-figure=predicted_no_mean] dd")).to_have_text("70%")
    expect(page.locator("[data-figure=observed_no_rate] dd")).to_have_text("0%")


def test_the_progress_report_is_made_in_the_browser(page: Page, tmp_path: Path) -> None:
    add_entry(page, search="hello", learned=FIRST["learned"])
    page.select_option("[data-log-paper]", "a4")
    name, data = _download(page, "[data-log-report]", tmp_path, timeout=REPORT_MS)
    assert name == "my-experiments-report-a4.pdf"
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join((pdf_page.extract_text() or "").split()) for pdf_page in reader.pages)
    assert FIRST["learned"] in text
    assert "therapist" in text
    assert round(float(reader.pages[0].mediabox.width)) == 595
    expect(page.locator("[data-log-report-status]")).to_have_text("Your report is ready.")


def test_about_lists_the_kept_log_and_deletes_it(page: Page, log_page: LogPage) -> None:
    page.locator("[data-log-keep]").check()
    add_entry(page, search="hello", learned=FIRST["learned"])
    log_page.go("about/")
    listing = page.locator("[data-device-data-list]")
    expect(listing).to_contain_text(LOG_KEY_SUFFIX)
    expect(listing).to_contain_text(FIRST["learned"])
    page.locator("[data-device-data-delete]").click()
    expect(page.locator("[data-device-data-summary]")).to_contain_text("Deleted")
    assert stored(page) is None


@pytest.mark.parametrize("width", [1280, PHONE["viewport"]["width"]], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_with_entries_charts_and_problems(page: Page, scheme: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    show_in_scheme(page, scheme)
    add_entry(page, search="hello", learned=FIRST["learned"])
    expect(page.locator(".exp-chart")).to_have_count(3, timeout=CALL_MS)
    page.fill("#log-predicted_no", "150")
    page.locator("[data-log-save]").click()
    expect(page.locator("[data-log-errors]")).to_be_visible(timeout=CALL_MS)
    report = axe_report(page)
    assert report == "", report
    # Nothing wider than the screen, and every control of the log is a 44 px target.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    small = page.evaluate(
        """() => [...document.querySelectorAll(
                ".exp-log button, .exp-log select, .exp-log input:not([type=radio]):not([type=checkbox]), "
                + ".exp-log__check")]
            .filter((node) => node.offsetParent !== null)
            .map((node) => [node.outerHTML.slice(0, 60), node.getBoundingClientRect().height])
            .filter(([, height]) => height < 44)"""
    )
    assert small == []


def test_no_request_carries_an_entry(page: Page, log_page: LogPage, tmp_path: Path) -> None:
    """Every request of this module so far and of a full use of the log (kept, charted,
    exported, printed), URLs and bodies, holds none of the entries' texts."""
    page.locator("[data-log-keep]").check()
    add_both(page)
    expect(page.locator(".exp-chart")).to_have_count(3, timeout=CALL_MS)
    _download(page, "[data-log-export=json]", tmp_path)
    _download(page, "[data-log-report]", tmp_path, timeout=REPORT_MS)
    log = log_page.log
    assert any(url.endswith("experiments.mjs") for url in log.requests), "the request log missed the page"
    assert log.foreign == []
    for text in PRIVATE_TEXTS:
        assert not any(text in url for url in log.requests), text
        assert not any(text in body for body in log.bodies), text
