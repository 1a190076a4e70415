"""The progress report PDF: both paper sizes; its header says who it is for; every entry's
"what I learned" in full; the crisis contacts; its words from the site's content."""

from __future__ import annotations

import json
import re

import pytest

from deckpdf.progress import WORDS_FILE, load_words, render_progress, words_from
from deckpdf.site import progress_pdf_from_json
from experiments import parse
from tests.conftest import ROOT
from tests.deckcheck import assert_paper, page_texts, payload, payload_text, squash
from tests.experimentscheck import SAMPLE_LOG, log_text, valid_entry

WORDS = load_words(ROOT / WORDS_FILE)


def _text(data: bytes) -> str:
    return " ".join(page_texts(data))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_report_holds_header_learned_texts_and_contacts(paper: str) -> None:
    log = parse(SAMPLE_LOG.read_text(encoding="utf-8"))
    data = render_progress(log, words=WORDS, contacts=payload()["contacts"], paper=paper)
    assert_paper(data, paper)
    text = _text(data)
    assert squash(WORDS.title) in text and squash(WORDS.who_for) in page_texts(data)[0]
    assert "therapist" in page_texts(data)[0]
    for entry in log.entries:
        assert entry.learned and squash(entry.learned) in text, entry.learned
    assert 'Ask my neighbour to water my plants <while I\'m away> & say "thanks"' in text
    # The crisis line's contacts (in_line), as on every printed PDF.
    numbers = [
        way["number"]
        for contact in payload()["contacts"]
        if contact.get("in_line")
        for way in contact["ways"]
        if way.get("number")
    ]
    assert numbers and all(number in text for number in numbers)
    for page in page_texts(data):
        assert squash(WORDS.crisis_heading) in page  # the crisis line at the foot of every page
    assert squash(WORDS.not_therapy) in page_texts(data)[-1]


def test_a_long_note_is_printed_in_full_across_pages() -> None:
    notes = [" ".join(f"{part}{n}" for n in range(540)) for part in ("alpha", "beta")]
    assert all(len(note) < 5_000 for note in notes)  # the longest a note may be
    log = parse(log_text(*(valid_entry(date=f"2026-11-0{i + 1}", learned=note) for i, note in enumerate(notes)),
                         valid_entry(date="2026-11-27", learned="Short one.")))  # fmt: skip
    data = render_progress(log, words=WORDS, contacts=payload()["contacts"])
    assert len(page_texts(data)) >= 3
    text = _text(data)
    # Every word, in order, whatever the page breaks put between them.
    for part in ("alpha", "beta"):
        assert [int(n) for n in re.findall(rf"{part}(\d+)", text)] == list(range(540))
    assert "Short one." in text


@pytest.mark.parametrize("count", [0, 1])
def test_no_entry_or_one_entry_gives_a_report(count: int) -> None:
    log = parse(log_text(*[valid_entry()] * count))
    text = _text(render_progress(log, words=WORDS, contacts=payload()["contacts"]))
    assert squash(WORDS.title) in text
    assert (squash(WORDS.learned_none) in text) is (count == 0)


def test_no_report_without_contacts() -> None:
    with pytest.raises(ValueError, match="contacts are required"):
        render_progress(parse(log_text(valid_entry())), words=WORDS, contacts=None)


def test_the_browser_entry_point_builds_the_same_report() -> None:
    request = {"log": json.loads(SAMPLE_LOG.read_text(encoding="utf-8")), "paper": "letter"}
    words = (ROOT / WORDS_FILE).read_text(encoding="utf-8")
    data = progress_pdf_from_json(payload_text(), words, json.dumps(request))
    assert_paper(data, "letter")
    cards = {card["id"]: card["title"] for card in payload()["cards"]}
    used = [entry.card for entry in parse(SAMPLE_LOG.read_text(encoding="utf-8")).entries if entry.card in cards]
    assert used and all(squash(cards[card]) in _text(data) for card in used)  # deck cards by their titles
    bad = {"log": {"version": 1, "entries": [valid_entry(predicted_no=-5)]}, "paper": "a4"}
    with pytest.raises(ValueError, match=r'Entry 1, field "predicted_no": -5 is outside 0 to 100'):
        progress_pdf_from_json(payload_text(), words, json.dumps(bad))
    with pytest.raises(ValueError, match="paper must be one of a4, letter"):
        progress_pdf_from_json(payload_text(), words, json.dumps({**request, "paper": "a5"}))


def test_the_same_log_gives_the_same_bytes() -> None:
    log = parse(SAMPLE_LOG.read_text(encoding="utf-8"))
    contacts = payload()["contacts"]
    assert render_progress(log, words=WORDS, contacts=contacts) == render_progress(log, words=WORDS, contacts=contacts)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"title": ""}, "'title' is missing or empty"),
        ({"discuss": []}, "'discuss' must be a non-empty list"),
        ({"titel": "x"}, "unknown field 'titel'"),
    ],
)
def test_bad_report_words_name_the_file_and_field(change: dict[str, object], words: str) -> None:
    data = {**json.loads((ROOT / WORDS_FILE).read_text(encoding="utf-8")), **change}
    with pytest.raises(ValueError, match=re.escape(f"report.json: {words}")):
        words_from(data, "report.json")


def test_the_report_s_topic_words_live_in_content() -> None:
    """The words that make it this site's report (who it is for) come from content/, so
    another topic can say its own; the report's code types none of them."""
    source = (ROOT / "deckpdf" / "progress.py").read_text(encoding="utf-8")
    for field in ("title", "who_for", "intro", "not_therapy"):
        assert getattr(WORDS, field) not in source
    assert "therapist" in WORDS.who_for and "therapist" not in source.lower()
