"""The typed shape of the content folder, kept apart from loading and rendering.

Models forbid unknown fields so that a misspelt field name is reported rather
than silently ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]

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


class Quote(Record):
    id: Id
    expert: Id
    source: Id
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUOTE_CHARS)]


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
