"""The challenge deck: cover with rules, 3×3 sheets of cards, and a log sheet.

Page order is fixed so the page count is predictable:
1 cover + ceil(N / 9) card sheets + 1 log sheet (see :func:`page_count`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from deckpdf import wording
from deckpdf._blocks import SCALES, Flow, crisis_box, crisis_runs, draw_table, fit_flow, section_heading
from deckpdf._doc import ACCENT, INK, MUTED, RULE, Doc, Line, Style, Token, clean
from deckpdf.contacts import Piece, line_items, parse_contacts
from deckpdf.rules import resolve_rules

DEFAULT_AUTHOR = "deckpdf"

# -- card geometry (mm) --------------------------------------------------------
# Poker size. 3 × 3 = 189 × 264 mm, which fits both A4 (210 × 297) and US
# Letter (215.9 × 279.4) with the grid centred. Cards touch (no gutter) so one
# straight cut separates two neighbours; there is no room for gutters on
# Letter anyway (only 7.7 mm top and bottom).
CARD_W = 63.0
CARD_H = 88.0
COLS = 3
ROWS = 3
PER_PAGE = COLS * ROWS

# Content is inset generously so a cut that wanders 1–2 mm never clips text.
PAD_X = 4.0
PAD_TOP = 4.0
PAD_BOTTOM = 3.6
INNER_W = CARD_W - 2 * PAD_X

# Cut marks: short lines in the page margin, in line with every card edge,
# starting a little away from the grid so they never touch a card.
MARK_GAP = 1.0
MARK_LEN = 6.0
MARK_WIDTH = 0.2

# -- card text styles ----------------------------------------------------------
HEADER = Style(6.0, bold=True, color=ACCENT, leading=1.3)
AREA = Style(6.0, color=MUTED, leading=1.3)
TITLE = Style(10.5, bold=True, color=INK, leading=1.15)
ASK = Style(8.3, color=INK, leading=1.22)
NOTE = Style(6.3, color=MUTED, leading=1.22)
NOTE_LABEL = Style(6.3, bold=True, color=MUTED, leading=1.22)
FORM_LABEL = Style(6.1, color=INK)
SECTION = Style(5.8, bold=True, color=ACCENT)
FOOTER = Style(6.0, bold=True, color=ACCENT)

# Small print must stay legible when shrunk; these are the floors in points.
NOTE_FLOOR = 5.6
ASK_FLOOR = 6.8
TITLE_FLOOR = 8.5

# -- the write-in part, drawn from the bottom of the card up -------------------
SECTION_H = 4.4  # "Before" / "After" label row; the extra height is air above it
ROW_H = 5.0  # one handwriting line; about narrow-ruled paper at card scale
FOOTER_H = 3.4
FORM_H = 2 * SECTION_H + 6 * ROW_H + FOOTER_H  # 2 "before" rows + 4 "after"
HEADER_GAP = 1.0
FORM_GAP = 1.2  # breathing room between the text block and the form

# Gaps between text blocks, scaled with the text.
GAP_AFTER_TITLE = 1.0
GAP_AFTER_ASK = 1.3
GAP_AFTER_WHY = 0.5

PIP_R = 0.65  # level pips (●●○○○), radius in mm
PIP_STEP = 1.75
PIPS_W = 5 * PIP_STEP + 0.8


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    ask: str
    why: str
    respect: str
    level: int
    level_name: str
    area_name: str


@dataclass(frozen=True)
class Header:
    level: Line
    area: Line | None
    area_inline: bool  # area right-aligned on the level line

    @property
    def height(self) -> float:
        if self.area is None or self.area_inline:
            return self.level.height
        return self.level.height + self.area.height


@dataclass(frozen=True)
class CardPlan:
    """Everything needed to draw a card, measured but not yet drawn."""

    header: Header
    title: tuple[Line, ...]
    ask: tuple[Line, ...]
    why: tuple[Line, ...]
    respect: tuple[Line, ...]
    scale: float
    truncated: bool
    text_height: float
    text_budget: float


def page_count(n_cards: int) -> int:
    """Pages in a deck of ``n_cards``: cover + card sheets + log sheet."""
    if not isinstance(n_cards, int) or isinstance(n_cards, bool) or n_cards < 1:
        raise ValueError(f"a deck needs at least 1 card, got {n_cards!r}")
    return 1 + math.ceil(n_cards / PER_PAGE) + 1


def grid_origin(page_w: float, page_h: float) -> tuple[float, float]:
    """Top-left corner of the centred 3×3 card grid."""
    return (page_w - COLS * CARD_W) / 2, (page_h - ROWS * CARD_H) / 2


def card_box(index_on_page: int, page_w: float, page_h: float) -> tuple[float, float, float, float]:
    """(x, y, w, h) of the card at ``index_on_page`` (row-major, 0–8)."""
    x0, y0 = grid_origin(page_w, page_h)
    row, col = divmod(index_on_page, COLS)
    return x0 + col * CARD_W, y0 + row * CARD_H, CARD_W, CARD_H


def _card(raw: Mapping[str, Any], index: int) -> Card:
    if not isinstance(raw, Mapping):
        raise ValueError(f"card #{index + 1} must be a dict, got {type(raw).__name__}")
    label = f"card #{index + 1} ({raw.get('id', 'no id')!s})"
    for key in ("id", "title", "ask"):
        if not clean(raw.get(key)):
            raise ValueError(f"{label}: '{key}' is required and must not be empty")
    level = raw.get("level")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
        raise ValueError(f"{label}: 'level' must be a whole number from 1 to 5, got {level!r}")
    area = clean(raw.get("area_name")) or clean(raw.get("area")).replace("-", " ").capitalize()
    return Card(
        id=clean(raw["id"]),
        title=clean(raw["title"]),
        ask=clean(raw["ask"]),
        why=clean(raw.get("why")),
        respect=clean(raw.get("respect")),
        level=level,
        level_name=clean(raw.get("level_name")),
        area_name=area,
    )


# -- measuring a card ------------------------------------------------------------
def _header(doc: Doc, card: Card) -> Header:
    """Level (after the pips) and area on one line, or two if they collide."""
    level = (
        wording.LEVEL_NAMED.format(level=card.level, name=card.level_name)
        if card.level_name
        else wording.LEVEL.format(level=card.level)
    )
    level_w = INNER_W - PIPS_W
    level_line = doc.truncate(doc.wrap([(level, HEADER)], level_w), 1, level_w)[0]
    if not card.area_name:
        return Header(level_line, None, False)
    area_lines = doc.wrap([(card.area_name, AREA)], INNER_W)
    used = PIPS_W + doc.text_width(level, HEADER) + 3.0
    if len(area_lines) == 1 and used + doc.text_width(card.area_name, AREA) <= INNER_W:
        return Header(level_line, area_lines[0], True)
    return Header(level_line, doc.truncate(area_lines, 1, INNER_W)[0], False)


def plan_card(doc: Doc, card: Card) -> CardPlan:
    """Fit the card's text into the space above the write-in form.

    Order of give: shrink every text style together a little; then leave out
    the respect note (the cover repeats the respect rules) and shrink further,
    down to legible floors; then, at the smallest size, cut the "why" and
    finally the ask with "…".
    The title and ask are never dropped.
    """
    header = _header(doc, card)
    budget = CARD_H - PAD_TOP - PAD_BOTTOM - FORM_H - FORM_GAP - header.height - HEADER_GAP

    def measure(scale: float, with_respect: bool) -> tuple[list[list[Line]], float]:
        title_s = TITLE.scaled(scale, TITLE_FLOOR)
        ask_s = ASK.scaled(scale, ASK_FLOOR)
        note_s = NOTE.scaled(scale, NOTE_FLOOR)
        label_s = NOTE_LABEL.scaled(scale, NOTE_FLOOR)
        title = doc.wrap([(card.title, title_s)], INNER_W)
        ask = doc.wrap([(card.ask, ask_s)], INNER_W)
        why = doc.wrap([(wording.WHY, label_s), (card.why, note_s)], INNER_W) if card.why else []
        respect = (
            doc.wrap([(wording.RESPECT, label_s), (card.respect, note_s)], INNER_W)
            if card.respect and with_respect
            else []
        )
        blocks = [title, ask, why, respect]
        return blocks, _stack_height(blocks, scale)

    # Keeping the respect note may cost a little size (down to 85%), but not
    # more: below that, the ask reads better large than the note reads at all.
    attempts = [(True, s) for s in SCALES[:4] if card.respect] + [(False, s) for s in SCALES[:6]]
    for with_respect, scale in attempts:
        blocks, height = measure(scale, with_respect)
        if height <= budget:
            return _plan(header, blocks, scale, False, height, budget)

    # Still too long at the smallest size: truncate, keeping the title whole
    # where possible (up to 3 lines) and giving the ask priority over "why".
    scale = SCALES[5]
    (title, ask, why, _), _ = measure(scale, False)
    title = doc.truncate(title, 3, INNER_W)
    left = budget - doc.height_of(title) - GAP_AFTER_TITLE * scale
    ask_line = ask[0].height
    fit_ask = max(1, int((left + 1e-6) // ask_line))
    truncated = len(ask) > fit_ask
    ask = doc.truncate(ask, fit_ask, INNER_W)
    left -= doc.height_of(ask) + GAP_AFTER_ASK * scale
    if why:
        fit_why = int((left + 1e-6) // why[0].height)
        truncated = truncated or len(why) > fit_why
        why = doc.truncate(why, fit_why, INNER_W)
    blocks = [title, ask, why, []]
    return _plan(header, blocks, scale, True, _stack_height(blocks, scale), budget)


def _stack_height(blocks: Sequence[Sequence[Line]], scale: float) -> float:
    _, _, why, respect = blocks
    height = sum(line.height for block in blocks for line in block)
    height += GAP_AFTER_TITLE * scale
    if why or respect:
        height += GAP_AFTER_ASK * scale
    if why and respect:
        height += GAP_AFTER_WHY * scale
    return height


def _plan(
    header: Header,
    blocks: Sequence[Sequence[Line]],
    scale: float,
    truncated: bool,
    height: float,
    budget: float,
) -> CardPlan:
    title, ask, why, respect = (tuple(b) for b in blocks)
    return CardPlan(header, title, ask, why, respect, scale, truncated, height, budget)


# -- drawing a card --------------------------------------------------------------
def _draw_pips(doc: Doc, x: float, y_mid: float, level: int) -> None:
    doc.pdf.set_line_width(0.2)
    doc.pdf.set_draw_color(*ACCENT)
    doc.pdf.set_fill_color(*ACCENT)
    for i in range(5):
        cx = x + PIP_R + i * PIP_STEP
        # fpdf2 ≥ 2.8.1: circle(x, y) is the centre.
        doc.pdf.circle(cx, y_mid, PIP_R, style="DF" if i < level else "D")


def _draw_form_row(doc: Doc, x: float, top: float, label: str) -> None:
    """A label followed by a handwriting line to the card's right edge."""
    baseline_top = top + ROW_H - FORM_LABEL.line_height - 0.3
    right = x + INNER_W
    if label:
        line = doc.wrap([(label, FORM_LABEL)], INNER_W)[0]
        doc.draw_line(line, x, baseline_top)
        start = x + doc.text_width(label, FORM_LABEL) + 1.0
    else:
        start = x
    doc.hline(start, right, top + ROW_H - 0.5, RULE, 0.2)


def _draw_section(doc: Doc, x: float, top: float, label: str) -> None:
    line = Line((Token(label.upper(), SECTION),), SECTION.line_height)
    doc.draw_line(line, x, top + SECTION_H - SECTION.line_height - 0.2)
    start = x + doc.text_width(label.upper(), SECTION) + 1.2
    doc.hline(start, x + INNER_W, top + SECTION_H - 1.05, ACCENT, 0.25)


def _draw_card(doc: Doc, card: Card, plan: CardPlan, cx: float, cy: float) -> None:
    x = cx + PAD_X
    y = cy + PAD_TOP

    # Header: pips, level name, area name (same line, right-aligned, or next).
    header = plan.header
    _draw_pips(doc, x, y + header.level.height / 2, card.level)
    doc.draw_line(header.level, x + PIPS_W, y)
    if header.area is not None and header.area_inline:
        doc.draw_line(header.area, x, y, "R", INNER_W)
    elif header.area is not None:
        doc.draw_line(header.area, x, y + header.level.height)
    y += header.height + HEADER_GAP

    # Text block.
    y = doc.draw_lines(plan.title, x, y) + GAP_AFTER_TITLE * plan.scale
    y = doc.draw_lines(plan.ask, x, y)
    if plan.why or plan.respect:
        y += GAP_AFTER_ASK * plan.scale
    y = doc.draw_lines(plan.why, x, y)
    if plan.why and plan.respect:
        y += GAP_AFTER_WHY * plan.scale
    doc.draw_lines(plan.respect, x, y)

    # Write-in form, anchored to the bottom so every card lines up.
    y = cy + CARD_H - PAD_BOTTOM - FORM_H
    _draw_section(doc, x, y, wording.BEFORE)
    y += SECTION_H
    for label in (wording.CHANCE_OF_NO, wording.HOW_BAD):
        _draw_form_row(doc, x, y, label)
        y += ROW_H
    _draw_section(doc, x, y, wording.AFTER)
    y += SECTION_H
    for label in (wording.WHAT_HAPPENED, "", wording.WHAT_LEARNED, ""):
        _draw_form_row(doc, x, y, label)
        y += ROW_H
    footer = Line((Token(wording.REPEAT, FOOTER),), FOOTER.line_height)
    doc.draw_line(footer, x, y + FOOTER_H - FOOTER.line_height, "C", INNER_W)


def _draw_cut_marks(doc: Doc) -> None:
    """Crop lines in the margins at every card edge, never over a card."""
    x0, y0 = grid_origin(doc.width, doc.height)
    x1, y1 = x0 + COLS * CARD_W, y0 + ROWS * CARD_H
    # Keep marks at least 0.5 mm from the paper edge (only matters on Letter).
    len_v = min(MARK_LEN, y0 - MARK_GAP - 0.5)
    len_h = min(MARK_LEN, x0 - MARK_GAP - 0.5)
    for c in range(COLS + 1):
        x = x0 + c * CARD_W
        doc.vline(x, y0 - MARK_GAP - len_v, y0 - MARK_GAP, INK, MARK_WIDTH)
        doc.vline(x, y1 + MARK_GAP, y1 + MARK_GAP + len_v, INK, MARK_WIDTH)
    for r in range(ROWS + 1):
        y = y0 + r * CARD_H
        doc.hline(x0 - MARK_GAP - len_h, x0 - MARK_GAP, y, INK, MARK_WIDTH)
        doc.hline(x1 + MARK_GAP, x1 + MARK_GAP + len_h, y, INK, MARK_WIDTH)


# -- cover and log sheet ---------------------------------------------------------
MARGIN = 16.0  # cover/log margins; safe for every home printer


def _draw_cover(
    doc: Doc, title: str, subtitle: str, rules: Mapping[str, Any] | None, crisis: Sequence[Sequence[Piece]]
) -> None:
    resolved = resolve_rules(rules)
    doc.pdf.add_page()
    x, width = MARGIN, doc.width - 2 * MARGIN
    tip_style = Style(8, color=MUTED, leading=1.3)
    tip = doc.wrap([(wording.PRINT_TIP, tip_style)], width)
    bottom = doc.height - MARGIN
    available = bottom - MARGIN - doc.height_of(tip) - 4.0

    def build(scale: float) -> Flow:
        flow = Flow(doc, x, width)
        flow.paragraph([(title, Style(22 * scale, bold=True, color=INK, leading=1.15))])
        if subtitle:
            flow.gap(1.0 * scale)
            flow.paragraph([(subtitle, Style(12 * scale, color=MUTED, leading=1.25))])
        flow.gap(5 * scale)
        body = Style(10.5 * scale, color=INK, leading=1.35)
        if resolved.intro:
            flow.paragraph([(resolved.intro, body)])
            flow.gap(4 * scale)
        bullet = Token("•", Style(10.5 * scale, bold=True, color=ACCENT, leading=1.35))
        for section in resolved.sections:
            if section.heading:
                section_heading(doc, flow, section.heading, Style(12 * scale, bold=True, color=ACCENT))
                flow.gap(1.2 * scale)
            if section.text:
                flow.paragraph([(section.text, body)])
                flow.gap(1.0 * scale)
            for item in section.items:
                head, sep, tail = item.partition(": ")
                # "Predict: ..." style items get a bold lead word.
                if sep and len(head) <= 24:
                    runs = [(head + ":", Style(body.size, bold=True, leading=body.leading)), (tail, body)]
                else:
                    runs = [(item, body)]
                flow.paragraph(runs, indent=5 * scale, bullet=bullet)
                flow.gap(0.8 * scale)
            flow.gap(3.2 * scale)
        flow.paragraph([(resolved.disclaimer, Style(10.5 * scale, bold=True, color=INK))])
        flow.gap(3 * scale)
        inner = crisis_box(doc, x, width, wording.CRISIS_HEADING, crisis, scale)
        flow.custom(inner.height, inner.draw)
        return flow

    flow = fit_flow(build, available, "The cover (title and rules)")
    flow.draw(MARGIN)
    doc.draw_lines(tip, x, bottom - doc.height_of(tip))


def _draw_log(doc: Doc, crisis: Sequence[Sequence[Piece]]) -> None:
    doc.pdf.add_page()
    x, width = MARGIN, doc.width - 2 * MARGIN
    flow = Flow(doc, x, width)
    flow.paragraph([(wording.LOG_TITLE, Style(18, bold=True, color=INK, leading=1.2))])
    flow.gap(1.5)
    flow.paragraph([(wording.LOG_INTRO, Style(9.5, color=MUTED, leading=1.3))])
    flow.gap(4)
    top = flow.draw(MARGIN)

    footer_style = Style(7.5, color=MUTED, leading=1.3)
    numbers = Style(8.5, bold=True, color=INK, leading=1.3)
    footer = doc.wrap([(wording.CRISIS_HEADING, Style(7.5, bold=True, color=MUTED, leading=1.3)),
                       *crisis_runs(crisis, footer_style, numbers, " · ")], width)  # fmt: skip
    footer_top = doc.height - MARGIN - doc.height_of(footer)
    doc.draw_lines(footer, x, footer_top)

    # Column shares of the width: the free-text "what happened" gets the most.
    shares = (0.11, 0.2, 0.13, 0.11, 0.32, 0.13)
    widths = [width * s for s in shares]
    header_probe = max(
        doc.height_of(doc.wrap([(h, Style(7.5, bold=True, leading=1.2))], w - 2.4))
        for h, w in zip(wording.LOG_COLUMNS, widths, strict=True)
    )
    row_h = 9.0
    rows = int((footer_top - 4 - top - header_probe - 2.4) // row_h)
    draw_table(doc, x=x, top=top, widths=widths, headers=wording.LOG_COLUMNS, rows=rows, row_height=row_h)


# -- public API ------------------------------------------------------------------
def render_deck(
    cards: Sequence[Mapping[str, Any]],
    *,
    paper: str = "a4",
    title: str,
    subtitle: str = "",
    rules: Mapping[str, Any] | None = None,
    contacts: Sequence[Mapping[str, Any]] | None = None,
    author: str = DEFAULT_AUTHOR,
    created: datetime | None = None,
) -> bytes:
    """Render the printable challenge deck and return the PDF bytes.

    ``cards``: dicts with id, title, ask, why, respect, level (1–5), area,
    level_name and area_name (why/respect/names may be empty). ``rules``
    overrides keys of :data:`deckpdf.rules.DEFAULT_RULES`. ``contacts``: the
    site's crisis and help contacts (cards.json's "contacts"); the cover's
    crisis panel and the log sheet's footer show those marked ``in_line``, every
    number and address a link. ``created`` fixes the PDF creation date (default:
    a constant, so output is reproducible). Raises ValueError for no cards, a
    malformed card, missing or malformed contacts, or unknown paper.
    """
    if isinstance(cards, (str, bytes)) or not isinstance(cards, Sequence):
        raise ValueError("cards must be a list of dicts")
    page_count(len(cards))  # validates "at least one card"
    parsed = [_card(raw, i) for i, raw in enumerate(cards)]
    title = clean(title)
    if not title:
        raise ValueError("title must not be empty")
    crisis = line_items(parse_contacts(contacts))

    doc = Doc(paper=paper, title=title, author=author, subject=clean(subtitle), created=created)
    _draw_cover(doc, title, clean(subtitle), rules, crisis)
    for start in range(0, len(parsed), PER_PAGE):
        doc.pdf.add_page()
        _draw_cut_marks(doc)
        for i, card in enumerate(parsed[start : start + PER_PAGE]):
            cx, cy, _, _ = card_box(i, doc.width, doc.height)
            _draw_card(doc, card, plan_card(doc, card), cx, cy)
    _draw_log(doc, crisis)
    return doc.output()
