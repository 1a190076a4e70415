"""The fear-ladder worksheet: two pages to fill in and take to a therapist.

Page 1 explains the 0–10 fear thermometer and holds an empty 8-rung ladder.
Page 2 has room for notes, questions for a therapist, the deck's levels (if
given) and the crisis line. Same fonts and crisis panel as the deck.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from deckpdf import wording
from deckpdf._blocks import Flow, crisis_box, crisis_runs, draw_table, section_heading
from deckpdf._doc import ACCENT, INK, MUTED, PALE, RULE, Doc, Run, Style, Token, clean
from deckpdf.contacts import line_items, parse_contacts
from deckpdf.deck import DEFAULT_AUTHOR, MARGIN

WORKSHEET_PAGES = 2
RUNGS = 8

TITLE = Style(20, bold=True, color=INK, leading=1.15)
SUBTITLE = Style(11.5, color=MUTED, leading=1.25)
BODY = Style(10, color=INK, leading=1.35)
HEADING = Style(12.5, bold=True, color=ACCENT, leading=1.25)
SMALL = Style(8, color=MUTED, leading=1.25)
PROMPT = Style(9.5, color=MUTED, leading=1.3)
WRITE_LINE_GAP = 8.0  # handwriting line spacing on full-size paper


def _levels(levels: Sequence[Mapping[str, Any]] | None) -> list[tuple[str, str]]:
    """Normalise optional deck levels to (label, description) pairs.

    Accepts the deck's level dicts leniently: the number under "level" or
    "id", the name under "name" or "title", an optional "description" or
    "summary".
    """
    if not levels:
        return []
    out = []
    for i, raw in enumerate(levels):
        if not isinstance(raw, Mapping):
            raise ValueError(f"levels[{i}] must be a dict")
        number = raw.get("level", raw.get("id", i + 1))
        name = clean(raw.get("name") or raw.get("title"))
        label = wording.LEVEL_NAMED.format(level=number, name=name) if name else wording.LEVEL.format(level=number)
        out.append((label, clean(raw.get("description") or raw.get("summary"))))
    return out


def _thermometer(doc: Doc, x: float, top: float, width: float) -> float:
    """A 0–10 scale of cells, shading deeper with fear, plus anchor words."""
    cell = width / 11
    height = 8.0
    for i in range(11):
        # Pale to accent teal: readable in colour, a grey ramp in greyscale.
        t = i / 10
        shade = tuple(round(p + (a - p) * t) for p, a in zip(PALE, ACCENT, strict=True))
        doc.pdf.set_fill_color(*shade)
        doc.pdf.set_draw_color(*RULE)
        doc.pdf.set_line_width(0.2)
        doc.pdf.rect(x + i * cell, top, cell, height, style="DF")
        num = Style(10, bold=True, color=INK if i < 6 else (255, 255, 255))
        line = doc.wrap([(str(i), num)], cell)[0]
        doc.draw_line(line, x + i * cell, top + (height - line.height) / 2, "C", cell)
    y = top + height + 1.0
    anchor_style = Style(7.5, color=MUTED, leading=1.2)
    lowest = y
    for value, label in wording.WS_THERMO_ANCHORS:
        # Anchor text centred under its cell, kept inside the scale's width.
        w = min(doc.text_width(label, anchor_style), 2.6 * cell)
        lines = doc.wrap([(label, anchor_style)], w + 0.01)
        cx = x + (value + 0.5) * cell - w / 2
        cx = max(x, min(cx, x + width - w))
        lowest = max(lowest, doc.draw_lines(lines, cx, y, "C", w))
    return lowest


def _write_lines(doc: Doc, x: float, top: float, width: float, count: int) -> float:
    y = top
    for _ in range(count):
        y += WRITE_LINE_GAP
        doc.hline(x, x + width, y, RULE, 0.25)
    return y


def _footer(doc: Doc, x: float, width: float, runs: Sequence[Run]) -> float:
    """A small line at the foot of the page; returns its top y."""
    lines = doc.wrap(runs, width)
    top = doc.height - MARGIN + 4 - doc.height_of(lines)
    doc.draw_lines(lines, x, top)
    return top


def render_worksheet(
    *,
    paper: str = "a4",
    title: str,
    levels: Sequence[Mapping[str, Any]] | None = None,
    contacts: Sequence[Mapping[str, Any]] | None = None,
    author: str = DEFAULT_AUTHOR,
    created: datetime | None = None,
) -> bytes:
    """Render the two-page fear-ladder worksheet and return the PDF bytes.

    ``contacts`` are the site's crisis and help contacts, as for
    :func:`deckpdf.render_deck`; without them it raises ValueError.
    """
    title = clean(title)
    if not title:
        raise ValueError("title must not be empty")
    crisis = line_items(parse_contacts(contacts))
    level_rows = _levels(levels)
    doc = Doc(paper=paper, title=title, author=author, subject=wording.WS_SUBTITLE, created=created)
    x, width = MARGIN, doc.width - 2 * MARGIN

    # -- page 1: what the ladder is, the thermometer, the ladder ---------------
    doc.pdf.add_page()
    numbers = Style(9, bold=True, color=INK, leading=1.25)
    heading = Style(SMALL.size, bold=True, color=MUTED, leading=SMALL.leading)
    crisis_line = crisis_runs(crisis, SMALL, numbers, " · ")
    footer_top = _footer(doc, x, width, [(wording.CRISIS_HEADING, heading), *crisis_line])
    flow = Flow(doc, x, width)
    flow.paragraph([(title, TITLE)])
    flow.gap(1)
    flow.paragraph([(wording.WS_SUBTITLE, SUBTITLE)])
    flow.gap(4)
    flow.paragraph([(wording.WS_INTRO, BODY)])
    flow.gap(5)
    section_heading(doc, flow, wording.WS_THERMO_HEADING, HEADING)
    flow.gap(1.5)
    flow.paragraph([(wording.WS_THERMO_TEXT, BODY)])
    flow.gap(3)
    y = flow.draw(MARGIN)
    y = _thermometer(doc, x, y, width) + 6

    flow = Flow(doc, x, width)
    section_heading(doc, flow, wording.WS_LADDER_HEADING, HEADING)
    flow.gap(1.5)
    flow.paragraph([(wording.WS_LADDER_HINT, Style(9, color=MUTED, leading=1.3))])
    flow.gap(2.5)
    y = flow.draw(y)
    widths = [width * s for s in (0.1, 0.56, 0.17, 0.17)]
    # Rungs fill what is left of the page, but never shrink below a size
    # that is comfortable to write in.
    row_h = max(9.0, min(16.0, (footer_top - 4 - y - 12) / RUNGS))
    steps = [(str(n), "") for n in range(RUNGS, 0, -1)]
    steps[0] = (steps[0][0], wording.WS_HARDEST)
    steps[-1] = (steps[-1][0], wording.WS_EASIEST)
    draw_table(
        doc,
        x=x,
        top=y,
        widths=widths,
        headers=wording.WS_LADDER_COLUMNS,
        rows=RUNGS,
        row_height=row_h,
        first_column=steps,
    )

    # -- page 2: notes, questions, levels, help ---------------------------------
    doc.pdf.add_page()
    footer_top = _footer(doc, x, width, [(wording.WS_NOT_THERAPY, SMALL)])
    box = crisis_box(doc, x, width, wording.CRISIS_HEADING, crisis)
    box_top = footer_top - 4 - box.height
    box.draw(box_top)

    flow = Flow(doc, x, width)
    section_heading(doc, flow, wording.WS_QUESTIONS_HEADING, HEADING)
    flow.gap(2)
    bullet_style = Style(PROMPT.size, bold=True, color=ACCENT, leading=PROMPT.leading)
    for prompt in wording.WS_QUESTION_PROMPTS:
        flow.paragraph([(prompt, PROMPT)], indent=5, bullet=Token("•", bullet_style))
        flow.gap(0.8)
    y = flow.draw(MARGIN)
    y = _write_lines(doc, x, y, width, 5) + 8

    if level_rows:
        flow = Flow(doc, x, width)
        section_heading(doc, flow, wording.WS_LEVELS_HEADING, Style(10.5, bold=True, color=ACCENT))
        flow.gap(1.5)
        for label, description in level_rows:
            runs = [(label + (":" if description else ""), Style(8.5, bold=True, color=INK, leading=1.3))]
            if description:
                runs.append((description, Style(8.5, color=INK, leading=1.3)))
            flow.paragraph(runs)
            flow.gap(0.6)
        flow.gap(6)
        # Levels are reference only: if a long list would crowd out the notes
        # area, leave it off rather than run into the crisis panel.
        if y + flow.height + 30 <= box_top:
            y = flow.draw(y)

    flow = Flow(doc, x, width)
    section_heading(doc, flow, wording.WS_NOTES_HEADING, HEADING)
    y = flow.draw(y)
    lines = max(0, int((box_top - 6 - y) // WRITE_LINE_GAP))
    _write_lines(doc, x, y, width, lines)
    return doc.output()
