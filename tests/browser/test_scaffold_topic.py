"""A new topic made by `python -m generator new`, taken as a person would: its self-check
runs in Pyodide from the site itself, for each of its outcomes, with no other origin."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from devtools.site import run_plain as run
from devtools.site import serve
from tests.browser.helpers import RequestLog, guard_requests
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

# The new topic's own words: the page's script shows them, not the guide's.
WORDS = json.loads((ROOT / "generator/scaffold/content/self-check/self-check.json").read_text(encoding="utf-8"))[
    "page"
]["words"]


@pytest.fixture(scope="module")
def topic_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The scaffolded topic, built with plain mkdocs and served under a sub-path."""
    topic = tmp_path_factory.mktemp("scaffold") / "topic"
    assert run("-m", "generator", "new", str(topic), "--title", "Mouth taping", cwd=ROOT).returncode == 0
    built = run("-m", "mkdocs", "build", "--strict", cwd=topic)
    assert built.returncode == 0, built.stderr
    with serve(topic / "site", prefix="/topic/") as url:
        yield url


@pytest.fixture
def request_log(context: BrowserContext, topic_url: str) -> RequestLog:
    """The topic's own origin is the only one allowed; anything else is blocked and kept."""
    return guard_requests(context, topic_url)


def _answer(page: Page, values: dict[str, int]) -> None:
    for item_id, value in values.items():
        page.locator(f'[data-item="{item_id}"] label.quiz-option').nth(value).click()


@pytest.mark.parametrize(
    ("values", "outcome", "reason"),
    [
        ({"example_1": 2, "example_2": 2, "example_3": 1}, "talk-to-someone", "Your example score was 5 out of 9"),
        ({"example_1": 2, "example_2": 2, "example_3": 0}, "general", "did not meet the example rule"),
    ],
    ids=["rule-met", "no-rule-met"],
)
def test_the_scaffolded_self_check_gives_each_outcome(
    page: Page, topic_url: str, request_log: RequestLog, values: dict[str, int], outcome: str, reason: str
) -> None:
    page.goto(topic_url + "self-check/")
    _answer(page, values)
    page.locator("[data-quiz-submit]").click()
    result = page.locator("[data-quiz-result]")
    expect(result).to_be_visible(timeout=120_000)
    expect(result.locator(f'[data-outcome="{outcome}"]')).to_be_visible()
    expect(result.locator("[data-quiz-reasons]")).to_contain_text(reason)
    expect(result.locator("[data-outcome]:visible")).to_have_count(1)
    expect(result.locator(".crisis-line")).to_contain_text("555 0100")
    expect(page.locator("[data-quiz-status]")).to_have_text(WORDS["result_shown"])
    assert request_log.foreign == []
    assert any("/topic/pyodide/pyodide.asm.wasm" in url for url in request_log.requests)
    assert any("/topic/assets/data/self-check.json" in url for url in request_log.requests)


def test_a_missing_answer_gets_a_message_not_a_traceback(page: Page, topic_url: str, request_log: RequestLog) -> None:
    page.goto(topic_url + "self-check/")
    _answer(page, {"example_1": 1})
    page.locator("[data-quiz-submit]").click()
    errors = page.locator("[data-quiz-errors]")
    expect(errors).to_be_visible(timeout=120_000)
    expect(errors).to_contain_text("2 answers need your attention:")
    expect(errors).to_contain_text("Question 2")
    expect(page.locator(".quiz-broken")).to_have_count(0)
    assert "Traceback" not in page.content()
    assert request_log.foreign == []


def test_a_widget_missing_a_part_says_so_on_the_page(page: Page, topic_url: str, request_log: RequestLog) -> None:
    """A hand-edited page that lost one of the widget's hooks gets a plain message, not a
    TypeError in the console and a dead button."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def without_reasons(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("data-quiz-reasons", "data-was-reasons"))

    page.route("**/self-check/", without_reasons)
    page.goto(topic_url + "self-check/")
    broken = page.locator(".quiz-broken")
    expect(broken).to_be_visible()
    expect(broken).to_contain_text("missing [data-quiz-reasons]")
    assert errors == []
