"""Load the content folder, validate it against the schema, and cross-check ids.

Every problem becomes a ContentError naming the file and the field; the loader
collects all of them before failing so an author sees the whole list at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from pydantic import BaseModel, ValidationError

from generator.errors import ContentError, ContentErrors
from generator.lint import check_cards
from generator.schema import (
    HTTPS_PATTERN,
    KEYWORD_PATTERN,
    PHONE_PATTERN,
    Area,
    Card,
    CardSettings,
    Contact,
    Expert,
    Level,
    PageMeta,
    Quote,
    Source,
)

FRONT_MATTER = "---"
# The "field" of a problem that concerns a whole file (empty, missing, not a list).
WHOLE_FILE = "(whole file)"


@dataclass(frozen=True)
class Page:
    """A page text: its output path, its metadata and its raw (unrendered) body."""

    name: str  # path inside pages/, e.g. "what-it-is.md"
    file: str  # path shown in messages, relative to the content folder's parent
    meta: PageMeta
    body: str


@dataclass(frozen=True)
class Taxonomy:
    """The levels and areas cards may use; the site supplies it, not the generator."""

    levels: tuple[Level, ...]
    areas: tuple[Area, ...]


@dataclass
class Content:
    root: Path
    experts: dict[str, Expert] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    # Crisis and help contacts, in file order (the order pages and PDFs show them).
    contacts: dict[str, Contact] = field(default_factory=dict)
    cards: list[Card] = field(default_factory=list)
    # The words that mark a card with `goal: true` (cards.yml's goal_label).
    goal_label: str | None = None
    # The words before a card's why and respect lines (cards.yml's labels).
    card_labels: dict[str, str] | None = None
    pages: list[Page] = field(default_factory=list)
    fragments: dict[str, str] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)


class _Collector:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[ContentError] = []

    def label(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def add(self, path: Path, where: str, message: str) -> None:
        self.errors.append(ContentError(self.label(path), where, message))


class _TextDatesLoader(yaml.SafeLoader):
    """YAML as safe_load reads it, except that dates stay text.

    safe_load turns 2026-02-30 into an exception that names no field; kept as text,
    the schema checks each date and names the field that holds an impossible one.
    """


_TextDatesLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _load_yaml(text: str) -> Any:
    # A SafeLoader subclass: as safe as yaml.safe_load.
    return yaml.load(text, Loader=_TextDatesLoader)


def _yaml_problem(exc: yaml.YAMLError) -> tuple[str, str]:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
    return where, f"invalid YAML: {problem}"


def _read_yaml(path: Path, errors: _Collector) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        errors.add(path, WHOLE_FILE, "is not UTF-8 text")
        return None
    try:
        return _load_yaml(text)
    except yaml.YAMLError as exc:
        errors.add(path, *_yaml_problem(exc))
        return None


def _describe_loc(loc: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in loc) or "(record)"


def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field (check the spelling)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if pattern == HTTPS_PATTERN:
            return "must be a secure web address starting with https://"
        if "https?" in pattern:
            return "must be a web address starting with https://"
        if pattern == PHONE_PATTERN:
            return "must be a phone number as people dial it: digits with single spaces or hyphens, like '555 0100'"
        if pattern == KEYWORD_PATTERN:
            return "must be one word, like 'SHOUT'"
        return "must be lowercase words joined by hyphens, like 'my-id'"
    if kind == "value_error":
        # Our own validators word the message; pydantic prefixes it with "Value error, ".
        cause = error.get("ctx", {}).get("error")
        return str(cause) if cause else str(error.get("msg", "is invalid"))
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"is too long (at most {limit} characters)"
    return str(error.get("msg", "is invalid"))


def _validate_records[R: BaseModel](path: Path, data: Any, model: type[R], errors: _Collector, what: str) -> list[R]:
    """Validate a YAML list of records, reporting each failure by item and field."""
    if data is None:
        errors.add(path, WHOLE_FILE, f"is empty: expected a list of {what}s")
        return []
    if not isinstance(data, list):
        errors.add(path, WHOLE_FILE, f"must be a list of {what}s, one per '- id: …' entry")
        return []
    records: list[R] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            errors.add(path, f"item {index}", f"must be a {what} with named fields")
            continue
        ident = item.get("id")
        prefix = f"{what} '{ident}'" if isinstance(ident, str) else f"{what} {index}"
        try:
            record = model.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors():
                errors.add(path, f"{prefix}: {_describe_loc(error['loc'])}", _pydantic_message(error))
            continue
        rid = record.id
        if rid in seen:
            errors.add(path, f"{prefix}: id", f"duplicate id '{rid}' (first used by item {seen[rid]})")
            continue
        seen[rid] = index
        records.append(record)
    return records


def _check_refs(
    path: Path,
    quotes: Iterable[Quote],
    experts: dict[str, Expert] | None,
    sources: dict[str, Source] | None,
    errors: _Collector,
) -> None:
    """None for a file that could not be read at all: its own error says so, and checking
    references against it would only add a line for every record that names it."""
    for quote in quotes:
        if experts is not None and quote.expert not in experts:
            errors.add(path, f"quote '{quote.id}': expert", f"unknown expert id '{quote.expert}'{_known(experts)}")
        if sources is not None and quote.source not in sources:
            errors.add(path, f"quote '{quote.id}': source", f"unknown source id '{quote.source}'{_known(sources)}")


def _check_ways(path: Path, contact: Contact, errors: _Collector) -> None:
    """Each kind of way needs its own fields, and only those: a call a number, a text a
    number and a keyword (or an explicit `no_keyword: true`), a web way an https address."""
    for index, way in enumerate(contact.ways):
        where = f"contact '{contact.id}': ways.{index}"
        wrong: list[str] = []
        if way.kind in ("call", "text") and way.number is None:
            errors.add(path, f"{where}.number", f"is required: a {way.kind} way needs the number to {way.kind}")
        if way.kind == "text" and way.keyword is None and not way.no_keyword:
            errors.add(
                path,
                f"{where}.keyword",
                "is required: a text way needs the word to send (like 'SHOUT'), "
                "or 'no_keyword: true' if any message works",
            )
        if way.kind == "text" and way.keyword is not None and way.no_keyword:
            errors.add(path, f"{where}.no_keyword", "contradicts 'keyword': give a keyword or no_keyword, not both")
        if way.kind == "web" and way.url is None:
            errors.add(path, f"{where}.url", "is required: a web way needs a secure web address starting with https://")
        if way.kind != "web" and way.url is not None:
            wrong.append("url")
        if way.kind == "web" and way.number is not None:
            wrong.append("number")
        if way.kind != "text" and (way.keyword is not None or way.no_keyword):
            wrong.append("keyword" if way.keyword is not None else "no_keyword")
        for name in wrong:
            errors.add(path, f"{where}.{name}", f"does not belong to a {way.kind} way")


def _check_contacts(
    path: Path, contacts: dict[str, Contact], sources: dict[str, Source] | None, sources_path: Path, errors: _Collector
) -> None:
    for contact in contacts.values():
        _check_ways(path, contact, errors)
        for source_id in contact.source:
            if sources is not None and source_id not in sources:
                errors.add(path, f"contact '{contact.id}': source", f"unknown source id '{source_id}'{_known(sources)}")
    if contacts and not any(contact.in_line for contact in contacts.values()):
        errors.add(
            path,
            "in_line",
            "no contact has 'in_line: true': the one-line crisis line and the printed crisis panel need at least one",
        )
    # A number someone may dial in a crisis must say when it was last confirmed.
    cited: dict[str, str] = {}
    for contact in contacts.values():
        for source_id in contact.source:
            cited.setdefault(source_id, contact.id)
    for source_id, contact_id in cited.items():
        source = sources.get(source_id) if sources is not None else None
        if source is not None and source.checked is None:
            errors.add(
                sources_path,
                f"source '{source_id}': checked",
                f"is required for a source that a contact cites (contact '{contact_id}'): "
                "the date its details were last confirmed, like 2026-11-26",
            )


def _known(ids: Iterable[str]) -> str:
    names = sorted(ids)
    if not names:
        return ""
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return f" (known: {shown})"


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (front matter YAML, body); front matter is optional."""
    if not text.startswith(FRONT_MATTER + "\n"):
        return None, text
    end = text.find("\n" + FRONT_MATTER, len(FRONT_MATTER))
    if end == -1:
        return None, text
    after = text.find("\n", end + 1)
    body = "" if after == -1 else text[after + 1 :]
    return text[len(FRONT_MATTER) + 1 : end + 1], body


# Content is words and pictures. A script in a page, fragment or SVG would run on the live site,
# where it could read saved answers; so would an inline event handler or a javascript: link.
SCRIPT_LIKE = re.compile(r"<\s*script\b|\son[a-z]+\s*=|javascript\s*:", re.IGNORECASE)


def _refuse_scripts(path: Path, text: str, errors: _Collector) -> None:
    for match in SCRIPT_LIKE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        errors.add(
            path,
            f"line {line}",
            f"contains {match.group(0).strip()!r}: content may not carry scripts; the site's own code does that",
        )


def _load_pages(pages_dir: Path, errors: _Collector) -> list[Page]:
    pages: list[Page] = []
    if not pages_dir.is_dir():
        errors.add(pages_dir, WHOLE_FILE, "folder is missing: every site needs pages/index.md")
        return pages
    urls: dict[str, Path] = {}
    for path in sorted(pages_dir.rglob("*")):
        if path.is_file() and path.suffix.lower() == ".md" and path.suffix != ".md":
            errors.add(path, WHOLE_FILE, f"a page file must end in lowercase '.md', not '{path.suffix}'")
    for path in sorted(pages_dir.rglob("*.md")):
        # "risks.md" and "risks/index.md" both become /risks/; MkDocs keeps one and drops the
        # other without a word, even under --strict, so refuse the pair here.
        relative = path.relative_to(pages_dir).with_suffix("")
        url = (relative.parent if relative.name == "index" else relative).as_posix()
        if url in urls:
            errors.add(path, WHOLE_FILE, f"is a second page for the address /{url}/ (so is {errors.label(urls[url])})")
            continue
        urls[url] = path
        try:
            # utf-8-sig: a byte-order mark some editors add is accepted, not mistaken for text.
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            errors.add(path, f"byte {exc.start}", "is not UTF-8 text: save the file as UTF-8")
            continue
        raw_meta, body = split_front_matter(text)
        if raw_meta is None:
            errors.add(path, "front matter", "is missing: start the page with '---', title and description, '---'")
            continue
        try:
            data = _load_yaml(raw_meta)
        except yaml.YAMLError as exc:
            where, message = _yaml_problem(exc)
            errors.add(path, f"front matter, {where}", message)
            continue
        if not isinstance(data, dict):
            errors.add(path, "front matter", "must hold fields such as 'title: …'")
            continue
        try:
            meta = PageMeta.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                errors.add(path, f"front matter: {_describe_loc(error['loc'])}", _pydantic_message(error))
            continue
        name = path.relative_to(pages_dir).as_posix()
        pages.append(Page(name=name, file=errors.label(path), meta=meta, body=body))
    if pages_dir.is_dir() and not (pages_dir / "index.md").exists():
        errors.add(pages_dir / "index.md", WHOLE_FILE, "is missing: the site needs a home page")
    return pages


def _card_settings(path: Path, data: dict[str, Any], errors: _Collector) -> CardSettings | None:
    """The file's own fields (labels, goal_label, lint); the cards are checked one by one elsewhere."""
    try:
        return CardSettings.model_validate({key: value for key, value in data.items() if key != "cards"})
    except ValidationError as exc:
        for error in exc.errors():
            errors.add(path, _describe_loc(error["loc"]), _pydantic_message(error))
        return None


def _check_card_rules(path: Path, cards: list[Card], settings: CardSettings, errors: _Collector) -> None:
    if cards and settings.labels is None:
        errors.add(
            path,
            "labels",
            "is required: the card library and printed cards put these words before each card's why and "
            "respect lines (labels: with why: and respect:)",
        )
    goals = [card.id for card in cards if card.goal]
    if goals and settings.goal_label is None:
        errors.add(
            path,
            "goal_label",
            f"is required: card '{goals[0]}' has 'goal: true', and the card library and printed cards "
            "mark such cards with these words",
        )
    if settings.lint is not None:
        for finding in check_cards(cards, settings.lint):
            errors.add(path, f"card '{finding.card}': {finding.field}", finding.message)


def _load_cards(path: Path, taxonomy: Taxonomy | None, errors: _Collector) -> tuple[list[Card], CardSettings | None]:
    """The cards, and the file's own fields (labels, goal_label, lint) when they are valid."""
    data = _read_yaml(path, errors)
    if data is None:
        return [], None
    if not isinstance(data, dict) or "cards" not in data:
        errors.add(path, "cards", "is required: the file must start with 'cards:' and list the cards")
        return [], None
    settings = _card_settings(path, data, errors)
    cards = _validate_records(path, data["cards"], Card, errors, "card")
    if settings is not None:
        _check_card_rules(path, cards, settings, errors)
    titles: dict[str, str] = {}
    for card in cards:
        # Two cards with one title read as one card twice in a printed deck.
        other = titles.setdefault(card.title.casefold(), card.id)
        if other != card.id:
            errors.add(path, f"card '{card.id}': title", f"duplicate title '{card.title}' (also card '{other}')")
    if taxonomy is None:
        return cards, settings
    levels = {level.id for level in taxonomy.levels}
    areas = {area.id for area in taxonomy.areas}
    for card in cards:
        if card.level not in levels:
            errors.add(
                path, f"card '{card.id}': level", f"{card.level} is not a level (use {min(levels)}–{max(levels)})"
            )
        if card.area not in areas:
            errors.add(path, f"card '{card.id}': area", f"unknown area '{card.area}'{_known(areas)}")
    return cards, settings


def overdue_reviews(content: Content, today: dt.date) -> list[ContentError]:
    """Pages whose next review date has passed: a warning for `check`, a failure for
    `check --strict`. Each names the page's file and its next_review field."""
    overdue: list[ContentError] = []
    for page in content.pages:
        due = page.meta.next_review
        if due < today:
            days = (today - due).days
            overdue.append(
                ContentError(
                    page.file,
                    "front matter: next_review",
                    f"the page was due for review on {due.isoformat()} ({days} {'day' if days == 1 else 'days'} ago): "
                    "review it against its sources, then update last_reviewed and next_review",
                )
            )
    return overdue


FIGURE_TEMPLATE = ".svg.j2"


def _render_figure_templates(
    folder: Path, taxonomy: Taxonomy | None, figures: dict[str, str], errors: _Collector
) -> None:
    """figures/NAME.svg.j2: an SVG drawn at build time from the site's taxonomy (its `levels`
    and `areas`, as plain dicts), so a figure of the levels cannot drift from them."""
    from generator.render import content_environment  # render imports this module

    env = content_environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    data = {
        "levels": [level.model_dump(exclude_none=True) for level in taxonomy.levels] if taxonomy else [],
        "areas": [area.model_dump() for area in taxonomy.areas] if taxonomy else [],
    }
    for path in sorted(folder.glob(f"*{FIGURE_TEMPLATE}")):
        name = path.name.removesuffix(FIGURE_TEMPLATE)
        if name in figures:
            errors.add(path, WHOLE_FILE, f"figure '{name}' is also figures/{name}.svg: keep one of the two")
            continue
        try:
            figures[name] = env.from_string(path.read_text(encoding="utf-8")).render(**data)
        except jinja2.TemplateSyntaxError as exc:
            errors.add(path, f"line {exc.lineno}", f"template error: {exc.message}")
        except jinja2.TemplateError as exc:
            errors.add(path, WHOLE_FILE, f"template error: {exc.message} (it can use 'levels' and 'areas')")


def load_content(root: Path, taxonomy: Taxonomy | None = None) -> Content:
    """Load and validate a content folder, or raise ContentErrors listing every problem."""
    root = root.resolve()
    errors = _Collector(root)
    content = Content(root=root)
    if not root.is_dir():
        errors.add(root, WHOLE_FILE, "content folder not found")
        raise ContentErrors(errors.errors)

    def records[R: BaseModel](name: str, model: type[R], what: str) -> dict[str, R]:
        path = root / name
        if not path.exists():
            errors.add(path, WHOLE_FILE, f"is missing: the content folder needs a list of {what}s here")
            return {}
        data = _read_yaml(path, errors)
        if data is None and errors.errors and errors.errors[-1].file == errors.label(path):
            return {}
        return {r.id: r for r in _validate_records(path, data, model, errors, what)}  # type: ignore[attr-defined]

    content.experts = records("experts.yml", Expert, "expert")
    content.sources = records("sources.yml", Source, "source")
    content.quotes = records("quotes.yml", Quote, "quote")

    def readable[T](name: str, loaded: T) -> T | None:
        # One root cause, one message: a file that failed as a whole is not checked against.
        label = errors.label(root / name)
        whole = any(e.file == label and (e.field == WHOLE_FILE or "invalid YAML" in e.message) for e in errors.errors)
        return None if whole else loaded

    experts, sources = readable("experts.yml", content.experts), readable("sources.yml", content.sources)
    _check_refs(root / "quotes.yml", content.quotes.values(), experts, sources, errors)
    # Every topic needs its crisis and help contacts: a health site must always say
    # where to get help, so a missing or empty contacts.yml fails like a missing page.
    content.contacts = records("contacts.yml", Contact, "contact")
    _check_contacts(root / "contacts.yml", content.contacts, sources, root / "sources.yml", errors)

    cards_path = root / "cards.yml"
    if cards_path.exists():
        content.cards, settings = _load_cards(cards_path, taxonomy, errors)
        if settings is not None:
            content.goal_label = settings.goal_label
            content.card_labels = settings.labels.model_dump() if settings.labels is not None else None

    content.pages = _load_pages(root / "pages", errors)
    for folder, suffix, target in (("fragments", ".md", content.fragments), ("figures", ".svg", content.figures)):
        for path in sorted((root / folder).glob(f"*{suffix}")):
            try:
                target[path.stem] = path.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError as exc:
                errors.add(path, f"byte {exc.start}", "is not UTF-8 text: save the file as UTF-8")
    for page in content.pages:
        _refuse_scripts(root / "pages" / page.name, page.body, errors)
    for folder, suffix, texts in (("fragments", ".md", content.fragments), ("figures", ".svg", content.figures)):
        for stem, text in texts.items():
            _refuse_scripts(root / folder / f"{stem}{suffix}", text, errors)
    _render_figure_templates(root / "figures", taxonomy, content.figures, errors)

    if errors.errors:
        raise ContentErrors(errors.errors)
    return content
