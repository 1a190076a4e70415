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

deckpdf holds no fact of its own: the crisis and help ``contacts`` (see
:mod:`deckpdf.contacts`) and the card labels come from the site's content, and
the ladder's levels, fear thermometer and start rule from :mod:`quiz.ladder`.
Both renderers refuse to print without contacts: a printed deck must always
say where to get help.

The names above load on first use (PEP 562): the site generator imports
:mod:`deckpdf.contacts`, the one place contacts are put into words, and
should not pay for fpdf2 to do so.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deckpdf._doc import PAPER_SIZES_MM
    from deckpdf.deck import CARD_H, CARD_W, MIN_PT, PER_PAGE, CardTooLong, fit_problems, page_count, render_deck
    from deckpdf.rules import DEFAULT_RULES, NOT_THERAPY, default_rules
    from deckpdf.worksheet import WORKSHEET_PAGES, render_worksheet

_HOMES = {
    "PAPER_SIZES_MM": "deckpdf._doc",
    "CARD_H": "deckpdf.deck",
    "CARD_W": "deckpdf.deck",
    "MIN_PT": "deckpdf.deck",
    "PER_PAGE": "deckpdf.deck",
    "CardTooLong": "deckpdf.deck",
    "fit_problems": "deckpdf.deck",
    "page_count": "deckpdf.deck",
    "render_deck": "deckpdf.deck",
    "DEFAULT_RULES": "deckpdf.rules",
    "NOT_THERAPY": "deckpdf.rules",
    "default_rules": "deckpdf.rules",
    "WORKSHEET_PAGES": "deckpdf.worksheet",
    "render_worksheet": "deckpdf.worksheet",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'deckpdf' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
