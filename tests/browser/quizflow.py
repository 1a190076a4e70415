"""Shared quiz steps for browser tests: one person per outcome, filling the form (by mouse,
by keyboard alone, or directly), and what every result must show."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Page, expect

import quiz
import quiz.web

RESULT_TIMEOUT = 180_000  # a result may wait on Pyodide's cold start, far slower on a busy two-core machine

CALM: dict[str, Any] = {
    "phq2_1": 0, "phq2_2": 0, "gad2_1": 0, "gad2_2": 0, "phq9_9": 0,
    "sf_judged": 1, "sf_avoid": 0, "sf_interfere": 0, "sf_duration": 0,
    "cope_rejection": 1, "cope_alone": 0, "cope_support": 0,
    "areas": ["everyday", "friendship", "money"],
    "fear_1": 2, "fear_2": 4, "fear_3": 6, "fear_4": 8, "fear_5": 9,
}  # fmt: skip

# One person per outcome. Each differs from the calm person in a way a real person might.
PEOPLE: dict[str, dict[str, Any]] = {
    "crisis": {**CALM, "phq9_9": 2, "gad2_1": 1, "areas": ["dating"]},
    "therapist": {**CALM, "phq2_1": 2, "phq2_2": 1, "cope_alone": 2, "areas": ["strangers"]},
    "deck_with_support": {**CALM, "gad2_1": 1, "gad2_2": 2, "areas": ["strangers", "work-study"]},
    "deck": CALM,
}


def check_answers(page: Page, answers: dict[str, Any]) -> None:
    """Tick each answer's input directly (the mouse and keyboard paths have their own tests)."""
    for item, value in answers.items():
        for choice in value if isinstance(value, list) else [value]:
            page.locator(f'[data-item="{item}"] input[value="{choice}"]').check()


def show_result(page: Page, outcome: str) -> None:
    """Submit the filled form and wait for the given outcome's panel."""
    page.locator("[data-quiz-submit]").click()
    page.locator(f'[data-quiz-result][data-outcome="{outcome}"]').wait_for(state="visible", timeout=RESULT_TIMEOUT)


OUTCOMES = ("crisis", "therapist", "deck_with_support", "deck")
TRACEBACK_MARKS = ("Traceback", 'File "/lib/python', "PythonError", "pyodide.ffi")

QUESTIONNAIRE = quiz.questionnaire()
ITEMS: list[dict[str, Any]] = [item for section in QUESTIONNAIRE["sections"] for item in section["items"]]
ITEM_IDS = [item["id"] for item in ITEMS]


def python_reply(answers: dict[str, Any]) -> dict[str, Any]:
    """What the worker should answer, computed by the same package in CPython."""
    reply: dict[str, Any] = json.loads(quiz.web.assess_json(json.dumps(answers)))
    return reply


def _option_index(item_id: str, value: object) -> int:
    item = next(item for item in ITEMS if item["id"] == item_id)
    return [option["value"] for option in item["options"]].index(value)


def _chosen(answers: dict[str, Any], item_id: str) -> list[object]:
    value = answers[item_id]
    return list(value) if isinstance(value, list) else [value]


def fill_by_mouse(page: Page, answers: dict[str, Any]) -> None:
    """Click the label of each answer, as a person with a mouse does (no .check())."""
    for number, item_id in enumerate(ITEM_IDS):
        if item_id not in answers:
            continue
        for value in _chosen(answers, item_id):
            option = page.locator(f'[data-item="{item_id}"] label.quiz-option').nth(_option_index(item_id, value))
            # Alternate between clicking the words and the control itself; both must work.
            (option.locator("input") if number % 3 == 2 else option.locator("span")).click()
            expect(option.locator("input")).to_be_checked()


def form_answers(page: Page) -> dict[str, Any]:
    """The answers the form now holds, read straight from the DOM."""
    result: dict[str, Any] = page.evaluate(
        """() => {
            const answers = {};
            for (const fieldset of document.querySelectorAll("[data-item]")) {
                const checked = [...fieldset.querySelectorAll("input:checked")]
                    .map((input) => input.dataset.valueType === "int" ? Number(input.value) : input.value);
                if (fieldset.dataset.kind === "multi") { if (checked.length) answers[fieldset.dataset.item] = checked; }
                else if (checked.length) answers[fieldset.dataset.item] = checked[0];
            }
            return answers;
        }"""
    )
    return result


FOCUS_STATE = """() => {
    const el = document.activeElement;
    const drawn = (node) => {
        const style = getComputedStyle(node);
        return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    };
    const label = el.closest("label");
    const fieldset = el.closest("[data-item]");
    return {
        tag: el.tagName.toLowerCase(),
        type: el.type || "",
        id: el.id,
        item: fieldset ? fieldset.dataset.item : null,
        value: el.value ?? null,
        checked: !!el.checked,
        submit: el.matches("[data-quiz-submit]"),
        inForm: !!el.closest("[data-quiz-form]"),
        focusVisible: el.matches(":focus-visible"),
        ring: drawn(el) || (label !== null && drawn(label)),
    };
}"""


def focus_state(page: Page) -> dict[str, Any]:
    state: dict[str, Any] = page.evaluate(FOCUS_STATE)
    return state


def assert_focus_visible(page: Page) -> dict[str, Any]:
    state = focus_state(page)
    assert state["focusVisible"], f"focus is not :focus-visible on {state}"
    assert state["ring"], f"no visible focus outline on {state}"
    return state


def press(page: Page, key: str) -> dict[str, Any]:
    page.keyboard.press(key)
    return focus_state(page)


def fill_by_keyboard(page: Page, answers: dict[str, Any]) -> None:
    """Tab into the form, answer every question with arrows and Space, fix the last answer
    after Shift+Tab, and stop with focus on the submit button: no mouse, no .check()."""
    for _ in range(400):
        if press(page, "Tab")["inForm"]:
            break
    else:
        raise AssertionError("Tab never reached the quiz form")

    last = ITEM_IDS[-1]
    first_try = dict(answers)
    # Answer the last question wrongly first, then come back to it with Shift+Tab.
    first_try[last] = 10 if answers[last] != 10 else 0

    for position, item_id in enumerate(ITEM_IDS):
        state = assert_focus_visible(page)
        assert state["item"] == item_id, f"expected focus in question {item_id}, got {state}"
        item = ITEMS[position]
        if item["kind"] == "multi":
            chosen = set(_chosen(first_try, item_id))
            for index, option in enumerate(item["options"]):
                state = assert_focus_visible(page)
                assert state["type"] == "checkbox" and state["value"] == str(option["value"]), state
                if option["value"] in chosen:
                    state = press(page, "Space")
                    assert state["checked"], state
                if index < len(item["options"]) - 1:
                    press(page, "Tab")
        else:
            assert state["type"] == "radio" and not state["checked"], state
            state = press(page, "Space")  # checks the first choice, where Tab landed
            for _ in range(_option_index(item_id, first_try[item_id])):
                state = press(page, "ArrowDown")  # moves to and checks the next choice
            assert state["checked"] and state["value"] == str(first_try[item_id]), state
        press(page, "Tab")

    # After the last question comes the save choice (deliberately before the submit button).
    state = assert_focus_visible(page)
    assert state["type"] == "checkbox" and state["item"] is None and not state["checked"], state
    state = press(page, "Tab")
    assert_focus_visible(page)
    assert state["submit"], f"Tab after the save choice should reach the submit button, got {state}"
    press(page, "Shift+Tab")
    state = press(page, "Shift+Tab")
    assert state["item"] == last and state["checked"] and state["value"] == str(first_try[last]), state
    assert_focus_visible(page)
    key = "ArrowUp" if answers[last] < first_try[last] else "ArrowDown"
    while state["value"] != str(answers[last]):
        state = press(page, key)
    assert_focus_visible(page)
    assert form_answers(page) == answers
    press(page, "Tab")
    state = press(page, "Tab")
    assert state["submit"], state
    assert_focus_visible(page)


def visible_outcomes(page: Page) -> list[str]:
    result = page.locator("[data-quiz-result]")
    return [outcome for outcome in OUTCOMES if result.locator(f'[data-outcome="{outcome}"]').is_visible()]


def assert_result(page: Page, answers: dict[str, Any], outcome: str) -> None:
    """The page shows exactly what Python decided, with everything a result must carry."""
    expected = python_reply(answers)
    assert expected["ok"], expected
    expected_result = expected["result"]
    assert expected_result["outcome"] == outcome, "the test's person does not give the outcome it is meant to"
    assert quiz.assess(answers)["reasons"] == expected_result["reasons"]

    result = page.locator("[data-quiz-result]")
    expect(result).to_be_visible(timeout=RESULT_TIMEOUT)
    expect(result).to_have_attribute("data-outcome", outcome)
    expect(result.locator(f'[data-outcome="{outcome}"]')).to_be_visible()
    assert visible_outcomes(page) == [outcome]

    reasons = result.locator("[data-quiz-reasons] > li")
    expect(reasons).to_have_text(quiz.assess(answers)["reasons"])
    # Reasons are text, never markup.
    assert result.locator("[data-quiz-reasons] > li *").count() == 0

    crisis_line = result.locator(".crisis-line")
    expect(crisis_line).to_be_visible()
    for contact in ("988", "116 123", "findahelpline.com"):
        expect(crisis_line).to_contain_text(contact)

    note = result.locator(".not-a-diagnosis")
    expect(note).to_be_visible()
    expect(note).to_contain_text("not a diagnosis")
    assert_note_before_first_question(page)

    deck = result.locator("[data-quiz-deck]")
    worksheets = result.locator(".worksheet-links a")
    download = page.get_by_role("button", name="Download my deck")
    if outcome in ("deck", "deck_with_support"):
        expect(deck).to_be_visible()
        level = expected_result["start_level"]
        assert level == quiz.assess(answers)["start_level"]
        expect(deck.locator("[data-deck-level]")).to_have_text(f"{level} ({expected_result['start_level_name']})")
        names = [area.name for area in quiz.ladder.areas() if area.id in answers["areas"]]
        assert names == expected_result["area_names"]
        expect(deck.locator("[data-deck-areas]")).to_have_text(", ".join(names))
        expect(download).to_be_visible()
        expect(worksheets.first).to_be_hidden()
    else:
        expect(deck).to_be_hidden()
        expect(download).to_be_hidden()
    if outcome == "therapist" and {"social_fear", "ladder"} & set(expected_result["parts"]):
        expect(worksheets).to_have_count(2)
        for index in range(2):
            link = worksheets.nth(index)
            expect(link).to_be_visible()
            href: str = link.evaluate("a => a.href")
            response = page.request.get(href)
            assert response.ok, href
            assert response.body().startswith(b"%PDF-"), f"{href} is not a PDF"
    # The reasons come first, right under "Your result".
    assert result.evaluate(
        "(p) => p.querySelector('h2').nextElementSibling.contains(p.querySelector('[data-quiz-reasons]'))"
    )
    if outcome == "crisis":
        # Then the crisis panel: its heading is the first one after the reasons.
        first_heading = result.locator("[data-outcome] h3:visible").first
        expect(first_heading).to_contain_text("If you are thinking about hurting yourself")
        expect(worksheets.first).to_be_hidden()

    body = page.locator("body").inner_text()
    for mark in TRACEBACK_MARKS:
        assert mark not in body


def assert_note_before_first_question(page: Page) -> None:
    found = page.evaluate(
        """() => {
            const first = document.querySelector("[data-quiz-form] fieldset");
            const article = first.closest("article");
            for (const node of article.querySelectorAll("p")) {
                if (!node.textContent.includes("not a diagnosis")) continue;
                if (node.closest("[hidden]")) continue;
                return !!(node.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
            }
            return false;
        }"""
    )
    assert found, "the not-a-diagnosis note must appear, visible, before the first question"
