"""The typed shape of the content folder, kept apart from loading and rendering.

Models forbid unknown fields so that a misspelt field name is reported rather
than silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

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


def _one_paragraph(text: str) -> str:
    # A blank line would end the pull-quote's block and spill the rest into the page.
    if "\n\n" in text.replace("\r\n", "\n").replace("\n \n", "\n\n"):
        raise ValueError("must be one paragraph: remove the blank line (quote a second part separately)")
    return text


class Quote(Record):
    id: Id
    expert: Id
    source: Id
    text: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUOTE_CHARS),
        AfterValidator(_one_paragraph),
    ]


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
    # The limits the cards.yml header promises (and a printed card can hold).
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    ask: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    why: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
    respect: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
    level: Annotated[int, Field(strict=True, ge=1)]
    area: Id
    # A one-off or high-stakes card: a goal to plan (with support where it helps), not a
    # step to repeat. The card library and the PDFs mark it with cards.yml's goal_label.
    goal: bool = False


# The text fields of a card, the ones a lint rule may read.
CardTextField = Literal["title", "ask", "why", "respect"]
CARD_TEXT_FIELDS: tuple[str, ...] = ("title", "ask", "why", "respect")


class TextRule(Record):
    """A rule that card text must keep, checked by phrase. The topic writes the rule and its
    phrases (cards.yml's `lint:`); the generator only matches them."""

    id: Id
    rule: Text  # the rule as readers see it; every message quotes it
    # Case-insensitive whole words; a trailing "*" also matches longer words ("ask*": asks, asked).
    phrases: Annotated[list[Text], Field(min_length=1)]
    fields: list[CardTextField] | None = None  # which fields it reads; all text fields if unset


class CardLint(Record):
    # A phrase is excused when one of these words comes earlier in the same clause, so that
    # advice against something ("never …", "don't …") is not read as asking for it.
    unless_after: list[Text] = []
    rules: list[TextRule] = []


class CardLabels(Record):
    """The words the card library and the printed cards put before a card's why and respect
    lines. They live in the topic's cards.yml, not in a template or in deckpdf, so the site
    and the PDFs say the same and another topic words its own."""

    why: Text
    respect: Text


class CardSettings(Record):
    """cards.yml's own fields beside its list of cards (which are checked one by one, as Card):
    the card labels, the words that mark a goal card, and the lint rules."""

    labels: CardLabels | None = None
    goal_label: Text | None = None
    lint: CardLint | None = None


def _real_date(value: object) -> object:
    """A review date written as YYYY-MM-DD that names a day on the calendar."""
    if isinstance(value, dt.datetime):
        raise ValueError("must be a date without a time, like 2026-11-26")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value.strip()}' is not a real date") from None
    raise ValueError("must be a date written like 2026-11-26")


ReviewDate = Annotated[dt.date, BeforeValidator(_real_date)]


class PageMeta(Record):
    """A page's front matter. Every page says who last reviewed it (a role, not a
    person's name: "The project's editors") and when, and when it is next due."""

    title: Text
    description: Text
    reviewed_by: Text
    last_reviewed: ReviewDate
    next_review: ReviewDate

    @field_validator("next_review")
    @classmethod
    def _after_last_review(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        last = info.data.get("last_reviewed")
        if isinstance(last, dt.date) and value <= last:
            raise ValueError(f"must be after last_reviewed ({last.isoformat()})")
        return value


class Level(Record):
    """A rung of the card ladder, supplied by the site's taxonomy callable."""

    id: int
    name: str
    # Optional calibration: the band of ratings the level stands for (on whatever scale the
    # topic uses), an example, and the example's rating inside the band. Figures and tables can draw
    # them (figures/*.svg.j2), and cards.json passes them on to whatever prints the deck.
    band: tuple[int, int] | None = None
    sample: str | None = None
    sample_rating: int | None = None


class Area(Record):
    id: str
    name: str
