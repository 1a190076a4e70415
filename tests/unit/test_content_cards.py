"""The card library keeps the site's own rules, tests rather than reassures, marks its goals,
covers the areas a clinician expects, and shares one calibration with every page and PDF."""

from __future__ import annotations

import re
from functools import cache

import pytest

from generator import blocks
from generator.__main__ import _plugin
from generator.loader import load_content
from generator.plugin import cards_payload, load_taxonomy
from generator.render import RenderedPage
from quiz import ladder
from tests.conftest import ROOT

TAXONOMY = load_taxonomy("quiz.ladder:taxonomy")
CONTENT = load_content(ROOT / "content", TAXONOMY)
CARDS = {card.id: card for card in CONTENT.cards}


@cache
def rendered_pages() -> dict[str, RenderedPage]:
    """Every page as the build renders it, with the site's real helpers."""
    plugin, _ = _plugin(ROOT / "mkdocs.yml")
    return plugin.prepare(ROOT)


# --- The site's own rules ----------------------------------------------------------------------

REMOVED = [
    "strangers-ask-for-a-treat",  # a stranger pays for you
    "strangers-coffee-shop-question",  # pretending not to see the café
    "everyday-fill-own-balloon",  # someone else's equipment, a stunt
    "everyday-taste-sample",  # something free
    "money-haggle-big",  # haggling, now one offer where offers are normal
]
# Words a card may not use, whatever cards.yml's lint says: an independent second look.
BROKEN_RULES = {
    "pretending": r"\bpretend|\bact as if\b|\beven if (you know|you could|the sign)\b|\bfake\b",
    "a stranger's money": r"\bpay for\b|\bbuy (me|you)\b|\bfor free\b|\bfree sample|\bwithout buying\b|buying anything",
    "haggling": r"\bhaggl|\bbargain",
}


def test_removed_cards_stay_removed() -> None:
    assert not set(REMOVED) & set(CARDS)


@pytest.mark.parametrize("rule", sorted(BROKEN_RULES))
def test_no_card_breaks_a_printed_rule(rule: str) -> None:
    pattern = re.compile(BROKEN_RULES[rule], re.IGNORECASE)
    for card in CONTENT.cards:
        for field in ("title", "ask", "why"):
            assert not pattern.search(getattr(card, field)), f"{card.id}: {field} breaks the rule on {rule}"


def test_money_cards_ask_once() -> None:
    # The printed rule: one polite ask for a better price, only where that is normal.
    lowering = re.compile(r"\b(less|lower|discount|better price|room to raise|match|deals)\b", re.IGNORECASE)
    asking_for_less = [card for card in CONTENT.cards if card.area == "money" and lowering.search(card.ask)]
    assert len(asking_for_less) >= 5
    for card in asking_for_less:
        assert re.search(r"\bonce\b|\bone fair offer\b", card.ask + " " + card.respect), card.id
    for card_id in ("money-market-discount", "money-better-deal", "money-second-hand-offer"):
        assert "normal" in CARDS[card_id].ask, f"{card_id}: say where asking about the price is normal"


SAFETY = {
    "strangers-ask-for-photo": r"\blocked\b",
    "everyday-charge-phone": r"\block your phone\b",
    "dating-ask-to-meet": r"\bpublic\b",
    "dating-second-date": r"\bpublic\b",
    "dating-swap-numbers": r"never your address",
    "dating-offer-your-number": r"never your address",
    "money-second-hand-offer": r"public.*never give a stranger your address",
}


@pytest.mark.parametrize("card_id", sorted(SAFETY))
def test_the_askers_own_safety_where_it_matters(card_id: str) -> None:
    assert re.search(SAFETY[card_id], CARDS[card_id].respect, re.IGNORECASE), CARDS[card_id].respect


def test_dating_is_for_adults_only() -> None:
    assert "adults only" in ladder.area("dating").name


# --- Cards that test, not reassure --------------------------------------------------------------

# Outcome promises: reassurance that weakens expectancy violation (Craske et al. 2014).
PROMISES = [
    "most people",
    "most won't",
    "most just",
    "most friends",
    "many people",
    "many smile",
    "usually",
    "often",
    "barely notice",
    "glad to",
    "happy to",
    "shows that",
    "shows you",
    "take it well",
    "stings but passes",
    "makes it stronger",
    "part of their job",
]


def test_why_lines_test_rather_than_promise() -> None:
    for card in CONTENT.cards:
        why = card.why.lower()
        assert not [p for p in PROMISES if p in why], f"{card.id}: {card.why}"
        assert why.startswith(("tests ", "find out ")), f"{card.id}: say what it tests: {card.why}"


HIGH_STAKES = [
    "money-negotiate-pay",
    "work-study-raise-meeting",
    "money-raise-your-rate",
    "dating-second-date",
    "dating-say-how-you-feel",
    "friendship-raise-a-hurt",
    "money-friend-owes",
    "everyday-fix-my-order",
]


def test_high_stakes_cards_are_goals_to_plan() -> None:
    assert [card_id for card_id in HIGH_STAKES if not CARDS[card_id].goal] == []
    assert CONTENT.goal_label and CONTENT.goal_label.strip()
    # Goals are the exception, so the deck stays a set of steps to repeat.
    assert sum(card.goal for card in CONTENT.cards) <= len(CONTENT.cards) // 5


def test_the_card_library_labels_goals_with_the_topics_words() -> None:
    html = blocks.card_library(cards_payload(CONTENT, TAXONOMY))
    items = dict(re.findall(r'<li class="challenge-card[^"]*" id="card-([a-z0-9-]+)"(.*?)</li>', html, re.DOTALL))
    assert set(items) == set(CARDS)
    for card in CONTENT.cards:
        assert (CONTENT.goal_label in items[card.id]) == card.goal, card.id


def test_the_card_library_labels_why_and_respect_with_the_topics_words() -> None:
    labels = CONTENT.card_labels
    assert labels and set(labels) == {"why", "respect"}
    html = blocks.card_library(cards_payload(CONTENT, TAXONOMY))
    for key in ("why", "respect"):
        assert html.count(f"<strong>{labels[key]}:</strong>") == len(CONTENT.cards), key


def test_the_pdfs_get_the_goal_field_and_labels() -> None:
    payload = cards_payload(CONTENT, TAXONOMY)
    assert payload["goal_label"] == CONTENT.goal_label
    assert payload["labels"] == CONTENT.card_labels
    assert {card["id"] for card in payload["cards"] if card["goal"]} >= set(HIGH_STAKES)


# --- The areas a clinician expects ------------------------------------------------------------

NEW_AREAS = ["phone-calls", "meetings", "eating-drinking", "being-watched", "assertiveness", "online"]


@pytest.mark.parametrize("area", NEW_AREAS)
def test_new_areas_have_ten_cards_across_all_levels(area: str) -> None:
    cards = [card for card in CONTENT.cards if card.area == area]
    assert len(cards) >= 10
    assert {card.level for card in cards} == {level.level for level in ladder.levels()}
    assert all(card.id.startswith(area + "-") for card in cards)
    assert ladder.area(area).neighbours


def test_card_text_fits_the_printed_card() -> None:
    for card in CONTENT.cards:
        assert len(card.title) <= 60 and len(card.ask) <= 200, card.id
        assert len(card.why) <= 160 and len(card.respect) <= 160, card.id


# --- One calibration ------------------------------------------------------------------------

LEVELS = ladder.levels()


def test_example_ratings_rise_with_the_levels() -> None:
    ratings = [level.sample_rating for level in LEVELS]
    assert ratings == sorted(set(ratings)), "each level's example must be rated higher than the one below"
    for level in LEVELS:
        assert level.band[0] <= level.sample_rating <= level.band[1], level
    assert "discount" not in LEVELS[-1].sample.lower(), "the top example must be a true 9-10"
    assert LEVELS[-1].sample_rating >= 9


def test_the_pdfs_get_the_same_examples() -> None:
    levels = cards_payload(CONTENT, TAXONOMY)["levels"]
    assert [(lv["id"], lv["sample"], lv["sample_rating"], tuple(lv["band"])) for lv in levels] == [
        (level.level, level.sample, level.sample_rating, level.band) for level in LEVELS
    ]


def test_try_safely_shows_the_same_examples_at_the_same_ratings() -> None:
    markdown = rendered_pages()["try-safely.md"].markdown
    for level in LEVELS:
        assert f"| {level.level} · {level.name} | {level.sample} | {level.sample_rating} |" in markdown


def _figure_rungs(svg: str) -> dict[int, str]:
    rungs = re.findall(r">(\d+)/10</text>\s*<text[^>]*>(.*?)</text>", svg, re.DOTALL)
    return {int(rating): " ".join(re.sub(r"<[^>]+>", " ", text).split()) for rating, text in rungs}


def test_the_figure_is_drawn_from_the_same_examples() -> None:
    svg = CONTENT.figures["fear-ladder"]
    assert _figure_rungs(svg) == {level.sample_rating: level.sample.replace("'", "&#39;") for level in LEVELS}
    description = blocks.figure_text(CONTENT.figures, "fear-ladder")
    said = dict(re.findall(r"(\d+) out of 10: ([^;.]+)", description))
    assert said == {str(level.sample_rating): level.sample.rstrip(".") for level in LEVELS}


def test_every_page_shows_an_example_at_its_own_rating() -> None:
    pages = rendered_pages()
    shown = 0
    for name, page in pages.items():
        text = page.markdown
        for level in LEVELS:
            for line in text.splitlines():
                if level.sample in line and line.lstrip().startswith("|"):
                    assert line.rstrip().endswith(f"| {level.sample_rating} |"), f"{name}: {line}"
                    shown += 1
        for rating, sample in _figure_rungs(text).items():
            level = next(lv for lv in LEVELS if lv.sample_rating == rating)
            assert sample == level.sample.replace("'", "&#39;"), f"{name}: {rating}/10 is {sample!r}"
            shown += 1
        for rating, sample in re.findall(r"(\d+) out of 10: ([^;.]+)", text):
            level = next(lv for lv in LEVELS if lv.sample.startswith(sample))
            assert int(rating) == level.sample_rating, f"{name}: {sample!r} rated {rating}"
    assert shown >= 2 * len(LEVELS), "the example ladder and the figure should both be on the site"
    # The old, hand-written example ladders are gone.
    everything = "\n".join(page.markdown for page in pages.values())
    for stale in ("Say hi to a cashier", "Ask for a table by the window", "Ask if there's a discount on a full-price"):
        assert stale not in everything
