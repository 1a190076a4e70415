"""Crisis numbers live in content/contacts.yml and nowhere else.

A number typed by hand somewhere else goes stale the day a service changes it, and a
stale crisis number is worse than none. So: no code or content file may type a number
that contacts.yml holds, and every phone-number-like string the printed PDFs show must
be one of those numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from deckpdf.site import starter_deck, write_static_pdfs
from tests.conftest import ROOT
from tests.contactcheck import CONTACTS, digits, numbers, typed_numbers
from tests.deckcheck import page_texts, payload

SEARCHED = ("content", "generator", "quiz", "experiments", "deckpdf", "docs")
SUFFIXES = {".py", ".mjs", ".js", ".md", ".j2", ".html", ".css", ".json", ".yml"}
# A source's bibliographic fields name the work exactly as published ("999 and 112: the
# UK's national emergency numbers", the address 988lifeline.org); a citation must not
# reword them. Its note is ours, and is searched like everything else.
BIBLIOGRAPHIC = {"title", "publication", "authors", "cite_as", "url", "date", "checked", "id"}


def searched_files() -> Iterator[Path]:
    for folder in SEARCHED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and path != CONTACTS and "__pycache__" not in path.parts:
                yield path


def searchable_text(path: Path) -> str:
    """The file's text, with the bibliographic fields of sources.yml blanked (same line count)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path != ROOT / "content" / "sources.yml":
        return text
    lines, field = [], ""
    for line in text.splitlines(keepends=True):
        match = re.match(r"^(?:- |  )([a-z_]+):", line)
        if match:
            field = match.group(1)
        lines.append("\n" if field in BIBLIOGRAPHIC and line.strip() else line)
    return "".join(lines)


def test_contacts_hold_the_numbers_we_look_for() -> None:
    # A sanity check on the data this test relies on, so an empty search cannot pass.
    assert {"911", "999", "112", "988", "116 123", "0800 1111", "1-800-668-6868"} <= set(numbers())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call 999.", ["999"]),
        ("call 116 123 any time", ["116 123"]),
        ("call 116\n  123 any time", ["116 123"]),
        ("text 988, or chat", ["988"]),
        ("<a href='tel:988'>", ["988"]),
        ("tel:116123", ["116 123"]),
        ("in the US: 9-1-1", ["911"]),
        ("Kids: 18006686868", ["1-800-668-6868"]),
        ("color: #999;", []),
        ("color: #999999;", []),
        ("width: 112px", []),
        ("z-index: -999", []),
        ("0.112 and 1,112 and 999.5", []),
        ("0800 1111 is Childline", ["0800 1111"]),  # and no stray "111" inside it
        ("see 988lifeline.org or 988.ca", []),
        ("item 9; 99 people; 9999", []),
    ],
)
def test_the_search_finds_numbers_and_nothing_else(text: str, expected: list[str]) -> None:
    assert sorted(number for _, number, _ in typed_numbers(text)) == sorted(expected)


def test_no_contact_number_is_typed_outside_contacts_yml() -> None:
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {typed!r} is {number!r} from contacts.yml; "
        "show it with contacts_line() or contacts_list(), or pass the contacts in"
        for path in searched_files()
        for line, number, typed in typed_numbers(searchable_text(path))
    ]
    assert not problems, "\n".join(problems)


# -- the PDFs ---------------------------------------------------------------------------------
# A phone-number-like string: digit groups joined by single spaces or hyphens, at least
# three digits in all, standing alone (not "100%", not a decimal). At most one group may be
# a single digit ("1-800-..."), so a printed scale "0 1 2 3 ... 10" is not read as a number.
PHONE_LIKE = re.compile(r"(?<![\w.,/+-])\+?\d+(?:[ -]\d+)*(?![\w%])(?![.,]\d)")


def phone_like(text: str) -> list[str]:
    found = []
    for match in PHONE_LIKE.finditer(text):
        groups = re.split(r"[ -]", match.group(0).lstrip("+"))
        if sum(map(len, groups)) >= 3 and sum(1 for group in groups if len(group) == 1) <= 1:
            found.append(match.group(0))
    return found


@cache
def built_pdfs(tmp: Path) -> dict[str, bytes]:
    pdfs = {path.name: path.read_bytes() for path in write_static_pdfs(payload(), tmp)}
    pdfs["starter-deck-a4.pdf"] = starter_deck(payload(), 2, ["everyday", "dating"], "a4")
    return pdfs


def test_phone_like_finds_numbers_but_not_scales() -> None:
    assert phone_like("call 116 123 or 1-800-668-6868, text 988") == ["116 123", "1-800-668-6868", "988"]
    assert phone_like("0 1 2 3 4 5 6 7 8 9 10 · 0–100% · 63 × 88 mm · Level 2 · 9 cards") == []


def test_every_number_in_the_pdfs_comes_from_contacts_yml(tmp_path_factory: pytest.TempPathFactory) -> None:
    known = {digits(number) for number in numbers()}
    in_line = {
        way["number"] for contact in payload()["contacts"] if contact.get("in_line") for way in contact["ways"]
        if "number" in way
    }  # fmt: skip
    for name, data in built_pdfs(tmp_path_factory.mktemp("pdfs")).items():
        text = " ".join(page_texts(data))
        strays = [found for found in phone_like(text) if digits(found) not in known]
        assert not strays, f"{name} prints numbers that are not in contacts.yml: {strays}"
        printed = {digits(found) for found in phone_like(text)}
        missing = sorted(number for number in in_line if digits(number) not in printed)
        assert not missing, f"{name} leaves out crisis numbers: {missing}"


# -- one wording ------------------------------------------------------------------------------
# deckpdf.contacts is the one module that puts contacts into words; the site's Markdown
# (generator.contacts) and the printed panel both use it. These are the phrases it builds a
# line or a list from, and the links it makes: no other module of the generator or deckpdf
# may write them.
WORDING = re.compile(r"""["'](?:call |text |visit )["']|["'](?:tel|sms):""")
WORDING_HOME = ROOT / "deckpdf" / "contacts.py"


def test_contacts_are_put_into_words_in_one_module() -> None:
    from deckpdf import contacts as words
    from generator import contacts as site

    assert site.line_items is words.line_items and site.list_items is words.list_items
    assert WORDING.search(WORDING_HOME.read_text(encoding="utf-8")), "the search no longer finds the wording"
    copies = [
        f"{path.relative_to(ROOT)}:{line}: {match.group(0)}"
        for folder in ("generator", "deckpdf")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != WORDING_HOME
        for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in WORDING.finditer(text)
    ]
    assert not copies, "contact wording outside deckpdf/contacts.py:\n" + "\n".join(copies)


def test_the_printed_crisis_line_says_what_the_site_says() -> None:
    """The site hands the wording its validated records (None for a missing field), the PDFs
    the raw dicts of cards.json ("" once checked); both must give the same words and links."""
    import json

    from deckpdf import contacts as printed
    from generator import contacts as site
    from generator.schema import Contact

    fixture = ROOT / "tests" / "unit" / "fixtures" / "deckpdf_contacts.json"
    for raw in (payload()["contacts"], json.loads(fixture.read_text(encoding="utf-8"))):
        markdown = site.line_markdown(Contact.model_validate(contact) for contact in raw)
        pdf = printed.line_items(printed.parse_contacts(raw))
        links = re.findall(r"\[\*\*(.+?)\*\*\]\((.+?)\)", markdown)
        words = re.sub(r"\[(.+?)\]\(.+?\)", r"\1", markdown).replace("**", "")
        assert words == printed.crisis_text(raw)
        assert links == [(p.text, p.href) for item in pdf for p in item if p.href]


def test_the_site_words_contacts_without_loading_the_pdf_renderer() -> None:
    """deckpdf loads its renderer on first use, so the generator's `check` and every page
    render import the wording alone, not fpdf2."""
    import subprocess
    import sys

    code = "import sys, generator.contacts; print(sorted(m for m in sys.modules if m.split('.')[0] == 'fpdf'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
