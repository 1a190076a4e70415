"""The cover-page rules and disclaimer: the one place they live.

Readers may be anxious, so the wording is plain, warm and specific: every rule
says what to do, not just what not to do. ``render_deck(rules=...)`` may
override any top-level key of :data:`DEFAULT_RULES`; keys left out keep the
defaults below (see :func:`resolve_rules`).

The crisis line is not here: it is built from the contacts the caller passes
(see :mod:`deckpdf.contacts`), so deckpdf holds no phone number of its own. Nor is
the start rule's band: the intro takes it from the ladder's data (quiz.ladder), the
same numbers the self-check uses to pick a first rung.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from deckpdf import wording
from quiz import ladder as quiz_ladder
from quiz.ladder import Ladder

NOT_THERAPY = "This deck is not therapy and not a diagnosis."

# The default intro states the start rule; its numbers ({band_min}, {band_max} on a scale to
# {scale_max}) are filled in from the ladder when the cover is drawn (see default_rules), so
# importing deckpdf reads no data.
DEFAULT_RULES: dict[str, Any] = {
    "intro": (
        "Each card is a small, real-life ask. Fear tells you what will happen; each card is "
        "a chance to test that prediction and see what actually happens. Go at your own "
        "pace: start with cards you would rate about {band_min} to {band_max} out of {scale_max}, "
        "scary but manageable, and move up when your feared predictions weaken."
    ),
    "sections": [
        {
            "heading": "How to use a card",
            "items": [
                "Predict: before you start, write down what exactly you fear will happen, how "
                "likely it is (0–100%) and how bad it would be (0–10).",
                "Do: make the ask once, as the card says.",
                "Record: straight after, write what happened and what you learned.",
                wording.RERATE,
                # Inhibitory learning (Craske et al. 2014): move on when the prediction has
                # weakened, not when the fear has gone; vary the practice so it holds.
                "Move on: when your feared prediction has weakened, even if some fear remains.",
                "Vary it: try the same card with other people, in other places, at other times.",
            ],
        },
        {
            "heading": "Drop your safety behaviours",
            "text": (
                "Safety behaviours are things you do to feel safer that stop you "
                "learning you can cope: rehearsing every word in your head, "
                "avoiding eye contact, speaking very quietly, hiding behind your "
                "phone. Try each card without them. That is where the learning "
                "happens."
            ),
        },
        {
            "heading": "Respect the people you ask",
            "items": [
                "No pressure: a no ends the ask. Don't argue or ask twice. Asking once for a "
                "better price is fine where that is normal; haggling where it isn't is not.",
                "No deception: don't lie or pretend to get a yes.",
                "Nothing unsafe or illegal, for you or anyone else.",
                "Don't hold up busy staff; pick a quiet moment, and thank people whatever they say.",
                "Don't film or record people without their consent.",
            ],
        },
        {
            "heading": "Keep yourself safe",
            "items": [
                "Never give a stranger your address.",
                "Never hand over your phone unlocked.",
                "Meet dates somewhere public, and tell a friend where you will be.",
                "Dating cards are for adults only.",
            ],
        },
        {
            "heading": "When to stop, and where to get help",
            "items": [
                "Stop if you feel unsafe or someone seems upset. Leaving is always fine.",
                "A hard day is not a failure. Try an easier card, or rest.",
                "If anxiety is getting in the way of your life, talk to a doctor "
                "or a licensed therapist. Cognitive behavioural therapy (CBT) is a "
                "well-studied treatment for social anxiety.",
            ],
        },
    ],
    "disclaimer": NOT_THERAPY,
}


@dataclass(frozen=True)
class Section:
    heading: str
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    intro: str
    sections: tuple[Section, ...]
    disclaimer: str


def default_rules(ladder: Ladder | None = None) -> dict[str, Any]:
    """A deep copy of the defaults, safe for callers to edit and pass back, with the intro's
    start rule filled in from ``ladder`` (default :func:`quiz.ladder.load`)."""
    the_ladder = ladder or quiz_ladder.load()
    low, high = the_ladder.start_rule.band
    rules = copy.deepcopy(DEFAULT_RULES)
    rules["intro"] = rules["intro"].format(band_min=low, band_max=high, scale_max=the_ladder.thermometer.max)
    return rules


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"rules: {where} must be a string, got {type(value).__name__}")
    return value.strip()


def resolve_rules(rules: Mapping[str, Any] | None, ladder: Ladder | None = None) -> Rules:
    """Merge ``rules`` over the defaults (for ``ladder``) and check its shape.

    Unknown keys are rejected so a typo ("disclaimer" vs "disclaimers") fails
    loudly instead of silently printing the default. The disclaimer may be
    reworded but never blanked: an empty value falls back to the default.
    """
    merged: dict[str, Any] = default_rules(ladder)
    if rules is not None:
        if not isinstance(rules, Mapping):
            raise ValueError("rules must be a dict or None")
        unknown = sorted(set(rules) - set(DEFAULT_RULES))
        if unknown:
            raise ValueError(f"rules: unknown key(s) {unknown}; allowed: {sorted(DEFAULT_RULES)}")
        merged.update(rules)

    raw_sections = merged["sections"]
    if not isinstance(raw_sections, (list, tuple)):
        raise ValueError("rules: 'sections' must be a list of dicts")
    sections = []
    for i, raw in enumerate(raw_sections):
        if not isinstance(raw, Mapping):
            raise ValueError(f"rules: sections[{i}] must be a dict")
        extra = sorted(set(raw) - {"heading", "text", "items"})
        if extra:
            raise ValueError(f"rules: sections[{i}] has unknown key(s) {extra}")
        items = raw.get("items", ())
        if not isinstance(items, (list, tuple)):
            raise ValueError(f"rules: sections[{i}].items must be a list of strings")
        sections.append(
            Section(
                heading=_text(raw.get("heading", ""), f"sections[{i}].heading"),
                text=_text(raw.get("text", ""), f"sections[{i}].text"),
                items=tuple(_text(item, f"sections[{i}].items[{j}]") for j, item in enumerate(items)),
            )
        )

    return Rules(
        intro=_text(merged["intro"], "intro"),
        sections=tuple(sections),
        disclaimer=_text(merged["disclaimer"], "disclaimer") or NOT_THERAPY,
    )
