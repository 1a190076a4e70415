"""The log's contract, version 1: what is read, what is refused, and how a refusal names the
entry, its line and the field."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from experiments import LogError, parse
from experiments.parse import entry_from, entry_lines
from experiments.schema import Entry
from tests.experimentscheck import SAMPLE_LOG, log_text, valid_entry

CONTRACT_EXAMPLE = """{"version": 1, "entries": [{"card": "strangers-say-hello", "date": "2026-11-26",
  "fear": "They'll think I'm weird", "predicted_no": 70, "predicted_bad": 6, "got_no": false,
  "actual_bad": 2, "learned": "They smiled back."}]}"""


def _problems(text: str) -> list[Any]:
    with pytest.raises(LogError) as caught:
        parse(text)
    return list(caught.value.problems)


def test_the_contract_example_reads_as_typed_entries() -> None:
    log = parse(CONTRACT_EXAMPLE)
    assert log.entries == (
        Entry(
            card="strangers-say-hello",
            date=date(2026, 11, 26),
            predicted_no=70,
            predicted_bad=6,
            got_no=False,
            actual_bad=2,
            fear="They'll think I'm weird",
            learned="They smiled back.",
        ),
    )


def test_optional_fields_and_unknown_fields_are_read_and_kept() -> None:
    entry = valid_entry(belief_before=80, belief_after=30, feared_happened=False, dropped=["rehearsing"],
                        mood={"before": 3}, note="kept")  # fmt: skip
    (read,) = parse(log_text(entry, saved_by="a newer page")).entries
    assert (read.belief_before, read.belief_after, read.feared_happened, read.dropped) == (
        80,
        30,
        False,
        ("rehearsing",),
    )
    assert read.extra == (("mood", {"before": 3}), ("note", "kept"))
    assert parse(log_text(entry, saved_by="a newer page")).extra == (("saved_by", "a newer page"),)


def test_an_empty_log_is_a_log() -> None:
    assert parse('{"version": 1, "entries": []}').entries == ()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("predicted_no", True, "expected a whole number from 0 to 100; got true"),
        ("predicted_no", 50.0, "got 50.0"),
        ("predicted_no", "50", 'got "50"'),
        ("predicted_no", 101, "101 is outside 0 to 100"),
        ("predicted_no", -1, "-1 is outside 0 to 100"),
        ("predicted_bad", 11, "11 is outside 0 to 10"),
        ("actual_bad", None, "got null"),
        ("belief_before", 100.5, "got 100.5"),
        ("belief_after", False, "got false"),
        ("got_no", 1, "expected true or false; got 1"),
        ("got_no", 0, "expected true or false; got 0"),
        ("got_no", "true", 'got "true"'),
        ("feared_happened", 1, "expected true or false"),
        ("date", "2026-02-30", '"2026-02-30" is not a real date'),
        ("date", "26/11/2026", "expected a date written YYYY-MM-DD"),
        ("date", "20261126", "expected a date written YYYY-MM-DD"),
        ("date", "2026-11-26T10:00", "expected a date written YYYY-MM-DD"),
        ("date", 20261126, "expected a date written YYYY-MM-DD"),
        ("card", "  ", "must not be empty"),
        ("card", 7, "expected text; got 7"),
        ("fear", None, "expected text; got null (leave the field out if empty)"),
        ("learned", ["a"], "expected text; got a list"),
        ("dropped", "rehearsing", "expected a list of texts"),
        ("dropped", ["ok", 3], "every item must be text"),
    ],
)
def test_a_wrong_value_names_the_entry_line_and_field(field: str, value: object, words: str) -> None:
    text = log_text(valid_entry(), valid_entry(**{field: value}))
    (problem,) = _problems(text)
    assert (problem.index, problem.field) == (1, field)
    # log_text writes one field a line: the second entry's "{" is on the line after the
    # first entry's closing "},".
    lines = text.splitlines()
    assert (
        problem.line is not None and lines[problem.line - 2].strip() == "}," and lines[problem.line - 1].strip() == "{"
    )
    assert problem.message.startswith(f'Entry 2 (line {problem.line}), field "{field}": ')
    assert words in problem.message, problem.message


def test_lines_are_those_the_entries_start_on() -> None:
    text = '{"version": 1,\n "entries": [\n  {"card": "a",\n "date": "x"},\n\n  5, "text",\n  {}\n ]}'
    assert entry_lines(text) == [3, 6, 6, 7]
    problems = _problems(text)
    assert {(p.index, p.line) for p in problems} == {(0, 3), (1, 6), (2, 6), (3, 7)}


def test_lines_follow_the_entries_list_the_parser_keeps() -> None:
    # With "entries" twice, json keeps the last, and so do the line numbers.
    text = '{"entries": [1],\n "version": 1,\n "entries": [\n\n  "x"]}'
    assert entry_lines(text) == [5]


def test_every_missing_required_field_is_named() -> None:
    problems = _problems(log_text({"card": "x"}))
    assert {p.field for p in problems} == {"date", "predicted_no", "predicted_bad", "got_no", "actual_bad"}
    assert all("is missing (it is required)" in p.message for p in problems)


def test_every_problem_of_every_entry_is_listed_at_once() -> None:
    problems = _problems(log_text(valid_entry(got_no=1, actual_bad=12), valid_entry(), valid_entry(date="x")))
    assert [(p.index, p.field) for p in problems] == [(0, "got_no"), (0, "actual_bad"), (2, "date")]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"entries": []}', 'Field "version": is missing'),
        ('{"version": 2, "entries": []}', "unknown version 2; this site reads version 1"),
        ('{"version": "1", "entries": []}', 'unknown version "1"'),
        ('{"version": true, "entries": []}', "unknown version true"),
        ('{"version": 1.0, "entries": []}', "unknown version 1.0"),
        ('{"version": 1}', 'Field "entries": is missing'),
        ('{"version": 1, "entries": {}}', "expected a list of entries; got an object"),
        ("[]", 'expected an object such as {"version": 1'),
        ('{"version": 1, "entries": [3]}', "Entry 1 (line 1): expected an object"),
        ("{", "The log is not valid JSON: "),
        ("", "The log is not valid JSON: "),
        ('{"version": NaN, "entries": []}', "NaN is not a number JSON allows"),
        ('{"version": 1, "entries": [], "x": 1e999}', "is too large"),
        ('{"version": 1, "entries": [], "x": ' + "9" * 30 + "}", "a number with 30 digits"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"version": 1, "version": 1, "entries": []}', 'Field "version": appears more than once'),
    ],
)
def test_a_wrong_log_is_refused_with_one_clear_message(text: str, words: str) -> None:
    messages = " ".join(p.message for p in _problems(text))
    assert words in messages, messages


def test_a_repeated_field_in_an_entry_is_refused() -> None:
    text = '{"version": 1, "entries": [' + json.dumps(valid_entry())[:-1] + ', "got_no": true}]}'
    (problem,) = _problems(text)
    assert (problem.index, problem.field) == (0, "got_no")
    assert "appears more than once" in problem.message


def test_messages_cannot_drive_a_terminal() -> None:
    (problem,) = _problems(log_text(valid_entry(date="\x1b[31mred\x9b\u2028")))
    assert "\x1b" not in problem.message and "\x9b" not in problem.message and "\u2028" not in problem.message
    assert "\\u001b" in problem.message


def test_a_single_entry_reads_as_the_form_sends_it() -> None:
    assert entry_from(valid_entry()).to_json() == valid_entry()
    with pytest.raises(LogError) as caught:
        entry_from(valid_entry(predicted_no=...))
    assert [p.field for p in caught.value.problems] == ["predicted_no"]


def test_the_sample_log_reads() -> None:
    log = parse(SAMPLE_LOG.read_text(encoding="utf-8"))
    assert len(log.entries) == 12
    assert any(entry.extra for entry in log.entries)
