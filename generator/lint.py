"""Check card text against the rules a topic prints for its readers.

The topic writes each rule and the phrases that break it (the `lint:` block of cards.yml,
see generator.schema.CardLint); this module only matches them, so it holds no topic words.
A phrase found in a field is excused when one of the lint's `unless_after` words comes
earlier in the same clause: advice against a thing is not a card asking for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.schema import CARD_TEXT_FIELDS, Card, CardLint

# Where a clause ends: sentence and list punctuation, brackets and dashes.
CLAUSE_BREAK = re.compile(r"[.;:!?,()\u2013\u2014]|\s-\s")
# Curly apostrophes count as straight ones, so "don’t" matches "don't".
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


@dataclass(frozen=True)
class Finding:
    card: str  # card id
    field: str  # "title", "ask", "why" or "respect"
    rule_id: str
    rule: str  # the rule as readers see it
    found: str  # the words that break it, as written

    @property
    def message(self) -> str:
        return f"breaks the rule '{self.rule}' ({self.rule_id}): it says '{self.found}'"


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Whole words, any case, any spacing between words; a trailing '*' allows any ending."""
    text = phrase.strip().translate(APOSTROPHES)
    open_ended = text.endswith("*")
    words = text.rstrip("*").split()
    body = r"\s+".join(re.escape(word) for word in words)
    end = r"[\w'-]*" if open_ended else r"(?![\w'])"
    return re.compile(rf"(?<![\w']){body}{end}", re.IGNORECASE)


def _clause_before(text: str, index: int) -> str:
    start = 0
    for match in CLAUSE_BREAK.finditer(text, 0, index):
        start = match.end()
    return text[start:index]


def check_cards(cards: Iterable[Card], lint: CardLint) -> Iterator[Finding]:
    """Every (card, field, rule) that breaks a rule, with the first words that break it."""
    excuses = [phrase_pattern(word) for word in lint.unless_after]
    rules = [(rule, [phrase_pattern(phrase) for phrase in rule.phrases]) for rule in lint.rules]
    for card in cards:
        for rule, patterns in rules:
            for field in rule.fields or CARD_TEXT_FIELDS:
                text = str(getattr(card, field)).translate(APOSTROPHES)
                found = _first_unexcused(text, patterns, excuses)
                if found is not None:
                    yield Finding(card.id, field, rule.id, rule.rule, found)


def _first_unexcused(text: str, patterns: list[re.Pattern[str]], excuses: list[re.Pattern[str]]) -> str | None:
    hits = sorted((match.start(), match.group(0)) for pattern in patterns for match in pattern.finditer(text))
    for start, words in hits:
        clause = _clause_before(text, start)
        if not any(excuse.search(clause) for excuse in excuses):
            return words
    return None
