"""Finding crisis numbers from content/contacts.yml wherever they are typed: the search the
single-source tests share (contacts across the whole project, and deckpdf's own facts)."""

from __future__ import annotations

import re
from functools import cache

import yaml

from tests.conftest import ROOT

CONTACTS = ROOT / "content" / "contacts.yml"


@cache
def numbers() -> tuple[str, ...]:
    """Every number contacts.yml holds, as displayed ("116 123", "1-800-668-6868")."""
    found = {
        way["number"]
        for contact in yaml.safe_load(CONTACTS.read_text(encoding="utf-8"))
        for way in contact["ways"]
        if "number" in way
    }
    return tuple(sorted(found))


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)


# A match must stand alone. Before it: no letter, digit or underscore (so "0800 1111" does
# not hold "111", and "x999" is a name), no "#" (so the CSS colour #999 or #999999 is not
# a number), no "." or "/" (decimals like 0.112 and paths or addresses like "/988"), no "-"
# (negative numbers and the inside of a longer dashed number), and no "1," (thousands like
# 1,112). After it: no letter or digit (so "988lifeline.org" and "112px" are not numbers),
# no "%" and no "." or "," followed by a letter or digit (decimals like 999.5, addresses
# like 988.ca, thousands like 112,000). A full stop or comma that ends a sentence still
# counts, so "Call 999." is caught.
BEFORE = r"(?<![\w#./-])(?<!\d,)"
AFTER = r"(?![\w%])(?![.,]\w)"


def pattern(number: str) -> re.Pattern[str]:
    """The number as displayed (a space or hyphen between groups may be any space, a line
    break or a hyphen), as bare digits, and, for a short code, dashed digit by digit
    ("9-1-1", "9-8-8"), which is how some services write their own numbers."""
    groups = re.split(r"[ -]", number)
    forms = {r"(?:[ \t\u00a0]+|[ \t]*\n[ \t]*|-)".join(map(re.escape, groups)), re.escape(digits(number))}
    if len(digits(number)) <= 3:
        forms.add("-".join(digits(number)))
    return re.compile(BEFORE + "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")" + AFTER)


def typed_numbers(text: str) -> list[tuple[int, str, str]]:
    """(line, number, what was typed) for every contact number found in ``text``."""
    hits = []
    for number in numbers():
        for match in pattern(number).finditer(text):
            hits.append((text.count("\n", 0, match.start()) + 1, number, match.group(0)))
    return hits
