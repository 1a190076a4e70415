"""Shared checks for deck PDFs: which cards a PDF holds, its page size and page count.

Used by the CPython tests of deckpdf.site and by the browser test that downloads a deck.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

import pypdf

from deckpdf import PAPER_SIZES_MM, page_count, wording
from generator.loader import Taxonomy, load_content
from generator.plugin import cards_payload, load_taxonomy
from tests.conftest import ROOT

TAXONOMY = "quiz.ladder:taxonomy"  # as mkdocs.yml names it

PT_PER_MM = 72 / 25.4


@cache
def payload_text() -> str:
    """The site's cards.json, made by the generator's own function: taxonomy from the quiz's
    ladder, cards and crisis contacts from content/."""
    taxonomy = content_taxonomy()
    return json.dumps(cards_payload(load_content(ROOT / "content", taxonomy), taxonomy))


@cache
def content_taxonomy() -> Taxonomy | None:
    return load_taxonomy(TAXONOMY)


def payload() -> dict[str, Any]:
    return json.loads(payload_text())  # a fresh copy each time: nothing may mutate the library


def squash(text: str) -> str:
    """Collapse all whitespace: wrapping splits lines anywhere."""
    return re.sub(r"\s+", " ", text).strip()


def read_pdf(data: bytes) -> pypdf.PdfReader:
    assert data.startswith(b"%PDF-"), f"not a PDF: {data[:16]!r}"
    assert data.rstrip().endswith(b"%%EOF"), "PDF is truncated"
    return pypdf.PdfReader(io.BytesIO(data), strict=True)


@lru_cache(maxsize=8)
def page_texts(data: bytes) -> tuple[str, ...]:
    """Each page's text. Extracting it is most of a deck test's time, and a test reads the same
    PDF more than once (the cards, then the cover), so the last few are kept."""
    return tuple(squash(page.extract_text()) for page in read_pdf(data).pages)


def assert_paper(data: bytes, paper: str) -> None:
    """Every page has the paper's size, in portrait."""
    want_w, want_h = (mm * PT_PER_MM for mm in PAPER_SIZES_MM[paper])
    for number, page in enumerate(read_pdf(data).pages, 1):
        got = (float(page.mediabox.width), float(page.mediabox.height))
        assert abs(got[0] - want_w) < 0.5 and abs(got[1] - want_h) < 0.5, f"page {number} is {got} pt, not {paper}"
        assert not page.get("/Rotate"), f"page {number} is rotated"


def assert_exact_deck(data: bytes, chosen: Sequence[Mapping[str, Any]], library: Sequence[Mapping[str, Any]]) -> None:
    """The PDF's card sheets hold exactly ``chosen``, in order, and no other card of ``library``."""
    texts = page_texts(data)
    assert len(texts) == page_count(len(chosen)), f"{len(texts)} pages for {len(chosen)} cards"
    sheets = " ".join(texts[1:-1])

    # One write-in form per card: the number of cards printed.
    assert sheets.count(wording.WHAT_LEARNED) == len(chosen), "wrong number of cards printed"
    # Each sheet has at most nine cards, and only the last may be short.
    per_sheet = [text.count(wording.WHAT_LEARNED) for text in texts[1:-1]]
    assert all(n == 9 for n in per_sheet[:-1]) and 1 <= per_sheet[-1] <= 9, per_sheet

    # Every chosen card's title and ask, in the deck's order.
    cursor = 0
    for card in chosen:
        title, ask = squash(card["title"]), squash(card["ask"])
        found = sheets.find(title, cursor)
        assert found >= 0, f"{card['id']}: title {title!r} missing or out of order"
        cursor = found + len(title)
        assert sheets.find(ask, cursor) >= 0, f"{card['id']}: ask {ask!r} missing"

    # No other card: neither its title nor its ask, unless a chosen card carries the same words.
    chosen_ids = {card["id"] for card in chosen}
    own = " | ".join(squash(str(card.get(key) or "")) for card in chosen for key in ("title", "ask", "why", "respect"))
    for card in library:
        if card["id"] in chosen_ids:
            continue
        for key in ("title", "ask"):
            words = squash(card[key])
            if words not in own:
                assert words not in sheets, f"{card['id']} is not in the deck, but its {key} {words!r} is printed"
