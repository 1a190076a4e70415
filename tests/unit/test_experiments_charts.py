"""The charts: well-formed, accessible SVG with a table beside each; sensible with one entry
or none; colours from the page; no series told apart by colour alone; user text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from experiments import parse, summarise
from experiments.charts import Chart, charts, tick_positions
from experiments.schema import Entry
from tests.experimentscheck import SAMPLE_LOG, entries

SVG = "{http://www.w3.org/2000/svg}"
ONE = Entry(card="strangers-say-hello", date=date(2026, 11, 26), predicted_no=70, predicted_bad=6, got_no=False,
            actual_bad=2)  # fmt: skip


def _tree(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg)


def _check_accessible(chart: Chart) -> ET.Element:
    root = _tree(chart)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert title.text == chart.title and desc.text == chart.description and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("viewBox")
    return root


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)
        if tag in ("td", "th"):
            self.cells.append("")

    def handle_data(self, data: str) -> None:
        if self.cells:
            self.cells[-1] += data


def test_the_sample_log_gives_three_accessible_charts_with_tables() -> None:
    log = parse(SAMPLE_LOG.read_text(encoding="utf-8"))
    found = charts(summarise(log.entries), titles={"everyday-closing-time": "Closing time"})
    assert [chart.id for chart in found] == ["experiments-no", "experiments-bad", "experiments-belief"]
    for chart in found:
        root = _check_accessible(chart)
        assert len(root.findall(f"{SVG}rect")) >= 1
        parser = _Cells()
        parser.feed(chart.table.html())
        assert parser.tags[:2] == ["table", "caption"]
        assert len(chart.table.rows) >= 8
    assert len(found[0].table.rows) == 12 and len(found[2].table.rows) == 8  # beliefs only from try 5


def test_colours_follow_the_page_and_series_differ_by_more_than_colour() -> None:
    (no, bad) = charts(summarise([ONE, replace(ONE, date=date(2026, 11, 27), got_no=True)]))
    for chart in (no, bad):
        assert "var(--md-accent-fg-color" in chart.svg and "var(--md-default-fg-color" in chart.svg
        assert "currentColor" in chart.svg
        assert "#000" not in chart.svg and "black" not in chart.svg
        root = _tree(chart)
        assert root.findall(f".//{SVG}circle") and root.findall(f".//{SVG}rect")  # hollow circles, filled squares
    lines = _tree(no).findall(f".//{SVG}polyline")
    assert sorted("stroke-dasharray" in (line.get("style") or "") for line in lines) == [False, True]


@pytest.mark.parametrize("count", [0, 1])
def test_no_entry_or_one_entry_gives_a_sensible_chart(count: int) -> None:
    for chart in charts(summarise([ONE] * count)):
        root = _check_accessible(chart)
        numbers = [float(value) for element in root.iter() for name in ("x", "y", "cx", "cy", "x1", "x2", "y1", "y2")
                   if (value := element.get(name)) is not None]  # fmt: skip
        assert numbers and all(0 <= value <= 640 for value in numbers)
        texts = "".join(root.itertext())
        assert "100%" in texts or "10" in texts  # an axis with its scale, never an empty one
        if count:
            assert len(root.findall(f".//{SVG}circle")) == 2  # the point and its legend sample
            assert "2026-11-26" in texts and "nan" not in chart.svg.lower()
        else:
            assert "No experiments yet" in texts


@settings(max_examples=60, deadline=None)
@given(st.lists(entries(extras=False), min_size=1, max_size=6), st.text(min_size=1, max_size=20))
def test_user_text_is_escaped_everywhere(log: list[Entry], text: str) -> None:
    card = '<script>alert(1)</script> & "q" \'' + text
    if not card.strip():
        return
    found = charts(summarise([replace(entry, card=card) for entry in log]), titles={card: card})
    for chart in found:
        _tree(chart)  # still well-formed XML
        assert "<script>" not in chart.svg and "<script>" not in chart.table.html()
        parser = _Cells()
        parser.feed(chart.table.html())
        assert card in parser.cells


def test_the_description_says_what_the_chart_shows() -> None:
    no, bad = charts(summarise([ONE, replace(ONE, date=date(2026, 11, 27), got_no=True, actual_bad=7)]))
    assert no.description.startswith("2 tries from 2026-11-26 to 2026-11-27.")
    assert "predicted a 70% chance of a no; you got a no in 50% of tries" in no.description
    assert "less bad than predicted 1 time, worse 1 time, and as predicted 0 times" in bad.description


def test_try_numbers_under_the_axis_stay_few_and_include_the_ends() -> None:
    assert tick_positions(0) == [] and tick_positions(1) == [0]
    for count in range(1, 400):
        positions = tick_positions(count)
        assert positions[0] == 0 and positions[-1] == count - 1 and len(positions) <= 12
        assert positions == sorted(set(positions))
