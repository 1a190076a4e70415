"""The questionnaire, the ladder and the cut-off list: exact wordings, licence notices and
sources, and the instruments we must never ship."""

import json
import re

import pytest

import quiz
from tests.conftest import SELF_CHECK

PHQ_NOTICE = (
    "PHQ and GAD items developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
    "colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, "
    "translate, display or distribute."
)
STEM = "Over the last 2 weeks, how often have you been bothered by…"
SCALE = [
    {"value": 0, "label": "Not at all"},
    {"value": 1, "label": "Several days"},
    {"value": 2, "label": "More than half the days"},
    {"value": 3, "label": "Nearly every day"},
]
PUBLISHED_ITEMS = {
    "phq2": {
        "phq2_1": "Little interest or pleasure in doing things",
        "phq2_2": "Feeling down, depressed, or hopeless",
    },
    "gad2": {
        "gad2_1": "Feeling nervous, anxious or on edge",
        "gad2_2": "Not being able to stop or control worrying",
    },
    "phq9_item9": {
        "phq9_9": "Thoughts that you would be better off dead, or of hurting yourself in some way",
    },
}


@pytest.fixture(scope="module")
def sections() -> dict[str, dict]:
    return {section["id"]: section for section in quiz.questionnaire()["sections"]}


@pytest.mark.parametrize("section_id", sorted(PUBLISHED_ITEMS))
def test_published_items_are_verbatim_with_stem_scale_and_notice(sections, section_id):
    section = sections[section_id]
    assert section["validated"] is True
    assert section["stem"] == STEM
    assert section["notice"] == PHQ_NOTICE
    assert section["source"]
    assert {item["id"]: item["text"] for item in section["items"]} == PUBLISHED_ITEMS[section_id]
    for item in section["items"]:
        assert item["kind"] == "single"
        assert item["options"] == SCALE


@pytest.mark.parametrize("section_id", ["social_fear", "coping"])
def test_our_own_items_say_they_are_not_validated(sections, section_id):
    section = sections[section_id]
    assert section["validated"] is False
    assert "our own" in section["notice"]
    assert "not a validated test" in section["notice"]
    for item in section["items"]:
        values = [option["value"] for option in item["options"]]
        # Rising values mean rising severity; the monotone rule language depends on it.
        assert values == sorted(values) and values[0] == 0


def test_own_items_cover_what_clinicians_look_for(sections):
    social = " ".join(item["text"] for item in sections["social_fear"]["items"]).lower()
    for feature in ("judged", "embarrass", "avoid", "work, study or relationships", "how long"):
        assert feature in social
    duration = next(i for i in sections["social_fear"]["items"] if i["id"] == "sf_duration")
    assert "6 months or more" in [option["label"] for option in duration["options"]]
    coping = " ".join(item["text"] for item in sections["coping"]["items"]).lower()
    for feature in ("turns you down", "on your own", "someone you could talk to"):
        assert feature in coping


def test_questionnaire_order_and_shape():
    questionnaire = quiz.questionnaire()
    assert "not a diagnosis" in questionnaire["intro"]
    ids = [section["id"] for section in questionnaire["sections"]]
    assert ids == ["phq2", "gad2", "phq9_item9", "social_fear", "coping", "areas", "fear-ratings"]
    item_ids = [item["id"] for section in questionnaire["sections"] for item in section["items"]]
    assert len(item_ids) == len(set(item_ids))
    for section in questionnaire["sections"]:
        assert {"id", "title", "intro", "validated", "items"} <= set(section)
        for item in section["items"]:
            assert item["kind"] in ("single", "multi")
            assert item["options"] and all(set(o) == {"value", "label"} for o in item["options"])
            assert ("min_choices" in item) == (item["kind"] == "multi")
    json.dumps(questionnaire)  # JSON-able, for the page build and for Pyodide


def test_deck_choice_questions(sections):
    (areas,) = sections["areas"]["items"]
    assert areas["kind"] == "multi" and areas["min_choices"] == 1
    assert [(o["value"], o["label"]) for o in areas["options"]] == [
        ("everyday", "Everyday requests"),
        ("strangers", "Strangers and small talk"),
        ("work-study", "Work and study"),
        ("friendship", "Friendship"),
        ("dating", "Dating (adults only)"),
        ("public", "Being seen in public"),
        ("money", "Money and negotiation"),
        ("phone-calls", "Phone calls"),
        ("meetings", "Meetings and video calls"),
        ("eating-drinking", "Eating and drinking in front of others"),
        ("being-watched", "Being watched while you do something"),
        ("assertiveness", "Speaking up and saying no"),
        ("online", "Online: group chats, voice notes, reviews"),
    ]
    ratings = sections["fear-ratings"]["items"]
    assert [item["id"] for item in ratings] == [f"fear_{level}" for level in range(1, 6)]
    assert [item["text"] for item in ratings] == [level.sample for level in quiz.ladder.levels()]
    assert "Anxiety Canada" in sections["fear-ratings"]["source"]
    for item in ratings:
        assert [o["value"] for o in item["options"]] == list(range(11))


def test_ladder_api():
    levels = quiz.ladder.levels()
    assert [(lv.level, lv.name, lv.band) for lv in levels] == [
        (1, "First steps", (0, 2)),
        (2, "Warming up", (3, 4)),
        (3, "Stretching", (5, 6)),
        (4, "Bold", (7, 8)),
        (5, "Big asks", (9, 10)),
    ]
    assert all(level.sample.strip() for level in levels)
    # One calibration: each sample's example rating sits in its level's band and rises with the level.
    assert [level.sample_rating for level in levels] == [1, 3, 5, 7, 9]
    assert all(level.band[0] <= level.sample_rating <= level.band[1] for level in levels)
    assert quiz.ladder.area_ids() == (
        "everyday",
        "strangers",
        "work-study",
        "friendship",
        "dating",
        "public",
        "money",
        "phone-calls",
        "meetings",
        "eating-drinking",
        "being-watched",
        "assertiveness",
        "online",
    )
    assert quiz.ladder.top_level() == 5
    for area in quiz.ladder.areas():
        assert area.neighbours and area.id not in area.neighbours
        assert set(area.neighbours) <= set(quiz.ladder.area_ids())


def test_every_cutoff_is_described_with_its_source():
    rows = quiz.cutoffs.describe()
    by_id = {row["id"]: row for row in rows}
    assert len(by_id) == len(rows)
    for row in rows:
        assert set(row) == {"id", "name", "instrument", "role", "rule", "source", "validated"}
        assert row["rule"].strip() and row["source"].strip()
        assert row["role"] in ("crisis", "therapist", "deck_with_support", "start_level")
        if not row["validated"]:
            assert "not validated" in row["source"] or row["role"] == "start_level"
    assert "Med Care 41:1284" in by_id["phq2-positive"]["source"] and "3 or more" in by_id["phq2-positive"]["rule"]
    assert "Ann Intern Med 146:317" in by_id["gad2-positive"]["source"]
    assert "Psychiatr Serv 64:1195" in by_id["phq9-item9-any"]["source"]
    assert by_id["phq9-item9-any"]["role"] == "crisis"
    start = by_id["start-rung"]
    assert "3 to 5" in start["rule"] and "Anxiety Canada" in start["source"]
    per_area = by_id["area-start"]
    assert per_area["role"] == "start_level" and "at or below your first rung" in per_area["rule"]
    assert "not validated" in per_area["source"]
    assert "advise against starting with the most feared situation" in start["source"]
    assert [row["id"] for row in rows if not row["validated"] and row["role"] != "start_level"]


def test_cutoff_accessor_is_what_triage_runs():
    # One accessor: the cut-offs it lists are the catalogue's, not a copy that could drift.
    from quiz import catalogue

    assert quiz.cutoffs.load() is catalogue.load().cutoffs
    described = [row["id"] for row in quiz.cutoffs.describe() if row["role"] != "start_level"]
    assert described == [cutoff.id for cutoff in quiz.cutoffs.load()]


FORBIDDEN_NAMES = re.compile(
    r"\b(SPIN|Mini-SPIN|LSAS|Liebowitz|SIAS|SPS|BFNE|DSM-5|DSM-V)\b"
    r"|social phobia inventory|social interaction anxiety|fear of negative evaluation|social phobia scale",
    re.IGNORECASE,
)
# A few copyrighted item wordings, so a paraphrase-free copy would be caught too.
FORBIDDEN_WORDINGS = [
    "fear of embarrassment causes me to avoid doing things",
    "i avoid activities in which i am the center of attention",
    "being embarrassed or looking stupid are among my worst fears",
    "i am afraid of people in authority",
    "i get nervous if i have to speak with someone in authority",
]


def _shipped_texts() -> list[tuple[str, str]]:
    # What the site ships to the browser: the self-check folder the build bundles.
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SELF_CHECK.rglob("*")) if p.is_file()]


def test_no_unlicensed_instrument_is_shipped():
    texts = _shipped_texts()
    assert any(name == "phq2.json" for name, _ in texts)
    for name, text in texts:
        assert not FORBIDDEN_NAMES.search(text), name
        lowered = text.lower()
        for wording in FORBIDDEN_WORDINGS:
            assert wording not in lowered, name
