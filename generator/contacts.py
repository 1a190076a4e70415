"""Crisis and help contacts as tappable Markdown: the one-line crisis line and full lists.

The words come from deckpdf.contacts, which also writes the printed crisis panel, so the
site and the PDFs cannot drift apart; this module only turns its pieces into Markdown. A
phone number becomes a ``tel:`` link, a text line an ``sms:`` link (the keyword shown in
words and carried in the message body), and a web way a normal link; each link's text is
what the reader sees, so it is also its accessible name.
"""

from __future__ import annotations

from collections.abc import Iterable

from deckpdf.contacts import Piece, line_items, list_items
from generator.schema import Contact


def _md(pieces: Iterable[Piece], capitalise: bool = False) -> str:
    out: list[str] = []
    for index, piece in enumerate(pieces):
        text = piece.text
        if capitalise and index == 0:
            text = text[:1].upper() + text[1:]
        if piece.strong:
            text = f"**{text}**"
        if piece.href:
            text = f"[{text}]({piece.href})"
        out.append(text)
    return "".join(out)


def line_markdown(contacts: Iterable[Contact]) -> str:
    """One paragraph line, items joined by ' · ', safe to place inside a sentence."""
    return " · ".join(_md(item) for item in line_items(contacts))


def list_markdown(contacts: Iterable[Contact]) -> str:
    """A Markdown bullet list, one bullet per service."""
    lines = []
    for heading, ways, sentences in list_items(contacts):
        lines.append(" ".join([f"- **{heading}**", _md(ways, capitalise=True) + ".", *sentences]))
    return "\n".join(lines)
