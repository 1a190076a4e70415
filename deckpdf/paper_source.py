"""The printed self-check's data, read from the same catalogue the engine scores with.

Questions and options come from the catalogue's own questionnaire (what the page's form
shows), each rule's words from :func:`quiz.cutoffs.rule_text` (what the page's rules table
shows), so paper, page and engine cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping

from deckpdf.paper_schema import Meaning, Option, PaperCheck, Question, Rule, RuleGroup, Score, Section
from quiz.catalogue import Catalogue
from quiz.cutoffs import describe_catalogue, rule_text


def _sections(cat: Catalogue) -> tuple[tuple[Section, ...], dict[str, int]]:
    """The form's sections with questions numbered through the whole form, and each
    question id's number."""
    scored = {item_id for i in cat.instruments for item_id in (i.scored_items or ())}
    numbers: dict[str, int] = {}
    sections = []
    for raw in cat.questionnaire()["sections"]:
        questions = []
        for item in raw["items"]:
            numbers[item["id"]] = len(numbers) + 1
            summed = item["id"] in scored
            options = tuple(
                Option(str(option["label"]), option["value"] if summed else None) for option in item["options"]
            )
            questions.append(Question(numbers[item["id"]], item["text"], options, item["kind"] == "multi"))
        sections.append(
            Section(
                title=raw["title"],
                intro=raw["intro"],
                stem=raw.get("stem"),
                notice=raw.get("notice"),
                source=raw.get("source"),
                validated=bool(raw.get("validated")),
                questions=tuple(questions),
            )
        )
    return tuple(sections), numbers


def build(cat: Catalogue, meanings: Mapping[str, str]) -> PaperCheck:
    """The printable self-check of ``cat``. ``meanings``: what each outcome means, by outcome id
    (the topic's ``paper.meanings``); every outcome needs one."""
    missing = [outcome.id for outcome in cat.outcomes.ordered if not meanings.get(outcome.id, "").strip()]
    if missing:
        raise ValueError(f"no meaning for outcome(s) {', '.join(missing)}")
    sections, numbers = _sections(cat)
    scores = tuple(
        Score(
            label=instrument.score_label or instrument.name,
            questions=tuple(numbers[item_id] for item_id in instrument.scored_items),
            low=instrument.score_range[0],
            high=instrument.score_range[1],
        )
        for instrument in cat.instruments
        if instrument.scored_items is not None
    )
    outcomes = cat.outcomes
    groups = tuple(
        RuleGroup(
            summary=outcome.summary,
            crisis=outcome.crisis,
            rules=tuple(Rule(rule_text(c, cat), c.source) for c in cat.cutoffs if c.role == outcome.id),
        )
        for outcome in outcomes.ordered[:-1]
        if any(c.role == outcome.id for c in cat.cutoffs)
    )
    start_rules = tuple(
        Rule(row["rule"], row["source"]) for row in describe_catalogue(cat) if row["role"] == "start_level"
    )
    return PaperCheck(
        intro=cat.form.intro,
        sections=sections,
        scores=scores,
        groups=groups,
        default_summary=outcomes.default.summary,
        start_rules=start_rules,
        meanings=tuple(
            Meaning(outcome.summary, meanings[outcome.id].strip(), outcome.crisis) for outcome in outcomes.ordered
        ),
    )
