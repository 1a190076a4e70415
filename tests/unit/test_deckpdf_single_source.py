"""deckpdf holds no fact of its own: every fact it prints flows from the data.

Crisis numbers come from content/contacts.yml, the card labels and the goal tag from
content/cards.yml, and the ladder's levels, fear thermometer and start rule from
content/self-check/ladder.json. A fact copied into deckpdf goes stale the day the data changes
(the worksheet's thermometer words once did), so: none of them is typed in deckpdf's
source, and a change to the data shows up in the printed PDFs.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

import deckpdf
from deckpdf.site import complete_deck, write_static_pdfs
from generator.loader import load_content
from generator.plugin import cards_payload
from quiz import ladder
from tests.conftest import ROOT
from tests.contactcheck import typed_numbers
from tests.deckcheck import content_taxonomy, page_texts, payload, squash

DECKPDF = ROOT / "deckpdf"
SITE_LADDER = ladder.load()
CONTACTS = payload()["contacts"]
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


@cache
def card_file() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "content" / "cards.yml").read_text(encoding="utf-8"))
    return data


def _exact(text: str, flags: int = 0) -> re.Pattern[str]:
    # Standing alone: "Bold" the level is not the font "DejaVuSans-Bold", "3 to 5" not "13 to 50".
    return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])", flags)


def facts() -> Iterator[tuple[str, str, re.Pattern[str]]]:
    """(what it is, the fact, how it would look typed in code) for every fact deckpdf prints."""
    lad = ladder.load()
    for level in lad.levels:
        yield "level name (content/self-check/ladder.json)", level.name, _exact(level.name)
    for words in lad.thermometer.anchors.values():
        yield "thermometer words (content/self-check/ladder.json)", words, _exact(words, re.IGNORECASE)
    low, high = lad.start_rule.band
    for form in (f"{low} to {high}", f"{low}–{high}", f"{low}-{high}", f"{low} and {high}"):
        yield "start rule's band (content/self-check/ladder.json)", form, _exact(form)
    top = lad.top
    for form in (f"1 to {top}", f"1–{top}", f"{top} levels", f"range({top})", f"{NUMBER_WORDS[top]} levels"):
        yield "number of levels (content/self-check/ladder.json)", form, _exact(form, re.IGNORECASE)
    for key, label in card_file()["labels"].items():
        # As a card prints it, before its text: "Respect:" (not the cover's heading "Respect the people you ask").
        yield f"card label '{key}' (content/cards.yml)", f"{label}:", re.compile(re.escape(f"{label}:"))
    goal = card_file()["goal_label"]
    yield "goal tag (content/cards.yml)", goal, re.compile(re.escape(goal), re.IGNORECASE)


def deckpdf_sources() -> Iterator[tuple[Path, str]]:
    for path in sorted(DECKPDF.rglob("*.py")):
        if "__pycache__" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def test_the_search_knows_every_kind_of_fact() -> None:
    kinds = {kind.split(" (")[0] for kind, _, _ in facts()}
    assert {"level name", "thermometer words", "start rule's band", "number of levels", "card label 'why'",
            "card label 'respect'", "goal tag"} <= kinds  # fmt: skip
    # Each pattern finds its fact as it would be typed in a string.
    for _, fact, typed in facts():
        assert typed.search(f'X = "{fact}"'), fact
    # And not where the fact is only part of something else.
    assert not _exact("Bold").search('"DejaVuSans-Bold-subset.ttf"')
    assert not _exact("3 to 5").search("13 to 50")


@pytest.mark.parametrize(("kind", "fact", "typed"), list(facts()), ids=[fact for _, fact, _ in facts()])
def test_deckpdf_types_no_fact_the_data_holds(kind: str, fact: str, typed: re.Pattern[str]) -> None:
    hits = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)!r}"
        for path, text in deckpdf_sources()
        for match in typed.finditer(text)
    ]
    assert not hits, f"deckpdf types the {kind} {fact!r}; take it from the data instead:\n" + "\n".join(hits)


def test_deckpdf_types_no_crisis_number() -> None:
    hits = [
        f"{path.relative_to(ROOT)}:{line}: {typed!r} is {number!r} from contacts.yml"
        for path, text in deckpdf_sources()
        for line, number, typed in typed_numbers(text)
    ]
    assert not hits, "\n".join(hits)


# -- a change to the data shows in the PDFs -------------------------------------------------------
def changed_ladder(sixth_level: bool = False) -> ladder.Ladder:
    """The site's ladder with a level renamed, new thermometer words and a new start band
    (and, if asked, a sixth level): none of which deckpdf could know but from the data."""
    site = SITE_LADDER
    levels = [*site.levels]
    levels[2] = replace(levels[2], name="Testing the water")
    if sixth_level:
        levels.append(replace(levels[-1], level=len(levels) + 1, name="Summit", band=(10, 10), sample_rating=10))
    return replace(
        site,
        levels=tuple(levels),
        thermometer=replace(site.thermometer, anchors={0: "calm as a lake", 4: "jittery", 10: "terrified"}),
        start_rule=replace(site.start_rule, band=(2, 4)),
    )


def test_a_changed_ladder_shows_in_the_worksheet() -> None:
    new = changed_ladder(sixth_level=True)
    first, _ = page_texts(deckpdf.render_worksheet(title="T", contacts=CONTACTS, ladder=new))
    assert "Level 3 · Testing the water: fear 5–6 (or 50–60%)" in first
    assert "Level 6 · Summit: fear 10–10 (or 100–100%)" in first
    assert "Stretching" not in first
    assert "0 means calm as a lake and 10 terrified." in first
    for words in ("Calm as a lake", "Jittery", "Terrified"):
        assert words in first, words
    assert "moderate fear" not in first.lower()


def test_a_changed_ladder_shows_on_the_deck() -> None:
    new = changed_ladder(sixth_level=True)
    card = {"id": "summit", "title": "A sixth-level ask", "ask": "Ask the biggest thing.", "level": 6, "area": "x"}
    with pytest.raises(ValueError, match="from 1 to 5"):
        deckpdf.render_deck([card], title="T", contacts=CONTACTS)
    cover, sheet, _ = page_texts(deckpdf.render_deck([card], title="T", contacts=CONTACTS, ladder=new))
    assert "start with cards you would rate about 2 to 4 out of 10" in cover
    assert "Level 6" in sheet


def test_changed_card_labels_in_cards_yml_show_on_the_printed_cards(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cards_yml = content / "cards.yml"
    text = cards_yml.read_text(encoding="utf-8")
    old = card_file()
    for key, new in (("why", "What it tests"), ("respect", "Be fair")):
        text = text.replace(f'  {key}: "{old["labels"][key]}"', f'  {key}: "{new}"', 1)
    text = text.replace(f'goal_label: "{old["goal_label"]}"', 'goal_label: "Plan this one"', 1)
    cards_yml.write_text(text, encoding="utf-8")
    data = cards_payload(load_content(content, content_taxonomy()), content_taxonomy())
    assert data["labels"] == {"why": "What it tests", "respect": "Be fair"}

    sheets = " ".join(page_texts(complete_deck(data, "a4"))[1:-1])
    assert "What it tests:" in sheets and "Be fair:" in sheets
    for key in ("why", "respect"):
        assert f"{old['labels'][key]}:" not in sheets
    assert "Plan this one" in sheets and squash(old["goal_label"]) not in sheets


def test_a_changed_ladder_shows_in_the_sites_pdfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plugin's entry point reads the ladder's data as it stands, not a copy of it."""
    monkeypatch.setattr(ladder, "load", changed_ladder)
    pdfs = {path.name: page_texts(path.read_bytes()) for path in write_static_pdfs(payload(), tmp_path)}
    worksheet = " ".join(pdfs["fear-ladder-worksheet-a4.pdf"])
    assert "Level 3 · Testing the water" in worksheet and "Calm as a lake" in worksheet
    assert "about 2 to 4 out of 10" in pdfs["complete-deck-letter.pdf"][0]
