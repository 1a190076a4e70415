"""What the printed self-check holds, as plain data: its words, its questions, its scoring key
and what each outcome means.

Kept apart from the drawing (paper_check.py) and from where the data comes from
(paper_source.py), so the renderer can be tried with any self-check, and the build checks the
topic's words against :data:`WORD_FIELDS` before anything is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

# Words whose text is a template, and the placeholders each may use. Every other word is
# printed as it is.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "score_line": frozenset({"label", "questions", "low", "high"}),
    "leads_to": frozenset({"summary"}),
    "otherwise": frozenset({"summary"}),
    "footer": frozenset({"page", "pages"}),
}


@dataclass(frozen=True)
class PaperWords:
    """Every fixed phrase of the printed self-check, from the topic's self-check.json
    (``paper.words``); nothing here is written for one topic."""

    title: str
    intro: str
    crisis_heading: str
    questions_heading: str
    key_heading: str
    key_intro: str
    scores_heading: str
    score_line: str
    rules_heading: str
    leads_to: str
    otherwise: str
    outcomes_heading: str
    contacts_heading: str
    footer: str
    # Taken from the widget's own words (page.words), so the page and the paper say the same.
    source: str
    not_validated: str
    choose_one_or_more: str
    # Only for a self-check whose outcomes offer a deck: the heading over the start rules.
    start_heading: str = ""


# The words a topic writes in paper.words (the three above taken from page.words aside).
FROM_PAGE_WORDS = ("source", "not_validated", "choose_one_or_more")
DECK_ONLY = ("start_heading",)
WORD_FIELDS = tuple(f.name for f in fields(PaperWords) if f.name not in FROM_PAGE_WORDS)


@dataclass(frozen=True)
class Option:
    label: str
    # The number beside the answer, printed only where a total adds it up.
    score: int | None


@dataclass(frozen=True)
class Question:
    number: int
    text: str
    options: tuple[Option, ...]
    several: bool  # tick every answer that applies, rather than one


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    stem: str | None
    notice: str | None  # licence text, printed wherever the items are
    source: str | None
    validated: bool
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Score:
    label: str
    questions: tuple[int, ...]  # the numbers of the questions it adds up
    low: int
    high: int


@dataclass(frozen=True)
class Rule:
    text: str  # the rule in words, exactly as the site's rules table shows it
    source: str


@dataclass(frozen=True)
class RuleGroup:
    summary: str  # the outcome these rules lead to
    crisis: bool
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Meaning:
    summary: str
    text: str
    crisis: bool


@dataclass(frozen=True)
class PaperCheck:
    """The whole printable self-check. Outcomes run most cautious first, as triage reads them."""

    intro: str
    sections: tuple[Section, ...]
    scores: tuple[Score, ...]
    groups: tuple[RuleGroup, ...]  # outcomes a rule can lead to, most cautious first
    default_summary: str  # the outcome when no rule is met
    start_rules: tuple[Rule, ...]  # where a deck starts; empty without a deck
    meanings: tuple[Meaning, ...]
