"""deckpdf.site, the glue the build and the browser share: the personalised starter deck holds
exactly the cards quiz.deck.select_deck picks, and the build writes the four static PDFs."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from deckpdf import MIN_PT, WORKSHEET_PAGES, page_count
from deckpdf.contacts import crisis_text, line_items, parse_contacts, plain
from deckpdf.site import (
    PAPERS,
    cards_that_do_not_fit,
    complete_deck,
    deck_pdf_from_json,
    starter_deck,
    write_static_pdfs,
)
from quiz import ladder
from quiz.deck import select_deck
from tests.deckcheck import assert_exact_deck, assert_paper, page_texts, payload, payload_text, read_pdf, squash

START_LEVELS = range(1, ladder.top_level())  # the quiz never starts at the top level
AREAS = ladder.area_ids()
AREA_CHOICES = [[area] for area in AREAS] + [list(pair) for pair in itertools.combinations(AREAS, 2)]


def request(start_level: Any = 2, areas: Any = ("everyday",), paper: Any = "a4") -> str:
    return json.dumps({"start_level": start_level, "areas": list(areas) if isinstance(areas, tuple) else areas,
                       "paper": paper})  # fmt: skip


def crisis_items() -> list[str]:
    return [squash(plain(item)) for item in line_items(parse_contacts(payload()["contacts"]))]


def test_library_is_big_enough_to_test() -> None:
    data = payload()
    assert len(data["cards"]) >= 60
    assert {card["area"] for card in data["cards"]} == set(AREAS)
    assert {card["level"] for card in data["cards"]} == {level["id"] for level in data["levels"]}


@pytest.mark.parametrize("areas", AREA_CHOICES, ids="+".join)
@pytest.mark.parametrize("start_level", START_LEVELS)
def test_starter_deck_holds_exactly_the_selected_cards(start_level: int, areas: list[str]) -> None:
    data = payload()
    # Both papers get covered: alternate with the combination.
    paper = PAPERS[(start_level + len("".join(areas))) % 2]
    chosen = select_deck(data["cards"], start_level, areas)
    assert chosen, "select_deck chose nothing"
    pdf = starter_deck(data, start_level, areas, paper)
    assert_paper(pdf, paper)
    assert_exact_deck(pdf, chosen, data["cards"])
    assert data == payload(), "starter_deck changed its input"

    cover = page_texts(pdf)[0]
    assert "My starter deck" in cover
    assert f"Starts at level {start_level}" in cover
    names = {area["id"]: area["name"] for area in data["areas"]}
    for area in areas:
        assert names[area] in cover
    for item in crisis_items():
        assert item in cover


@pytest.mark.parametrize("paper", PAPERS)
def test_starter_deck_cards_show_level_and_area_names(paper: str) -> None:
    data = payload()
    pdf = starter_deck(data, 1, ["everyday", "public"], paper)
    sheets = " ".join(page_texts(pdf)[1:-1])
    areas = {area["id"]: area["name"] for area in data["areas"]}
    for card in select_deck(data["cards"], 1, ["everyday", "public"]):
        # The level's number (its name would not fit beside the area at a legible size).
        assert f"Level {card['level']} {areas[card['area']]}" in sheets


def test_every_card_in_the_library_fits_at_7pt() -> None:
    """Cards are never shrunk below 7 pt or cut short: a card whose text does not fit
    stops the build, and this names it so its wording can be shortened."""
    too_long = cards_that_do_not_fit(payload())
    assert not too_long, f"shorten these cards in content/cards.yml: {too_long}"


@pytest.mark.parametrize("paper", PAPERS)
def test_every_card_in_the_library_prints_at_7pt_or_more(paper: str) -> None:
    data = payload()
    pdf = complete_deck(data, paper)
    reader = read_pdf(pdf)
    for index in range(1, len(reader.pages) - 1):
        sizes: list[tuple[str, float]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float, out: Any = sizes) -> None:
            if text.strip():
                out.append((text.strip(), size * tm[3] * cm[3]))

        reader.pages[index].extract_text(visitor_text=visit)
        assert sizes, f"sheet {index} has no text"
        small = [(text, round(size, 2)) for text, size in sizes if size < MIN_PT - 1e-6]
        assert not small, f"sheet {index}: text below {MIN_PT} pt: {small[:5]}"


@pytest.mark.parametrize("paper", PAPERS)
def test_goal_cards_carry_the_libraries_goal_label(paper: str) -> None:
    data = payload()
    goals = [card for card in data["cards"] if card.get("goal")]
    label = data["goal_label"]
    sheets = " ".join(page_texts(complete_deck(data, paper))[1:-1])
    assert sheets.count(squash(label)) == len(goals)
    for card in goals:
        at = sheets.find(squash(card["title"]))
        assert at >= 0 and squash(label) in sheets[max(0, at - len(label) - 5) : at], card["id"]


def test_browser_entry_point_gives_the_same_bytes() -> None:
    pdf = deck_pdf_from_json(payload_text(), request(3, ["money", "dating"], "letter"))
    assert pdf == starter_deck(payload(), 3, ["money", "dating"], "letter")
    assert_paper(pdf, "letter")
    assert_exact_deck(pdf, select_deck(payload()["cards"], 3, ["money", "dating"]), payload()["cards"])


@pytest.mark.parametrize("paper", ["a5", "legal", "", "A 4", None, 4])
def test_bad_paper_is_rejected(paper: Any) -> None:
    with pytest.raises(ValueError, match="paper"):
        deck_pdf_from_json(payload_text(), request(paper=paper))
    with pytest.raises(ValueError, match="paper"):
        starter_deck(payload(), 2, ["everyday"], paper)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"start_level": 0, "areas": ["everyday"], "paper": "a4"}, "start_level"),
        ({"start_level": 6, "areas": ["everyday"], "paper": "a4"}, "start_level"),
        ({"start_level": 2.7, "areas": ["everyday"], "paper": "a4"}, "start_level"),
        ({"start_level": True, "areas": ["everyday"], "paper": "a4"}, "start_level"),
        ({"start_level": "2", "areas": ["everyday"], "paper": "a4"}, "start_level"),
        ({"start_level": 2, "areas": [], "paper": "a4"}, "areas"),
        ({"start_level": 2, "areas": "everyday", "paper": "a4"}, "areas"),
        ({"start_level": 2, "areas": ["knitting"], "paper": "a4"}, "unknown area"),
        ({"start_level": 2, "areas": ["everyday", "everyday"], "paper": "a4"}, "repeat"),
        ({"start_level": 2, "areas": ["everyday"]}, "paper"),
        ({"areas": ["everyday"], "paper": "a4"}, "start_level"),
        ([2, ["everyday"], "a4"], "object"),
    ],
)
def test_bad_requests_are_clear_value_errors(body: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        deck_pdf_from_json(payload_text(), json.dumps(body))


def test_the_payload_carries_the_sites_crisis_contacts() -> None:
    contacts = payload()["contacts"]
    assert contacts and all(isinstance(contact, dict) for contact in contacts)
    assert any(contact.get("in_line") for contact in contacts)
    json.dumps(contacts)  # plain data: the browser worker passes cards.json across as text


@pytest.mark.parametrize("contacts", [None, []])
def test_no_pdf_is_made_without_contacts(contacts: Any, tmp_path: Path) -> None:
    data = payload()
    if contacts is None:
        del data["contacts"]
    else:
        data["contacts"] = contacts
    with pytest.raises(ValueError, match="must always say where to get help"):
        starter_deck(data, 2, ["everyday"], "a4")
    with pytest.raises(ValueError, match="must always say where to get help"):
        deck_pdf_from_json(json.dumps(data), request())
    with pytest.raises(ValueError, match="must always say where to get help"):
        complete_deck(data, "letter")
    with pytest.raises(ValueError, match="must always say where to get help"):
        write_static_pdfs(data, tmp_path)


# -- the build-time PDFs -------------------------------------------------------------------
STATIC = {
    "complete-deck-a4.pdf": "a4",
    "complete-deck-letter.pdf": "letter",
    "fear-ladder-worksheet-a4.pdf": "a4",
    "fear-ladder-worksheet-letter.pdf": "letter",
}


@pytest.fixture(scope="module")
def static_pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    site = tmp_path_factory.mktemp("site")
    return site, write_static_pdfs(payload(), site)


def test_write_static_pdfs_writes_the_four_files(static_pdfs: tuple[Path, list[Path]]) -> None:
    site, written = static_pdfs
    assert sorted(path.name for path in written) == sorted(STATIC)
    assert {path.parent for path in written} == {site / "assets" / "pdf"}
    assert sorted(p.name for p in (site / "assets" / "pdf").iterdir()) == sorted(STATIC)


@pytest.mark.parametrize("name", sorted(STATIC))
def test_static_pdf_page_size(static_pdfs: tuple[Path, list[Path]], name: str) -> None:
    site, _ = static_pdfs
    assert_paper((site / "assets" / "pdf" / name).read_bytes(), STATIC[name])


@pytest.mark.parametrize("paper", PAPERS)
def test_complete_deck_holds_every_card(static_pdfs: tuple[Path, list[Path]], paper: str) -> None:
    site, _ = static_pdfs
    pdf = (site / "assets" / "pdf" / f"complete-deck-{paper}.pdf").read_bytes()
    cards = payload()["cards"]
    assert len(read_pdf(pdf).pages) == page_count(len(cards))
    # The complete deck is sorted by level, then area, then id.
    ordered = sorted(cards, key=lambda card: (card["level"], card["area"], card["id"]))
    assert_exact_deck(pdf, ordered, cards)
    texts = page_texts(pdf)
    assert "The complete challenge deck" in texts[0]
    sheets = " ".join(texts[1:-1])
    for card in cards:
        assert squash(card["title"]) in sheets, card["id"]


@pytest.mark.parametrize("paper", PAPERS)
def test_worksheet_is_two_pages_with_the_ladder_levels(static_pdfs: tuple[Path, list[Path]], paper: str) -> None:
    site, _ = static_pdfs
    pdf = (site / "assets" / "pdf" / f"fear-ladder-worksheet-{paper}.pdf").read_bytes()
    texts = page_texts(pdf)
    assert len(texts) == WORKSHEET_PAGES
    assert "My fear ladder" in texts[0]
    joined = " ".join(texts)
    for level in payload()["levels"]:
        assert f"Level {level['id']} · {level['name']}" in joined
        if level.get("band"):
            low, high = level["band"]
            assert f"Level {level['id']} · {level['name']}: fear {low}–{high} (or {low * 10}–{high * 10}%)" in joined
    assert "to take to your therapist" in texts[0]
    assert squash(crisis_text(payload()["contacts"])) in joined
    for item in crisis_items():
        assert item in texts[1]


def test_static_pdfs_are_reproducible(static_pdfs: tuple[Path, list[Path]], tmp_path: Path) -> None:
    site, _ = static_pdfs
    again = write_static_pdfs(payload(), tmp_path)
    for path in again:
        assert path.read_bytes() == (site / "assets" / "pdf" / path.name).read_bytes(), path.name
