"""The small rule language that every cut-off is written in.

A rule can only say "at least": an item value or an instrument score is at least N, combined
with all/any. There is deliberately no "less than", "not" or "equals". Because every answer
scale runs from least to most severe, a rule written in this language can never be switched
off by a more severe answer. That is what makes triage monotone by construction, including
for instruments that an organisation plugs in later.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from quiz.errors import DataError


@dataclass(frozen=True)
class ItemAtLeast:
    item: str
    min: int


@dataclass(frozen=True)
class ScoreAtLeast:
    score: str
    min: int


@dataclass(frozen=True)
class AllOf:
    parts: tuple["Condition", ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple["Condition", ...]


type Condition = ItemAtLeast | ScoreAtLeast | AllOf | AnyOf


@dataclass(frozen=True)
class Cutoff:
    """One threshold, where it comes from, and what it does to the outcome."""

    id: str
    role: str  # the outcome a met rule leads to; the topic's self-check.json names them
    when: Condition
    source: str
    reason: str
    owner: str  # instrument id, or "ladder" for the fear-thermometer rules
    validated: bool


def _whole(raw: object) -> bool:
    # bool is an int subclass; `true` in a data file is a typo, not a threshold.
    return isinstance(raw, int) and not isinstance(raw, bool)


def parse_condition(raw: object, where: str) -> Condition:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: a rule must be an object, got {raw!r}")
    keys = set(raw)
    if keys == {"all"} or keys == {"any"}:
        (kind,) = keys
        parts = raw[kind]
        if not isinstance(parts, list) or not parts:
            raise DataError(f"{where}: '{kind}' needs a non-empty list of rules")
        parsed = tuple(parse_condition(part, f"{where}.{kind}[{i}]") for i, part in enumerate(parts))
        return AllOf(parsed) if kind == "all" else AnyOf(parsed)
    if keys in ({"item", "min"}, {"score", "min"}):
        target_key = "item" if "item" in keys else "score"
        target, minimum = raw[target_key], raw["min"]
        if not isinstance(target, str) or not target:
            raise DataError(f"{where}: '{target_key}' must be a non-empty id")
        if not _whole(minimum):
            raise DataError(f"{where}: 'min' must be a whole number, got {minimum!r}")
        return ItemAtLeast(target, minimum) if target_key == "item" else ScoreAtLeast(target, minimum)
    raise DataError(
        f"{where}: a rule is {{'item', 'min'}}, {{'score', 'min'}}, {{'all': [...]}} or {{'any': [...]}};"
        f" got keys {sorted(keys)}"
    )


def parse_cutoff(raw: object, *, owner: str, validated: bool, where: str) -> Cutoff:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: a cut-off must be an object")
    expected = {"id", "role", "when", "source", "reason"}
    if set(raw) != expected:
        raise DataError(f"{where}: a cut-off has exactly the keys {sorted(expected)}, got {sorted(raw)}")
    for key in ("id", "source", "reason"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise DataError(f"{where}: '{key}' must be non-empty text")
    # Whether the role names a real outcome is checked once the outcomes are known (catalogue).
    if not isinstance(raw["role"], str) or not raw["role"].strip():
        raise DataError(f"{where}: 'role' must name an outcome")
    return Cutoff(
        id=raw["id"],
        role=raw["role"],
        when=parse_condition(raw["when"], f"{where}.when"),
        source=raw["source"],
        reason=raw["reason"],
        owner=owner,
        validated=validated,
    )


def references(condition: Condition) -> tuple[set[str], set[str]]:
    """The item ids and score ids a rule reads."""
    match condition:
        case ItemAtLeast(item=item):
            return {item}, set()
        case ScoreAtLeast(score=score):
            return set(), {score}
        case AllOf(parts=parts) | AnyOf(parts=parts):
            items: set[str] = set()
            scores: set[str] = set()
            for part in parts:
                part_items, part_scores = references(part)
                items |= part_items
                scores |= part_scores
            return items, scores


def holds(condition: Condition, values: Mapping[str, int], scores: Mapping[str, int]) -> bool:
    """Whether the rule is met. A rule that reads a missing value is not met."""
    match condition:
        case ItemAtLeast(item=item, min=minimum):
            return item in values and values[item] >= minimum
        case ScoreAtLeast(score=score, min=minimum):
            return score in scores and scores[score] >= minimum
        case AllOf(parts=parts):
            return all(holds(part, values, scores) for part in parts)
        case AnyOf(parts=parts):
            return any(holds(part, values, scores) for part in parts)


def render(
    condition: Condition,
    item_text: Callable[[ItemAtLeast], str],
    score_text: Callable[[ScoreAtLeast], str],
) -> str:
    """Plain-language text of a rule, generated from the rule itself so the text shown
    on the page can never drift from the logic that runs."""
    match condition:
        case ItemAtLeast():
            return item_text(condition)
        case ScoreAtLeast():
            return score_text(condition)
        case AllOf(parts=parts) | AnyOf(parts=parts):
            # Semicolons keep the joins between rules apart from the "or" inside an answer list.
            joiner = "; and " if isinstance(condition, AllOf) else "; or "
            texts = []
            for part in parts:
                text = render(part, item_text, score_text)
                texts.append(f"({text})" if isinstance(part, AllOf | AnyOf) else text)
            return joiner.join(texts)


def to_data(condition: Condition) -> dict[str, object]:
    """The rule back in its data-file form, for the page's own small evaluator."""
    match condition:
        case ItemAtLeast(item=item, min=minimum):
            return {"item": item, "min": minimum}
        case ScoreAtLeast(score=score, min=minimum):
            return {"score": score, "min": minimum}
        case AllOf(parts=parts):
            return {"all": [to_data(part) for part in parts]}
        case AnyOf(parts=parts):
            return {"any": [to_data(part) for part in parts]}
