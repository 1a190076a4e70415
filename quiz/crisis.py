"""The crisis rules as data the page can apply without the engine.

A self-harm answer must bring up the crisis result even when Pyodide is still loading, was
blocked, or failed. So the build hands the page the crisis-role rules exactly as Python reads
them, the sums they need, and every reason sentence Python would write for them, filled by
Python itself. The page's evaluator (generator/assets/crisis-rules.mjs) only has to understand
"at least", all and any; it never writes a sentence of its own.
"""

import itertools
from typing import Any

from quiz import reasons
from quiz.catalogue import Catalogue
from quiz.rules import Cutoff, references, to_data

# Filling every combination of answers a reason quotes stays small for real rules (one item:
# four sentences). A rule quoting more than this many combinations gets no pre-filled reason,
# and the page says only that an answer calls for crisis help.
MAX_FILLED = 4096


def _filled(cutoff: Cutoff, cat: Catalogue) -> list[dict[str, Any]]:
    fields = reasons.fields(cutoff.reason, cutoff.id)
    quoted = {ref for kind, ref in fields if kind != "score"}
    scored = {ref for kind, ref in fields if kind == "score"}
    # A reason that quotes a score is filled from every item the score sums.
    for instrument in cat.instruments:
        if instrument.id in scored and instrument.scored_items is not None:
            quoted |= set(instrument.scored_items)
    if not quoted <= set(cat.items):
        return []
    ordered = sorted(quoted)
    choices = [cat.items[item_id].values for item_id in ordered]
    size = 1
    for values in choices:
        size *= len(values)
    if size > MAX_FILLED:
        return []
    filled = []
    for combo in itertools.product(*choices):
        values = dict(zip(ordered, combo, strict=True))
        text = reasons.fill(cutoff.reason, cat.items, values, cat.scores(values))
        filled.append({"values": values, "text": text})
    return filled


def _fallback(cutoff: Cutoff, cat: Catalogue) -> str:
    """The sentence the page shows for a rule too big to pre-fill: it names the questions."""
    items, scores = references(cutoff.when)
    asked = [f"\u201c{cat.items[item].text}\u201d" for item in sorted(items) if item in cat.items]
    asked += [instrument.name for instrument in cat.instruments if instrument.id in scores]
    return f"Your answers to {' and '.join(asked)} call for help now."


def page_rules(cat: Catalogue) -> dict[str, Any]:
    """{"rules": [{id, outcome, when, reasons}], "scores": {instrument id: [item ids]}} for the page."""
    # Most cautious outcome first (a stable sort keeps file order within one): the page shows
    # the outcome of the first rule met, and lists reasons in the order Python does.
    crisis = sorted(
        (cutoff for cutoff in cat.cutoffs if cutoff.role in cat.outcomes.crisis_ids),
        key=lambda cutoff: -cat.outcomes.caution(cutoff.role),
    )
    needed: set[str] = set()
    for cutoff in crisis:
        needed |= references(cutoff.when)[1]
    return {
        "rules": [
            {
                "id": c.id,
                "outcome": c.role,
                "when": to_data(c.when),
                "reasons": _filled(c, cat),
                "fallback": _fallback(c, cat),
            }
            for c in crisis
        ],
        "scores": {
            instrument.id: list(instrument.scored_items or ())
            for instrument in cat.instruments
            if instrument.id in needed
        },
    }


def crisis_reasons(cat: Catalogue, values: dict[str, int]) -> list[str]:
    """What the page's evaluator shows, computed by triage's own code: the reference for tests."""
    from quiz import triage  # triage reads the catalogue too; import late

    scores = cat.scores(values)
    return triage.crisis_reasons(cat, triage.met_cutoffs(cat, values, scores), values, scores)


def crisis_outcome(cat: Catalogue, values: dict[str, int]) -> str | None:
    """The crisis outcome the page shows for these answers (the most cautious one a met rule
    leads to), or None: the reference for the page's evaluator, as crisis_reasons is."""
    from quiz import triage

    met = triage.met_cutoffs(cat, values, cat.scores(values))
    roles = [cutoff.role for cutoff in met if cutoff.role in cat.outcomes.crisis_ids]
    return max(roles, key=cat.outcomes.caution) if roles else None
