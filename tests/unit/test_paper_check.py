"""The printed self-check (issue 12, part 4): made from the same data the engine scores with,
for this topic and for a new one, read back with pypdf; and the words it needs, checked."""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path

import pypdf
import pytest

from deckpdf._blocks import Flow
from deckpdf._doc import Doc, Style
from deckpdf._paging import Pager
from deckpdf.contacts import line_items, list_items, plain
from deckpdf.paper_schema import PLACEHOLDERS, WORD_FIELDS
from generator import scaffold, self_check
from generator.errors import ContentErrors
from generator.loader import load_content
from quiz import definition
from quiz.cutoffs import describe_catalogue, rule_text
from tests.conftest import ROOT, SELF_CHECK

PAGE_PT = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


def squash(text: str) -> str:
    """Whitespace collapsed: wrapping splits lines anywhere."""
    return re.sub(r"\s+", " ", text).strip()


def _load(root: Path) -> tuple[self_check.SelfCheck, list, list]:
    self_check.use_definition(root / "content" / "self-check")
    content = load_content(root / "content", self_check.taxonomy())
    check = self_check.load(root / "content", "self-check", content.fragments)
    every = list(content.contacts.values())
    return check, every, [contact for contact in every if contact.ages == "everyone"]


@pytest.fixture(autouse=True)
def _back_to_this_topic():
    # Loading another topic's self-check makes it the engine's current one; put ours back.
    yield
    definition.use(SELF_CHECK)


@cache
def _printed(root: Path) -> tuple[self_check.SelfCheck, list, list, dict[str, list[str]]]:
    import tempfile

    check, every, listed = _load(root)
    texts = {}
    # Cached for the whole run, so a pytest tmp_path (per test) will not do; cleaned up here.
    with tempfile.TemporaryDirectory(prefix="paper-check-") as folder:
        made = self_check.write_paper(check, every, listed, "Site name", Path(folder))
        for paper in self_check.PAPERS:
            reader = pypdf.PdfReader(io.BytesIO(made[self_check.PAPER_URI.format(paper=paper)].read_bytes()))
            width, height = (float(v) for v in reader.pages[0].mediabox[2:])
            assert (round(width, 1), round(height, 1)) == tuple(round(v, 1) for v in PAGE_PT[paper]), paper
            texts[paper] = [squash(page.extract_text()) for page in reader.pages]
    definition.use(SELF_CHECK)
    return check, every, listed, texts


@pytest.fixture(scope="module")
def new_topic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("topics") / "example"
    scaffold.create(target, "An example topic")
    return target


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("topic", ["this site", "a new topic"])
def test_the_printout_holds_the_whole_self_check(paper: str, topic: str, new_topic: Path) -> None:
    root = ROOT if topic == "this site" else new_topic
    check, every, listed, texts = _printed(root)
    pages = texts[paper]
    text = " ".join(pages)
    cat = check.cat
    # Every question and every answer, as the page's form shows them.
    for section in cat.questionnaire()["sections"]:
        assert squash(section["title"]) in text
        if section.get("notice"):
            assert squash(section["notice"]) in text
        for item in section["items"]:
            assert squash(item["text"]) in text, item["id"]
            for option in item["options"]:
                assert squash(str(option["label"])) in text, (item["id"], option["label"])
    # Every rule in words, so every cut-off number, each with its source.
    for cutoff in cat.cutoffs:
        assert squash(rule_text(cutoff, cat)) in text, cutoff.id
        assert squash(f"{check.words['source']} {cutoff.source}") in text, cutoff.id
    for row in describe_catalogue(cat):
        assert squash(row["rule"]) in text and squash(row["source"]) in text, row["id"]
    # How to add up each score, with its range.
    for instrument in cat.instruments:
        if instrument.scored_items is not None:
            low, high = instrument.score_range
            assert f"{instrument.score_label}: " in text and f"{low} to {high}" in text
    # A screen, not a diagnosis: said in the key, and at the foot of every page.
    assert squash(check.paper_words["key_intro"]) in text
    footer = check.paper_words["footer"].split("{")[0].strip()
    assert all(footer in page for page in pages)
    # Every outcome, most cautious first: in the rules, and in what each means.
    ordered = cat.outcomes.ordered
    meaning_at = []
    for outcome in ordered:
        meaning = squash(check.meanings[outcome.id])
        assert meaning in text, outcome.id
        meaning_at.append(text.index(meaning))
        if outcome is not ordered[-1]:
            assert squash(check.paper_words["leads_to"].format(summary=outcome.summary)) in text
    assert meaning_at == sorted(meaning_at)
    assert squash(check.paper_words["otherwise"].format(summary=cat.outcomes.default.summary)) in text
    # The contacts: the crisis line on every page, before the questions on the first, and
    # the full list of services for everyone.
    items = [squash(plain(item)) for item in line_items(every)]
    for page in pages:
        assert all(item in page for item in items)
    first_question = squash(cat.questionnaire()["sections"][0]["items"][0]["text"])
    assert pages[0].index(squash(check.paper_words["crisis_heading"])) < pages[0].index(first_question)
    for heading, ways, sentences in list_items(listed):
        assert squash(heading) in text
        for piece in ways:
            if piece.strong:
                assert piece.text in text
        for sentence in sentences:
            assert squash(sentence) in text


def test_crisis_comes_first_in_the_key_and_the_meanings() -> None:
    check, _, _, texts = _printed(ROOT)
    text = " ".join(texts["a4"])
    cat = check.cat
    crisis = cat.outcomes.ordered[0]
    assert crisis.crisis
    key = text.index(squash(check.paper_words["key_heading"]), text.index(squash(check.paper_words["key_intro"])) - 40)
    first_rule = text.index(squash(check.paper_words["leads_to"].format(summary=crisis.summary)), key)
    for outcome in cat.outcomes.ordered[1:-1]:
        assert text.index(squash(check.paper_words["leads_to"].format(summary=outcome.summary))) > first_rule
    # The full list of contacts follows the crisis outcome's meaning, before the next outcome.
    crisis_meaning = text.index(squash(check.meanings[crisis.id]))
    contacts = text.index(squash(check.paper_words["contacts_heading"]), crisis_meaning)
    assert contacts < text.index(squash(check.meanings[cat.outcomes.ordered[1].id]))


def test_the_printout_shows_the_numbers_a_score_adds_and_no_others() -> None:
    check, _, _, texts = _printed(ROOT)
    text = " ".join(texts["a4"])
    # PHQ-2 answers add up, so each shows its number; the coping questions have no total.
    assert "Not at all (0) Several days (1) More than half the days (2) Nearly every day (3)" in text
    coping = next(i for i in check.cat.instruments if i.scored_items is None)
    label = coping.items[0].options[0].label
    assert squash(label) in text and f"{squash(label)} (0)" not in text


def test_the_same_data_gives_the_same_bytes(tmp_path: Path) -> None:
    check, every, listed = _load(ROOT)
    first = self_check.write_paper(check, every, listed, "Site", tmp_path / "one")
    second = self_check.write_paper(check, every, listed, "Site", tmp_path / "two")
    for uri, path in first.items():
        assert path.read_bytes() == second[uri].read_bytes(), uri


def test_every_printed_word_is_one_a_topic_writes() -> None:
    """The build asks a topic for exactly the words the printout uses."""
    asked = set(self_check.PAPER_WORDS) | set(self_check.PAPER_DECK_WORDS)
    assert set(WORD_FIELDS) <= asked
    assert set(PLACEHOLDERS) <= set(WORD_FIELDS)
    # The links' words are the page's, not the printout's.
    assert asked - set(WORD_FIELDS) == {"link", "link_a4", "link_letter"}


def test_the_links_are_relative_to_the_page() -> None:
    check, _, _, _ = _printed(ROOT)
    top = self_check.paper_links(check, "self-assessment.md")
    assert "(assets/pdf/self-check-on-paper-a4.pdf){ download }" in top
    assert "(assets/pdf/self-check-on-paper-letter.pdf){ download }" in top
    assert "(../assets/pdf/self-check-on-paper-a4.pdf)" in self_check.paper_links(check, "help/quiz.md")


def _broken(new_topic: Path, tmp_path: Path, change) -> str:
    import shutil

    target = tmp_path / "topic"
    shutil.copytree(new_topic, target)
    path = target / "content/self-check/self-check.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        _load(target)
    return caught.value.report()


@pytest.mark.parametrize(
    ("change", "names"),
    [
        (lambda d: d.pop("paper"), ["self-check.json", "paper", "needs 'words' and 'meanings'"]),
        (lambda d: d["paper"]["words"].pop("key_intro"), ["paper.words", "key_intro", "not a diagnosis"]),
        (lambda d: d["paper"]["words"].update(titel="x"), ["paper.words", "unknown word(s) titel"]),
        (
            lambda d: d["paper"]["words"].update(score_line="{label} is {total}"),
            ["paper.words.score_line", "{total}", "{high}"],
        ),
        (lambda d: d["paper"]["words"].update(footer="page {page"), ["paper.words.footer", "stray brace"]),
        (lambda d: d["paper"]["meanings"].pop("general"), ["paper.meanings.general", "is missing"]),
        (lambda d: d["paper"]["meanings"].update(other="x"), ["paper.meanings", "other is not an outcome"]),
    ],
    ids=["no-paper", "missing-word", "unknown-word", "bad-placeholder", "stray-brace", "no-meaning", "extra"],
)
def test_the_paper_words_are_checked_with_file_and_field(new_topic: Path, tmp_path: Path, change, names) -> None:
    report = _broken(new_topic, tmp_path, change)
    for name in names:
        assert name in report, report
    assert "Traceback" not in report


@pytest.mark.parametrize(
    ("change", "names"),
    [
        (lambda d: d["page"]["words"].pop("engine_ready"), ["page.words", "engine_ready", "once the engine is ready"]),
        (
            lambda d: d["page"]["words"].update(engine_progress="{recieved} of {total} MB"),
            ["page.words.engine_progress", "uses {recieved}", "{received}, {total}"],
        ),
        (
            lambda d: d["page"]["words"].update(crisis_engine_note="{reason"),
            ["page.words.crisis_engine_note", "stray brace"],
        ),
    ],
    ids=["missing-status-word", "misspelt-placeholder", "stray-brace"],
)
def test_the_status_lines_words_are_checked_with_file_and_field(new_topic: Path, tmp_path: Path, change, names) -> None:
    """What the self-check's status line says is the topic's words too, checked like the rest."""
    report = _broken(new_topic, tmp_path, change)
    for name in names:
        assert name in report, report
    assert "Traceback" not in report


def test_a_deck_topic_must_name_its_start_rules() -> None:
    raw = json.loads((SELF_CHECK / "self-check.json").read_text(encoding="utf-8"))
    raw["paper"]["words"].pop("start_heading")
    check, _, _ = _load(ROOT)
    with pytest.raises(ContentErrors) as caught:
        self_check._paper(raw["paper"], "content/self-check/self-check.json", check.cat)
    assert "start_heading" in caught.value.report()


# -- page breaks ------------------------------------------------------------------------------
def _block(doc: Doc, height: float) -> Flow:
    flow = Flow(doc, 10, 100)
    flow.custom(height, lambda y: None)
    return flow


def test_a_heading_moves_to_the_next_page_with_what_follows_it() -> None:
    doc = Doc(paper="a4", title="t", author="a")
    pager = Pager(top=10, bottom=110)
    pager.add(_block(doc, 80))
    heading = _block(doc, 8)
    pager.add(heading, space_before=2, keep_with_next=True)
    pager.add(_block(doc, 15), space_before=1)
    pages = pager.layout("test")
    assert len(pages) == 2
    assert pages[1][0] == (pager.blocks[1], 10)  # at the top: the space before it dropped
    assert [block.flow for block, _ in pages[0]] != [heading]


def test_a_block_taller_than_a_page_is_refused_not_cut() -> None:
    doc = Doc(paper="a4", title="t", author="a")
    pager = Pager(top=10, bottom=110)
    pager.add(_block(doc, 120))
    with pytest.raises(ValueError, match="the printed thing: one block is taller than a page"):
        pager.layout("the printed thing")


def test_nothing_is_drawn_below_the_body_or_past_the_margins(tmp_path: Path) -> None:
    """Every text line sits inside the page's margins (pypdf's visitor sees each one)."""
    check, every, listed = _load(ROOT)
    made = self_check.write_paper(check, every, listed, "Site", tmp_path)
    for paper in self_check.PAPERS:
        reader = pypdf.PdfReader(io.BytesIO(made[self_check.PAPER_URI.format(paper=paper)].read_bytes()))
        width, height = PAGE_PT[paper]
        margin = 16.0 / 25.4 * 72  # deck.MARGIN in points
        for page in reader.pages:
            spots: list[tuple[float, float, str]] = []

            def visit(text, cm, tm, font, size, spots=spots) -> None:
                if text.strip():
                    spots.append((tm[4], tm[5], text))

            page.extract_text(visitor_text=visit)
            assert spots
            for x, y, text in spots:
                assert margin - 1 <= x <= width - margin, (paper, text)
                assert 0 < y <= height - margin + 1, (paper, text)


def test_styles_stay_readable() -> None:
    from deckpdf import paper_check

    sizes = [value.size for value in vars(paper_check).values() if isinstance(value, Style)]
    assert min(sizes) >= 7.5
