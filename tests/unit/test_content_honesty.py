"""Content rules a reviewer would check by hand: verbatim, brief quotes; every page
sourced; no diagnosing language."""

from __future__ import annotations

import re

import pytest
import yaml

from generator import self_check
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
        # A quote that starts mid-sentence opens with an ellipsis; the rest is word for word.
        text = quote.text.removeprefix("…")
        assert text in article, f"quote {quote.id!r} is not verbatim"
        starts_mid_sentence = text[0].islower()
        assert starts_mid_sentence == quote.text.startswith("…"), (
            f"quote {quote.id!r}: start it with '…' exactly when it starts mid-sentence"
        )


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
    pages = Renderer(CONTENT, sources_page="experts-sources.md", macros=_stub_macros(), widgets=_widgets()).render_all()
    for name, rendered in pages.items():
        if name == "experts-sources.md":
            continue
        assert rendered.sources, f"{name} cites nothing"
        assert rendered.markdown.rstrip().split("\n## ")[-1].startswith("Sources"), f"{name} does not end with sources"


def _widgets() -> dict[str, object]:
    # The real self-check widget: its words and fragments are page text like any other.
    check = self_check.load(ROOT / "content", "self-check", CONTENT.fragments)
    return {"self_check": lambda: self_check.widget(check)}


def _stub_macros() -> dict[str, object]:
    # The page-level blocks are tested in the build tests; here only the words matter.
    # figure_text gives a figure its alt text, which must not be empty.
    blocks = ("quiz_form", "quiz_count", "cutoffs_table", "paper_check", "card_library", "levels_table", "figure_text")
    return {name: (lambda page, *a, **k: "block") for name in blocks}


DIAGNOSING = [
    r"\byou have (social anxiety|depression|an anxiety disorder)\b",
    r"\byou are (depressed|mentally ill)\b",
    r"\bwe diagnose\b",
    r"\bthis (test|quiz|self-check) (diagnoses|will diagnose)\b",
]


def test_no_diagnosing_language() -> None:
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.md")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "content/self-check").rglob("*.json")]
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
    for name in ("what-it-is", "vs-exposure", "benefits", "risks", "see-a-professional", "try-safely",
                 "after-a-hard-no", "worried-about-someone", "under-18", "social-anxiety"):  # fmt: skip
        words = len((ROOT / f"content/pages/{name}.md").read_text(encoding="utf-8").split())
        assert 500 <= words <= 1800, f"{name}: {words} words"


def test_every_page_ends_with_sources_then_its_review() -> None:
    pages = Renderer(CONTENT, sources_page="experts-sources.md", macros=_stub_macros(), widgets=_widgets()).render_all()
    for name, rendered in pages.items():
        lines = rendered.markdown.rstrip().splitlines()
        assert lines[-1].startswith('<p class="page-review">Last reviewed: '), name
        assert " · Next review due: " in lines[-1] and " · Reviewed by: " in lines[-1], name
        if name != "experts-sources.md":
            assert rendered.markdown.rindex("\n## Sources") < rendered.markdown.rindex("page-review"), name


def test_reviews_name_no_one_who_did_not_review() -> None:
    """The experts we quote did not review this site, and no clinician has yet."""
    quoted = [expert.name for expert in CONTENT.experts.values()]
    for page in CONTENT.pages:
        reviewer = page.meta.reviewed_by
        assert not any(name.split()[-1] in reviewer for name in quoted), (page.name, reviewer)
        assert not re.search(r"\b(Dr|MD|PhD|PsyD|clinician|psychologist|psychiatrist)\b", reviewer, re.I), (
            f"{page.name}: name a clinical reviewer only once a clinical review has taken place, "
            "and then update about.md, which says none has"
        )
    about = (ROOT / "content/pages/about.md").read_text(encoding="utf-8")
    assert "No clinician has reviewed this guide yet." in about
    assert "The experts we quote did not review this site." in about


# The one definition of re-rating, word for word wherever the site explains the log
# (the printed deck uses the same sentence).
RERATE = (
    "Re-rate: straight after, rate again how bad it really was (0–10) and how likely your feared "
    "outcome now seems (0–100%), and compare both with your prediction."
)


def test_the_log_is_explained_one_way() -> None:
    for name in ("try-safely", "deck", "experiments"):
        text = (ROOT / f"content/pages/{name}.md").read_text(encoding="utf-8")
        assert RERATE in text.splitlines(), f"{name}: the re-rate definition must be on a line of its own"
        assert "What exactly do I fear will happen?" in " ".join(text.split()), name
    try_safely = (ROOT / "content/pages/try-safely.md").read_text(encoding="utf-8")
    for prompt in ("How likely is it? (0–100%)", "How bad would it be? (0–10)", "What happened?",
                   "How bad was it really? (0–10)", "What did I learn?"):  # fmt: skip
        assert prompt in try_safely, prompt
    for path in (ROOT / "content/pages").glob("*.md"):
        text = " ".join(path.read_text(encoding="utf-8").split())
        assert not re.search(r"re-?rate[^.]*tomorrow", text, re.I), f"{path.name}: an old re-rate definition"


def test_the_printed_deck_defines_re_rating_the_same_way() -> None:
    from deckpdf import wording

    assert wording.RERATE == RERATE
    # And the result that hands out the deck says it in the same words.
    assert RERATE in " ".join((ROOT / "content/fragments/result-deck.md").read_text(encoding="utf-8").split())


def test_progress_is_not_repeat_until_no_big_deal() -> None:
    # Inhibitory learning (Craske et al., 2014): move on when the feared prediction has
    # weakened, not when the fear has gone.
    for path in [*(ROOT / "content/pages").glob("*.md"), *(ROOT / "content/fragments").glob("*.md")]:
        assert "no big deal" not in path.read_text(encoding="utf-8"), path.name


def test_alcohol_is_among_the_safety_behaviours() -> None:
    for name in ("try-safely", "vs-exposure", "deck", "social-anxiety"):
        text = " ".join((ROOT / f"content/pages/{name}.md").read_text(encoding="utf-8").split())
        assert re.search(r"safety behaviour.{0,600}(alcohol|a drink)", text, re.I | re.S), name
