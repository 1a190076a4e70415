"""Export (JSON, CSV) and import: a round trip changes nothing, a bad import changes nothing,
and no entry is ever lost or added twice."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from experiments import Log, parse
from experiments.store import BOM, export_csv, export_json, merge
from tests.experimentscheck import SAMPLE_LOG, json_values, log_text, logs, valid_entry


@settings(max_examples=150, deadline=None)
@given(logs)
def test_export_then_import_is_the_identity_unknown_fields_included(log: Log) -> None:
    text = export_json(log)
    assert parse(text) == log
    assert export_json(parse(text)) == text


def test_export_keeps_the_contract_order_and_unknown_fields_where_they_were() -> None:
    entry = {"note": 1, **valid_entry(), "belief_after": 20, "mood": [1, 2]}
    text = log_text(entry, saved_by="x")
    data = json.loads(export_json(parse(text)))
    assert list(data) == ["version", "entries", "saved_by"]
    assert list(data["entries"][0]) == [
        "card", "date", "fear", "predicted_no", "predicted_bad", "got_no", "actual_bad", "learned",
        "belief_after", "note", "mood",
    ]  # fmt: skip


def _rows(text: str) -> list[list[str]]:
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def test_csv_has_one_row_per_entry_under_a_stable_header() -> None:
    log = parse(SAMPLE_LOG.read_text(encoding="utf-8"))
    rows = _rows(export_csv(log))
    assert rows[0][:12] == [
        "card", "date", "fear", "predicted_no", "predicted_bad", "got_no", "actual_bad", "learned",
        "belief_before", "belief_after", "feared_happened", "dropped",
    ]  # fmt: skip
    assert rows[0][12:] == ["mood_note"]
    assert len(rows) == 1 + len(log.entries)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["got_no"] == "false" and first["belief_before"] == "" and first["date"] == "2026-10-01"
    with_dropped = dict(zip(rows[0], rows[5], strict=True))
    assert with_dropped["dropped"] == "rehearsing; avoiding eye contact"
    assert dict(zip(rows[0], rows[3], strict=True))["mood_note"] == '{"source": "future page", "value": 3}'


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["=", "+", "-", "@", "\t", "\r"]), st.text(max_size=10))
def test_no_csv_cell_can_start_a_formula(start: str, rest: str) -> None:
    text = start + rest
    entry = valid_entry(card=text if text.strip() else "=x", fear=text, learned=text, dropped=[text], other=text)
    rows = _rows(export_csv(parse(log_text(entry))))
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert dict(zip(rows[0], rows[1], strict=True))["fear"] == "'" + text


def test_an_empty_log_exports_a_header_only() -> None:
    assert len(_rows(export_csv(Log(())))) == 1
    assert json.loads(export_json(Log(()))) == {"version": 1, "entries": []}


def test_a_merge_adds_new_entries_after_the_kept_ones_and_reports_duplicates() -> None:
    kept = parse(log_text(valid_entry(), valid_entry(date="2026-11-27")))
    incoming = log_text(valid_entry(date="2026-11-28"), valid_entry(), valid_entry(date="2026-11-28"))
    merged, report = merge(kept, incoming)
    assert merged.entries == (*kept.entries, parse(log_text(valid_entry(date="2026-11-28"))).entries[0])
    assert (report.ok, report.added) == (True, 1)
    assert [(d.index, d.same_as) for d in report.duplicates] == [(1, 0), (2, 2)]
    assert report.duplicates[0].line is not None
    assert report.duplicates[0].message.startswith(f"Entry 2 (line {report.duplicates[0].line}) is the same as entry 1")


def test_a_duplicate_is_the_same_content_however_it_is_written() -> None:
    kept = parse(log_text(valid_entry(extra={"a": 1, "b": 2})))
    reordered = dict(reversed(list(valid_entry(extra={"b": 2, "a": 1}).items())))
    merged, report = merge(kept, log_text(reordered))
    assert merged == kept and len(report.duplicates) == 1


@settings(max_examples=100, deadline=None)
@given(logs, json_values | st.text(max_size=40) | st.binary(max_size=40).map(lambda b: b.decode("latin-1")))
def test_a_failed_import_changes_nothing(kept: Log, incoming: object) -> None:
    text = incoming if isinstance(incoming, str) else json.dumps(incoming)
    merged, report = merge(kept, text)
    if not report.ok:
        assert merged is kept
        assert report.problems and report.added == 0
    else:
        assert merged.entries[: len(kept.entries)] == kept.entries


def test_one_bad_entry_stops_the_whole_import() -> None:
    kept = parse(log_text(valid_entry()))
    merged, report = merge(kept, log_text(valid_entry(date="2026-12-01"), valid_entry(actual_bad=11)))
    assert merged is kept
    assert not report.ok and report.added == 0
    assert [(p.index, p.field) for p in report.problems] == [(1, "actual_bad")]


@settings(max_examples=100, deadline=None)
@given(logs, logs)
def test_merging_never_loses_an_entry(kept: Log, other: Log) -> None:
    merged, report = merge(kept, export_json(other))
    assert report.ok
    assert merged.entries[: len(kept.entries)] == kept.entries
    keys = {json.dumps(e.to_json(), sort_keys=True) for e in merged.entries}
    assert all(json.dumps(e.to_json(), sort_keys=True) in keys for e in other.entries)
    assert report.added + len(report.duplicates) == len(other.entries)
