"""The summary: its figures, its series and its breakdown by level, with the properties the
issue asks for checked over generated logs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from experiments import parse, summarise
from experiments.schema import Entry
from experiments.summary import ROLLING_WINDOW
from tests.experimentscheck import SAMPLE_LOG, entries

RATES = ("predicted_no_mean", "observed_no_rate", "belief_before_mean", "belief_after_mean", "feared_happened_rate")
BADNESS = ("predicted_bad_mean", "actual_bad_mean")
LEVELS = {"strangers-say-hello": 1, "everyday-closing-time": 2}


def _entry(**changes: object) -> Entry:
    base = Entry(card="strangers-say-hello", date=date(2026, 11, 26), predicted_no=70, predicted_bad=6,
                 got_no=False, actual_bad=2)  # fmt: skip
    return replace(base, **changes)


@settings(max_examples=100, deadline=None)
@given(st.lists(entries(extras=False), max_size=15))
def test_rates_and_means_stay_in_range(log: list[Entry]) -> None:
    summary = summarise(log, LEVELS)
    assert summary["entries"] == len(log)
    for key in RATES:
        assert summary[key] is None or 0 <= summary[key] <= 100, key
    for key in BADNESS:
        assert summary[key] is None or 0 <= summary[key] <= 10, key
    for point in summary["series"]:
        assert 0 <= point["observed_no_rate_rolling"] <= 100
        assert 0 <= point["predicted_no_rolling"] <= 100
    for group in summary["by_level"]:
        assert 0 <= group["observed_no_rate"] <= 100 and 0 <= group["predicted_no_mean"] <= 100
    assert sum(group["entries"] for group in summary["by_level"]) == len(log)


@settings(max_examples=100, deadline=None)
@given(st.lists(entries(extras=False), max_size=15), st.randoms(use_true_random=False))
def test_the_summary_does_not_depend_on_entry_order(log: list[Entry], random: object) -> None:
    shuffled = list(log)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert summarise(shuffled, LEVELS) == summarise(log, LEVELS)


@settings(max_examples=100, deadline=None)
@given(st.lists(entries(extras=False), max_size=15), entries(got_no=True, extras=False))
def test_adding_a_no_never_lowers_the_rate_of_a_no(log: list[Entry], no: Entry) -> None:
    before = summarise(log)["observed_no_rate"]
    after = summarise([*log, no])["observed_no_rate"]
    assert after >= (before or 0)


@settings(max_examples=100, deadline=None)
@given(entries(extras=False), st.integers(1, 40))
def test_the_mean_of_identical_entries_is_that_entry(entry: Entry, count: int) -> None:
    summary = summarise([entry] * count)
    assert summary["predicted_no_mean"] == entry.predicted_no
    assert summary["predicted_bad_mean"] == entry.predicted_bad
    assert summary["actual_bad_mean"] == entry.actual_bad
    assert summary["observed_no_rate"] == (100 if entry.got_no else 0)
    assert summary["belief_before_mean"] == entry.belief_before
    assert summary["belief_after_mean"] == entry.belief_after


def test_an_empty_log_gives_counts_of_zero_and_no_means() -> None:
    summary = summarise([], LEVELS)
    assert summary["entries"] == 0
    assert all(summary[key] is None for key in (*RATES, *BADNESS))
    assert (summary["series"], summary["by_level"], summary["first_date"]) == ([], [], None)
    assert summary["belief_entries"] == {"before": 0, "after": 0}


def test_the_figures_of_a_small_log() -> None:
    log = [
        _entry(predicted_no=80, got_no=True, actual_bad=4, belief_before=90),
        _entry(predicted_no=60, date=date(2026, 11, 27), actual_bad=1),
        _entry(
            predicted_no=70,
            date=date(2026, 11, 28),
            predicted_bad=7,
            actual_bad=0,
            belief_before=60,
            belief_after=20,
            card="Ask my neighbour",
        ),
    ]
    summary = summarise(log, LEVELS)
    assert summary["predicted_no_mean"] == 70
    assert summary["observed_no_rate"] == 33.3
    assert summary["predicted_bad_mean"] == 6.3
    assert summary["actual_bad_mean"] == 1.7
    assert (summary["belief_before_mean"], summary["belief_after_mean"]) == (75, 20)
    assert summary["belief_entries"] == {"before": 2, "after": 1}
    assert [group["level"] for group in summary["by_level"]] == [1, "own"]
    assert summary["by_level"][0]["entries"] == 2 and summary["by_level"][1]["entries"] == 1


def test_the_series_is_by_date_with_a_trailing_rolling_window() -> None:
    log = [_entry(date=date(2026, 11, day), got_no=day % 2 == 0, predicted_no=10 * day) for day in range(9, 0, -1)]
    series = summarise(log)["series"]
    assert [point["date"] for point in series] == [f"2026-11-0{day}" for day in range(1, 10)]
    assert [point["number"] for point in series] == list(range(1, 10))
    # Try 7 looks back over tries 3 to 7: days 4 and 6 were a no.
    assert series[6]["observed_no_rate_rolling"] == 40
    assert series[6]["predicted_no_rolling"] == 50
    assert series[0]["observed_no_rate_rolling"] == 0 and series[1]["observed_no_rate_rolling"] == 50
    assert ROLLING_WINDOW == 5


def test_without_levels_there_is_no_breakdown() -> None:
    assert summarise([_entry()])["by_level"] is None


def test_the_sample_log_summarises() -> None:
    summary = summarise(parse(SAMPLE_LOG.read_text(encoding="utf-8")).entries)
    assert summary["entries"] == 12 and summary["observed_no_rate"] == 25
