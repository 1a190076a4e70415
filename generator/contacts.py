"""Crisis and help contacts as tappable Markdown: the one-line crisis line and full lists.

The wording is built from contacts.yml, so no page or fragment types a number. A phone
number becomes a ``tel:`` link, a text line an ``sms:`` link (the keyword shown in words
and carried in the message body), and a web way a normal link; each link's text is what
the reader sees, so it is also its accessible name.

The printed crisis panel (deckpdf.contacts) builds the same sentences from the same data;
a test holds the two to the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from generator.schema import Contact, Way


@dataclass(frozen=True)
class Piece:
    """A run of words; ``href`` makes it a link, ``strong`` sets it in bold."""

    text: str
    href: str = ""
    strong: bool = False


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def tel_href(number: str) -> str:
    """'555 0100' -> 'tel:5550100'; a leading + (country code) is kept."""
    return f"tel:{'+' if number.startswith('+') else ''}{digits(number)}"


def sms_href(number: str, keyword: str | None) -> str:
    """'55 5010', 'HELLO' -> 'sms:555010?&body=HELLO' (the form both iOS and Android read)."""
    body = f"?&body={quote(keyword)}" if keyword else ""
    return f"sms:{digits(number)}{body}"


def web_label(url: str) -> str:
    """'https://www.example.org/' -> 'example.org'."""
    label = re.sub(r"^https://", "", url)
    label = re.sub(r"^www\.", "", label)
    return label.rstrip("/")


def _or(parts: Sequence[list[Piece]], joiner: str = "or") -> list[Piece]:
    """[a], [b], [c] -> a, b or c."""
    out: list[Piece] = []
    for index, part in enumerate(parts):
        if index:
            out.append(Piece(f" {joiner} " if index == len(parts) - 1 else ", "))
        out.extend(part)
    return out


def _where(region: str | None) -> list[Piece]:
    return [Piece(f" ({region})")] if region else []


def _number(way: Way) -> Piece:
    if way.number is None:  # the loader refuses a call or text way without one
        raise ValueError(f"a {way.kind} way has no number")
    href = tel_href(way.number) if way.kind == "call" else sms_href(way.number, way.keyword)
    return Piece(way.number, href, strong=True)


def ways_pieces(ways: Sequence[Way]) -> list[Piece]:
    """'call 555 0100 or visit example.org'; consecutive calls (or web ways) share a verb."""
    groups: list[list[Way]] = []
    for way in ways:
        if groups and way.kind != "text" and groups[-1][0].kind == way.kind:
            groups[-1].append(way)
        else:
            groups.append([way])
    phrases: list[list[Piece]] = []
    for group in groups:
        kind = group[0].kind
        if kind == "call":
            phrases.append([Piece("call "), *_or([[_number(w), *_where(w.region)] for w in group])])
        elif kind == "web":
            links = [[Piece(web_label(w.url or ""), w.url or "", strong=True), *_where(w.region)] for w in group]
            phrases.append([Piece("visit "), *_or(links)])
        else:
            (way,) = group
            verb = [Piece("text "), Piece(way.keyword, strong=True), Piece(" to ")] if way.keyword else [Piece("text ")]
            phrases.append([*verb, _number(way), *_where(way.region)])
    return _or(phrases)


def groups_of(contacts: Iterable[Contact]) -> list[list[Contact]]:
    """Neighbouring contacts with the same service name are shown together."""
    groups: list[list[Contact]] = []
    for contact in contacts:
        if groups and groups[-1][0].service == contact.service:
            groups[-1].append(contact)
        else:
            groups.append([contact])
    return groups


def _phone_ways(contact: Contact) -> list[Way]:
    # The line keeps to what can be tapped to talk or text; web only when it is all there is.
    phone = [way for way in contact.ways if way.kind != "web"]
    return phone or list(contact.ways)


def _shared(group: Sequence[Contact], ways_of: Callable[[Contact], list[Way]]) -> list[Piece]:
    """Several contacts of one service, each followed by its region:
    'call 555 0100 (Northland), 555 0101 (Southland) or 555 0102 (the Isles)'."""
    pairs = [(contact, ways_of(contact)) for contact in group]
    if all(len(ways) == 1 and ways[0].kind == "call" for _, ways in pairs):
        numbers = [[_number(ways[0]), *_where(ways[0].region or contact.region)] for contact, ways in pairs]
        return [Piece("call "), *_or(numbers)]
    return _or([[*ways_pieces(ways), *_where(contact.region)] for contact, ways in pairs])


def line_items(contacts: Iterable[Contact]) -> list[list[Piece]]:
    """The one-line crisis line, item by item: the in_line contacts in file order."""
    items: list[list[Piece]] = []
    for group in groups_of(contact for contact in contacts if contact.in_line):
        first = group[0]
        if len(group) == 1:
            name = [Piece(f"{first.line_name}, ")] if first.line_name else []
            items.append([Piece(f"{first.region}: "), *name, *ways_pieces(_phone_ways(first))])
        else:
            items.append([Piece(f"{first.line_name or first.service}: "), *_shared(group, _phone_ways)])
    return items


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1] in ".!?" else text + "."


def _unique(values: Iterable[str | None]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def list_items(contacts: Iterable[Contact]) -> list[tuple[str, list[Piece], list[str]]]:
    """(heading, ways, sentences) per bullet of a full contact list."""
    bullets: list[tuple[str, list[Piece], list[str]]] = []
    for group in groups_of(contacts):
        first = group[0]
        if len(group) == 1:
            heading = f"{first.region}: {first.service}."
            ways = ways_pieces(first.ways)
        else:
            heading = f"{first.service}."
            ways = _shared(group, lambda contact: list(contact.ways))
        sentences = [_sentence(text) for text in _unique([c.hours for c in group] + [c.note for c in group])]
        bullets.append((heading, ways, sentences))
    return bullets


# -- Markdown ------------------------------------------------------------------------------
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


def plain(pieces: Iterable[Piece]) -> str:
    """The words alone, as a reader (or a PDF text extractor) sees them."""
    return "".join(piece.text for piece in pieces)
