"""Tests for deckpdf: page sizes and counts, text round-trips, layout bounds, and the
crisis contacts every PDF must carry (as large, tappable numbers)."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pypdf
import pytest
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import deckpdf
from deckpdf import deck as deck_mod
from deckpdf import page_count, wording
from deckpdf._blocks import NUMBER_PT
from deckpdf._doc import INK as INK_RGB
from deckpdf._doc import Doc
from deckpdf._fonts import FONT_FILES, font_path, supported_codepoints
from deckpdf.contacts import crisis_text, href, line_items, parse_contacts, plain
from deckpdf.rules import DEFAULT_RULES, NOT_THERAPY, resolve_rules
from quiz import ladder

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "deckpdf_cards.json"
# Made-up contacts with fictional numbers: deckpdf is tested apart from any site's data
# (test_deck_site.py and test_contacts_single_source.py use the site's real contacts).
CONTACTS_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "deckpdf_contacts.json"
CONTACTS: list[dict[str, Any]] = json.loads(CONTACTS_FIXTURE.read_text(encoding="utf-8"))
# Made-up card labels and goal tag, for the same reason: the printed words must be the
# ones passed in (cards.yml's, on the site), never deckpdf's own.
LABELS = {"why": "Why try it", "respect": "Be kind"}
GOAL_LABEL = "A goal: plan it, don't repeat it"
PT = 72 / 25.4  # points per mm


def render_deck(cards: Any, **kwargs: Any) -> bytes:
    """deckpdf.render_deck with the test contacts and labels, unless a test passes its own."""
    return deckpdf.render_deck(cards, **{"contacts": CONTACTS, "labels": LABELS, "goal_label": GOAL_LABEL, **kwargs})


def render_worksheet(**kwargs: Any) -> bytes:
    return deckpdf.render_worksheet(**{"contacts": CONTACTS, **kwargs})


def parse_card(raw: Any) -> deck_mod.Card:
    """A card as render_deck reads it, with the test labels and the site's ladder."""
    return deck_mod._card(raw, 0, deck_mod.CardLabels.from_site(LABELS, GOAL_LABEL), ladder.load())


PAGE_PT = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


# -- helpers -------------------------------------------------------------------
def load_cards() -> list[dict[str, Any]]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def make_cards(n: int) -> list[dict[str, Any]]:
    base = load_cards()
    cards = []
    for i in range(n):
        card = copy.deepcopy(base[i % len(base)])
        card["id"] = f"{card['id']}-{i}"
        card["title"] = f"{card['title']} {i}"
        cards.append(card)
    return cards


def squash(text: str) -> str:
    """Collapse all whitespace: wrapping splits lines anywhere."""
    return re.sub(r"\s+", " ", text).strip()


def reader(data: bytes) -> pypdf.PdfReader:
    import io

    return pypdf.PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in reader(data).pages]


def crisis_items() -> list[str]:
    """The crisis line's items as words; the crisis panel prints one per line."""
    return [squash(plain(item)) for item in line_items(parse_contacts(CONTACTS))]


@cache
def default_deck(paper: str = "a4") -> bytes:
    return render_deck(load_cards(), paper=paper, title="Small Brave Steps", subtitle="Twelve cards")


@cache
def default_worksheet(paper: str = "a4") -> bytes:
    return render_worksheet(paper=paper, title="My fear ladder")


def long_card() -> dict[str, Any]:
    """A card with far more text than a card holds."""
    card = copy.deepcopy(load_cards()[0])
    card["id"] = "very-long"
    card["title"] = "A really quite long title that goes on and on for several lines of the card"
    card["ask"] = "START " + " ".join(f"word{i}" for i in range(400)) + " END"
    card["why"] = "Because " + "it matters a lot " * 60
    card["respect"] = "Be kind " * 50
    return card


# -- page geometry ------------------------------------------------------------------
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_deck_page_size(paper: str) -> None:
    pages = reader(default_deck(paper)).pages
    want_w, want_h = PAGE_PT[paper]
    for page in pages:
        assert float(page.mediabox.width) == pytest.approx(want_w, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(want_h, abs=0.5)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_worksheet_page_size_and_count(paper: str) -> None:
    pages = reader(default_worksheet(paper)).pages
    assert len(pages) == deckpdf.WORKSHEET_PAGES == 2
    want_w, want_h = PAGE_PT[paper]
    for page in pages:
        assert float(page.mediabox.width) == pytest.approx(want_w, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(want_h, abs=0.5)


def test_paper_name_is_case_insensitive_and_validated() -> None:
    pdf = render_deck(load_cards()[:1], paper="Letter", title="T")
    assert float(reader(pdf).pages[0].mediabox.width) == pytest.approx(612, abs=0.5)
    with pytest.raises(ValueError, match="paper"):
        render_deck(load_cards()[:1], paper="a5", title="T")
    with pytest.raises(ValueError, match="paper"):
        render_worksheet(paper="legal", title="T")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_card_grid_is_centred_and_poker_sized(paper: str) -> None:
    w, h = deckpdf.PAPER_SIZES_MM[paper]
    boxes = [deck_mod.card_box(i, w, h) for i in range(9)]
    assert all((bw, bh) == (63.0, 88.0) for _, _, bw, bh in boxes)
    left, top = boxes[0][0], boxes[0][1]
    right, bottom = boxes[8][0] + 63, boxes[8][1] + 88
    assert left == pytest.approx(w - right)
    assert top == pytest.approx(h - bottom)
    assert top > deck_mod.MARK_GAP  # room for cut marks on both papers


# -- page count -----------------------------------------------------------------------
@pytest.mark.parametrize(("n", "expected"), [(1, 3), (9, 3), (10, 4), (18, 4), (19, 5), (60, 9)])
def test_page_count(n: int, expected: int) -> None:
    assert page_count(n) == expected
    pdf = render_deck(make_cards(n), paper="a4", title="Deck")
    assert len(reader(pdf).pages) == expected


@pytest.mark.parametrize("bad", [0, -1, True, 2.0])
def test_page_count_rejects_bad_counts(bad: Any) -> None:
    with pytest.raises(ValueError):
        page_count(bad)


def test_empty_deck_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="at least 1 card"):
        render_deck([], title="Empty")


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"level": 0}, "level"),
        ({"level": ladder.top_level() + 1}, "level"),
        ({"level": "2"}, "level"),
        ({"title": "  "}, "title"),
        ({"ask": None}, "ask"),
        ({"id": ""}, "id"),
    ],
)
def test_bad_cards_are_rejected_with_the_card_named(patch: dict[str, Any], message: str) -> None:
    card = {**load_cards()[0], **patch}
    with pytest.raises(ValueError, match=message) as info:
        render_deck([card], title="T")
    assert "card #1" in str(info.value)


def test_optional_card_fields_may_be_missing() -> None:
    card = {"id": "x", "title": "Bare card", "ask": "Just the ask.", "level": 3, "area": "small-talk"}
    text = page_texts(render_deck([card], title="T"))[1]
    assert "Bare card" in text
    assert "Level 3" in text
    assert "Small talk" in text  # area id humanised when area_name is missing


# -- text content -----------------------------------------------------------------------
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_title_and_ask_is_in_the_pdf(paper: str) -> None:
    cards = load_cards()
    texts = page_texts(default_deck(paper))
    card_pages = " ".join(texts[1:-1])
    for card in cards:
        assert squash(card["title"]) in card_pages, card["id"]
        assert squash(card["ask"]) in card_pages, card["id"]


CARD_PROMPTS = (
    wording.FEAR_WHAT,
    wording.HOW_LIKELY,
    wording.HOW_BAD,
    wording.WHAT_HAPPENED,
    wording.HOW_BAD_REALLY,
    wording.WHAT_LEARNED,
)


def test_cards_carry_level_area_and_the_record_of_the_feared_prediction() -> None:
    text = page_texts(default_deck())[1]
    assert "Level 1" in text
    assert "Everyday asks" in text
    assert CARD_PROMPTS == (
        "What exactly do I fear will happen?",
        "How likely is it? (0–100%)",
        "How bad would it be? (0–10)",
        "What happened?",
        "How bad was it really? (0–10)",
        "What did I learn?",
    )
    for phrase in (*CARD_PROMPTS, "BEFORE", "AFTER", f"{LABELS['why']}:", f"{LABELS['respect']}:"):
        assert text.count(phrase) == 9, phrase
    # Habituation framing is gone: cards no longer say to repeat until it is no big deal.
    assert "no big deal" not in " ".join(page_texts(default_deck()))
    assert not hasattr(wording, "REPEAT")


def test_cover_holds_the_rules_crisis_line_and_disclaimer() -> None:
    cover = page_texts(default_deck())[0]
    assert "Small Brave Steps" in cover
    assert "Twelve cards" in cover
    for item in crisis_items():
        assert item in cover, item
    assert NOT_THERAPY in cover
    for word in ("Predict:", "Do:", "Record:", "Re-rate:", "Move on:", "Vary it:",
                 "Safety behaviours are things you do to feel safer"):  # fmt: skip
        assert word in cover
    for section in DEFAULT_RULES["sections"]:
        assert squash(section["heading"]) in cover
        for item in section.get("items", []):
            assert squash(item) in cover
    assert "rehearsing" in cover and "eye contact" in cover


def test_cover_rules_say_what_the_issue_asks() -> None:
    cover = page_texts(default_deck())[0]
    items = [item for section in DEFAULT_RULES["sections"] for item in section.get("items", [])]
    # The respect rule on pressure and prices, word for word.
    no_pressure = (
        "No pressure: a no ends the ask. Don't argue or ask twice. Asking once for a better price is fine "
        "where that is normal; haggling where it isn't is not."
    )
    assert no_pressure in items and no_pressure in cover
    assert not [item for item in items if "bargain" in item]
    # Keeping yourself safe.
    (safe,) = [section for section in DEFAULT_RULES["sections"] if section["heading"] == "Keep yourself safe"]
    joined = " ".join(safe["items"])
    for words in ("stranger your address", "phone unlocked", "somewhere public", "tell a friend", "adults only"):
        assert words in joined, words
    # Inhibitory learning, not habituation: move on when the prediction weakens; vary it.
    assert not [item for item in items if "no big deal" in item]
    assert "Move on: when your feared prediction has weakened" in cover
    assert "other people, in other places" in cover
    # The predict step asks for the feared outcome, not "a no".
    assert "what exactly you fear will happen" in cover
    assert "likely a no" not in cover


def test_every_cover_says_who_should_not_use_the_deck() -> None:
    pdfs = [default_deck(), render_deck(load_cards()[:1], title="T", rules={"sections": []})]
    for data in pdfs:
        cover = page_texts(data)[0]
        assert wording.NOT_FOR_HEADING in cover
        for item in wording.NOT_FOR:
            assert squash(item) in cover
    text = " ".join(wording.NOT_FOR)
    assert "thoughts of harming themselves" in text and "crisis contacts" in text
    assert "low mood or distress is strong or hard to manage alone" in text and "therapist first" in text
    assert "Under 18s" in text and "trusted adult" in text


def test_rerate_has_one_definition_printed_word_for_word() -> None:
    assert wording.RERATE == (
        "Re-rate: straight after, rate again how bad it really was (0–10) and how likely your feared outcome "
        "now seems (0–100%), and compare both with your prediction."
    )
    texts = page_texts(default_deck())
    for name, text in (("cover", texts[0]), ("log sheet", texts[-1])):
        assert wording.RERATE in text, name
        assert text.count("Re-rate") == 1, f"{name}: re-rating is defined more than once"
    rules = [item for section in DEFAULT_RULES["sections"] for item in section.get("items", [])]
    assert [item for item in rules if "Re-rate" in item] == [wording.RERATE]


def test_log_sheet_is_last_with_all_columns() -> None:
    log = page_texts(default_deck())[-1]
    assert "My practice log" in log
    for column in ("Date", "Card", "What I feared would happen", "How likely (%)", "How bad (0–10)",
                   "What happened", "How bad really (0–10)", "How likely now (%)", "What I learned"):  # fmt: skip
        assert column in log, column
    assert tuple(wording.LOG_COLUMNS)[-1] == "What I learned"
    assert "BEFORE" in log and "AFTER" in log
    assert "numbers drop" not in log
    assert squash(crisis_text(CONTACTS)) in log


def test_log_sheet_rows_fill_the_page() -> None:
    # Every row is a ruled line: count horizontal strokes drawn on the page.
    content = reader(default_deck()).pages[-1].get_contents().get_data().decode("latin-1")
    strokes = re.findall(r"([\d.]+) ([\d.]+) m ([\d.]+) \2 l S", content)
    horizontal = {round(float(y)) for _, y, _ in strokes}
    assert len(horizontal) >= 20


def test_non_latin1_text_round_trips() -> None:
    samples = ["Zoë Ñúñez", "Łukasz", "‘hi’", "“hello”", "“hello” – then", "wait…", "em — dash", "€5 ≤ £5 → ✓"]
    card = {
        "id": "unicode",
        "title": "Zoë Ñúñez meets Łukasz",
        "ask": "Say ‘hi’ and “hello” – then wait… em — dash; €5 ≤ £5 → ✓",
        "why": "Ő ő Ş ş Ž ž",
        "respect": "",
        "level": 2,
        "level_name": "Warming up",
        "area": "names",
        "area_name": "Şerban & Æsa",
    }
    text = page_texts(render_deck([card], title="Zoë’s deck — “test”"))
    joined = " ".join(text)
    for sample in samples:
        assert sample in joined, sample
    assert "Ő ő Ş ş Ž ž" in text[1]
    assert "Şerban & Æsa" in text[1]
    assert "Zoë’s deck — “test”" in text[0]


def test_unsupported_characters_are_dropped_not_boxed() -> None:
    card = {**load_cards()[0], "title": "Smile 😀 please", "ask": "Say 你好 to a friend"}
    text = page_texts(render_deck([card], title="T"))[1]
    assert "Smile please" in text
    assert "Say to a friend" in text


def test_custom_rules_override_defaults() -> None:
    rules = {
        "intro": "Custom intro for testing.",
        "sections": [{"heading": "Only rule", "items": ["Be gentle with yourself."]}],
    }
    cover = page_texts(render_deck(load_cards()[:1], title="T", rules=rules))[0]
    assert "Custom intro for testing." in cover
    assert "Only rule" in cover and "Be gentle with yourself." in cover
    assert "Drop your safety behaviours" not in cover
    for item in crisis_items():  # rules never replace the crisis panel
        assert item in cover


def test_rules_validation() -> None:
    with pytest.raises(ValueError, match="unknown key"):
        resolve_rules({"disclaimers": "typo"})
    with pytest.raises(ValueError, match="sections"):
        resolve_rules({"sections": "not a list"})
    with pytest.raises(ValueError, match="unknown key"):
        resolve_rules({"sections": [{"heading": "x", "bullets": []}]})
    # The crisis line comes from the contacts alone: rules cannot reword or blank it.
    with pytest.raises(ValueError, match="unknown key"):
        resolve_rules({"crisis": "Call someone."})
    resolved = resolve_rules({"disclaimer": ""})
    assert resolved.disclaimer == NOT_THERAPY


def test_overlong_rules_raise_instead_of_spilling_onto_a_second_page() -> None:
    rules = {"sections": [{"heading": "Long", "items": ["A rule that goes on. " * 40] * 30}]}
    with pytest.raises(ValueError, match="too long"):
        render_deck(load_cards()[:1], title="T", rules=rules)


def test_moderately_long_rules_shrink_to_fit_one_page() -> None:
    rules = {"sections": [*DEFAULT_RULES["sections"], *DEFAULT_RULES["sections"]]}
    pdf = render_deck(load_cards()[:1], title="T", rules=rules)
    assert len(reader(pdf).pages) == 3


# -- worksheet --------------------------------------------------------------------------------
def test_worksheet_headings_and_crisis_line() -> None:
    first, second = page_texts(default_worksheet())
    scale = ladder.load().thermometer
    assert "My fear ladder" in first
    assert f"Rating fear: {scale.min}–{scale.max}, or 0–100% if you prefer" in first
    for n in range(scale.min, scale.max + 1):
        percent = round(100 * (n - scale.min) / (scale.max - scale.min))
        assert f"{n} {percent}%" in first, f"the 0–100% value {percent}% of {n} is missing"
    assert f"{scale.min} means {scale.anchors[scale.min]} and {scale.max} {scale.anchors[scale.max]}." in first
    for words in scale.anchors.values():
        assert squash(words[:1].upper() + words[1:]) in first, words
    assert squash(crisis_text(CONTACTS)) in first
    assert "Questions to ask your therapist" in second
    for item in crisis_items():
        assert item in second
    assert "not therapy and not a diagnosis" in second
    for level in ladder.levels():
        low, high = level.band
        assert f"Level {level.level} · {level.name}: fear {low}–{high} (or {low * 10}–{high * 10}%)" in first


def test_worksheet_is_for_taking_to_a_therapist_not_for_climbing_alone() -> None:
    text = " ".join(page_texts(default_worksheet()))
    assert "to take to your therapist" in text
    assert "Bring this worksheet to your therapist" in text
    # The old self-help instructions: start at the bottom, stay until the fear drops, climb.
    for phrase in ("on your own", "climb", "until your fear drops", "start at the bottom", "good place to start"):
        assert phrase not in text.lower(), phrase


def test_worksheet_has_the_fields_a_clinician_uses() -> None:
    first, second = page_texts(default_worksheet())
    for field in ("Client", "Therapist", "Date", "My goal"):
        assert field in first, field
    # Every rung records the prediction, the safety behaviours to drop, variations and practices.
    for column in wording.WS_LADDER_COLUMNS:
        assert column in second, column
    assert {"Feared prediction (how likely, %)", "Safety behaviours to drop", "Variations",
            "Practice: date · fear before → after"} <= set(wording.WS_LADDER_COLUMNS)  # fmt: skip
    assert "hardest" in second and "easiest" in second
    for n in range(1, 9):
        assert re.search(rf"\b{n}\b", second)
    # "Fear after" means one thing, said plainly, on the ladder's scale.
    scale = ladder.load().thermometer
    assert f"Fear after: how anxious you felt at the end of the practice, {scale.min}–{scale.max} (or 0–100%)." in first
    assert "Fear before:" in first and "Fear now:" in first
    # A worked example, marked as one, filled in across the ladder's columns.
    assert wording.WS_EXAMPLE_TAG in first and "Worked example" in first
    for cell in wording.WS_EXAMPLE_ROW:
        assert squash(cell) in first, cell


def test_worksheet_percentages_follow_the_ladders_scale() -> None:
    site = ladder.load()
    short = replace(
        site,
        thermometer=replace(site.thermometer, min=1, max=5, anchors={1: "calm", 5: "terrified"}),
        levels=(replace(site.levels[0], band=(1, 2)), replace(site.levels[1], band=(3, 5))),
    )
    first, _ = page_texts(render_worksheet(title="T", ladder=short))
    assert "Rating fear: 1–5, or 0–100% if you prefer" in first
    assert "1 0% 2 25% 3 50% 4 75% 5 100%" in first
    assert f"Level 2 · {site.levels[1].name}: fear 3–5 (or 50–100%)" in first
    assert "1 means calm and 5 terrified." in first


# -- crisis contacts ------------------------------------------------------------------------------
BAD_CONTACTS: list[tuple[Any, str]] = [
    (None, "contacts are required"),
    ([], "contacts are required"),
    ("call someone", "contacts are required"),
    ({"region": "x"}, "contacts are required"),
    ([{"region": "Northland", "service": "S", "in_line": True}], r"'ways' must be a non-empty list"),
    ([{"region": "Northland", "service": "S", "in_line": True, "ways": [{"kind": "call"}]}], "'number'"),
    ([{"region": "Northland", "service": "S", "in_line": True, "ways": [{"kind": "call", "number": "ring me"}]}],
     "not a phone number"),
    ([{"region": "Northland", "service": "S", "in_line": True, "ways": [{"kind": "text", "number": "555 0100"}]}],
     "keyword"),
    ([{"region": "Northland", "service": "S", "in_line": True, "ways": [{"kind": "web", "url": "http://x.example"}]}],
     "https://"),
    ([{"region": "Northland", "service": "S", "in_line": True, "ways": [{"kind": "fax", "number": "1"}]}], "kind"),
    ([{**CONTACTS[0], "in_line": False}], "in_line"),
]  # fmt: skip


@pytest.mark.parametrize(("contacts", "message"), BAD_CONTACTS)
def test_deck_and_worksheet_refuse_to_print_without_good_contacts(contacts: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_deck(load_cards()[:1], title="T", contacts=contacts)
    with pytest.raises(ValueError, match=message):
        deckpdf.render_worksheet(title="T", contacts=contacts)


def test_leaving_out_contacts_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="must always say where to get help"):
        deckpdf.render_deck(load_cards()[:1], title="T", labels=LABELS)
    with pytest.raises(ValueError, match="must always say where to get help"):
        deckpdf.render_worksheet(title="T")


def expected_links() -> set[str]:
    """A link for every number and address the crisis line shows."""
    return {piece.href for item in line_items(parse_contacts(CONTACTS)) for piece in item if piece.href}


def page_links(data: bytes, page_index: int) -> list[tuple[str, tuple[float, ...]]]:
    page = reader(data).pages[page_index]
    links = []
    for annot in page.get("/Annots") or []:
        annot = annot.get_object()
        assert annot["/Subtype"] == "/Link"
        links.append((str(annot["/A"]["/URI"]), tuple(float(v) for v in annot["/Rect"])))
    return links


def test_every_crisis_number_and_address_is_a_link() -> None:
    wanted = expected_links()
    # The test data has calls, a text with a keyword, a text without, and web addresses.
    assert {"tel:5550100", "tel:5550101", "tel:5550102", "sms:5550102", "tel:01632960001",
            "sms:555010?&body=HELLO", "https://helplines.example/"} <= wanted  # fmt: skip
    deck, sheet = default_deck(), default_worksheet()
    pages = {"deck cover": (deck, 0), "log sheet": (deck, -1), "worksheet 1": (sheet, 0), "worksheet 2": (sheet, 1)}
    for name, (data, index) in pages.items():
        uris = [uri for uri, _ in page_links(data, index)]
        assert set(uris) == wanted, name
        assert len(uris) == len(wanted), f"{name}: a number is linked twice or cut in two"
    for index in range(1, len(reader(deck).pages) - 1):
        assert page_links(deck, index) == [], "card sheets carry no links"


def test_links_cover_the_printed_numbers() -> None:
    """Each link's box sits on the words it links, inside the page."""
    data = default_deck()
    runs = text_runs(data, 0)
    width_pt, height_pt = PAGE_PT["a4"]
    labels = {piece.href: piece.text for item in line_items(parse_contacts(CONTACTS)) for piece in item if piece.href}
    for uri, (x0, y0, x1, y1) in page_links(data, 0):
        assert 0 <= x0 < x1 <= width_pt and 0 <= y0 < y1 <= height_pt
        # Runs are (text, x, y of top, width) in mm from the top left.
        label = labels[uri]
        hits = [r for r in runs if label in r[0] and x0 / PT - 0.5 <= r[1] <= x1 / PT + 0.5]
        assert hits, f"no printed {label!r} under the link to {uri}"


def font_runs(data: bytes, page_index: int) -> list[tuple[str, float, bool]]:
    """(text, size in pt, bold) for every text run on a page."""
    runs: list[tuple[str, float, bool]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            bold = "Bold" in str(font.get("/BaseFont", "")) if font else False
            runs.append((text.strip(), size * tm[3] * cm[3], bold))

    reader(data).pages[page_index].extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize(("which", "index"), [("deck", 0), ("worksheet", 1)])
def test_crisis_panel_numbers_are_large_and_bold(which: str, index: int) -> None:
    """A shaking hand and tired eyes must be able to read them: at least 12 pt, bold."""
    assert NUMBER_PT >= 12
    data = default_deck() if which == "deck" else default_worksheet()
    labels = {piece.text for item in line_items(parse_contacts(CONTACTS)) for piece in item if piece.href}
    runs = font_runs(data, index)
    for label in labels:
        found = [(size, bold) for text, size, bold in runs if label in text]
        assert found, f"{label!r} not printed in the {which}'s crisis panel"
        for size, bold in found:
            assert size >= 12 - 1e-6 and bold, f"{label!r} printed at {size:.1f} pt, bold={bold}"


def test_crisis_panel_keeps_its_size_when_the_cover_shrinks() -> None:
    rules = {"sections": [*DEFAULT_RULES["sections"], *DEFAULT_RULES["sections"]]}
    data = render_deck(load_cards()[:1], title="T", rules=rules)
    body = [size for text, size, bold in font_runs(data, 0) if text.startswith("Predict")]
    assert body and body[0] < 10, "the rules should have shrunk to fit"
    labels = {piece.text for item in line_items(parse_contacts(CONTACTS)) for piece in item if piece.href}
    sizes = [size for text, size, _ in font_runs(data, 0) if any(label in text for label in labels)]
    assert sizes and min(sizes) >= 12 - 1e-6


def test_href_forms() -> None:
    from deckpdf.contacts import Way

    assert href(Way("call", number="116 123")) == "tel:116123"
    assert href(Way("call", number="1-800-668-6868")) == "tel:18006686868"
    assert href(Way("call", number="+44 1632 960 001")) == "tel:+441632960001"
    assert href(Way("text", number="85258", keyword="SHOUT")) == "sms:85258?&body=SHOUT"
    assert href(Way("text", number="988")) == "sms:988"
    assert href(Way("web", url="https://example.org/")) == "https://example.org/"


# -- overflow -------------------------------------------------------------------------------------
@cache
def measuring_doc() -> Doc:
    return Doc(paper="a4", title="measure", author="test")


def test_a_card_that_does_not_fit_is_refused_by_name_not_shrunk_or_cut() -> None:
    card = long_card()
    plan = deck_mod.plan_card(measuring_doc(), parse_card(card))
    assert not plan.fits
    with pytest.raises(ValueError, match="very-long") as info:
        render_deck([*load_cards()[:2], card], title="Overflow")
    assert isinstance(info.value, deck_mod.CardTooLong)
    assert "7 pt" in str(info.value) and "Shorten" in str(info.value)
    # Every card that does not fit is named at once, and only those.
    other = {**long_card(), "id": "also-long"}
    with pytest.raises(deck_mod.CardTooLong) as info:
        render_deck([card, *load_cards(), other], title="Overflow")
    assert [problem.split()[0] for problem in info.value.problems] == ["very-long", "also-long"]
    assert deckpdf.fit_problems([card, *load_cards(), other], labels=LABELS) == list(info.value.problems)
    assert deckpdf.fit_problems(load_cards(), labels=LABELS) == []


def test_a_card_just_too_long_is_refused() -> None:
    """The limit is the space above the form, not a line count: one word too many fails."""
    base = load_cards()[0]
    words: list[str] = []
    while True:
        words.append("word")
        card = {**base, "respect": " ".join(words)}
        if not deck_mod.plan_card(measuring_doc(), parse_card(card)).fits:
            break
    assert len(words) > 3
    with pytest.raises(deck_mod.CardTooLong, match=base["id"]):
        render_deck([card], title="T")
    render_deck([{**card, "respect": " ".join(words[:-1])}], title="T")


def test_unbreakable_word_is_split_not_overflowing() -> None:
    card = {**load_cards()[0], "title": "X" * 60, "ask": "https://example.org/" + "a" * 60}
    doc = measuring_doc()
    plan = deck_mod.plan_card(doc, parse_card(card))
    assert plan.fits
    for block in (plan.title, plan.ask, plan.why, plan.respect):
        for line in block:
            width = sum(doc.text_width(t.text, t.style) for t in line.tokens)
            assert width <= deck_mod.INNER_W + 1e-6
    text = page_texts(render_deck([card], title="T"))[1].replace(" ", "")
    assert "X" * 60 in text and "a" * 60 in text


printable = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "Zs", "Sm", "Sc"),
).filter(lambda ch: ord(ch) in supported_codepoints())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(printable, min_size=1, max_size=60).filter(str.strip),
    ask=st.text(printable, min_size=1, max_size=400).filter(str.strip),
    why=st.text(printable, max_size=200),
    respect=st.text(printable, max_size=200),
    level=st.integers(1, ladder.top_level()),
    area_name=st.text(printable, max_size=60),
    goal=st.booleans(),
)
def test_any_card_either_fits_its_card_or_is_refused(
    title: str, ask: str, why: str, respect: str, level: int, area_name: str, goal: bool
) -> None:
    raw = {"id": "h", "title": title, "ask": ask, "why": why, "respect": respect, "level": level,
           "area_name": area_name, "goal": goal}  # fmt: skip
    doc = measuring_doc()
    plan = deck_mod.plan_card(doc, parse_card(raw))
    lines = [plan.header.level, *([plan.header.area] if plan.header.area else [])]
    lines += [*([plan.goal] if plan.goal else []), *plan.title, *plan.ask, *plan.why, *plan.respect]
    for line in lines:
        width = sum(doc.text_width(t.text, t.style) for t in line.tokens)
        width += sum(doc.text_width(" ", t.style) for t in line.tokens[:-1])
        assert width <= deck_mod.INNER_W + 1e-6
        assert all(t.style.size >= deck_mod.MIN_PT for t in line.tokens)
    if plan.fits:
        assert plan.text_height <= plan.text_budget + 1e-6
        assert render_deck([raw], title="T").startswith(b"%PDF")
    else:
        with pytest.raises(deck_mod.CardTooLong, match="h"):
            render_deck([raw], title="T")


# -- goal cards -------------------------------------------------------------------------------------
def test_goal_cards_carry_the_goal_tag() -> None:
    cards = load_cards()[:3]
    cards[1] = {**cards[1], "goal": True}
    cards[2] = {**cards[2], "goal": False}
    text = page_texts(render_deck(cards, title="T"))[1]
    assert text.count(GOAL_LABEL) == 1
    assert text.index(GOAL_LABEL) < text.index(squash(cards[1]["title"]))
    assert text.index(GOAL_LABEL) > text.index(squash(cards[0]["ask"]))
    text = page_texts(render_deck(cards, title="T", goal_label="Top of the ladder: plan it with support"))[1]
    assert "Top of the ladder: plan it with support" in text and GOAL_LABEL not in text
    with pytest.raises(ValueError, match="goal"):
        render_deck([{**cards[0], "goal": "yes"}], title="T")
    # deckpdf has no words of its own for the tag: a goal card needs the site's.
    with pytest.raises(ValueError, match=r"card #2 .*goal_label"):
        render_deck(cards, title="T", goal_label=None)
    render_deck([cards[0], cards[2]], title="T", goal_label=None)


def test_card_labels_are_the_ones_passed_in() -> None:
    card = load_cards()[0]
    text = page_texts(render_deck([card], title="T", labels={"why": "Pourquoi", "respect": "Avec respect"}))[1]
    assert f"Pourquoi: {squash(card['why'])}" in text and f"Avec respect: {squash(card['respect'])}" in text
    assert f"{LABELS['why']}:" not in text
    # A card with a why or respect line cannot print without its label; one without can.
    for missing in ("why", "respect"):
        with pytest.raises(ValueError, match=rf"card #1 .*'{missing}'"):
            render_deck([card], title="T", labels={k: v for k, v in LABELS.items() if k != missing})
    render_deck([{**card, "why": "", "respect": ""}], title="T", labels=None)
    with pytest.raises(ValueError, match="labels must be a dict"):
        render_deck([card], title="T", labels="Why try it")


def test_goal_tag_takes_room_from_the_text() -> None:
    plain = deck_mod.plan_card(measuring_doc(), parse_card(load_cards()[0]))
    goal = deck_mod.plan_card(measuring_doc(), parse_card({**load_cards()[0], "goal": True}))
    assert goal.goal is not None and plain.goal is None
    assert goal.text_budget < plain.text_budget


# -- sizes, lines and marks on the card sheets ------------------------------------------------------
def test_no_card_style_is_below_7pt() -> None:
    assert deck_mod.MIN_PT == 7.0
    assert min(style.size for style in deck_mod.CARD_STYLES) >= 7.0


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_printed_card_word_is_at_least_7pt(paper: str) -> None:
    cards = load_cards()
    cards[4] = {**cards[4], "goal": True}
    data = render_deck(cards, paper=paper, title="Sizes")
    for index in range(1, len(reader(data).pages) - 1):
        runs = font_runs(data, index)
        assert len(runs) > 50
        small = [(text, round(size, 2)) for text, size, _ in runs if size < 7 - 1e-6]
        assert not small, f"sheet {index}: text below 7 pt: {small[:5]}"


Stroke = tuple[tuple[float, float, float], float, float, float, float, float]


def strokes(data: bytes, page_index: int) -> list[Stroke]:
    """((r, g, b), width, x1, y1, x2, y2), lengths in mm from the top left, for every
    straight line stroked on the page (fpdf2 draws them as "x y m x y l S")."""
    page = reader(data).pages[page_index]
    height_pt = float(page.mediabox.height)
    content = page.get_contents().get_data().decode("latin-1")
    colour, width = (0.0, 0.0, 0.0), 0.0
    found = []
    token = re.compile(r"([\d.]+) ([\d.]+) ([\d.]+) RG|([\d.]+) w|([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S")
    for match in token.finditer(content):
        if match.group(1):
            colour = rgb(tuple(round(float(v) * 255) for v in match.group(1, 2, 3)))  # type: ignore[arg-type]
        elif match.group(4):
            width = float(match.group(4)) / PT
        else:
            x1, y1, x2, y2 = (float(v) for v in match.group(5, 6, 7, 8))
            found.append((colour, width, x1 / PT, (height_pt - y1) / PT, x2 / PT, (height_pt - y2) / PT))
    return found


def rgb(colour: tuple[int, int, int]) -> tuple[float, float, float]:
    """A colour as fpdf2 writes it in the content stream."""
    red, green, blue = (round(c / 255, 3) for c in colour)
    return red, green, blue


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_write_in_lines_are_at_least_45mm_and_three_per_card(paper: str) -> None:
    data = default_deck(paper)
    for index, cards in ((1, 9), (2, len(load_cards()) - 9)):
        lines = [s for s in strokes(data, index) if s[0] == rgb(deck_mod.RULE)]
        assert len(lines) == 3 * cards
        for _, _, x1, y1, x2, y2 in lines:
            assert y1 == pytest.approx(y2), "write-in lines are horizontal"
            assert abs(x2 - x1) >= 45, f"a write-in line is {abs(x2 - x1):.1f} mm long"


def _key(x1: float, y1: float, x2: float, y2: float) -> tuple[float, ...]:
    return tuple(round(v, 2) for v in (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_card_has_thin_cut_lines_all_round(paper: str) -> None:
    w, h = deckpdf.PAPER_SIZES_MM[paper]
    data = default_deck(paper)
    for index, count in ((1, 9), (2, len(load_cards()) - 9)):
        cuts = [s for s in strokes(data, index) if s[0] == rgb(deck_mod.CUT_COLOR)]
        assert all(s[1] == pytest.approx(deck_mod.CUT_WIDTH, abs=0.01) for s in cuts)
        edges = set()
        for i in range(count):
            x, y, cw, ch = deck_mod.card_box(i, w, h)
            edges |= {_key(x, y, x + cw, y), _key(x, y + ch, x + cw, y + ch), _key(x, y, x, y + ch),
                      _key(x + cw, y, x + cw, y + ch)}  # fmt: skip
        # Each edge of every card once; none around an empty cell.
        assert sorted(_key(*s[2:]) for s in cuts) == sorted(edges), f"sheet {index}"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_mark_is_at_least_5mm_from_the_paper_edge(paper: str) -> None:
    w, h = deckpdf.PAPER_SIZES_MM[paper]
    data = default_deck(paper)
    assert deck_mod.EDGE_SAFE >= 5
    marks = [s for s in strokes(data, 1) if s[0] == rgb(INK_RGB)]
    assert len(marks) == 4 * 4, "an edge mark at both ends of every cut line"
    len_v, len_h = deck_mod.mark_lengths(w, h)
    assert len_v >= 2 and len_h >= 2, "marks long enough to see"
    for sheet in (1, 2):
        for _, line_w, x1, y1, x2, y2 in strokes(data, sheet):
            # Lines have projecting caps: ink reaches half the line width past each end.
            reach = line_w / 2
            for x in (x1, x2):
                assert x - reach >= 5 and x + reach <= w - 5, (paper, sheet, x)
            for y in (y1, y2):
                assert y - reach >= 5 and y + reach <= h - 5, (paper, sheet, y)


@cache
def glyph_widths(bold: bool) -> tuple[dict[int, str], dict[str, int], int]:
    font = TTFont(font_path("B" if bold else ""))
    return font.getBestCmap(), {k: v[0] for k, v in font["hmtx"].metrics.items()}, font["head"].unitsPerEm


def text_runs(data: bytes, page_index: int) -> list[tuple[str, float, float, float]]:
    """(text, x, y, width) in mm from the top-left, measured with fontTools."""
    page = reader(data).pages[page_index]
    height_pt = float(page.mediabox.height)
    runs: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        # pypdf may prefix a synthetic space when joining runs on one line;
        # the matrix still points at the first real glyph, so measure stripped.
        text = text.strip()
        if not text:
            return
        bold = "Bold" in str(font.get("/BaseFont", "")) if font else False
        cmap, advances, upem = glyph_widths(bold)
        width_pt = sum(advances[cmap[ord(ch)]] for ch in text) / upem * size
        x_pt, y_pt = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
        runs.append((text, x_pt / PT, (height_pt - y_pt) / PT, width_pt / PT))

    page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_all_card_text_lies_inside_its_card(paper: str) -> None:
    cards = load_cards()[:9]
    cards[0] = {**cards[0], "goal": True}
    pdf = render_deck(cards, paper=paper, title="Bounds")
    w, h = deckpdf.PAPER_SIZES_MM[paper]
    boxes = [deck_mod.card_box(i, w, h) for i in range(9)]
    runs = text_runs(pdf, 1)
    assert len(runs) > 9 * 10
    for text, x, y, width in runs:
        inside = [
            (bx, by)
            for bx, by, bw, bh in boxes
            if bx + deck_mod.PAD_X - 0.01 <= x
            and x + width <= bx + bw - deck_mod.PAD_X + 0.05
            and by + deck_mod.PAD_TOP <= y <= by + bh - deck_mod.PAD_BOTTOM
        ]
        assert inside, f"text outside any card's safe area: {text!r} at ({x:.1f}, {y:.1f}) w={width:.1f}"


def read_pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    # Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
    magic, w, h, maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    return int(w), int(h), pixels


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_rendered_sheet_cut_lines_are_clear_of_ink_and_marks_present(paper: str, tmp_path: Path) -> None:
    """Rasterise a card sheet: every cut line is printed, nothing else comes within 2.5 mm
    of one, edge marks continue them into the margin, and no ink is within 5 mm of the
    paper's edge.

    This catches text or lines overflowing a card, and marks drawn across cards or where
    a printer cannot print, whatever the cause.
    """
    pdf = tmp_path / "deck.pdf"
    cards = load_cards()[:9]
    cards[2] = {**cards[2], "goal": True}
    pdf.write_bytes(render_deck(cards, paper=paper, title="Raster"))
    dpi = 100
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", "2", "-l", "2", str(pdf), str(tmp_path / "p")], check=True
    )
    (pgm,) = tmp_path.glob("p*.pgm")
    width, height, pixels = read_pgm(pgm)
    px = dpi / 25.4

    def ink(x_mm: float, y_mm: float) -> bool:
        # Any visible grey counts: thin strokes are anti-aliased.
        return pixels[round(y_mm * px) * width + round(x_mm * px)] < 245

    def near(x_mm: float, y_mm: float) -> bool:
        # A 0.15 mm line is under one pixel wide at 100 dpi: look at neighbours.
        return any(ink(x_mm + dx / px, y_mm + dy / px) for dx in (-1, 0, 1) for dy in (-1, 0, 1))

    w_mm, h_mm = deckpdf.PAPER_SIZES_MM[paper]
    x0, y0 = deck_mod.grid_origin(w_mm, h_mm)
    x1, y1 = x0 + 3 * deck_mod.CARD_W, y0 + 3 * deck_mod.CARD_H
    clear = [d / 4 for d in range(3, 11)]  # 0.75–2.5 mm either side of a cut line: blank
    cuts_x = [x0 + c * deck_mod.CARD_W for c in range(4)]
    cuts_y = [y0 + r * deck_mod.CARD_H for r in range(4)]

    def crossing(value: float, cuts: list[float]) -> bool:
        return any(abs(value - cut) < 0.75 for cut in cuts)

    for c, cut_x in enumerate(cuts_x):
        for y_quarter in range(int(y0 * 4) + 1, int(y1 * 4)):
            y = y_quarter / 4
            assert near(cut_x, y), f"vertical cut line {c} missing at y={y}"
            if crossing(y, cuts_y):
                continue
            for d in clear:
                for x in (cut_x - d, cut_x + d):
                    if x0 < x < x1:
                        assert not ink(x, y), f"ink {d} mm from vertical cut {c} at y={y}"
        # An edge mark continues the cut line above and below the grid.
        assert all(near(cut_x, y0 - d) for d in (0.5, 1.5))
        assert all(near(cut_x, y1 + d) for d in (0.5, 1.5))
    for r, cut_y in enumerate(cuts_y):
        for x_quarter in range(int(x0 * 4) + 1, int(x1 * 4)):
            x = x_quarter / 4
            assert near(x, cut_y), f"horizontal cut line {r} missing at x={x}"
            if crossing(x, cuts_x):
                continue
            for d in clear:
                for y in (cut_y - d, cut_y + d):
                    if y0 < y < y1:
                        assert not ink(x, y), f"ink {d} mm from horizontal cut {r} at x={x}"
        assert all(near(x0 - d, cut_y) for d in (0.5, 1.5, 4.0))
        assert all(near(x1 + d, cut_y) for d in (0.5, 1.5, 4.0))
    # Nothing within 5 mm of the paper's edge (Letter's margins are the tight ones).
    edge = round(5 * px) - 1
    for row in range(height):
        for col in range(width):
            if row < edge or row >= height - edge or col < edge or col >= width - edge:
                assert pixels[row * width + col] >= 245, f"ink at ({col / px:.1f}, {row / px:.1f}) mm"


# -- determinism, metadata, fonts ---------------------------------------------------------------------
def test_same_input_same_bytes() -> None:
    cards = load_cards()
    first = render_deck(cards, title="Same", paper="letter")
    second = render_deck(copy.deepcopy(cards), title="Same", paper="letter")
    assert first == second
    assert render_worksheet(title="W") == render_worksheet(title="W")


def test_metadata() -> None:
    meta = reader(default_deck()).metadata
    assert meta is not None
    assert meta.title == "Small Brave Steps"
    assert meta.author == "deckpdf"
    assert meta["/CreationDate"].startswith("D:20250101")
    custom = reader(render_deck(load_cards()[:1], title="T", author="A Person")).metadata
    assert custom is not None and custom.author == "A Person"


def test_fonts_are_embedded_subsets_and_files_are_small() -> None:
    pdf = default_deck()
    fonts = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVu" in f and "+" in f for f in fonts)  # "+" marks a subset
    assert len(pdf) < 120_000
    for style in FONT_FILES:
        assert font_path(style).stat().st_size < 80_000
    licence = (ROOT / "deckpdf" / "fonts" / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream Vera Fonts Copyright" in licence and "Arev Fonts Copyright" in licence


def test_subset_fonts_cover_the_promised_characters() -> None:
    needed = "AZaz09éÉñÑüÜøØßŁłŐőŠšŽžĆć‘’“”–—…•·≤≥→✓€£°×"
    for ch in needed:
        assert ord(ch) in supported_codepoints(), ch


# -- runtime constraints ---------------------------------------------------------------------------------
def test_works_without_pillow() -> None:
    """Pyodide has no Pillow: import and render with PIL blocked."""
    code = (
        "import sys; sys.modules['PIL'] = None\n"
        "import json, deckpdf\n"
        f"cards = json.load(open({str(FIXTURE)!r}, encoding='utf-8'))\n"
        f"contacts = json.load(open({str(CONTACTS_FIXTURE)!r}, encoding='utf-8'))\n"
        f"d = deckpdf.render_deck(cards, paper='letter', title='No PIL', contacts=contacts, labels={LABELS!r})\n"
        "w = deckpdf.render_worksheet(paper='a4', title='No PIL', contacts=contacts)\n"
        "assert d.startswith(b'%PDF') and w.startswith(b'%PDF')\n"
        "try:\n"
        "    import PIL\n"
        "except ImportError:\n"
        "    print('pil-blocked')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "pil-blocked" in result.stdout


def test_fonts_load_once_per_document_whatever_the_card_count(monkeypatch: pytest.MonkeyPatch) -> None:
    # Speed itself is measured by the benchmark (scripts/bench.sh), never by timed tests;
    # this guards the regression that would hurt it most: loading fonts per card.
    from fpdf import FPDF

    calls: list[str] = []
    original = FPDF.add_font

    def counting(self: FPDF, *args: object, **kwargs: object) -> object:
        calls.append(str(args[:2]))
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(FPDF, "add_font", counting)
    cards = load_cards()
    render_deck(cards[:1], title="One")
    one = len(calls)
    calls.clear()
    render_deck((cards * 6)[:60], title="Sixty")
    assert one > 0 and len(calls) == one


def test_our_width_table_matches_fpdf2() -> None:
    """Layout measures with our own glyph table; it must agree with fpdf2's."""
    from deckpdf._doc import FAMILY, Style

    doc = Doc(paper="a4", title="w", author="w")
    sample = "Zoë’s “ask” – Łukasz… 0–100% ≤ → ✓ WAVY"
    for bold in (False, True):
        doc.pdf.set_font(FAMILY, "B" if bold else "", 9)
        assert doc.text_width(sample, Style(9, bold=bold)) == pytest.approx(doc.pdf.get_string_width(sample), abs=1e-9)


def test_fonts_load_from_a_zipped_package(tmp_path: Path) -> None:
    """Inside a zip the fonts are not real files; they must still load."""
    import zipfile

    archive = tmp_path / "deckpdf.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in (ROOT / "deckpdf").rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts:
                zf.write(file, file.relative_to(ROOT).as_posix())
    code = (
        f"import sys; sys.path.insert(0, {str(archive)!r})\n"
        "import deckpdf, deckpdf._fonts as f\n"
        f"assert deckpdf.__file__.startswith({str(archive)!r}), deckpdf.__file__\n"
        f"contacts = {CONTACTS!r}\n"
        "pdf = deckpdf.render_deck([{'id': 'a', 'title': 'Zoë', 'ask': 'Ask.', 'level': 1}], title='Zip',\n"
        "                          contacts=contacts)\n"
        "assert pdf.startswith(b'%PDF') and f.font_path('').exists()\n"
        "print('zip-ok')\n"
    )
    # Run from the project, so quiz (which deckpdf reads the ladder from) is this checkout's.
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "zip-ok" in result.stdout
