"""Developer preview: render sample PDFs and rasterise pages to PNG.

Not used at runtime (and never imported by the package). Needs poppler's
``pdftoppm`` on PATH for the PNGs (Debian: poppler-utils).

    python -m deckpdf.preview [OUTDIR] [--paper a4|letter] [--dpi 60] [--contacts FILE]

Writes deck.pdf, worksheet.pdf and one PNG per page into OUTDIR
(default: ./deckpdf-preview), then prints sizes and timings. The crisis contacts
come from the site's content/contacts.yml (or --contacts, a YAML or JSON list),
the card labels and goal tag from its content/cards.yml, and the levels from
quiz.ladder: deckpdf holds no fact of its own.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from deckpdf import render_deck, render_worksheet
from quiz import ladder

_RAW: list[tuple[str, str, str, str, str, int, str]] = [
    (
        "ask-the-time",
        "Ask for the time",
        "Ask someone nearby what time it is, even though you have a phone.",
        "A tiny, everyday ask shows that strangers usually answer kindly.",
        "If they seem busy or don't hear you, let it go.",
        1,
        "Everyday asks",
    ),
    (
        "compliment-stranger",
        "Give a compliment",
        "Tell a stranger you like something they're wearing, then walk on.",
        "You practise speaking first, and notice that most people smile.",
        "Keep it about clothes or style, never their body.",
        2,
        "Small talk",
    ),
    (
        "ask-for-discount",
        "Ask for a discount",
        "At a small shop, ask politely: “Is there any discount today?”",
        "Hearing a no, and surviving it, is the whole point of this card.",
        "Accept a no with a smile; don't haggle.",
        3,
        "Everyday asks",
    ),
    (
        "return-item",
        "Return something",
        "Return an item you don't need, even without a reason beyond “I changed my mind”.",
        "It shows you are allowed to ask for what you need.",
        "Pick a quiet time so you don't hold up a queue.",
        2,
        "Shops & services",
    ),
    (
        "join-conversation",
        "Join a group chat in person",
        "At a meetup or party, walk up to a small group and say “Mind if I join you?”",
        "Groups feel scarier than one person; this tests that fear directly.",
        "If the group is clearly private, choose another one.",
        4,
        "Meeting people",
    ),
    (
        "ask-directions",
        "Ask for directions",
        "Ask a passer-by how to get somewhere nearby, even if you know the way.",
        "You learn that asking for help is ordinary.",
        "Thank them, whatever they say.",
        1,
        "Everyday asks",
    ),
    (
        "speak-up-meeting",
        "Speak up once",
        "In a class, meeting or club, say one thing out loud: a question, an idea, or “I agree with Zoë”.",
        "Speaking once breaks the silence habit; the second time is easier.",
        "Let others finish before you speak.",
        3,
        "Work & study",
    ),
    (
        "change-table",
        "Ask to change tables",
        "At a café, ask politely whether you could move to another table – by the window, say.",
        "Tests the fear that a small request will annoy the staff (ask Łukasz or Ñúñez how it went).",
        "Ask at a quiet moment, and take a no with a smile.",
        4,
        "Shops & services",
    ),
    (
        "ask-for-help-shop",
        "Ask staff for help",
        "Ask a shop assistant where something is, even if you could find it yourself…",
        "It practises taking up a little of someone's time.",
        "Choose someone who isn't already serving a customer.",
        1,
        "Shops & services",
    ),
    (
        "phone-call",
        "Make a phone call",
        "Call a shop or restaurant to ask about their opening hours instead of checking online.",
        "Phone calls feel exposing; a short one shows they are manageable.",
        "Keep it brief if they are busy.",
        2,
        "Phone & online",
    ),
    (
        "invite-someone",
        "Invite someone",
        "Invite a classmate or colleague for a coffee or a walk this week.",
        "A no to an invite is about their week, not about you.",
        "Ask once; a no or a “maybe” is an answer.",
        5,
        "Meeting people",
    ),
    (
        "disagree-politely",
        "Disagree politely",
        "Next time you disagree with something small, say so kindly: “I see it a bit differently.”",
        "You test the fear that disagreement ends friendships.",
        "Disagree with the idea, never the person.",
        5,
        "Friends & family",
    ),
]


def sample_cards() -> list[dict[str, Any]]:
    """Twelve realistic cards (with curly quotes, dashes and accents)."""
    names = {level.level: level.name for level in ladder.levels()}
    return [
        {
            "id": cid,
            "title": title,
            "ask": ask,
            "why": why,
            "respect": respect,
            "level": level,
            "level_name": names[level],
            "area": area.lower().replace(" & ", "-").replace(" ", "-"),
            "area_name": area,
        }
        for cid, title, ask, why, respect, level, area in _RAW
    ]


SITE_CONTENT = Path(__file__).resolve().parent.parent / "content"
SITE_CONTACTS = SITE_CONTENT / "contacts.yml"


def _yaml(path: Path) -> Any:
    import yaml  # a development dependency; the package itself never needs it

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_contacts(path: Path) -> list[dict[str, Any]]:
    """The site's contacts file (YAML is a superset of JSON, so either works)."""
    data = _yaml(path)
    if not isinstance(data, list):
        raise SystemExit(f"{path}: expected a list of contacts")
    return data


def load_card_words(path: Path = SITE_CONTENT / "cards.yml") -> dict[str, Any]:
    """The site's card labels and goal tag, as render_deck takes them."""
    data = _yaml(path)
    return {"labels": data.get("labels"), "goal_label": data.get("goal_label")}


def main() -> None:
    parser = argparse.ArgumentParser(description="Render sample deck and worksheet PDFs + PNGs.")
    parser.add_argument("outdir", nargs="?", type=Path, default=Path("deckpdf-preview"))
    parser.add_argument("--paper", default="a4", choices=["a4", "letter"])
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--contacts", type=Path, default=SITE_CONTACTS, help="crisis contacts (YAML or JSON list)")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)

    cards = sample_cards()
    cards[-1]["goal"] = True  # show the goal tag
    contacts = load_contacts(args.contacts)
    words = load_card_words()
    render_deck(cards[:1], paper=args.paper, title="warm-up", contacts=contacts, **words)  # first-use costs
    t0 = time.perf_counter()
    deck = render_deck(
        cards, paper=args.paper, title="Small Brave Steps", subtitle="12 challenge cards", contacts=contacts, **words
    )
    t1 = time.perf_counter()
    sheet = render_worksheet(paper=args.paper, title="My fear ladder", contacts=contacts)
    t2 = time.perf_counter()
    outputs = {"deck.pdf": deck, "worksheet.pdf": sheet}
    for name, data in outputs.items():
        (args.outdir / name).write_bytes(data)
    print(f"deck: {len(deck):,} bytes in {(t1 - t0) * 1000:.1f} ms")
    print(f"worksheet: {len(sheet):,} bytes in {(t2 - t1) * 1000:.1f} ms")

    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found; skipping PNGs")
        return
    for name in outputs:
        stem = args.outdir / Path(name).stem
        subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), str(args.outdir / name), str(stem)], check=True)
    print("PNGs:", ", ".join(sorted(p.name for p in args.outdir.glob("*.png"))))


if __name__ == "__main__":
    main()
