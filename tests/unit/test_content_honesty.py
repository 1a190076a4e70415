"""Content rules a reviewer would check by hand: verbatim, brief quotes; every page
sourced; no diagnosing language."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.loader import load_content
from generator.plugin import load_taxonomy
from generator.render import Renderer
from tests.conftest import ROOT

ARTICLE = ROOT.parent / "shared" / "sources" / "000_1dd4b393895eef32.txt"
CONTENT = load_content(ROOT / "content", load_taxonomy("quiz.ladder:taxonomy"))


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not beside this checkout")
def test_quotes_from_the_article_are_verbatim() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    from_article = [q for q in CONTENT.quotes.values() if q.source == "miller-ps"]
    assert len(from_article) >= 10
    for quote in from_article:
        assert quote.text in article, f"quote {quote.id!r} is not verbatim"


def test_quotes_are_brief() -> None:
    for quote in CONTENT.quotes.values():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", quote.text) if s]
        assert len(sentences) <= 2 and len(quote.text) <= 320, quote.id


def test_all_three_experts_are_quoted_and_both_sides_shown() -> None:
    experts = {quote.expert for quote in CONTENT.quotes.values()}
    assert experts == {"saltz", "brown", "ammon"}
    benefits = (ROOT / "content/pages/benefits.md").read_text(encoding="utf-8")
    assert 'quote("saltz-benefit-doubt")' in benefits and 'quote("ammon-confidence")' in benefits


def test_every_page_cites_and_ends_with_sources() -> None:
    pages = Renderer(CONTENT, sources_page="experts-sources.md", macros=_stub_macros()).render_all()
    for name, rendered in pages.items():
        if name == "experts-sources.md":
            continue
        assert rendered.sources, f"{name} cites nothing"
        assert rendered.markdown.rstrip().split("\n## ")[-1].startswith("Sources"), f"{name} does not end with sources"


def _stub_macros() -> dict[str, object]:
    # The page-level blocks are tested in the build tests; here only the words matter.
    return {name: (lambda page, *a, **k: "") for name in ("quiz_form", "cutoffs_table", "card_library")}


DIAGNOSING = [
    r"\byou have (social anxiety|depression|an anxiety disorder)\b",
    r"\byou are (depressed|mentally ill)\b",
    r"\bwe diagnose\b",
    r"\bthis (test|quiz|self-check) (diagnoses|will diagnose)\b",
]


def test_no_diagnosing_language() -> None:
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.md")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "quiz/data").rglob("*.json")]
    for text in texts:
        for pattern in DIAGNOSING:
            assert not re.search(pattern, text, re.I), pattern


def test_cards_meet_the_library_brief() -> None:
    cards = yaml.safe_load((ROOT / "content/cards.yml").read_text(encoding="utf-8"))["cards"]
    assert len(cards) >= 60
    cells = {(card["area"], card["level"]) for card in cards}
    areas = {card["area"] for card in cards}
    assert len(areas) >= 6 and {level for _, level in cells} == {1, 2, 3, 4, 5}
    assert len(cells) == len(areas) * 5, "every area needs cards at every level"
    for card in cards:
        if card["area"] == "dating":
            assert re.search(r"consent|comfort|once|easy out|warmly", card["respect"], re.I), card["id"]


def test_pages_are_substantial() -> None:
    for name in ("what-it-is", "vs-exposure", "benefits", "risks", "see-a-professional", "try-safely"):
        words = len((ROOT / f"content/pages/{name}.md").read_text(encoding="utf-8").split())
        assert 500 <= words <= 1800, f"{name}: {words} words"
