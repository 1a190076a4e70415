"""Crisis and help contacts in words: the one place their wording is built.

The site's one-line crisis line and contact lists (generator.contacts turns these pieces
into Markdown) and the printed crisis panel and footer lines (deckpdf) are all made here,
from the contacts in the site's contacts.yml. It holds no number of its own: the site
passes its contacts in (the "contacts" list of cards.json, or the generator's validated
records). It uses the standard library alone because it runs in the browser, where the
generator (pydantic, MkDocs) is not installed.

Every number and web address becomes a :class:`Piece` with a link: ``tel:`` for a
call, ``sms:`` (with the keyword as the message body) for a text, ``https:`` for web.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

NEEDED = (
    "contacts are required: a printed deck must always say where to get help. "
    "Pass the site's crisis contacts (the 'contacts' list of cards.json)"
)
_PHONE = re.compile(r"^\+?[0-9]+(?:[ -][0-9]+)*$")
KINDS = ("call", "text", "web")


# -- what the wording reads ------------------------------------------------------------------
# Read-only protocols, so the generator's pydantic records (None for a missing field) and
# the checked dataclasses below ("" for one) both fit without being copied into each other.
class WayData(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> str | None: ...
    @property
    def keyword(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def region(self) -> str | None: ...


class ContactData(Protocol):
    @property
    def region(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def ways(self) -> Sequence[WayData]: ...
    @property
    def in_line(self) -> bool: ...
    @property
    def line_name(self) -> str | None: ...


class ListedContact(ContactData, Protocol):
    """A contact as a full list shows it: also when it is open, and a note."""

    @property
    def hours(self) -> str | None: ...
    @property
    def note(self) -> str | None: ...


# -- checking raw contacts (cards.json in the browser, or any caller of deckpdf) --------------
@dataclass(frozen=True)
class Way:
    kind: str
    number: str = ""
    keyword: str = ""
    url: str = ""
    region: str = ""


@dataclass(frozen=True)
class Contact:
    region: str
    service: str
    ways: tuple[Way, ...]
    in_line: bool
    line_name: str


@dataclass(frozen=True)
class Piece:
    """A run of words; ``href`` makes it a link, ``strong`` marks a number or address."""

    text: str
    href: str = ""
    strong: bool = False


def _text(raw: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _way(raw: object, where: str) -> Way:
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be a dict")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{where}: 'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    region = _text(raw, "region", where, required=False)
    if kind == "web":
        url = _text(raw, "url", where)
        if not url.startswith("https://"):
            raise ValueError(f"{where}: 'url' must start with https://, not {url!r}")
        return Way("web", url=url, region=region)
    number = _text(raw, "number", where)
    if not _PHONE.match(number):
        raise ValueError(f"{where}: 'number' {number!r} is not a phone number (digits, spaces or hyphens)")
    keyword = _text(raw, "keyword", where, required=False) if kind == "text" else ""
    if kind == "text" and not keyword and raw.get("no_keyword") is not True:
        raise ValueError(f"{where}: a text needs a 'keyword' (or 'no_keyword': true)")
    return Way(kind, number=number, keyword=keyword, region=region)


def parse_contacts(raw: object) -> tuple[Contact, ...]:
    """Check the contacts a caller passed; raise ValueError saying what is wrong."""
    if raw is None or isinstance(raw, (str, bytes, Mapping)) or not isinstance(raw, Sequence) or not raw:
        raise ValueError(NEEDED)
    contacts = []
    for index, item in enumerate(raw):
        where = f"contacts[{index}]"
        if not isinstance(item, Mapping):
            raise ValueError(f"{where} must be a dict")
        where = f"{where} ({item.get('id', 'no id')!s})"
        ways = item.get("ways")
        if not isinstance(ways, Sequence) or isinstance(ways, (str, bytes)) or not ways:
            raise ValueError(f"{where}: 'ways' must be a non-empty list")
        contacts.append(
            Contact(
                region=_text(item, "region", where),
                service=_text(item, "service", where),
                ways=tuple(_way(way, f"{where}.ways[{i}]") for i, way in enumerate(ways)),
                in_line=item.get("in_line") is True,
                line_name=_text(item, "line_name", where, required=False),
            )
        )
    if not any(contact.in_line for contact in contacts):
        raise ValueError(f"{NEEDED}; none of the {len(contacts)} given is marked 'in_line' for the crisis line")
    return tuple(contacts)


# -- links -----------------------------------------------------------------------------------
def digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def tel_href(number: str) -> str:
    """'555 0100' -> 'tel:5550100'; a leading + (country code) is kept."""
    return f"tel:{'+' if number.startswith('+') else ''}{digits(number)}"


def sms_href(number: str, keyword: str | None) -> str:
    """'55 5010', 'HELLO' -> 'sms:555010?&body=HELLO' (the form both iOS and Android read)."""
    body = f"?&body={quote(keyword)}" if keyword else ""
    return f"sms:{digits(number)}{body}"


def href(way: WayData) -> str:
    if way.kind == "web":
        return way.url or ""
    if way.kind == "call":
        return tel_href(way.number or "")
    return sms_href(way.number or "", way.keyword)


def web_label(url: str) -> str:
    """'https://www.example.org/' -> 'example.org'."""
    label = re.sub(r"^https://", "", url)
    label = re.sub(r"^www\.", "", label)
    return label.rstrip("/")


# -- the words ---------------------------------------------------------------------------------
def _or(parts: Sequence[list[Piece]]) -> list[Piece]:
    """[a], [b], [c] -> a, b or c."""
    out: list[Piece] = []
    for index, part in enumerate(parts):
        if index:
            out.append(Piece(" or " if index == len(parts) - 1 else ", "))
        out.extend(part)
    return out


def _where(region: str | None) -> list[Piece]:
    return [Piece(f" ({region})")] if region else []


def _link(way: WayData) -> Piece:
    # What the reader sees is also the link's text, so it is its accessible name too.
    text = web_label(way.url or "") if way.kind == "web" else way.number or ""
    return Piece(text, href(way), strong=True)


def ways_pieces(ways: Sequence[WayData]) -> list[Piece]:
    """'call 555 0100 or visit example.org'; consecutive calls (or web ways) share a verb."""
    groups: list[list[WayData]] = []
    for way in ways:
        if groups and way.kind != "text" and groups[-1][0].kind == way.kind:
            groups[-1].append(way)
        else:
            groups.append([way])
    phrases: list[list[Piece]] = []
    for group in groups:
        kind = group[0].kind
        if kind in ("call", "web"):
            verb = "call " if kind == "call" else "visit "
            phrases.append([Piece(verb), *_or([[_link(w), *_where(w.region)] for w in group])])
        else:
            (way,) = group
            keyword = way.keyword or ""
            verb = [Piece("text "), Piece(keyword, strong=True), Piece(" to ")] if keyword else [Piece("text ")]
            phrases.append([*verb, _link(way), *_where(way.region)])
    return _or(phrases)


def groups_of[C: ContactData](contacts: Iterable[C]) -> list[list[C]]:
    """Neighbouring contacts with the same service name are shown together."""
    groups: list[list[C]] = []
    for contact in contacts:
        if groups and groups[-1][0].service == contact.service:
            groups[-1].append(contact)
        else:
            groups.append([contact])
    return groups


def _phone_ways(contact: ContactData) -> list[WayData]:
    # The line keeps to what can be tapped to talk or text; web only when it is all there is.
    phone = [way for way in contact.ways if way.kind != "web"]
    return phone or list(contact.ways)


def _all_ways(contact: ContactData) -> list[WayData]:
    return list(contact.ways)


def _shared[C: ContactData](group: Sequence[C], ways_of: Callable[[C], list[WayData]]) -> list[Piece]:
    """Several contacts of one service, each followed by its region:
    'call 555 0100 (Northland), 555 0101 (Southland) or 555 0102 (the Isles)'."""
    pairs = [(contact, ways_of(contact)) for contact in group]
    if all(len(ways) == 1 and ways[0].kind == "call" for _, ways in pairs):
        return [Piece("call "), *_or([[_link(ways[0]), *_where(ways[0].region or c.region)] for c, ways in pairs])]
    return _or([[*ways_pieces(ways), *_where(contact.region)] for contact, ways in pairs])


def line_items(contacts: Iterable[ContactData]) -> list[list[Piece]]:
    """The one-line crisis line, item by item: the in_line contacts in the order given."""
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


def list_items(contacts: Iterable[ListedContact]) -> list[tuple[str, list[Piece], list[str]]]:
    """(heading, ways, sentences) per bullet of a full contact list, one per service."""
    bullets: list[tuple[str, list[Piece], list[str]]] = []
    for group in groups_of(contacts):
        first = group[0]
        if len(group) == 1:
            heading = f"{first.region}: {first.service}."
            ways = ways_pieces(first.ways)
        else:
            heading = f"{first.service}."
            ways = _shared(group, _all_ways)
        sentences = [_sentence(text) for text in _unique([c.hours for c in group] + [c.note for c in group])]
        bullets.append((heading, ways, sentences))
    return bullets


def plain(pieces: Iterable[Piece]) -> str:
    """The words alone, as a reader (or a PDF text extractor) sees them."""
    return "".join(piece.text for piece in pieces)


def crisis_text(contacts: object) -> str:
    """The crisis line as plain words, items joined by ' · ' (for metadata and tests)."""
    return " · ".join(plain(item) for item in line_items(parse_contacts(contacts)))
