"""Page-level building blocks: a measured vertical flow, boxes and tables.

A :class:`Flow` is built first and drawn later, so a page can try a font
scale, see whether everything fits, and shrink if not, all without
touching the PDF. That is how the cover stays on exactly one page even when
callers pass longer rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from deckpdf._doc import ACCENT, INK, MUTED, PALE, RULE, Doc, Line, Run, Style, Token
from deckpdf.contacts import Piece

# Crisis numbers are printed large and bold, so a shaking hand and tired eyes can
# still read and dial them; they never shrink below this size in the crisis panel.
NUMBER_PT = 12.0

# Font scales tried, largest first, when something must fit a fixed area.
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6)


@dataclass
class _Item:
    height: float
    draw: Callable[[float], None]


class Flow:
    """A vertical stack of blocks at a fixed x and width."""

    def __init__(self, doc: Doc, x: float, width: float) -> None:
        self.doc = doc
        self.x = x
        self.width = width
        self._items: list[_Item] = []

    @property
    def height(self) -> float:
        return sum(item.height for item in self._items)

    def gap(self, height: float) -> None:
        self._items.append(_Item(height, lambda _y: None))

    def custom(self, height: float, draw: Callable[[float], None]) -> None:
        self._items.append(_Item(height, draw))

    def paragraph(
        self,
        runs: Sequence[Run],
        *,
        indent: float = 0.0,
        bullet: Token | None = None,
        align: str = "L",
    ) -> None:
        doc, x, text_w = self.doc, self.x + indent, self.width - indent
        lines = doc.wrap(runs, text_w)
        if not lines:
            return
        bullet_line = Line((bullet,), lines[0].height) if bullet else None

        def draw(y: float) -> None:
            if bullet_line is not None:
                doc.draw_line(bullet_line, self.x + indent * 0.3, y)
            doc.draw_lines(lines, x, y, align, text_w)

        self._items.append(_Item(doc.height_of(lines), draw))

    def box(self, inner: Flow, *, pad: float, fill: tuple[int, int, int] = PALE) -> None:
        """Draw ``inner`` (built at x + pad, width - 2·pad) on a tinted panel."""
        doc = self.doc
        height = inner.height + 2 * pad

        def draw(y: float) -> None:
            doc.pdf.set_fill_color(*fill)
            doc.pdf.rect(self.x, y, self.width, height, style="F", round_corners=True, corner_radius=1.5)
            inner.draw(y + pad)

        self._items.append(_Item(height, draw))

    def draw(self, top: float) -> float:
        y = top
        for item in self._items:
            item.draw(y)
            y += item.height
        return y


def fit_flow(build: Callable[[float], Flow], available: float, what: str) -> Flow:
    """Return the flow built at the largest scale in SCALES that fits.

    Raises ValueError rather than clipping: on these pages (rules, crisis
    line) silently losing text would be worse than a clear error.
    """
    for scale in SCALES:
        flow = build(scale)
        if flow.height <= available:
            return flow
    raise ValueError(f"{what} is too long to fit on one page, even with smaller text")


def section_heading(doc: Doc, flow: Flow, text: str, style: Style, rule: bool = True) -> None:
    """A heading line with an optional thin accent rule under it."""
    flow.paragraph([(text, style)])
    if rule:
        flow.custom(
            1.2,
            lambda y: doc.hline(flow.x, flow.x + flow.width, y + 0.3, ACCENT, 0.3),
        )


def crisis_runs(items: Sequence[Sequence[Piece]], text: Style, strong: Style, separator: str = "") -> list[Run]:
    """Styled runs for the crisis line: numbers, keywords and addresses in ``strong``,
    each number and address a link; items joined by ``separator`` (one run per item
    when it is empty, see :func:`crisis_box`)."""
    runs: list[Run] = []
    for index, item in enumerate(items):
        if index and separator:
            runs.append((separator, text))
        pending = ""
        for piece in item:
            if piece.strong:
                if pending.strip():
                    runs.append((pending, text))
                pending = ""
                runs.append((piece.text, strong, piece.href) if piece.href else (piece.text, strong))
            else:
                chunk = piece.text
                # Punctuation straight after a number ("555 0100,") stays on it: runs are
                # joined with spaces, and " ," would read as a stray mark.
                lead = len(chunk) - len(chunk.lstrip(",.;:)"))
                if lead and not pending and runs and runs[-1][1] == strong:
                    last = runs.pop()
                    runs.append((last[0] + chunk[:lead], *last[1:]))  # type: ignore[arg-type]
                    chunk = chunk[lead:]
                pending += chunk
        if pending.strip():
            runs.append((pending, text))
    return runs


def crisis_box(
    doc: Doc, x: float, width: float, heading: str, items: Sequence[Sequence[Piece]], scale: float = 1.0
) -> Flow:
    """The tinted crisis panel used on the cover and the worksheet: one line (or more,
    if it wraps) per item of the crisis line, numbers at least NUMBER_PT bold."""
    outer = Flow(doc, x, width)
    pad = 3.0 * scale
    inner = Flow(doc, x + pad, width - 2 * pad)
    inner.paragraph([(heading, Style(10.5 * scale, bold=True, color=INK))])
    inner.gap(1.2 * scale)
    text = Style(9.5 * scale, color=INK, leading=1.3)
    strong = Style(NUMBER_PT, bold=True, color=INK, leading=1.3)
    for index, item in enumerate(items):
        if index:
            inner.gap(0.6 * scale)
        inner.paragraph(crisis_runs([item], text, strong))
    outer.box(inner, pad=pad)
    return outer


TABLE_HEADER = Style(7.5, bold=True, color=INK, leading=1.2)
CELL_PAD = 1.2


def _wrapped_headers(doc: Doc, widths: Sequence[float], headers: Sequence[str], style: Style) -> list[list[Line]]:
    return [doc.wrap([(h, style)], w - 2 * CELL_PAD) for h, w in zip(headers, widths, strict=True)]


def table_header_height(
    doc: Doc, widths: Sequence[float], headers: Sequence[str], style: Style = TABLE_HEADER
) -> float:
    """Height of :func:`draw_table`'s header row, to size the rows before drawing."""
    return max(doc.height_of(lines) for lines in _wrapped_headers(doc, widths, headers, style)) + 2 * CELL_PAD


def draw_table(
    doc: Doc,
    *,
    x: float,
    top: float,
    widths: Sequence[float],
    headers: Sequence[str],
    rows: int,
    row_height: float,
    first_column: Sequence[tuple[str, str]] | None = None,
    header_style: Style = TABLE_HEADER,
    cells: Sequence[Sequence[str]] | None = None,
    cell_style: Style | None = None,
    row_fill: tuple[int, int, int] | None = None,
) -> float:
    """A ruled table with wrapped bold headers and ``rows`` rows.

    ``first_column`` optionally pre-fills the first cell of each row with a
    (label, note) pair (rung numbers on the fear ladder). ``cells`` optionally fills
    the other cells, row by row, with text in ``cell_style`` (a worked example); text
    that would overflow its cell ends with "…". ``row_fill`` tints the rows. Returns
    the y of the table's bottom edge.
    """
    pad = CELL_PAD
    wrapped = _wrapped_headers(doc, widths, headers, header_style)
    header_h = table_header_height(doc, widths, headers, header_style)
    total_w = sum(widths)

    if row_fill is not None:
        doc.pdf.set_fill_color(*row_fill)
        doc.pdf.rect(x, top + header_h, total_w, rows * row_height, style="F")
    doc.pdf.set_fill_color(*PALE)
    doc.pdf.rect(x, top, total_w, header_h, style="F")
    cx = x
    for lines, w in zip(wrapped, widths, strict=True):
        # Headers are bottom-aligned so short ones sit on the same baseline.
        doc.draw_lines(lines, cx + pad, top + header_h - pad - doc.height_of(lines))
        cx += w

    bottom = top + header_h + rows * row_height
    for r in range(rows + 1):
        y = top + header_h + r * row_height
        doc.hline(x, x + total_w, y, RULE if r else INK, 0.2 if r else 0.3)
    doc.hline(x, x + total_w, top, INK, 0.3)
    cx = x
    for w in (0.0, *widths):
        cx += w
        doc.vline(cx, top, bottom, RULE, 0.2)

    if first_column:
        # (label, note): a bold number with an optional small word under it.
        cell_w = widths[0] - 2 * pad
        main_style = Style(9, bold=True, color=MUTED)
        note_style = Style(7, color=MUTED)
        for r, (label, note) in enumerate(first_column[:rows]):
            lines = doc.truncate(doc.wrap([(label, main_style)], cell_w), 1, cell_w)
            if note:
                lines += doc.truncate(doc.wrap([(note, note_style)], cell_w), 1, cell_w)
            y = top + header_h + r * row_height + (row_height - doc.height_of(lines)) / 2
            doc.draw_lines(lines, x + pad, y, "C", cell_w)
    if cells:
        style = cell_style or Style(8, color=INK, leading=1.2)
        for r, row in enumerate(cells[:rows]):
            cx = x + widths[0]
            for text, w in zip(row, widths[1:], strict=False):
                lines = doc.wrap([(text, style)], w - 2 * pad)
                fit = max(1, int((row_height - 2 * pad + 1e-6) // style.line_height))
                doc.draw_lines(doc.truncate(lines, fit, w - 2 * pad), cx + pad, top + header_h + r * row_height + pad)
                cx += w
    return bottom
