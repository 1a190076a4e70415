"""The progress report: someone's log of experiments as a PDF to take to a professional.

Page by page, as far as it runs: the title and who it is for (the site's words, from
``content/experiments/report.json``), the figures, the charts (drawn here with fpdf2's own
lines and marks, from the same :func:`experiments.charts.plans` the page draws as SVG), every
experiment in a table, everything the person wrote under "what I learned" in full, points to
talk over, and the crisis contacts (a line at the foot of every page and a panel at the end).
Text a person wrote can run to many pages: nothing they wrote is cut except in the table,
whose cells end with "…" where the full text is printed elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from deckpdf import wording
from deckpdf._blocks import CELL_PAD, TABLE_HEADER, crisis_box, crisis_runs, table_header_height
from deckpdf._doc import ACCENT, INK, MUTED, PALE, RULE, Doc, Line, Run, Style, Token, clean
from deckpdf.contacts import line_items, parse_contacts
from deckpdf.deck import DEFAULT_AUTHOR, MARGIN
from experiments.charts import Plan, number, plans, tick_positions
from experiments.schema import Entry, Log
from experiments.summary import ordered, summarise

# Where a topic keeps the report's words, from its project folder.
WORDS_FILE = Path("content") / "experiments" / "report.json"

TITLE = Style(19, bold=True, color=INK, leading=1.15)
LEAD = Style(11, bold=True, color=ACCENT, leading=1.3)
BODY = Style(9.5, color=INK, leading=1.35)
HEADING = Style(12, bold=True, color=ACCENT, leading=1.25)
CHART_TITLE = Style(9.5, bold=True, color=INK, leading=1.25)
AXIS = Style(7, color=MUTED, leading=1.1)
SMALL = Style(7.5, color=MUTED, leading=1.25)
CELL = Style(7.5, color=INK, leading=1.2)
DATE = Style(8.5, bold=True, color=INK, leading=1.3)
CHART_H = 58.0  # mm, plot and legend and axis labels
CELL_LINES = 4  # a table cell's text is cut to this many lines (the full text is printed elsewhere)
# The table's column shares of the page width (see wording.PR_COLUMNS).
COLUMN_SHARES = (0.11, 0.19, 0.22, 0.09, 0.07, 0.11, 0.09, 0.12)
COLOURS = {"predicted": ACCENT, "happened": INK}


@dataclass(frozen=True)
class ReportWords:
    """The report's words that belong to a topic: every field required, none empty."""

    title: str
    who_for: str  # under the title: who the report is for, and what it is not
    intro: str
    figures_heading: str
    charts_heading: str
    table_heading: str
    learned_heading: str
    learned_none: str  # in place of the list when no entry has a note of what was learned
    discuss_heading: str
    discuss: tuple[str, ...]  # points to talk over
    crisis_heading: str
    not_therapy: str  # at the foot of the last page


def words_from(data: object, where: str) -> ReportWords:
    """The report's words from parsed JSON; ValueError naming the file and the field."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{where}: expected an object of the report's words")
    names = [field.name for field in fields(ReportWords)]
    unknown = sorted(set(data) - set(names))
    if unknown:
        raise ValueError(f"{where}: unknown field {unknown[0]!r}; the fields are {', '.join(names)}")
    values: dict[str, Any] = {}
    for name in names:
        value = data.get(name)
        if name == "discuss":
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                raise ValueError(f"{where}: 'discuss' must be a non-empty list of non-empty texts")
            values[name] = tuple(value)
        elif not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: {name!r} is missing or empty (it must be a non-empty text)")
        else:
            values[name] = value
    return ReportWords(**values)


def load_words(path: str | Path) -> ReportWords:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the report's words ({exc})") from exc
    return words_from(data, str(path))


class _Pages:
    """A cursor down the page that starts a new page, with its footer, when something
    would not fit above the footer."""

    def __init__(self, doc: Doc, footer: list[Run]) -> None:
        self.doc = doc
        self.x = MARGIN
        self.width = doc.width - 2 * MARGIN
        self.footer = footer
        self.y = 0.0
        self.bottom = 0.0
        self.pages = 0
        self.new_page()

    def new_page(self) -> None:
        doc = self.doc
        doc.pdf.add_page()
        self.pages += 1
        number_line = doc.wrap([(wording.PR_PAGE.format(page=self.pages), SMALL)], self.width)
        lines = doc.wrap(self.footer, self.width)
        top = doc.height - MARGIN + 4 - doc.height_of(lines)
        doc.draw_lines(lines, self.x, top)
        doc.draw_lines(number_line, self.x, doc.height - MARGIN + 4, "R", self.width)
        self.bottom = top - 4
        self.y = MARGIN

    def need(self, height: float) -> None:
        if self.y + height > self.bottom and self.y > MARGIN:
            self.new_page()

    def lines(self, lines: Sequence[Line], *, indent: float = 0.0, keep: int = 1) -> None:
        """Draw lines, breaking the page between them (never before the first ``keep``)."""
        if lines:
            self.need(self.doc.height_of(lines[:keep]))
        for index, line in enumerate(lines):
            if index >= keep:
                self.need(line.height)
            self.doc.draw_line(line, self.x + indent, self.y)
            self.y += line.height

    def paragraph(self, runs: Sequence[Run], *, indent: float = 0.0, keep: int = 1) -> None:
        self.lines(self.doc.wrap(runs, self.width - indent), indent=indent, keep=keep)

    def heading(self, text: str, after: float) -> None:
        lines = self.doc.wrap([(text, HEADING)], self.width)
        # A heading is never left alone at the foot of a page.
        self.need(self.doc.height_of(lines) + 1.5 + after)
        self.lines(lines)
        self.doc.hline(self.x, self.x + self.width, self.y + 0.3, ACCENT, 0.3)
        self.y += 2.5

    def gap(self, height: float) -> None:
        self.y += height


def _figures(summary: Mapping[str, Any]) -> list[str]:
    """The headline figures as sentences."""
    span = summary["first_date"] if summary["first_date"] == summary["last_date"] else (
        f"{summary['first_date']} to {summary['last_date']}"
    )  # fmt: skip
    lines = [
        wording.PR_COUNT.format(count=summary["entries"], span=span),
        wording.PR_NO.format(predicted=number(summary["predicted_no_mean"]), got=number(summary["observed_no_rate"])),
        wording.PR_BAD.format(
            predicted=number(summary["predicted_bad_mean"]), actual=number(summary["actual_bad_mean"])
        ),
    ]
    if summary["belief_entries"]["before"] or summary["belief_entries"]["after"]:
        lines.append(
            wording.PR_BELIEF.format(
                before=number(summary["belief_before_mean"]), after=number(summary["belief_after_mean"])
            )
        )
    if summary["feared_happened_rate"] is not None:
        lines.append(wording.PR_HAPPENED.format(rate=number(summary["feared_happened_rate"])))
    return lines


def _marker(doc: Doc, kind: str, x: float, y: float, colour: tuple[int, int, int]) -> None:
    doc.pdf.set_draw_color(*colour)
    doc.pdf.set_fill_color(*colour)
    doc.pdf.set_line_width(0.35)
    if kind == "square":
        doc.pdf.rect(x - 1.1, y - 1.1, 2.2, 2.2, style="F")
    else:
        doc.pdf.set_fill_color(255, 255, 255)
        doc.pdf.circle(x, y, 1.2, style="DF")


def _chart(doc: Doc, plan: Plan, x: float, top: float, width: float) -> float:
    """One chart, as the page's SVG draws it: legend, grid, the tries along the bottom."""
    pdf = doc.pdf
    y = doc.draw_lines(doc.wrap([(plan.title, CHART_TITLE)], width), x, top) + 1.5
    # Legend: a sample of each series' line and marker, then its label.
    lx = x
    for series in plan.series:
        colour = COLOURS[series.role]
        if series.line:
            pdf.set_draw_color(*colour)
            pdf.set_line_width(0.4)
            if series.line == "dashed":
                pdf.set_dash_pattern(dash=1.6, gap=1.0)
            pdf.line(lx, y + 1.6, lx + 8, y + 1.6)
            pdf.set_dash_pattern()
        _marker(doc, series.marker, lx + 4, y + 1.6, colour)
        label = clean(series.label)
        doc.draw_line(Line((Token(label, AXIS),), AXIS.line_height), lx + 10, y + 1.6 - AXIS.line_height / 2)
        lx += 10 + doc.text_width(label, AXIS) + 6
    y += 5.0
    left = x + 9.0
    plot_w = width - 9.0
    plot_h = top + CHART_H - 9.0 - y
    count = len(plan.dates)

    def py(value: float) -> float:
        return y + plot_h * (1 - value / plan.top)

    def px(position: int) -> float:
        step = plot_w / max(count, 1)
        return left + step * (position + 0.5)

    for tick in plan.ticks:
        doc.hline(left, left + plot_w, py(tick), PALE if tick else RULE, 0.2)
        text = f"{tick}{plan.unit}"
        doc.draw_line(Line((Token(text, AXIS),), AXIS.line_height), x, py(tick) - AXIS.line_height / 2, "R", 8.0)
    if count:
        for position in tick_positions(count):
            doc.draw_line(
                Line((Token(str(position + 1), AXIS),), AXIS.line_height), px(position) - 4, py(0) + 1.6, "C", 8.0
            )
        span = plan.dates[0] if plan.dates[0] == plan.dates[-1] else f"{plan.dates[0]} to {plan.dates[-1]}"
        caption = f"{wording.PR_TRIES} ({span})"
        doc.draw_line(Line((Token(caption, AXIS),), AXIS.line_height), left, py(0) + 5.0, "C", plot_w)
    if plan.pairs and len(plan.series) == 2:
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.25)
        for position, (a, b) in enumerate(zip(plan.series[0].values, plan.series[1].values, strict=True)):
            if a is not None and b is not None and a != b:
                pdf.line(px(position), py(a), px(position), py(b))
    for series in plan.series:
        colour = COLOURS[series.role]
        points = [(px(p), py(v)) for p, v in enumerate(series.values) if v is not None]
        if series.line and len(points) > 1:
            pdf.set_draw_color(*colour)
            pdf.set_line_width(0.4)
            if series.line == "dashed":
                pdf.set_dash_pattern(dash=1.6, gap=1.0)
            pdf.polyline(points)
            pdf.set_dash_pattern()
        for point_x, point_y in points:
            _marker(doc, series.marker, point_x, point_y, colour)
    return top + CHART_H


def _row(entry: Entry, titles: Mapping[str, str]) -> tuple[str, ...]:
    belief = ""
    if entry.belief_before is not None or entry.belief_after is not None:
        belief = f"{number(entry.belief_before)} → {number(entry.belief_after)}"
    return (
        entry.date.isoformat(),
        titles.get(entry.card, entry.card),
        entry.fear or "",
        str(entry.predicted_no),
        wording.PR_YES if entry.got_no else wording.PR_NO_WORD,
        str(entry.predicted_bad),
        str(entry.actual_bad),
        belief,
    )


def _table(pages: _Pages, entries: Sequence[Entry], titles: Mapping[str, str]) -> None:
    doc = pages.doc
    widths = [pages.width * share for share in COLUMN_SHARES]
    header_h = table_header_height(doc, widths, wording.PR_COLUMNS, TABLE_HEADER)

    def header() -> None:
        doc.pdf.set_fill_color(*PALE)
        doc.pdf.rect(pages.x, pages.y, pages.width, header_h, style="F")
        cx = pages.x
        for text, w in zip(wording.PR_COLUMNS, widths, strict=True):
            lines = doc.wrap([(text, TABLE_HEADER)], w - 2 * CELL_PAD)
            doc.draw_lines(lines, cx + CELL_PAD, pages.y + header_h - CELL_PAD - doc.height_of(lines))
            cx += w
        doc.hline(pages.x, pages.x + pages.width, pages.y + header_h, INK, 0.3)
        pages.y += header_h

    header()
    for entry in entries:
        cells = [
            doc.truncate(doc.wrap([(clean(text), CELL)], w - 2 * CELL_PAD), CELL_LINES, w - 2 * CELL_PAD)
            for text, w in zip(_row(entry, titles), widths, strict=True)
        ]
        height = max([doc.height_of(lines) for lines in cells] + [CELL.line_height]) + 2 * CELL_PAD
        if pages.y + height > pages.bottom:
            pages.new_page()
            header()
        cx = pages.x
        for lines, w in zip(cells, widths, strict=True):
            doc.draw_lines(lines, cx + CELL_PAD, pages.y + CELL_PAD)
            cx += w
        pages.y += height
        doc.hline(pages.x, pages.x + pages.width, pages.y, RULE, 0.2)


def render_progress(
    log: Log,
    *,
    words: ReportWords,
    contacts: Sequence[Mapping[str, Any]] | None,
    paper: str = "a4",
    titles: Mapping[str, str] | None = None,
    levels: Mapping[str, int] | None = None,
    author: str = DEFAULT_AUTHOR,
    created: datetime | None = None,
) -> bytes:
    """The progress report for ``log`` as PDF bytes.

    ``titles`` (card id -> title) names the deck's cards by their titles; ``levels`` is
    passed to the summary. ``contacts`` are the site's crisis and help contacts, as for
    :func:`deckpdf.render_deck`; without them it raises ValueError, because a report that
    may be read on a bad day must say where to get help.
    """
    crisis = line_items(parse_contacts(contacts))
    names = dict(titles or {})
    summary = summarise(log.entries, levels)
    timeline = ordered(log.entries)
    doc = Doc(paper=paper, title=clean(words.title), author=author, subject=clean(words.who_for), created=created)
    heading_style = Style(SMALL.size, bold=True, color=MUTED, leading=SMALL.leading)
    numbers = Style(8, bold=True, color=INK, leading=1.25)
    footer = [(clean(words.crisis_heading), heading_style), *crisis_runs(crisis, SMALL, numbers, " · ")]
    pages = _Pages(doc, footer)

    pages.paragraph([(clean(words.title), TITLE)])
    pages.gap(2)
    pages.paragraph([(clean(words.who_for), LEAD)])
    pages.gap(3)
    pages.paragraph([(clean(words.intro), BODY)])
    pages.gap(5)

    pages.heading(clean(words.figures_heading), BODY.line_height)
    for sentence in _figures(summary) if timeline else [wording.PR_EMPTY]:
        pages.paragraph([(sentence, BODY)])
        pages.gap(0.8)
    pages.gap(4)

    pages.heading(clean(words.charts_heading), CHART_H)
    for plan in plans(summary, titles=names):
        pages.need(CHART_H)
        pages.y = _chart(doc, plan, pages.x, pages.y, pages.width) + 4

    if timeline:
        pages.gap(2)
        pages.heading(clean(words.table_heading), 20)
        _table(pages, timeline, names)
        pages.gap(6)

    pages.heading(clean(words.learned_heading), 2 * BODY.line_height)
    learned = [entry for entry in timeline if entry.learned and clean(entry.learned)]
    if not learned:
        pages.paragraph([(clean(words.learned_none), BODY)])
    for entry in learned:
        card = names.get(entry.card, entry.card)
        pages.paragraph([(f"{entry.date.isoformat()} · {clean(card)}", DATE)], keep=1)
        # The date and its first line of text stay together.
        pages.need(BODY.line_height)
        pages.paragraph([(clean(entry.learned), BODY)], indent=4, keep=2)
        pages.gap(2)
    pages.gap(4)

    pages.heading(clean(words.discuss_heading), 2 * BODY.line_height)
    bullet = Style(BODY.size, bold=True, color=ACCENT, leading=BODY.leading)
    for point in words.discuss:
        pages.paragraph([("•", bullet), (clean(point), BODY)], indent=2)
        pages.gap(1)
    pages.gap(5)

    box = crisis_box(doc, pages.x, pages.width, clean(words.crisis_heading), crisis)
    not_therapy = doc.wrap([(clean(words.not_therapy), SMALL)], pages.width)
    pages.need(box.height + 3 + doc.height_of(not_therapy))
    pages.y = box.draw(pages.y) + 3
    pages.lines(not_therapy)
    return doc.output()
