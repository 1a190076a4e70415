"""The typed shape of the content folder, kept apart from loading and rendering.

Models forbid unknown fields so that a misspelt field name is reported rather
than silently ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]

# Crisis and help contacts. A number is written the way people read it aloud or dial
# it ("555 0100", "1-555-010-0199"): digits, single spaces or hyphens between groups,
# an optional leading "+". A web way must be https, so a tapped link is never sent
# in the clear. A text keyword is one word (SHOUT, HOME, CONNECT).
PHONE_PATTERN = r"^\+?[0-9]+(?:[ -][0-9]+)*$"
HTTPS_PATTERN = r"^https://\S+$"
KEYWORD_PATTERN = r"^\S+$"
PhoneNumber = Annotated[str, StringConstraints(strip_whitespace=True, pattern=PHONE_PATTERN)]
HttpsUrl = Annotated[str, StringConstraints(strip_whitespace=True, pattern=HTTPS_PATTERN)]
Keyword = Annotated[str, StringConstraints(strip_whitespace=True, pattern=KEYWORD_PATTERN)]
WayKind = Literal["call", "text", "web"]
Ages = Literal["everyone", "under-18"]
AGES: tuple[str, ...] = ("everyone", "under-18")

# Quotes are used under fair dealing, so they must stay brief: roughly two sentences.
MAX_QUOTE_CHARS = 320


def _date_to_text(value: object) -> object:
    # YAML reads 2024 as an int and 2024-05-01 as a date; authors mean text either way.
    if isinstance(value, (int, dt.date)):
        return str(value)
    return value


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expert(Record):
    id: Id
    name: Text
    credentials: Text
    role: Text
    affiliation: Text
    url: Url | None = None


class Source(Record):
    id: Id
    title: Text
    publication: Text
    authors: Text
    date: Annotated[Text, BeforeValidator(_date_to_text)]
    url: Url
    # How inline citations label it, e.g. "Kroenke et al., 2003"; derived from authors if unset.
    cite_as: Text | None = None
    note: Text | None = None
    # When the details we rely on were last confirmed against the source. Optional in
    # general; the loader requires it for every source a crisis or help contact cites.
    checked: dt.date | None = None


class Quote(Record):
    id: Id
    expert: Id
    source: Id
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUOTE_CHARS)]


def _one_or_many(value: object) -> object:
    # `source: samaritans` and `source: [a, b]` both mean a list of source ids.
    return [value] if isinstance(value, str) else value


class Way(Record):
    """One way to reach a contact. Which fields a kind needs is checked by the loader,
    so the message can say, e.g., "a call needs a number"."""

    kind: WayKind
    number: PhoneNumber | None = None  # call, text: as displayed, e.g. "555 0100"
    keyword: Keyword | None = None  # text: the word to send, e.g. "SHOUT"
    no_keyword: bool = False  # text: any message works (say so, rather than forget the keyword)
    url: HttpsUrl | None = None  # web
    region: Text | None = None  # where this way works, if narrower than the contact's region


class Contact(Record):
    """A crisis or help contact: the one place its numbers are written."""

    id: Id
    region: Text  # where it serves, e.g. "UK and Ireland", "Anywhere"
    service: Text  # its name; contacts that share one are shown together
    ways: Annotated[list[Way], Field(min_length=1)]
    hours: Text
    ages: Ages
    note: Text | None = None  # e.g. "Choose the mental health option."
    source: Annotated[list[Id], Field(min_length=1), BeforeValidator(_one_or_many)]
    # Shown in the one-line crisis line (contacts_line) and the printed crisis panel.
    in_line: bool = False
    # How that line names the service; without it the line shows only region and ways.
    line_name: Text | None = None


class Card(Record):
    id: Id
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    ask: Text
    why: Text
    respect: Text
    level: Annotated[int, Field(strict=True, ge=1)]
    area: Id


class CardFile(Record):
    cards: list[dict[str, object]]


class PageMeta(Record):
    title: Text
    description: Text


class Level(Record):
    """A rung of the card ladder, supplied by the site's taxonomy callable."""

    id: int
    name: str


class Area(Record):
    id: str
    name: str
