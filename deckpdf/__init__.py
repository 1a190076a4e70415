"""deckpdf: printable PDFs for the social-confidence challenge deck.

Pure Python on top of fpdf2 and fontTools, so it runs the same on CPython
(build time) and in Pyodide in the browser. It never touches images, so it
does not need Pillow (which Pyodide lacks).

Public API:

* :func:`render_deck` – cover with rules, 3×3 sheets of poker-size cards with
  cut lines and edge marks, and a log sheet. Card text is never smaller than
  :data:`MIN_PT`; a card whose text does not fit raises :class:`CardTooLong`.
* :func:`fit_problems` – which cards' text does not fit (for a card lint).
* :func:`page_count` – pages :func:`render_deck` produces for N cards.
* :func:`render_worksheet` – a two-page fear-ladder worksheet to take to a
  therapist and fill in together.

Both need the site's crisis and help ``contacts`` (see :mod:`deckpdf.contacts`)
and refuse to print without them: a printed deck must always say where to get
help, and deckpdf holds no phone number of its own.
"""

from __future__ import annotations

from deckpdf._doc import PAPER_SIZES_MM
from deckpdf.deck import CARD_H, CARD_W, MIN_PT, PER_PAGE, CardTooLong, fit_problems, page_count, render_deck
from deckpdf.rules import DEFAULT_RULES, NOT_THERAPY, default_rules
from deckpdf.worksheet import WORKSHEET_PAGES, render_worksheet

__all__ = [
    "CARD_H",
    "CARD_W",
    "DEFAULT_RULES",
    "MIN_PT",
    "NOT_THERAPY",
    "PAPER_SIZES_MM",
    "PER_PAGE",
    "WORKSHEET_PAGES",
    "CardTooLong",
    "default_rules",
    "fit_problems",
    "page_count",
    "render_deck",
    "render_worksheet",
]
