"""The crisis rules the page applies without the engine: the same rules, the same sentences."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import quiz
from quiz import catalogue, crisis
from quiz.rules import parse_condition, to_data

CAT = catalogue.load()
SPEC = quiz.questionnaire()["crisis"]


def test_every_crisis_rule_and_only_those_reach_the_page() -> None:
    wanted = [cutoff for cutoff in CAT.cutoffs if cutoff.role == "crisis"]
    assert wanted, "the self-check must have a crisis rule"
    assert [rule["id"] for rule in SPEC["rules"]] == [cutoff.id for cutoff in wanted]
    for rule, cutoff in zip(SPEC["rules"], wanted, strict=True):
        # The page gets the rule exactly as Python reads it.
        assert parse_condition(rule["when"], "page") == cutoff.when
        assert to_data(cutoff.when) == rule["when"]


def test_every_answer_a_crisis_rule_quotes_has_its_sentence_filled_by_python() -> None:
    for rule in SPEC["rules"]:
        cutoff = next(c for c in CAT.cutoffs if c.id == rule["id"])
        assert rule["reasons"], f"{rule['id']} has no pre-filled reasons"
        for entry in rule["reasons"]:
            values = entry["values"]
            assert entry["text"] == quiz.reasons.fill(cutoff.reason, CAT.items, values, CAT.scores(values))
        assert rule["fallback"].strip()


def test_the_spec_is_plain_json() -> None:
    assert json.loads(json.dumps(SPEC)) == SPEC


@settings(max_examples=300)
@given(st.sampled_from([0, 1, 2, 3]), st.booleans())
def test_python_reference_agrees_with_triage(item9: int, complete: bool) -> None:
    calm = {
        "phq2_1": 0, "phq2_2": 0, "gad2_1": 0, "gad2_2": 0, "phq9_9": item9,
        "sf_judged": 0, "sf_avoid": 0, "sf_interfere": 0, "sf_duration": 0,
        "cope_rejection": 0, "cope_alone": 0, "cope_support": 0,
        "areas": ["everyday"], "fear_1": 3, "fear_2": 4, "fear_3": 6, "fear_4": 8, "fear_5": 9,
    }  # fmt: skip
    answers = calm if complete else {"phq9_9": item9}
    values = {key: value for key, value in answers.items() if isinstance(value, int)}
    reasons = crisis.crisis_reasons(CAT, values)
    assert bool(reasons) == (item9 >= 1)
    if complete:
        result = quiz.assess(answers)
        assert (result["outcome"] == "crisis") == bool(reasons)
        if reasons:
            assert result["reasons"] == reasons
