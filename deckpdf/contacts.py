"""Crisis and help contacts for the printed crisis panel and footer lines.

deckpdf holds no phone number of its own: the site passes its contacts in (the
"contacts" list of cards.json, written from the site's contacts.yml). This module
checks them and builds the crisis line from the contacts marked ``in_line``, in the
same order and words as the site's one-line crisis line (generator.contacts builds
that one; a test holds the two to the same words).

Every number and web address becomes a :class:`Piece` with a link: ``tel:`` for a
call, ``sms:`` (with the keyword as the message body) for a text, ``https:`` for web.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

NEEDED = (
    "contacts are required: a printed deck must always say where to get help. "
    "Pass the site's crisis contacts (the 'contacts' list of cards.json)"
)
_PHONE = re.compile(r"^\+?[0-9]+(?:[ -][0-9]+)*$")
KINDS = ("call", "text", "web")


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
def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def href(way: Way) -> str:
    if way.kind == "web":
        return way.url
    if way.kind == "call":
        return f"tel:{'+' if way.number.startswith('+') else ''}{_digits(way.number)}"
    body = f"?&body={quote(way.keyword)}" if way.keyword else ""
    return f"sms:{_digits(way.number)}{body}"


def web_label(url: str) -> str:
    label = re.sub(r"^https://", "", url)
    label = re.sub(r"^www\.", "", label)
    return label.rstrip("/")


# -- the words: same rules as generator.contacts ---------------------------------------------
def _or(parts: Sequence[list[Piece]]) -> list[Piece]:
    out: list[Piece] = []
    for index, part in enumerate(parts):
        if index:
            out.append(Piece(" or " if index == len(parts) - 1 else ", "))
        out.extend(part)
    return out


def _where(region: str) -> list[Piece]:
    return [Piece(f" ({region})")] if region else []


def _link(way: Way) -> Piece:
    return Piece(web_label(way.url) if way.kind == "web" else way.number, href(way), strong=True)


def ways_pieces(ways: Sequence[Way]) -> list[Piece]:
    groups: list[list[Way]] = []
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
            verb = [Piece("text "), Piece(way.keyword, strong=True), Piece(" to ")] if way.keyword else [Piece("text ")]
            phrases.append([*verb, _link(way), *_where(way.region)])
    return _or(phrases)


def _phone_ways(contact: Contact) -> list[Way]:
    phone = [way for way in contact.ways if way.kind != "web"]
    return phone or list(contact.ways)


def _shared(group: Sequence[Contact], ways_of: Callable[[Contact], list[Way]]) -> list[Piece]:
    pairs = [(contact, ways_of(contact)) for contact in group]
    if all(len(ways) == 1 and ways[0].kind == "call" for _, ways in pairs):
        return [Piece("call "), *_or([[_link(ways[0]), *_where(ways[0].region or c.region)] for c, ways in pairs])]
    return _or([[*ways_pieces(ways), *_where(contact.region)] for contact, ways in pairs])


def line_items(contacts: Sequence[Contact]) -> list[list[Piece]]:
    """The crisis line, item by item, from the contacts marked in_line, in their order."""
    groups: list[list[Contact]] = []
    for contact in contacts:
        if not contact.in_line:
            continue
        if groups and groups[-1][0].service == contact.service:
            groups[-1].append(contact)
        else:
            groups.append([contact])
    items: list[list[Piece]] = []
    for group in groups:
        first = group[0]
        if len(group) == 1:
            name = [Piece(f"{first.line_name}, ")] if first.line_name else []
            items.append([Piece(f"{first.region}: "), *name, *ways_pieces(_phone_ways(first))])
        else:
            items.append([Piece(f"{first.line_name or first.service}: "), *_shared(group, _phone_ways)])
    return items


def plain(pieces: Sequence[Piece]) -> str:
    return "".join(piece.text for piece in pieces)


def crisis_text(contacts: object) -> str:
    """The crisis line as plain words, items joined by ' · ' (for metadata and tests)."""
    return " · ".join(plain(item) for item in line_items(parse_contacts(contacts)))
