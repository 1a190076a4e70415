"""The fear-ladder worksheet: two pages to take to a therapist and fill in together.

It is a hand-out for therapy, not a self-help plan: it explains the ratings and the
words it uses, but gives no instructions for climbing the ladder alone.

Page 1: client, therapist and date; the goal; the fear thermometer (its scale, with the
same scale as 0–100% beside it, and its anchor words); the words used; the deck's levels
with their fear bands; a worked example rung, marked as an example. The scale, its words
and the levels are the ladder's data (quiz.ladder), the ones the self-check and the site use.
Page 2: the ladder itself, eight rungs, hardest at the top, each with its situation,
fear now, feared prediction, safety behaviours to drop, variations and practice
dates with ratings; questions for the therapist; the crisis panel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from deckpdf import wording
from deckpdf._blocks import (
    CELL_PAD,
    TABLE_HEADER,
    Flow,
    crisis_box,
    crisis_runs,
    draw_table,
    section_heading,
    table_header_height,
)
from deckpdf._doc import ACCENT, INK, MUTED, PALE, RULE, Doc, Line, Run, Style, Token, clean
from deckpdf.contacts import line_items, parse_contacts
from deckpdf.deck import DEFAULT_AUTHOR, MARGIN
from quiz import ladder as quiz_ladder
from quiz.ladder import Ladder, Thermometer

WORKSHEET_PAGES = 2
RUNGS = 8

TITLE = Style(20, bold=True, color=INK, leading=1.15)
SUBTITLE = Style(11.5, color=MUTED, leading=1.25)
BODY = Style(9.5, color=INK, leading=1.3)
HEADING = Style(12, bold=True, color=ACCENT, leading=1.25)
SMALL = Style(8, color=MUTED, leading=1.25)
HINT = Style(9, color=MUTED, leading=1.3)
TERM = Style(9, bold=True, color=INK, leading=1.3)
TERM_TEXT = Style(9, color=INK, leading=1.3)
FIELD = Style(10, bold=True, color=INK, leading=1.3)
EXAMPLE = Style(8, color=INK, leading=1.2)
GUIDE = (205, 205, 205)  # faint guide lines inside the practice cells
WRITE_LINE_GAP = 8.0  # handwriting line spacing on full-size paper
# The ladder's column shares of the page width; the example uses the same columns.
LADDER_SHARES = (0.07, 0.18, 0.08, 0.19, 0.17, 0.15, 0.16)


def _percent(value: int, scale: Thermometer) -> int:
    """A rating on the thermometer as the same point of a 0–100% scale."""
    return round(100 * (value - scale.min) / (scale.max - scale.min))


def _scale(scale: Thermometer) -> dict[str, Any]:
    """The placeholders the worksheet's wording takes for the fear thermometer."""
    return {
        "min": scale.min,
        "max": scale.max,
        "min_words": scale.anchors.get(scale.min, ""),
        "max_words": scale.anchors.get(scale.max, ""),
    }


def _levels(ladder: Ladder) -> list[tuple[str, str]]:
    """(label, fear band on both scales) for each of the ladder's levels."""
    rows = []
    for level in ladder.levels:
        low, high = level.band
        band = wording.WS_LEVEL_BAND.format(
            low=low, high=high, low100=_percent(low, ladder.thermometer), high100=_percent(high, ladder.thermometer)
        )
        rows.append((wording.LEVEL_NAMED.format(level=level.level, name=clean(level.name)), band))
    return rows


def _thermometer(doc: Doc, x: float, top: float, width: float, scale: Thermometer) -> float:
    """The scale's cells, shading deeper with fear, each with its 0–100% value in small
    type under the number, and the scale's anchor words under their cells."""
    values = range(scale.min, scale.max + 1)
    cell = width / len(values)
    height = 10.0
    big = Style(10, bold=True, leading=1.1)
    small = Style(7, leading=1.1)
    for i, value in enumerate(values):
        # Pale to accent teal: readable in colour, a grey ramp in greyscale.
        t = i / (len(values) - 1)
        shade = tuple(round(p + (a - p) * t) for p, a in zip(PALE, ACCENT, strict=True))
        doc.pdf.set_fill_color(*shade)
        doc.pdf.set_draw_color(*RULE)
        doc.pdf.set_line_width(0.2)
        doc.pdf.rect(x + i * cell, top, cell, height, style="DF")
        # Dark numbers on the paler half of the ramp, white on the deeper half.
        colour = INK if t < 0.55 else (255, 255, 255)
        lines = [
            Line((Token(str(value), Style(big.size, True, colour, big.leading)),), big.line_height),
            Line((Token(f"{_percent(value, scale)}%", Style(small.size, False, colour, small.leading)),),
                 small.line_height),
        ]  # fmt: skip
        doc.draw_lines(lines, x + i * cell, top + (height - doc.height_of(lines)) / 2, "C", cell)
    y = top + height + 1.0
    anchor_style = Style(7.5, color=MUTED, leading=1.2)
    lowest = y
    for value, words in sorted(scale.anchors.items()):
        label = clean(words)
        label = label[:1].upper() + label[1:]
        # Anchor text centred under its cell, kept inside the scale's width.
        w = min(doc.text_width(label, anchor_style), 2.6 * cell)
        lines = doc.wrap([(label, anchor_style)], w + 0.01)
        cx = x + (value - scale.min + 0.5) * cell - w / 2
        cx = max(x, min(cx, x + width - w))
        lowest = max(lowest, doc.draw_lines(lines, cx, y, "C", w))
    return lowest


def _write_lines(doc: Doc, x: float, top: float, width: float, count: int) -> float:
    y = top
    for _ in range(count):
        y += WRITE_LINE_GAP
        doc.hline(x, x + width, y, RULE, 0.25)
    return y


def _fields(doc: Doc, x: float, top: float, width: float) -> float:
    """Client, therapist and date, each a label and a line, on one row."""
    shares = (0.4, 0.4, 0.2)
    gap = 5.0
    cx = x
    baseline = top + FIELD.line_height
    for label, share in zip(wording.WS_FIELDS, shares, strict=True):
        w = (width - gap * (len(shares) - 1)) * share
        doc.draw_line(Line((Token(label, FIELD),), FIELD.line_height), cx, top)
        start = cx + doc.text_width(label, FIELD) + 1.5
        doc.hline(start, cx + w, baseline, INK, 0.25)
        cx += w + gap
    return baseline


def _footer(doc: Doc, x: float, width: float, runs: Sequence[Run]) -> float:
    """A small line at the foot of the page; returns its top y."""
    lines = doc.wrap(runs, width)
    top = doc.height - MARGIN + 4 - doc.height_of(lines)
    doc.draw_lines(lines, x, top)
    return top


def _example(doc: Doc, x: float, top: float, width: float) -> float:
    """The worked example: one filled-in rung in the ladder's columns, on a tinted
    panel under a tag saying it is only an example."""
    widths = [width * s for s in LADDER_SHARES]
    tag = Style(8, bold=True, color=(255, 255, 255), leading=1.3)
    tag_w = doc.text_width(wording.WS_EXAMPLE_TAG, tag) + 4
    doc.pdf.set_fill_color(*ACCENT)
    doc.pdf.rect(x, top, tag_w, tag.line_height + 0.8, style="F", round_corners=True, corner_radius=0.8)
    doc.draw_line(Line((Token(wording.WS_EXAMPLE_TAG, tag),), tag.line_height), x + 2, top + 0.4)
    top += tag.line_height + 2.0
    row_h = 4 * EXAMPLE.line_height + 2 * CELL_PAD
    return draw_table(
        doc,
        x=x,
        top=top,
        widths=widths,
        headers=wording.WS_LADDER_COLUMNS,
        rows=1,
        row_height=row_h,
        first_column=[("e.g.", "")],
        header_style=TABLE_HEADER,
        cells=[wording.WS_EXAMPLE_ROW],
        cell_style=EXAMPLE,
        row_fill=PALE,
    )


def render_worksheet(
    *,
    paper: str = "a4",
    title: str,
    contacts: Sequence[Mapping[str, Any]] | None = None,
    author: str = DEFAULT_AUTHOR,
    created: datetime | None = None,
    ladder: Ladder | None = None,
) -> bytes:
    """Render the two-page fear-ladder worksheet and return the PDF bytes.

    ``ladder``: the fear ladder (default :func:`quiz.ladder.load`): its thermometer
    (scale and anchor words) and its levels with their fear bands. ``contacts`` are
    the site's crisis and help contacts, as for :func:`deckpdf.render_deck`; without
    them it raises ValueError.
    """
    title = clean(title)
    if not title:
        raise ValueError("title must not be empty")
    crisis = line_items(parse_contacts(contacts))
    the_ladder = ladder or quiz_ladder.load()
    scale = _scale(the_ladder.thermometer)
    level_rows = _levels(the_ladder)
    doc = Doc(paper=paper, title=title, author=author, subject=wording.WS_SUBTITLE, created=created)
    x, width = MARGIN, doc.width - 2 * MARGIN

    # -- page 1: who and when, the goal, how to rate, the words, an example --------
    doc.pdf.add_page()
    numbers = Style(9, bold=True, color=INK, leading=1.25)
    heading = Style(SMALL.size, bold=True, color=MUTED, leading=SMALL.leading)
    crisis_line = crisis_runs(crisis, SMALL, numbers, " · ")
    footer_top = _footer(doc, x, width, [(wording.CRISIS_HEADING, heading), *crisis_line])
    flow = Flow(doc, x, width)
    flow.paragraph([(title, TITLE)])
    flow.gap(1)
    flow.paragraph([(wording.WS_SUBTITLE, SUBTITLE)])
    flow.gap(5)
    y = flow.draw(MARGIN)
    y = _fields(doc, x, y, width) + 5

    flow = Flow(doc, x, width)
    flow.paragraph([(wording.WS_INTRO, BODY)])
    flow.gap(4)
    section_heading(doc, flow, wording.WS_GOAL_HEADING, HEADING)
    flow.gap(1)
    flow.paragraph([(wording.WS_GOAL_HINT, HINT)])
    y = flow.draw(y)
    y = _write_lines(doc, x, y, width, 2) + 5

    flow = Flow(doc, x, width)
    section_heading(doc, flow, wording.WS_THERMO_HEADING.format(**scale), HEADING)
    flow.gap(1)
    flow.paragraph([(wording.WS_THERMO_TEXT.format(**scale), BODY)])
    flow.gap(2.5)
    y = flow.draw(y)
    y = _thermometer(doc, x, y, width, the_ladder.thermometer) + 4

    flow = Flow(doc, x, width)
    for term, meaning in wording.WS_TERMS:
        flow.paragraph([(term + ":", TERM), (meaning.format(**scale), TERM_TEXT)])
        flow.gap(0.6)
    flow.gap(3)
    section_heading(doc, flow, wording.WS_LEVELS_HEADING, Style(10.5, bold=True, color=ACCENT))
    flow.gap(1)
    level_style = Style(8.5, color=INK, leading=1.3)
    for label, band in level_rows:
        runs: list[Run] = [(label + ":", Style(level_style.size, bold=True, leading=level_style.leading)),
                           (band, level_style)]  # fmt: skip
        flow.paragraph(runs)
        flow.gap(0.4)
    flow.gap(4)
    section_heading(doc, flow, wording.WS_EXAMPLE_HEADING, HEADING)
    flow.gap(2)
    y = flow.draw(y)
    bottom = _example(doc, x, y, width)
    if bottom > footer_top - 2:
        raise ValueError("the worksheet's first page is too long for the paper")

    # -- page 2: the ladder, questions, help ------------------------------------------
    doc.pdf.add_page()
    footer_top = _footer(doc, x, width, [(wording.WS_NOT_THERAPY, SMALL)])
    box = crisis_box(doc, x, width, wording.CRISIS_HEADING, crisis)
    box_top = footer_top - 4 - box.height
    box.draw(box_top)

    questions = Flow(doc, x, width)
    section_heading(doc, questions, wording.WS_QUESTIONS_HEADING, Style(10.5, bold=True, color=ACCENT))
    questions.gap(1.5)
    bullet = Token("•", Style(HINT.size, bold=True, color=ACCENT, leading=HINT.leading))
    for prompt in wording.WS_QUESTION_PROMPTS:
        questions.paragraph([(prompt, HINT)], indent=4.5, bullet=bullet)
        questions.gap(0.5)
    questions_top = box_top - 5 - questions.height
    questions.draw(questions_top)

    flow = Flow(doc, x, width)
    section_heading(doc, flow, wording.WS_LADDER_HEADING, HEADING)
    flow.gap(1)
    flow.paragraph([(wording.WS_LADDER_HINT, HINT)])
    flow.gap(2.5)
    y = flow.draw(MARGIN)
    widths = [width * s for s in LADDER_SHARES]
    header_h = table_header_height(doc, widths, wording.WS_LADDER_COLUMNS, TABLE_HEADER)
    row_h = (questions_top - 6 - y - header_h) / RUNGS
    if row_h < 15:
        raise ValueError("the worksheet's ladder does not fit on the paper")
    steps = [(str(n), "") for n in range(RUNGS, 0, -1)]
    steps[0] = (steps[0][0], wording.WS_HARDEST)
    steps[-1] = (steps[-1][0], wording.WS_EASIEST)
    bottom = draw_table(
        doc,
        x=x,
        top=y,
        widths=widths,
        headers=wording.WS_LADDER_COLUMNS,
        rows=RUNGS,
        row_height=row_h,
        first_column=steps,
        header_style=TABLE_HEADER,
    )
    # Practice cells get three faint guide lines, one practice each.
    px = x + sum(widths[:-1])
    for r in range(RUNGS):
        row_top = bottom - (RUNGS - r) * row_h
        for k in range(1, 4):
            doc.hline(px + 1.5, px + widths[-1] - 1.5, row_top + k * row_h / 4 + 1, GUIDE, 0.2)
    return doc.output()
