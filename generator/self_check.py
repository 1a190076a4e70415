"""A topic's self-check in the site: its definition checked at build time, the one widget
that shows it, the bundle the browser's engine reads, and the same self-check printed.

The definition (``content/<self_check>/``) is read by the quiz engine itself, so the build
refuses exactly what the engine would refuse, with the file named. The widget is rendered
here from the definition's words and fragments; nothing in it is written for one topic.
"""

from __future__ import annotations

import json
import posixpath
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from deckpdf.paper_schema import PLACEHOLDERS, WORD_FIELDS, PaperWords
from deckpdf.paper_source import build
from generator.errors import ContentError, ContentErrors
from generator.loader import Taxonomy
from generator.render import TEMPLATES
from generator.schema import Area, Level
from quiz import catalogue, cutoffs, definition, ladder
from quiz.catalogue import Catalogue
from quiz.errors import DataError

if TYPE_CHECKING:
    from deckpdf.contacts import ListedContact

# Where the build puts the bundle; the worker reads it from beside cards.json.
BUNDLE_URI = "assets/data/self-check.json"
# The printed self-check, one file per paper size; pages link it with paper_check().
PAPER_URI = "assets/pdf/self-check-on-paper-{paper}.pdf"
PAPERS = ("a4", "letter")

# The widget's words, all required, so a topic never shows another topic's words.
WORDS = {
    "failure_title": "heading of the panel shown when the engine cannot run",
    "retry": "the button that starts the engine again",
    "errors_one": "above the list of problems, when there is one",
    "errors_many": "above the list of problems; {count} is replaced by their number",
    "stale": "shown when answers change after a result",
    "result_heading": "the result's heading",
    "reasons_heading": "the heading above the reasons",
    "submit": "the submit button",
    "clear": "the clear button",
    "cleared": "shown after clearing, beside Undo",
    "undo": "the undo button",
    "progress_label": "the download progress bar's name, for screen readers",
    "choose_one_or_more": "the hint of a question with several choices",
    "choose_at_least": "the same, with a minimum; {count} is replaced by it",
    "not_validated": "under a section whose questions are not a validated test",
    "source": "before a section's source",
}
# What the status line says as the engine loads and a result is worked out: the page's script
# only picks among them. (Why the engine could not run is the engine's own message, shared with
# the log of experiments.)
STATUS_WORDS = {
    "engine_downloading": "while the engine downloads (answering can go on meanwhile)",
    "engine_progress": "beside the download bar; {received} and {total} are replaced by megabytes",
    "engine_downloaded": "beside the bar once every byte has arrived; {total} is replaced by megabytes",
    "engine_starting": "while the downloaded engine starts",
    "engine_ready": "once the engine is ready",
    "working": "while a result is worked out",
    "waiting": "when the answers are sent before the engine is ready",
    "result_shown": "when the result appears below the form",
    "restored": "after Undo brings the cleared answers back",
    "crisis_engine_note": "under a crisis result shown without the engine; {reason} is why it could not run",
}
SAVE_WORDS = {
    "saved_show": "the button that shows saved answers",
    "saved_hide": "the same button once they are shown",
    "saved_fill": "the button that fills in saved answers",
    "saved_delete": "the button that deletes saved answers",
}
# What the status line says about saved answers.
SAVE_STATUS_WORDS = {
    "saved_now": "when the box is ticked and the answers are saved",
    "saved_deleted": "when saved answers are deleted",
    "saved_filled": "when saved answers are filled in",
    "saved_refused": "when the browser does not let the site save anything",
}
# The placeholders a widget word may use; any other {name} is a mistake in the content.
WORD_PLACEHOLDERS = {
    "errors_many": {"count"},
    "choose_at_least": {"count"},
    "deck_failed": {"reason"},
    "engine_progress": {"received", "total"},
    "engine_downloaded": {"total"},
    "crisis_engine_note": {"reason"},
}
DECK_WORDS = {
    "deck_heading": "the heading of the deck download box",
    "deck_start": "before the start level",
    "deck_areas": "before the chosen areas",
    "deck_paper": "the paper-size choice",
    "deck_download": "the download button",
    "deck_open": "the link that opens the finished PDF",
    "deck_making": "shown while the PDF is made",
    "deck_ready": "shown when the PDF is ready",
    "deck_failed": "shown when the PDF could not be made; {reason} is replaced by why",
}
# The printed self-check's words (self-check.json's paper.words), all required, and where each
# is printed. Placeholders in braces are filled in; deckpdf.paper_schema lists which each takes.
PAPER_WORDS = {
    "title": "the printed self-check's title",
    "intro": "how to fill it in, under the title",
    "crisis_heading": "the heading of the crisis panel, and of the crisis line at the foot of every page",
    "questions_heading": "the heading above the questions",
    "key_heading": "the heading of the scoring key",
    "key_intro": "the key's first words: that it is a screen, not a diagnosis, and to check the crisis rules first",
    "scores_heading": "the heading above how to add up each score",
    "score_line": "how to add up one score; {label}, {questions}, {low} and {high} are filled in",
    "rules_heading": "the heading above the rules",
    "leads_to": "above the rules that lead to one outcome; {summary} is the outcome's summary",
    "otherwise": "after the rules: the outcome when none is met; {summary} is its summary",
    "outcomes_heading": "the heading above what each outcome means",
    "contacts_heading": "the heading above the list of contacts",
    "footer": "at the foot of every page; {page} and {pages} are filled in",
    "link": "before the links to the printed self-check, on the self-check's page and its failure panel",
    "link_a4": "the link to the A4 printout",
    "link_letter": "the link to the US Letter printout",
}
PAPER_DECK_WORDS = {"start_heading": "the heading above the rules that place a deck's first rung"}
# Fragments (content/fragments/NAME.md) the widget places; the values say which are required.
FRAGMENTS = {
    "unavailable": True,  # why the engine cannot run, and what to do instead
    "no_webassembly": True,  # the same, when WebAssembly is switched off
    "crisis_line": False,  # repeated in the failure panel and under every result
    "in_app": False,  # shown in in-app browsers (TikTok's, Instagram's), which save no files
    "after_result": False,  # under every result (e.g. "this is not a diagnosis")
    "deck_intro": False,  # above the deck download
    "deck_help": False,  # under the deck download
}


@dataclass(frozen=True)
class SelfCheck:
    folder: Path
    bundle: definition.Bundle
    cat: Catalogue
    words: dict[str, str]
    fragments: dict[str, str]  # role -> fragment name
    paper_words: dict[str, str]  # paper.words, checked
    meanings: dict[str, str]  # paper.meanings: outcome id -> what it means, on paper

    def questionnaire(self) -> dict[str, Any]:
        return catalogue.questionnaire()

    def cutoffs(self) -> list[dict[str, Any]]:
        return cutoffs.describe()

    def said(self) -> dict[str, str]:
        """The words the page's script puts on the status line, by name: the status line carries
        them (data-say-*), so the script holds none of a topic's words."""
        return {key: self.words[key] for key in (*STATUS_WORDS, *SAVE_STATUS_WORDS) if key in self.words}


def _problem(file: str, field: str, message: str) -> ContentErrors:
    return ContentErrors([ContentError(file, field, message)])


def _where(folder: Path, content_dir: Path) -> str:
    try:
        return folder.relative_to(content_dir.parent).as_posix()
    except ValueError:
        return folder.as_posix()


def use_definition(folder: Path) -> None:
    """Make the topic's self-check the engine's current definition (its ladder is then the
    cards' taxonomy); raise ContentErrors naming the folder if it cannot be read."""
    try:
        definition.use(definition.from_folder(folder))
        catalogue.load()
    except DataError as exc:
        definition.use(None)
        raise _problem(folder.as_posix(), "(self-check)", str(exc)) from None


def taxonomy() -> Taxonomy | None:
    """The current self-check's ladder as the cards' taxonomy, when it has one."""
    cat = catalogue.load()
    if cat.ladder is None:
        return None
    data = ladder.taxonomy()
    return Taxonomy(
        levels=tuple(Level(**level) for level in data["levels"]),
        areas=tuple(Area(id=area["id"], name=area["name"]) for area in data["areas"]),
    )


def load(content_dir: Path, name: str, fragments: dict[str, str]) -> SelfCheck:
    """Read and check the self-check; raise ContentErrors naming the file and the field."""
    folder = content_dir / name
    main_file = f"{_where(folder, content_dir)}/self-check.json"
    try:
        bundle = definition.from_folder(folder)
        definition.use(bundle)
        cat = catalogue.load()
    except DataError as exc:
        definition.use(None)
        raise _problem(_where(folder, content_dir), "(self-check)", str(exc)) from None
    main = bundle.main[1] if isinstance(bundle.main[1], dict) else {}
    page = main.get("page")
    if not isinstance(page, dict):
        raise _problem(main_file, "page", "needs 'words' and 'fragments' for the self-check's widget")
    words = page.get("words") or {}
    if not isinstance(words, dict):
        raise _problem(main_file, "page.words", "must map each word's name to its text")
    wanted = WORDS | STATUS_WORDS
    if cat.form.save is not None:
        wanted |= SAVE_WORDS | SAVE_STATUS_WORDS
    if cat.outcomes.deck_ids:
        wanted |= DECK_WORDS
    missing = [key for key in wanted if not isinstance(words.get(key), str) or not words[key].strip()]
    if missing:
        listed = "; ".join(f"{key} ({wanted[key]})" for key in missing)
        raise _problem(main_file, "page.words", f"missing {listed}")
    unknown = sorted(set(words) - {*WORDS, *STATUS_WORDS, *SAVE_WORDS, *SAVE_STATUS_WORDS, *DECK_WORDS})
    if unknown:
        raise _problem(main_file, "page.words", f"unknown word(s) {', '.join(unknown)}")
    _check_placeholders(words, WORD_PLACEHOLDERS, main_file, "page.words")
    placed = page.get("fragments") or {}
    if not isinstance(placed, dict) or set(placed) - set(FRAGMENTS):
        raise _problem(main_file, "page.fragments", f"maps these roles to fragment names: {', '.join(FRAGMENTS)}")
    for role, required in FRAGMENTS.items():
        if required and not placed.get(role):
            raise _problem(main_file, f"page.fragments.{role}", "is required")
    if cat.outcomes.crisis_ids and not placed.get("crisis_line"):
        raise _problem(main_file, "page.fragments.crisis_line", "is required when an outcome is a crisis outcome")
    # Every fragment the widget shows must exist and hold words: a result without its text
    # would show an empty box to someone who may be in crisis.
    shown = [(f"page.fragments.{role}", fragment) for role, fragment in placed.items() if fragment]
    for index, outcome in enumerate(cat.outcomes.ordered):
        shown.append((f"outcomes[{index}] ('{outcome.id}').result", outcome.result))
        shown += [(f"outcomes[{index}] ('{outcome.id}').parts", part.fragment) for part in outcome.parts]
    for field, fragment in shown:
        text = fragments.get(fragment)
        if text is None or not text.strip():
            state = "does not exist" if text is None else "is empty"
            problem = f"names fragment '{fragment}', which {state} (fragments/{fragment}.md)"
            raise _problem(main_file, field, problem)
    every_role = {role: placed.get(role) or "" for role in FRAGMENTS}
    paper_words, meanings = _paper(main.get("paper"), main_file, cat)
    return SelfCheck(folder, bundle, cat, {k: v.strip() for k, v in words.items()}, every_role, paper_words, meanings)


def _paper(raw: object, main_file: str, cat: Catalogue) -> tuple[dict[str, str], dict[str, str]]:
    """paper.words and paper.meanings, checked: every word the printout needs, placeholders it
    can fill, and one meaning for each outcome, named by file and field when wrong."""
    if not isinstance(raw, dict) or set(raw) != {"words", "meanings"}:
        raise _problem(main_file, "paper", "needs 'words' and 'meanings' (and nothing else) for the printed self-check")
    words, meanings = raw["words"], raw["meanings"]
    if not isinstance(words, dict):
        raise _problem(main_file, "paper.words", "must map each word's name to its text")
    wanted = dict(PAPER_WORDS) | (PAPER_DECK_WORDS if cat.outcomes.deck_ids else {})
    missing = [key for key in wanted if not isinstance(words.get(key), str) or not words[key].strip()]
    if missing:
        raise _problem(main_file, "paper.words", "missing " + "; ".join(f"{key} ({wanted[key]})" for key in missing))
    unknown = sorted(set(words) - set(wanted))
    if unknown:
        raise _problem(main_file, "paper.words", f"unknown word(s) {', '.join(unknown)}")
    _check_placeholders(words, PLACEHOLDERS, main_file, "paper.words")
    if not isinstance(meanings, dict):
        raise _problem(main_file, "paper.meanings", "must map each outcome's id to what it means")
    ids = cat.outcomes.ids
    for outcome_id in ids:
        text = meanings.get(outcome_id)
        if not isinstance(text, str) or not text.strip():
            raise _problem(main_file, f"paper.meanings.{outcome_id}", "is missing: say what this outcome means")
    unknown = sorted(set(meanings) - set(ids))
    if unknown:
        raise _problem(main_file, "paper.meanings", f"{', '.join(unknown)} is not an outcome (known: {', '.join(ids)})")
    return {k: v.strip() for k, v in words.items()}, {k: v.strip() for k, v in meanings.items()}


def _check_placeholders(words: dict[str, Any], allowed_by_key: dict[str, set[str]], main_file: str, field: str) -> None:
    """Each word may use only its own placeholders ({count}, {reason}…): a misspelt one would
    reach the reader as it stands."""
    for key, allowed in allowed_by_key.items():
        if not isinstance(words.get(key), str):
            continue  # a word the topic need not have, and does not
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(words[key]) if name is not None}
        except ValueError as exc:
            raise _problem(main_file, f"{field}.{key}", f"has a stray brace ({exc})") from None
        if not used <= allowed:
            raise _problem(
                main_file,
                f"{field}.{key}",
                f"uses {', '.join('{' + n + '}' for n in sorted(used - allowed))};"
                f" it can use {', '.join('{' + n + '}' for n in sorted(allowed))}",
            )


def paper_links(check: SelfCheck, page_name: str) -> str:
    """One Markdown paragraph linking the printed self-check in both paper sizes, relative to
    the page (so --strict checks the links), for the self-check's page and its failure panel."""
    here = posixpath.dirname(page_name) or "."

    def link(key: str, paper: str) -> str:
        text = check.paper_words[key].replace("[", "\\[").replace("]", "\\]")
        return f"[{text}]({posixpath.relpath(PAPER_URI.format(paper=paper), here)}){{ download }}"

    return f"{check.paper_words['link']} {link('link_a4', 'a4')} · {link('link_letter', 'letter')}"


def write_paper(
    check: SelfCheck,
    contacts: Iterable[ListedContact],
    listed: Iterable[ListedContact],
    site_name: str,
    out_dir: Path,
) -> dict[str, Path]:
    """Print the self-check at A4 and Letter into out_dir: {path in the site: file}. The
    crisis line shows the in_line ``contacts``; the list under the crisis outcome ``listed``."""
    # Imported here: fpdf2 loads only for a build that prints, not for `check` or a page render.
    from deckpdf.paper_check import render_paper_check

    words = PaperWords(
        **{key: value for key, value in check.paper_words.items() if key in WORD_FIELDS},
        source=check.words["source"],
        not_validated=check.words["not_validated"],
        choose_one_or_more=check.words["choose_one_or_more"],
    )
    printable = build(check.cat, check.meanings)
    every, shown = list(contacts), list(listed)
    made = {}
    for paper in PAPERS:
        uri = PAPER_URI.format(paper=paper)
        path = out_dir / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            render_paper_check(printable, words, paper=paper, contacts=every, listed=shown, subtitle=site_name)
        )
        made[uri] = path
    return made


def widget(check: SelfCheck) -> str:
    """The whole self-check as page text: Markdown and HTML with fragment() calls, which the
    page renderer then fills, so fragments cite their sources like any page text."""
    outcomes = [
        {
            "id": outcome.id,
            "offers": outcome.offers,
            "crisis": outcome.crisis,
            "result": outcome.result,
            "parts": [{"when": " ".join(part.when), "fragment": part.fragment} for part in outcome.parts],
        }
        for outcome in check.cat.outcomes.ordered
    ]
    return TEMPLATES.get_template("self_check.md.j2").render(
        frag=lambda name: Markup("{{ fragment(" + json.dumps(name) + ") }}"),
        frag_call=lambda name: Markup("{{ " + name + "() }}"),
        words=check.words,
        fragments=check.fragments,
        outcomes=outcomes,
        has_deck=bool(check.cat.outcomes.deck_ids),
    )
