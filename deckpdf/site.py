"""Glue between the site and the renderer: static PDFs at build time, and the
personalised deck in the browser. Both paths call the same functions below.

``payload`` is the site's cards.json: {"levels": [{id, name, band?}], "areas": [{id, name}],
"goal_label": ..., "labels": {"why": ..., "respect": ...}, "cards": [...], "contacts": [...]}.
"contacts" are the site's crisis and help contacts (from its contacts.yml); every PDF prints
them, and none is made without them. "labels" go before each card's why and respect lines, and
cards with ``goal: true`` print "goal_label" as their goal tag (both from its cards.yml). The
ladder's levels, fear thermometer and start rule come from quiz.ladder, as the site's do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from deckpdf.deck import fit_problems, render_deck
from deckpdf.progress import render_progress, words_from
from deckpdf.worksheet import render_worksheet
from experiments.levels import levels_from, titles_from
from experiments.parse import log_from

PAPERS = ("a4", "letter")


def _for_print(cards: list[dict[str, Any]], payload: dict[str, Any]) -> list[dict[str, Any]]:
    level_names = {level["id"]: level["name"] for level in payload["levels"]}
    area_names = {area["id"]: area["name"] for area in payload["areas"]}
    return [
        {**card, "level_name": level_names.get(card["level"], ""), "area_name": area_names.get(card["area"], "")}
        for card in cards
    ]


def cards_that_do_not_fit(payload: dict[str, Any]) -> list[str]:
    """The library's cards whose text does not fit on a printed card at 7 pt or more, as
    "id (N mm too long)"; empty when every card prints. The build's complete deck raises
    for the same cards, so a card lint can report them first."""
    return fit_problems(_for_print(payload["cards"], payload), payload.get("goal_label"), labels=payload.get("labels"))


def starter_deck(payload: dict[str, Any], start_level: int, areas: list[str], paper: str) -> bytes:
    """The personalised deck: exactly the cards quiz.deck.select_deck picks."""
    from quiz.deck import select_deck

    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    chosen = select_deck(payload["cards"], start_level, areas)
    area_names = {area["id"]: area["name"] for area in payload["areas"]}
    return render_deck(
        _for_print(chosen, payload),
        paper=paper,
        title="My starter deck",
        subtitle=f"Starts at level {start_level} · {', '.join(area_names.get(a, a) for a in areas)}",
        contacts=payload.get("contacts"),
        goal_label=payload.get("goal_label"),
        labels=payload.get("labels"),
    )


def deck_pdf_from_json(cards_json: str, request_json: str) -> bytes:
    """Browser entry point: JSON in, PDF bytes out (the worker passes strings across).

    The request is checked strictly, so a bad one is a clear ValueError rather than a
    silently different deck (no int() rounding 2.7 down, no list() splitting a string).
    """
    request = json.loads(request_json)
    if not isinstance(request, dict):
        raise ValueError("the deck request must be an object with start_level, areas and paper")
    missing = [key for key in ("start_level", "areas", "paper") if key not in request]
    if missing:
        raise ValueError(f"the deck request lacks {', '.join(missing)}")
    level, areas = request["start_level"], request["areas"]
    if isinstance(level, bool) or not isinstance(level, int):
        raise ValueError(f"start_level must be a whole number, not {level!r}")
    if not isinstance(areas, list) or not all(isinstance(area, str) for area in areas):
        raise ValueError(f"areas must be a list of area ids, not {areas!r}")
    return starter_deck(json.loads(cards_json), level, areas, request["paper"])


def progress_pdf_from_json(cards_json: str, words_json: str, request_json: str) -> bytes:
    """Browser entry point: the site's cards.json (contacts, card titles and levels), the
    report's words (``content/experiments/report.json``) and a request ``{"log": {...the
    log, contract version 1...}, "paper": "a4" | "letter"}``; PDF bytes out.

    A bad request or log raises ValueError with a sentence meant for people
    (:class:`experiments.LogError` is one), never a silently different report.
    """
    request = json.loads(request_json)
    if not isinstance(request, dict) or "log" not in request or "paper" not in request:
        raise ValueError("the report request must be an object with a log and a paper size")
    if request["paper"] not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {request['paper']!r}")
    cards = json.loads(cards_json)
    log = log_from(request["log"])
    return render_progress(
        log,
        words=words_from(json.loads(words_json), "the report's words"),
        contacts=cards.get("contacts"),
        paper=request["paper"],
        titles=titles_from(cards),
        levels=levels_from(cards),
    )


def complete_deck(payload: dict[str, Any], paper: str) -> bytes:
    cards = sorted(payload["cards"], key=lambda card: (card["level"], card["area"], card["id"]))
    return render_deck(
        _for_print(cards, payload),
        paper=paper,
        title="The complete challenge deck",
        contacts=payload.get("contacts"),
        goal_label=payload.get("goal_label"),
        labels=payload.get("labels"),
    )


def write_static_pdfs(payload: dict[str, Any], site_dir: Path) -> list[Path]:
    """Build-time PDFs: the complete deck (linked from the deck page) and the fear-ladder
    worksheet to take to a therapist (linked from the therapist result, the deck page and
    "Trying it more safely"), each at A4 and Letter, in site/assets/pdf/."""
    out = site_dir / "assets" / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for paper in PAPERS:
        for name, data in (
            (f"complete-deck-{paper}.pdf", complete_deck(payload, paper)),
            (
                f"fear-ladder-worksheet-{paper}.pdf",
                render_worksheet(paper=paper, title="My fear ladder", contacts=payload.get("contacts")),
            ),
        ):
            (out / name).write_bytes(data)
            written.append(out / name)
    return written
