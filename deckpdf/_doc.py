"""Shared PDF plumbing: paper sizes, fonts, metadata and a small text engine.

Why our own line breaking instead of fpdf2's ``multi_cell``: text must be
*measured* before it is drawn (does a card's text fit? how small must the cover
go?), often several times per page. ``multi_cell(dry_run=True)`` runs fpdf2's full
layout machinery for each try; our greedy word wrap over a glyph-width table is much cheaper, never
hyphenates (so extracted text matches the input), and tells us the exact
height used, which is what the overflow tests rely on.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from deckpdf._fonts import FONT_FILES, char_widths, font_path, supported_codepoints

with warnings.catch_warnings():
    # fpdf2 warns when Pillow is missing, as it is in Pyodide; we never draw images.
    warnings.filterwarnings("ignore", message="Pillow could not be imported", category=UserWarning)
    from fpdf import FPDF

PT = 25.4 / 72  # millimetres per PostScript point

# Paper sizes in millimetres (portrait). Letter is exactly 8.5 × 11 in.
PAPER_SIZES_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "letter": (215.9, 279.4),
}

# Fixed so the same input always gives the same bytes (fpdf2 derives the
# file /ID from the content plus this date). Timezone-aware on purpose:
# fpdf2 would otherwise attach the machine's local zone.
FIXED_DATE = datetime(2025, 1, 1, tzinfo=UTC)

FAMILY = "DejaVu"
ELLIPSIS = "…"

# Colours: dark grey instead of pure black is gentler on the eye and still
# prints crisply on any printer; one muted teal accent survives greyscale.
INK = (33, 33, 33)
MUTED = (95, 95, 95)
ACCENT = (0, 105, 110)
RULE = (165, 165, 165)
PALE = (232, 240, 240)

_SPACE_RE = re.compile(r"\s+")
# Stripped before an ellipsis so a cut reads "word…" not "word,…".
_TRAILING_PUNCT = " ,;:.-–—"


def paper_size(paper: str) -> tuple[float, float]:
    """Return (width, height) in mm for 'a4' or 'letter' (case-insensitive)."""
    key = paper.strip().lower() if isinstance(paper, str) else ""
    if key not in PAPER_SIZES_MM:
        raise ValueError(f"paper must be 'a4' or 'letter', got {paper!r}")
    return PAPER_SIZES_MM[key]


def clean(text: object) -> str:
    """Collapse whitespace and drop characters the bundled font cannot draw.

    Characters outside the subset (emoji, CJK, ...) would print as empty
    boxes; dropping them keeps the page tidy. Latin, accents and typographic
    punctuation are all covered (see fonts/make_subset.py).
    """
    if text is None:
        return ""
    ok = supported_codepoints()
    kept = "".join(ch if ord(ch) in ok else (" " if ch.isspace() else "") for ch in str(text))
    return _SPACE_RE.sub(" ", kept).strip()


@dataclass(frozen=True)
class Style:
    """A text style. ``leading`` is line height as a multiple of the size."""

    size: float  # points
    bold: bool = False
    color: tuple[int, int, int] = INK
    leading: float = 1.25

    @property
    def line_height(self) -> float:
        return self.size * self.leading * PT


@dataclass(frozen=True)
class Token:
    text: str
    style: Style
    # A link target (tel:, sms:, https:): the drawn words get a clickable annotation.
    link: str = ""


# A run of text in one style, optionally a link: (text, style) or (text, style, link).
Run = tuple[str, Style] | tuple[str, Style, str]


@dataclass(frozen=True)
class Line:
    tokens: tuple[Token, ...]
    height: float


class Doc:
    """An fpdf2 document with our fonts, fixed metadata and a text engine."""

    def __init__(
        self,
        *,
        paper: str,
        title: str,
        author: str,
        subject: str = "",
        created: datetime | None = None,
    ) -> None:
        self.width, self.height = paper_size(paper)
        pdf = FPDF(unit="mm", format=(self.width, self.height))
        # We place everything ourselves; fpdf2's automatic page breaks would
        # break the "1 + ceil(N/9) + 1 pages" promise if anything ran long.
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.c_margin = 0
        for style in FONT_FILES:
            pdf.add_font(FAMILY, style, str(font_path(style)))
        pdf.set_title(title)
        pdf.set_author(author)
        if subject:
            pdf.set_subject(subject)
        pdf.set_creator("deckpdf")
        pdf.set_lang("en")
        when = created or FIXED_DATE
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        pdf.set_creation_date(when)
        self.pdf = pdf
        self._cw_regular = char_widths("")
        self._cw_bold = char_widths("B")
        self._units: dict[tuple[str, bool], int] = {}

    # -- measuring -----------------------------------------------------------
    def text_width(self, text: str, style: Style) -> float:
        """Width of ``text`` in mm: the sum of its glyph advances.

        Without text shaping fpdf2 applies no kerning, so this is exactly
        what it draws, and it scales linearly with the font size.
        """
        # Fitting a cover re-wraps the same words at several sizes, so each word's advance
        # sum is kept (per document, per weight): a fifth of a deck's time went to re-adding it.
        key = (text, style.bold)
        units = self._units.get(key)
        if units is None:
            table = self._cw_bold if style.bold else self._cw_regular
            units = self._units[key] = sum(table.get(ord(ch), 0) for ch in text)
        return units * style.size * 0.001 * PT

    def _tokens_width(self, tokens: Sequence[Token]) -> float:
        if not tokens:
            return 0.0
        total = sum(self.text_width(t.text, t.style) for t in tokens)
        # One space between tokens, measured in the style of the token before.
        total += sum(self.text_width(" ", t.style) for t in tokens[:-1])
        return total

    def line_width(self, line: Line) -> float:
        """Width of a wrapped line as drawn, spaces between its words included."""
        return self._tokens_width(line.tokens)

    # -- wrapping ------------------------------------------------------------
    @staticmethod
    def tokenize(runs: Iterable[Run]) -> list[Token]:
        """Words become tokens; a linked run stays one token, so a number such as
        "555 0100" never breaks across lines and its link covers it whole."""
        tokens: list[Token] = []
        for run in runs:
            text, style = run[0], run[1]
            link = run[2] if len(run) > 2 else ""  # type: ignore[misc]
            if link:
                tokens.append(Token(" ".join(text.split()), style, link))
            else:
                tokens.extend(Token(word, style) for word in text.split())
        return tokens

    def _split_long_word(self, token: Token, width: float) -> list[Token]:
        """Hard-break a single word wider than the line (URLs, silly input)."""
        pieces: list[Token] = []
        current = ""
        for ch in token.text:
            if current and self.text_width(current + ch, token.style) > width:
                pieces.append(Token(current, token.style))
                current = ch
            else:
                current += ch
        if current:
            pieces.append(Token(current, token.style))
        return pieces

    def wrap(self, runs: Iterable[Run], width: float) -> list[Line]:
        """Greedy word wrap of styled runs into lines no wider than ``width``."""
        lines: list[Line] = []
        current: list[Token] = []
        current_w = 0.0  # running width of ``current``, to keep wrapping linear
        for token in self.tokenize(runs):
            token_w = self.text_width(token.text, token.style)
            parts = self._split_long_word(token, width) if token_w > width else [token]
            for part in parts:
                part_w = token_w if part is token else self.text_width(part.text, part.style)
                if current:
                    joined = current_w + self.text_width(" ", current[-1].style) + part_w
                    if joined > width:
                        lines.append(self._line(current))
                        current, current_w = [part], part_w
                    else:
                        current.append(part)
                        current_w = joined
                else:
                    current, current_w = [part], part_w
        if current:
            lines.append(self._line(current))
        return lines

    @staticmethod
    def _line(tokens: Sequence[Token]) -> Line:
        return Line(tuple(tokens), max(t.style.line_height for t in tokens))

    def truncate(self, lines: list[Line], max_lines: int, width: float) -> list[Line]:
        """Keep at most ``max_lines`` lines, ending the last with "…" if cut."""
        if len(lines) <= max_lines:
            return lines
        if max_lines <= 0:
            return []
        kept = lines[: max_lines - 1]
        tokens = list(lines[max_lines - 1].tokens)
        # Drop whole words until "…" fits; if a single word is still too wide,
        # shorten it character by character.
        while tokens:
            last = tokens[-1]
            stem = last.text.rstrip(_TRAILING_PUNCT)
            candidate = [*tokens[:-1], Token(stem + ELLIPSIS, last.style)]
            if stem and self._tokens_width(candidate) <= width:
                return [*kept, self._line(candidate)]
            if len(tokens) > 1:
                tokens.pop()
            elif len(stem) > 1:
                tokens[-1] = Token(stem[:-1], last.style)
            else:
                break
        return [*kept, self._line([Token(ELLIPSIS, lines[max_lines - 1].tokens[0].style)])]

    @staticmethod
    def height_of(lines: Sequence[Line]) -> float:
        return sum(line.height for line in lines)

    # -- drawing -------------------------------------------------------------
    def set_style(self, style: Style) -> None:
        self.pdf.set_font(FAMILY, "B" if style.bold else "", style.size)
        self.pdf.set_text_color(*style.color)

    def draw_line(self, line: Line, x: float, top: float, align: str = "L", width: float = 0) -> None:
        """Draw one wrapped line with its top edge at ``top``.

        Consecutive tokens of one style are drawn as a single string (fewer
        PDF operators, and text extraction sees real spaces). Where the style
        changes, the space is kept at the end of the earlier run so
        extractors still see "Label: the text" with its space.
        """
        if align != "L":
            used = self._tokens_width(line.tokens)
            x += (width - used) if align == "R" else (width - used) / 2
        runs: list[tuple[Style, str, list[str]]] = []
        for token in line.tokens:
            if runs and runs[-1][0] == token.style and runs[-1][1] == token.link:
                runs[-1][2].append(token.text)
            else:
                runs.append((token.style, token.link, [token.text]))
        # Baseline placed so the glyphs sit visually centred in the line box.
        font_size = max(t.style.size for t in line.tokens) * PT
        baseline = top + (line.height - font_size) / 2 + 0.8 * font_size
        for i, (style, link, words) in enumerate(runs):
            text = " ".join(words)
            width = self.text_width(text, style)
            self.set_style(style)
            self.pdf.text(x, baseline, text + (" " if i < len(runs) - 1 else ""))
            if link:
                # The clickable area is the words themselves, the full height of the line.
                self.pdf.link(x, top, width, line.height, link)
            x += width + (self.text_width(" ", style) if i < len(runs) - 1 else 0)

    def draw_lines(self, lines: Sequence[Line], x: float, top: float, align: str = "L", width: float = 0) -> float:
        """Draw lines downward from ``top``; return the y below the last one."""
        y = top
        for line in lines:
            self.draw_line(line, x, y, align, width)
            y += line.height
        return y

    def hline(self, x1: float, x2: float, y: float, color: tuple[int, int, int] = RULE, width: float = 0.2) -> None:
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(width)
        self.pdf.line(x1, y, x2, y)

    def vline(self, x: float, y1: float, y2: float, color: tuple[int, int, int] = RULE, width: float = 0.2) -> None:
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(width)
        self.pdf.line(x, y1, x, y2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
