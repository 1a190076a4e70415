"""The challenge deck: cover with rules, 3×3 sheets of cards, and a log sheet.

Every card has the same layout at the same sizes (nothing under MIN_PT): header, an
optional goal tag, title, ask, why, respect, and the Before/After record at the foot.
The words before the why and respect lines and on the goal tag are the site's (cards.yml's
labels and goal_label); the level pips count the ladder's levels (quiz.ladder).
Each card has a thin cut line all round, and edge marks continue the cut lines into the
page margin. A card whose text does not fit raises CardTooLong instead of shrinking.

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
from deckpdf._blocks import Flow, crisis_box, crisis_runs, draw_table, fit_flow, section_heading, table_header_height
from deckpdf._doc import ACCENT, INK, MUTED, PALE, RULE, Doc, Line, Style, Token, clean
from deckpdf.contacts import Piece, line_items, parse_contacts
from deckpdf.rules import Section, resolve_rules
from quiz import ladder as quiz_ladder
from quiz.ladder import Ladder

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

# Content is inset so a cut that wanders 1–2 mm never clips text; the printed cut
# lines make a wandering cut less likely in the first place.
PAD_X = 3.5
PAD_TOP = 3.0
PAD_BOTTOM = 3.0
INNER_W = CARD_W - 2 * PAD_X

# Cut lines: a thin grey line around every card, plus edge marks in the page margin in
# line with every card edge (for a guillotine or a ruler). No mark comes closer than
# EDGE_SAFE to the paper's edge, where many printers cannot print (Letter has only
# 7.7 mm above and below the grid).
CUT_COLOR = (150, 150, 150)
CUT_WIDTH = 0.15
MARK_GAP = 0.0  # marks continue the cut lines into the margin
MARK_LEN = 6.0
MARK_WIDTH = 0.2
EDGE_SAFE = 5.0

# -- card text styles ----------------------------------------------------------
# One size per style for every card: nothing on a card is smaller than MIN_PT, and a
# card whose text does not fit is an error to fix in its wording (see plan_card), not a
# reason to shrink it.
MIN_PT = 7.0
NOTE_INK = (70, 70, 70)
HEADER = Style(7.0, bold=True, color=ACCENT, leading=1.15)
AREA = Style(7.0, color=MUTED, leading=1.15)
GOAL = Style(7.0, bold=True, color=INK, leading=1.15)
TITLE = Style(9.0, bold=True, color=INK, leading=1.12)
ASK = Style(7.5, color=INK, leading=1.15)
NOTE = Style(7.0, color=NOTE_INK, leading=1.15)
NOTE_LABEL = Style(7.0, bold=True, color=NOTE_INK, leading=1.15)
FORM_LABEL = Style(7.0, color=INK, leading=1.2)
SECTION = Style(7.0, bold=True, color=ACCENT, leading=1.2)
CARD_STYLES = (HEADER, AREA, GOAL, TITLE, ASK, NOTE, NOTE_LABEL, FORM_LABEL, SECTION)

# -- the write-in record, drawn from the bottom of the card up ------------------
# (kind, label): "section" starts the Before or After half with a rule across the card,
# its heading, and its first prompt on the same line; "caption" is a prompt; the answer to
# either goes on the full-width "write" line under it; "number" is a prompt with a small
# box at the right for a rating.
FORM: tuple[tuple[str, str], ...] = (
    ("section", f"{wording.BEFORE}|{wording.FEAR_WHAT}"),
    ("write", ""),
    ("number", wording.HOW_LIKELY),
    ("number", wording.HOW_BAD),
    ("section", f"{wording.AFTER}|{wording.WHAT_HAPPENED}"),
    ("write", ""),
    ("number", wording.HOW_BAD_REALLY),
    ("caption", wording.WHAT_LEARNED),
    ("write", ""),
)
SECTION_H = 4.1  # the rule, air, then the heading and the first prompt
WRITE_H = 4.5  # one handwriting line
NUMBER_H = 4.2
BOX_W = 10.0  # the box a rating is written in
BOX_H = 3.4
ROW_HEIGHTS = {"section": SECTION_H, "caption": FORM_LABEL.line_height, "write": WRITE_H, "number": NUMBER_H}
FORM_H = sum(ROW_HEIGHTS[kind] for kind, _ in FORM)
HEADER_GAP = 0.6
GOAL_GAP = 0.5
GOAL_PAD = 0.25  # the tinted band reaches this far above and below the tag's line
FORM_GAP = 1.0  # breathing room between the text block and the form

# Gaps between text blocks.
GAP_AFTER_TITLE = 0.8
GAP_AFTER_ASK = 1.0
GAP_AFTER_WHY = 0.5

PIP_R = 0.65  # level pips (●●○○○, one per level of the ladder), radius in mm
PIP_STEP = 1.75


def pips_width(top: int) -> float:
    """Room the level pips take on a ladder of ``top`` levels, with a gap before the level."""
    return top * PIP_STEP + 0.8


@dataclass(frozen=True)
class CardLabels:
    """The site's words for a card's why and respect lines and its goal tag (cards.yml's
    labels and goal_label, passed in cards.json): deckpdf holds none of its own. One left
    empty is only an error for a card that needs it."""

    why: str = ""
    respect: str = ""
    goal: str = ""

    @classmethod
    def from_site(cls, labels: Mapping[str, Any] | None, goal_label: str | None = None) -> CardLabels:
        if labels is not None and not isinstance(labels, Mapping):
            raise ValueError(f"labels must be a dict with 'why' and 'respect', not {labels!r}")
        found = labels or {}
        return cls(why=clean(found.get("why")), respect=clean(found.get("respect")), goal=clean(goal_label))


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
    top: int  # the ladder's number of levels: one pip each
    why_label: str = ""
    respect_label: str = ""
    goal: str = ""  # the goal tag's label; empty when the card is not a top-of-ladder goal


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
    goal: Line | None
    title: tuple[Line, ...]
    ask: tuple[Line, ...]
    why: tuple[Line, ...]
    respect: tuple[Line, ...]
    text_height: float
    text_budget: float

    @property
    def fits(self) -> bool:
        return self.text_height <= self.text_budget + 1e-6


class CardTooLong(ValueError):
    """Some cards' text does not fit on a card at the fixed sizes; ``problems`` says which."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            f"{len(self.problems)} card(s) have more text than fits on a card at {MIN_PT:g} pt or more: "
            + "; ".join(self.problems)
            + ". Shorten their title, ask, why or respect."
        )


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


def _goal(raw: Mapping[str, Any], label: str, goal_label: str) -> str:
    """The goal tag a card prints: ``goal_label`` when its ``goal`` is true, else nothing."""
    goal = raw.get("goal")
    if goal is None or goal is False:
        return ""
    if goal is not True:
        raise ValueError(f"{label}: 'goal' must be true or false, got {goal!r}")
    if not goal_label:
        raise ValueError(f"{label}: is a goal, but no goal_label was given to mark it (cards.json's 'goal_label')")
    return goal_label


def _labelled(raw: Mapping[str, Any], key: str, label: str, words: str) -> str:
    text = clean(raw.get(key))
    if text and not words:
        raise ValueError(f"{label}: has a '{key}' line but labels has no '{key}' to print before it")
    return text


def _card(raw: Mapping[str, Any], index: int, labels: CardLabels, ladder: Ladder) -> Card:
    if not isinstance(raw, Mapping):
        raise ValueError(f"card #{index + 1} must be a dict, got {type(raw).__name__}")
    label = f"card #{index + 1} ({raw.get('id', 'no id')!s})"
    for key in ("id", "title", "ask"):
        if not clean(raw.get(key)):
            raise ValueError(f"{label}: '{key}' is required and must not be empty")
    level = raw.get("level")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= ladder.top:
        raise ValueError(f"{label}: 'level' must be a whole number from 1 to {ladder.top}, got {level!r}")
    area = clean(raw.get("area_name")) or clean(raw.get("area")).replace("-", " ").capitalize()
    return Card(
        id=clean(raw["id"]),
        title=clean(raw["title"]),
        ask=clean(raw["ask"]),
        why=_labelled(raw, "why", label, labels.why),
        respect=_labelled(raw, "respect", label, labels.respect),
        level=level,
        level_name=clean(raw.get("level_name")),
        area_name=area,
        top=ladder.top,
        why_label=labels.why,
        respect_label=labels.respect,
        goal=_goal(raw, label, labels.goal),
    )


def _cards(cards: Sequence[Mapping[str, Any]], labels: CardLabels, ladder: Ladder) -> list[Card]:
    return [_card(raw, i, labels, ladder) for i, raw in enumerate(cards)]


# -- measuring a card ------------------------------------------------------------
def _header(doc: Doc, card: Card) -> Header:
    """Pips and "Level N" with the area right-aligned on the same line; the area moves
    to a line of its own only if it is too long to share. (The level's name is left
    off the card: at a legible size there is no room for it beside the area.)"""
    level = wording.LEVEL.format(level=card.level)
    pips = pips_width(card.top)
    level_line = doc.wrap([(level, HEADER)], INNER_W - pips)[0]
    if not card.area_name:
        return Header(level_line, None, False)
    area_lines = doc.wrap([(card.area_name, AREA)], INNER_W)
    used = pips + doc.text_width(level, HEADER) + 2.5
    if len(area_lines) == 1 and used + doc.text_width(card.area_name, AREA) <= INNER_W:
        return Header(level_line, area_lines[0], True)
    return Header(level_line, doc.truncate(area_lines, 1, INNER_W)[0], False)


def text_budget(header_height: float, has_goal: bool) -> float:
    """Height (mm) left for title, ask, why and respect on a card."""
    budget = CARD_H - PAD_TOP - PAD_BOTTOM - FORM_H - FORM_GAP - header_height - HEADER_GAP
    if has_goal:
        budget -= GOAL.line_height + 2 * GOAL_PAD + GOAL_GAP
    return budget


def plan_card(doc: Doc, card: Card) -> CardPlan:
    """Measure the card's text at the fixed sizes, above the write-in form.

    Nothing is shrunk, cut or left out: a card whose text does not fit gives a plan
    with ``fits`` false, and :func:`render_deck` refuses it, naming the card.
    """
    header = _header(doc, card)
    goal = Line((Token(card.goal, GOAL),), GOAL.line_height) if card.goal else None
    title = doc.wrap([(card.title, TITLE)], INNER_W)
    ask = doc.wrap([(card.ask, ASK)], INNER_W)
    why = doc.wrap([(card.why_label + ":", NOTE_LABEL), (card.why, NOTE)], INNER_W) if card.why else []
    respect = doc.wrap([(card.respect_label + ":", NOTE_LABEL), (card.respect, NOTE)], INNER_W) if card.respect else []
    height = doc.height_of([*title, *ask, *why, *respect]) + GAP_AFTER_TITLE
    if why or respect:
        height += GAP_AFTER_ASK
    if why and respect:
        height += GAP_AFTER_WHY
    budget = text_budget(header.height, goal is not None)
    return CardPlan(header, goal, tuple(title), tuple(ask), tuple(why), tuple(respect), height, budget)


def fit_problems(
    cards: Sequence[Mapping[str, Any]],
    goal_label: str | None = None,
    *,
    labels: Mapping[str, Any] | None = None,
    ladder: Ladder | None = None,
) -> list[str]:
    """One line per card whose text does not fit: its id and by how much.

    For the card lint and for anyone shortening cards; :func:`render_deck` raises
    :class:`CardTooLong` with the same lines. ``labels`` and ``goal_label`` are measured
    with the text, so pass the ones the deck will print.
    """
    doc = Doc(paper="a4", title="measure", author=DEFAULT_AUTHOR)
    parsed = _cards(cards, CardLabels.from_site(labels, goal_label), ladder or quiz_ladder.load())
    return _too_long(parsed, [plan_card(doc, card) for card in parsed])


def _too_long(cards: Sequence[Card], plans: Sequence[CardPlan]) -> list[str]:
    return [
        f"{card.id} ({math.ceil((plan.text_height - plan.text_budget) * 10) / 10:.1f} mm too long)"
        for card, plan in zip(cards, plans, strict=True)
        if not plan.fits
    ]


# -- drawing a card --------------------------------------------------------------
def _draw_pips(doc: Doc, x: float, y_mid: float, level: int, top: int) -> None:
    doc.pdf.set_line_width(0.2)
    doc.pdf.set_draw_color(*ACCENT)
    doc.pdf.set_fill_color(*ACCENT)
    for i in range(top):
        cx = x + PIP_R + i * PIP_STEP
        # fpdf2 ≥ 2.8.1: circle(x, y) is the centre.
        doc.pdf.circle(cx, y_mid, PIP_R, style="DF" if i < level else "D")


def _label(doc: Doc, style: Style, text: str, x: float, bottom: float) -> None:
    """One line of ``text`` whose box ends at ``bottom``."""
    doc.draw_line(Line((Token(text, style),), style.line_height), x, bottom - style.line_height)


def _draw_form(doc: Doc, x: float, top: float) -> None:
    """The Before/After record; every write-in line spans the card's full text width."""
    y = top
    for kind, label in FORM:
        height = ROW_HEIGHTS[kind]
        bottom = y + height
        if kind == "section":
            heading, prompt = label.split("|")
            doc.hline(x, x + INNER_W, y + 0.4, ACCENT, 0.3)
            text = heading.upper()
            tokens = (Token(text, SECTION), Token(prompt, FORM_LABEL))
            doc.draw_line(Line(tokens, FORM_LABEL.line_height), x, bottom - FORM_LABEL.line_height)
        elif kind == "caption":
            _label(doc, FORM_LABEL, label, x, bottom)
        elif kind == "write":
            doc.hline(x, x + INNER_W, bottom - 0.4, RULE, 0.25)
        else:  # number: prompt on the left, a box for the rating at the right
            _label(doc, FORM_LABEL, label, x, bottom - 0.35)
            doc.pdf.set_draw_color(*RULE)
            doc.pdf.set_line_width(0.25)
            doc.pdf.rect(x + INNER_W - BOX_W, bottom - 0.4 - BOX_H, BOX_W, BOX_H, style="D")
        y = bottom


def _draw_card(doc: Doc, card: Card, plan: CardPlan, cx: float, cy: float) -> None:
    x = cx + PAD_X
    y = cy + PAD_TOP

    # Header: pips, level, area (same line, right-aligned, or the next).
    header = plan.header
    _draw_pips(doc, x, y + header.level.height / 2, card.level, card.top)
    doc.draw_line(header.level, x + pips_width(card.top), y)
    if header.area is not None and header.area_inline:
        doc.draw_line(header.area, x, y, "R", INNER_W)
    elif header.area is not None:
        doc.draw_line(header.area, x, y + header.level.height)
    y += header.height + HEADER_GAP

    # The goal tag, on a tinted band the width of its words.
    if plan.goal is not None:
        band_w = doc.text_width(card.goal, GOAL) + 3.0
        band_h = GOAL.line_height + 2 * GOAL_PAD
        doc.pdf.set_fill_color(*PALE)
        doc.pdf.rect(x, y, band_w, band_h, style="F", round_corners=True, corner_radius=0.8)
        doc.pdf.set_draw_color(*ACCENT)
        doc.pdf.set_line_width(0.4)
        doc.pdf.line(x + 0.2, y + 0.3, x + 0.2, y + band_h - 0.3)
        doc.draw_line(plan.goal, x + 1.5, y + GOAL_PAD)
        y += band_h + GOAL_GAP

    # Text block.
    y = doc.draw_lines(plan.title, x, y) + GAP_AFTER_TITLE
    y = doc.draw_lines(plan.ask, x, y)
    if plan.why or plan.respect:
        y += GAP_AFTER_ASK
    y = doc.draw_lines(plan.why, x, y)
    if plan.why and plan.respect:
        y += GAP_AFTER_WHY
    doc.draw_lines(plan.respect, x, y)

    # Write-in form, anchored to the bottom so every card lines up.
    _draw_form(doc, x, cy + CARD_H - PAD_BOTTOM - FORM_H)


def mark_lengths(page_w: float, page_h: float) -> tuple[float, float]:
    """(vertical, horizontal) edge-mark lengths: MARK_LEN, or less where the margin is
    too narrow to keep EDGE_SAFE clear (above and below the grid on Letter)."""
    x0, y0 = grid_origin(page_w, page_h)
    # fpdf2 draws lines with projecting caps: ink runs half the width past each end.
    room = MARK_GAP + EDGE_SAFE + MARK_WIDTH
    return min(MARK_LEN, y0 - room), min(MARK_LEN, x0 - room)


def _draw_cut_lines(doc: Doc, count: int) -> None:
    """Thin grey lines around each of the ``count`` cards on the sheet (a shared edge is
    drawn once), and edge marks in the margins in line with every card edge."""
    segments: set[tuple[float, float, float, float]] = set()
    for i in range(count):
        x, y, w, h = card_box(i, doc.width, doc.height)
        segments |= {(x, y, x + w, y), (x, y + h, x + w, y + h), (x, y, x, y + h), (x + w, y, x + w, y + h)}
    for x1, y1, x2, y2 in sorted(segments):
        if y1 == y2:
            doc.hline(x1, x2, y1, CUT_COLOR, CUT_WIDTH)
        else:
            doc.vline(x1, y1, y2, CUT_COLOR, CUT_WIDTH)

    x0, y0 = grid_origin(doc.width, doc.height)
    x1, y1 = x0 + COLS * CARD_W, y0 + ROWS * CARD_H
    len_v, len_h = mark_lengths(doc.width, doc.height)
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
COVER_TOP = 13.0
COVER_BOTTOM = 12.0
# The log sheet's column shares: date, card, three "before" columns, four "after"; the
# free-text columns get the most.
LOG_SHARES = (0.07, 0.12, 0.17, 0.08, 0.075, 0.165, 0.08, 0.08, 0.16)
LOG_ROW_H = 10.0


def _not_for_box(doc: Doc, x: float, width: float, scale: float) -> Flow:
    """Who should not use the deck: an outlined panel near the top of every cover."""
    outer = Flow(doc, x, width)
    pad = 3.0 * scale
    inner = Flow(doc, x + pad, width - 2 * pad)
    inner.paragraph([(wording.NOT_FOR_HEADING, Style(10.5 * scale, bold=True, color=INK, leading=1.3))])
    inner.gap(0.8 * scale)
    text = Style(9.5 * scale, color=INK, leading=1.3)
    bullet = Token("•", Style(9.5 * scale, bold=True, color=ACCENT, leading=1.3))
    for index, item in enumerate(wording.NOT_FOR):
        if index:
            inner.gap(0.5 * scale)
        head, _, tail = item.partition(": ")
        inner.paragraph([(head + ":", Style(text.size, bold=True, leading=text.leading)), (tail, text)],
                        indent=4 * scale, bullet=bullet)  # fmt: skip
    height = inner.height + 2 * pad

    def draw(y: float) -> None:
        doc.pdf.set_draw_color(*ACCENT)
        doc.pdf.set_line_width(0.5)
        doc.pdf.rect(x, y, width, height, style="D", round_corners=True, corner_radius=1.5)
        inner.draw(y + pad)

    outer.custom(height, draw)
    return outer


def _rules_flow(doc: Doc, x: float, width: float, sections: Sequence[Section], body: Style, scale: float) -> Flow:
    flow = Flow(doc, x, width)
    bullet = Token("•", Style(body.size, bold=True, color=ACCENT, leading=body.leading))
    for section in sections:
        if section.heading:
            section_heading(doc, flow, section.heading, Style(body.size + 1.5 * scale, bold=True, color=ACCENT))
            flow.gap(1.0 * scale)
        if section.text:
            flow.paragraph([(section.text, body)])
            flow.gap(0.8 * scale)
        for item in section.items:
            head, sep, tail = item.partition(": ")
            # "Predict: ..." style items get a bold lead word.
            if sep and len(head) <= 24:
                runs = [(head + ":", Style(body.size, bold=True, leading=body.leading)), (tail, body)]
            else:
                runs = [(item, body)]
            flow.paragraph(runs, indent=4.0 * scale, bullet=bullet)
            flow.gap(0.5 * scale)
        flow.gap(2.5 * scale)
    return flow


def _rule_columns(
    doc: Doc, x: float, width: float, sections: Sequence[Section], body: Style, scale: float
) -> tuple[Flow, Flow]:
    """The rules in two columns, split between sections where the taller column is shortest."""
    gutter = 7.0 * scale
    col_w = (width - gutter) / 2
    splits = [
        (_rules_flow(doc, x, col_w, sections[:k], body, scale),
         _rules_flow(doc, x + col_w + gutter, col_w, sections[k:], body, scale))
        for k in range(len(sections) + 1)
    ]  # fmt: skip
    return min(splits, key=lambda pair: max(pair[0].height, pair[1].height))


def _draw_cover(
    doc: Doc,
    title: str,
    subtitle: str,
    rules: Mapping[str, Any] | None,
    crisis: Sequence[Sequence[Piece]],
    ladder: Ladder,
) -> None:
    resolved = resolve_rules(rules, ladder)
    doc.pdf.add_page()
    x, width = MARGIN, doc.width - 2 * MARGIN
    tip_style = Style(8, color=MUTED, leading=1.3)
    print_tip = wording.PRINT_TIP.format(width=f"{CARD_W:g}", height=f"{CARD_H:g}")
    tip = doc.wrap([(print_tip, tip_style)], width)
    bottom = doc.height - COVER_BOTTOM
    available = bottom - COVER_TOP - doc.height_of(tip) - 3.0

    def build(scale: float) -> Flow:
        flow = Flow(doc, x, width)
        flow.paragraph([(title, Style(20 * scale, bold=True, color=INK, leading=1.15))])
        if subtitle:
            flow.gap(0.8 * scale)
            flow.paragraph([(subtitle, Style(11.5 * scale, color=MUTED, leading=1.25))])
        flow.gap(3.5 * scale)
        body = Style(10 * scale, color=INK, leading=1.3)
        if resolved.intro:
            flow.paragraph([(resolved.intro, body)])
            flow.gap(3 * scale)
        box = _not_for_box(doc, x, width, scale)
        flow.custom(box.height, box.draw)
        flow.gap(3.5 * scale)
        left, right = _rule_columns(doc, x, width, resolved.sections, body, scale)

        def draw_columns(y: float) -> None:
            left.draw(y)
            right.draw(y)

        flow.custom(max(left.height, right.height), draw_columns)
        flow.gap(1.0 * scale)
        flow.paragraph([(resolved.disclaimer, Style(10 * scale, bold=True, color=INK))])
        flow.gap(2.5 * scale)
        inner = crisis_box(doc, x, width, wording.CRISIS_HEADING, crisis, scale)
        flow.custom(inner.height, inner.draw)
        return flow

    flow = fit_flow(build, available, "The cover (title and rules)")
    flow.draw(COVER_TOP)
    doc.draw_lines(tip, x, bottom - doc.height_of(tip))


def _draw_log(doc: Doc, crisis: Sequence[Sequence[Piece]]) -> None:
    doc.pdf.add_page()
    x, width = MARGIN, doc.width - 2 * MARGIN
    flow = Flow(doc, x, width)
    flow.paragraph([(wording.LOG_TITLE, Style(18, bold=True, color=INK, leading=1.2))])
    flow.gap(1.5)
    intro = Style(9.5, color=MUTED, leading=1.3)
    flow.paragraph([(wording.LOG_INTRO, intro)])
    flow.gap(1)
    head, _, tail = wording.RERATE.partition(": ")
    flow.paragraph([(head + ":", Style(intro.size, bold=True, color=INK, leading=intro.leading)), (tail, intro)])
    flow.gap(3)
    top = flow.draw(MARGIN)

    # "Before" and "After" over their columns, each with an accent rule.
    widths = [width * s for s in LOG_SHARES]
    group_style = Style(8, bold=True, color=ACCENT, leading=1.2)
    for label, first, last in wording.LOG_GROUPS:
        gx = x + sum(widths[:first])
        gw = sum(widths[first : last + 1])
        doc.draw_line(Line((Token(label.upper(), group_style),), group_style.line_height), gx + 1.2, top)
        doc.hline(gx + 0.6, gx + gw - 0.6, top + group_style.line_height + 0.4, ACCENT, 0.4)
    top += group_style.line_height + 1.2

    footer_style = Style(7.5, color=MUTED, leading=1.3)
    numbers = Style(8.5, bold=True, color=INK, leading=1.3)
    footer = doc.wrap([(wording.CRISIS_HEADING, Style(7.5, bold=True, color=MUTED, leading=1.3)),
                       *crisis_runs(crisis, footer_style, numbers, " · ")], width)  # fmt: skip
    footer_top = doc.height - MARGIN - doc.height_of(footer)
    doc.draw_lines(footer, x, footer_top)

    header_h = table_header_height(doc, widths, wording.LOG_COLUMNS)
    rows = int((footer_top - 4 - top - header_h) // LOG_ROW_H)
    draw_table(doc, x=x, top=top, widths=widths, headers=wording.LOG_COLUMNS, rows=rows, row_height=LOG_ROW_H)


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
    goal_label: str | None = None,
    labels: Mapping[str, Any] | None = None,
    ladder: Ladder | None = None,
) -> bytes:
    """Render the printable challenge deck and return the PDF bytes.

    ``cards``: dicts with id, title, ask, why, respect, level (a level of the
    ladder), area, level_name and area_name (why/respect/names may be empty), and
    optionally ``goal``: true marks a top-of-ladder goal, tagged with ``goal_label``.
    ``labels``: the site's words before a card's why and respect lines
    (cards.json's "labels": {"why": ..., "respect": ...}); a card with a why or
    respect line, or a goal card, is refused without its words. ``ladder``: the
    fear ladder (default :func:`quiz.ladder.load`), for the level pips and the
    cover's start rule.
    ``rules`` overrides keys of :data:`deckpdf.rules.DEFAULT_RULES`. ``contacts``: the
    site's crisis and help contacts (cards.json's "contacts"); the cover's
    crisis panel and the log sheet's footer show those marked ``in_line``, every
    number and address a link. ``created`` fixes the PDF creation date (default:
    a constant, so output is reproducible). Raises ValueError for no cards, a
    malformed card, missing or malformed contacts, or unknown paper, and
    :class:`CardTooLong` (a ValueError naming every such card) when a card's text
    does not fit at the fixed sizes.
    """
    if isinstance(cards, (str, bytes)) or not isinstance(cards, Sequence):
        raise ValueError("cards must be a list of dicts")
    page_count(len(cards))  # validates "at least one card"
    the_ladder = ladder or quiz_ladder.load()
    parsed = _cards(cards, CardLabels.from_site(labels, goal_label), the_ladder)
    title = clean(title)
    if not title:
        raise ValueError("title must not be empty")
    crisis = line_items(parse_contacts(contacts))

    doc = Doc(paper=paper, title=title, author=author, subject=clean(subtitle), created=created)
    plans = [plan_card(doc, card) for card in parsed]
    problems = _too_long(parsed, plans)
    if problems:
        raise CardTooLong(problems)
    _draw_cover(doc, title, clean(subtitle), rules, crisis, the_ladder)
    for start in range(0, len(parsed), PER_PAGE):
        doc.pdf.add_page()
        sheet = parsed[start : start + PER_PAGE]
        _draw_cut_lines(doc, len(sheet))
        for i, card in enumerate(sheet):
            cx, cy, _, _ = card_box(i, doc.width, doc.height)
            _draw_card(doc, card, plans[start + i], cx, cy)
    _draw_log(doc, crisis)
    return doc.output()
