"""Render page texts: Jinja2 helpers for quotes, citations, figures and fragments.

Helpers never raise on an unknown id. They record a ContentError against the
page and carry on, so one build reports every broken reference at once.
"""

from __future__ import annotations

import datetime as dt
import inspect
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from generator import contacts
from generator.errors import ContentError, ContentErrors
from generator.loader import Content, Page
from generator.schema import AGES, Contact, Source

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates"),
    autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)

Macro = Callable[..., str]

# How each helper is written, for the message an author gets when a call does not fit.
USAGE = {
    "quote": 'quote("quote-id")',
    "cite": 'cite("source-id")',
    "figure": 'figure("figure-id", "alt text that says what it shows")',
    "fragment": 'fragment("fragment-name")',
    "contacts_line": "contacts_line()",
    "contacts_list": 'contacts_list() or contacts_list("under-18")',
    "experts_and_sources": "experts_and_sources()",
}


class HelperMisuse(Exception):
    """A helper called with the wrong arguments, described in the author's terms."""


def content_environment(**options: Any) -> SandboxedEnvironment:
    """The Jinja environment for anything an author writes: pages, fragments, SVG templates.

    Sandboxed, so only our helpers can be called and attribute tricks such as
    `quote.__globals__` fail. Jinja's comments move to {## … ##}, out of the way of Markdown's
    heading ids ({#my-id}), which Jinja would otherwise take for the start of a comment and
    silently delete text up to a later "#}".
    """
    return SandboxedEnvironment(
        undefined=jinja2.StrictUndefined, comment_start_string="{##", comment_end_string="##}", **options
    )


def _guarded(name: str, helper: Callable[..., str]) -> Callable[..., str]:
    signature = inspect.signature(helper)
    usage = USAGE.get(name, f"{name}(…)")

    def call(*args: Any, **kwargs: Any) -> str:
        try:
            signature.bind(*args, **kwargs)
        except TypeError:
            raise HelperMisuse(f"{name} is written {usage}") from None
        if any(not isinstance(value, str) for value in [*args, *kwargs.values()]):
            raise HelperMisuse(f"{name} takes text in quotes: {usage}")
        return helper(*args, **kwargs)

    return call


@dataclass
class RenderedPage:
    page: Page
    markdown: str
    sources: list[str]


@dataclass
class _PageState:
    page: Page
    sources: list[str] = field(default_factory=list)
    lists_all_sources: bool = False

    def link(self, target_page: str, anchor: str) -> str:
        # Markdown links are resolved by MkDocs relative to the page's own folder.
        here = posixpath.dirname(self.page.name) or "."
        return f"{posixpath.relpath(target_page, here)}#{anchor}"

    def used(self, source_id: str) -> None:
        if source_id not in self.sources:
            self.sources.append(source_id)


def short_citation(source: Source) -> str:
    """'Flynn & Lake, 2008' style label from the authors and date fields."""
    if source.cite_as:
        return source.cite_as
    year_match = re.search(r"\b(1[89]\d\d|20\d\d)\b", source.date)
    year = year_match.group(1) if year_match else source.date
    people = [p.strip() for p in re.split(r";|\band\b|&", source.authors) if p.strip()]
    if not people:
        return year

    def surname(person: str) -> str:
        # "Flynn, F. J." and "Francis J. Flynn" both give "Flynn"; organisations stay whole.
        if "," in person:
            return person.split(",")[0].strip()
        words = person.split()
        return words[-1] if len(words) in (2, 3) and all(w[0].isupper() for w in words) else person

    if len(people) == 1:
        names = surname(people[0])
    elif len(people) == 2:
        names = f"{surname(people[0])} & {surname(people[1])}"
    else:
        names = f"{surname(people[0])} et al."
    return f"{names}, {year}"


def long_date(day: dt.date) -> str:
    """'26 November 2026': the day first, the month in words, so no reader misreads it."""
    return f"{day.day} {day.strftime('%B %Y')}"


def _line_of(body: str, needle: str) -> str:
    index = body.find(needle)
    return f"line {body.count(chr(10), 0, index) + 1}: " if index >= 0 else ""


class Renderer:
    """Renders every page of a Content folder, collecting reference errors."""

    def __init__(
        self,
        content: Content,
        *,
        sources_page: str = "experts-sources.md",
        macros: dict[str, Macro] | None = None,
        widgets: dict[str, Callable[[], str]] | None = None,
    ) -> None:
        self.content = content
        self.sources_page = sources_page
        self.macros = macros or {}
        # Blocks written in the page language itself (Markdown with helper calls, such as the
        # self-check widget with its fragments), rendered in the calling page's context.
        self.widgets = widgets or {}
        self.errors: list[ContentError] = []
        # Quote ids that some page or fragment shows, gathered while rendering.
        self.used_quotes: set[str] = set()
        self._scanning = False
        self._in_use: set[str] | None = None
        # A page that failed to render may hold quotes we never saw.
        self._incomplete = False
        self.env = content_environment(autoescape=False, keep_trailing_newline=True)  # Markdown, not HTML

    # -- helpers exposed to page texts ---------------------------------------

    def _fail(self, state: _PageState, call: str, message: str) -> str:
        where = _line_of(state.page.body, call.split("(")[1].rstrip(")"))
        self.errors.append(ContentError(state.page.file, f"{where}{call}", message))
        return ""

    def _quote(self, state: _PageState, quote_id: str) -> str:
        quote = self.content.quotes.get(quote_id)
        if quote is None:
            return self._fail(state, f'quote("{quote_id}")', f"unknown quote id '{quote_id}'")
        self.used_quotes.add(quote_id)
        expert = self.content.experts[quote.expert]
        source = self.content.sources[quote.source]
        state.used(source.id)
        return TEMPLATES.get_template("quote.md.j2").render(
            quote=quote,
            expert=expert,
            source=source,
            expert_link=state.link(self.sources_page, f"expert-{expert.id}"),
            source_link=state.link(self.sources_page, f"src-{source.id}"),
        )

    def _cite(self, state: _PageState, source_id: str) -> str:
        source = self.content.sources.get(source_id)
        if source is None:
            return self._fail(state, f'cite("{source_id}")', f"unknown source id '{source_id}'")
        state.used(source_id)
        label = short_citation(source)
        return f"([{label}]({state.link(self.sources_page, f'src-{source_id}')}))"

    def _figure(self, state: _PageState, figure_id: str, alt: str = "") -> str:
        svg = self.content.figures.get(figure_id)
        if svg is None:
            return self._fail(
                state, f'figure("{figure_id}")', f"unknown figure '{figure_id}' (add figures/{figure_id}.svg)"
            )
        if not alt.strip():
            return self._fail(state, f'figure("{figure_id}")', "needs alt text as its second argument")
        # Blank lines would end the raw HTML block in Markdown, so drop them.
        svg = "\n".join(line for line in svg.splitlines() if line.strip() and not line.startswith("<?xml"))
        return TEMPLATES.get_template("figure.html.j2").render(svg=svg, alt=alt, id=figure_id)

    def _fragment(self, state: _PageState, name: str) -> str:
        text = self.content.fragments.get(name)
        if text is None:
            return self._fail(state, f'fragment("{name}")', f"unknown fragment '{name}' (add fragments/{name}.md)")
        return self._render_text(state, text, f"fragments/{name}.md")

    def _show_contacts(self, state: _PageState, shown: list[Contact]) -> list[Contact]:
        for contact in shown:
            for source_id in contact.source:
                state.used(source_id)
        return shown

    def _contacts_line(self, state: _PageState) -> str:
        shown = [contact for contact in self.content.contacts.values() if contact.in_line]
        return contacts.line_markdown(self._show_contacts(state, shown))

    def _contacts_list(self, state: _PageState, ages: str = "everyone") -> str:
        if ages not in AGES:
            return self._fail(
                state, f'contacts_list("{ages}")', f"unknown ages '{ages}' (use {' or '.join(repr(a) for a in AGES)})"
            )
        shown = [contact for contact in self.content.contacts.values() if contact.ages == ages]
        if not shown:
            return self._fail(state, f'contacts_list("{ages}")', f"no contact in contacts.yml has 'ages: {ages}'")
        # A block: place it on its own line, with blank lines around it.
        return contacts.list_markdown(self._show_contacts(state, shown))

    def quotes_in_use(self) -> set[str]:
        """Every quote id some page shows, found by rendering all pages once, quietly.

        The Experts & Sources page lists only these, whichever order pages render in.
        Page-level blocks (macros) hold no quotes, so the scan skips them.
        """
        if self._in_use is None:
            scanner = Renderer(
                self.content,
                sources_page=self.sources_page,
                macros={name: (lambda *a, **k: "") for name in self.macros},
                widgets=self.widgets,
            )
            scanner._scanning = True
            for page in self.content.pages:
                scanner.render_page(page)
            self._in_use = scanner.used_quotes
        return self._in_use

    def _experts_and_sources(self, state: _PageState) -> str:
        state.lists_all_sources = True
        if self._scanning:
            return ""
        in_use = self.quotes_in_use()
        quotes_by_expert: dict[str, list[Any]] = {}
        quotes_by_source: dict[str, list[Any]] = {}
        for quote in self.content.quotes.values():
            if quote.id not in in_use:
                continue
            quotes_by_expert.setdefault(quote.expert, []).append(quote)
            quotes_by_source.setdefault(quote.source, []).append(quote)
        return TEMPLATES.get_template("experts_sources.md.j2").render(
            experts=list(self.content.experts.values()),
            sources=sorted(self.content.sources.values(), key=lambda s: s.authors.lower()),
            quotes_by_expert=quotes_by_expert,
            quotes_by_source=quotes_by_source,
            source_titles={s.id: s.title for s in self.content.sources.values()},
            cite=short_citation,
        )

    # -- rendering -------------------------------------------------------------

    def _render_text(self, state: _PageState, text: str, label: str) -> str:
        helpers: dict[str, Any] = {
            "quote": lambda qid: self._quote(state, qid),
            "cite": lambda sid: self._cite(state, sid),
            "figure": lambda fid, alt="": self._figure(state, fid, alt),
            "fragment": lambda name: self._fragment(state, name),
            "contacts_line": lambda: self._contacts_line(state),
            "contacts_list": lambda ages="everyone": self._contacts_list(state, ages),
            "experts_and_sources": lambda: self._experts_and_sources(state),
        }
        helpers = {name: _guarded(name, helper) for name, helper in helpers.items()}
        for name, macro in self.macros.items():
            helpers[name] = lambda *a, _m=macro, **k: _m(state.page, *a, **k)
        for name, widget in self.widgets.items():
            helpers[name] = lambda _w=widget, _n=name: self._render_text(state, _w(), f"{_n}()")
        try:
            return self.env.from_string(text).render(**helpers)
        except SecurityError as exc:
            self.errors.append(ContentError(state.page.file, label, f"only the page helpers can be used here ({exc})"))
        except HelperMisuse as exc:
            self.errors.append(ContentError(state.page.file, label, f"helper called wrongly: {exc}"))
        except jinja2.TemplateSyntaxError as exc:
            self.errors.append(
                ContentError(state.page.file, f"{label}, line {exc.lineno}", f"template error: {exc.message}")
            )
        except jinja2.UndefinedError as exc:
            self.errors.append(ContentError(state.page.file, label, f"unknown helper: {exc.message}"))
        except (TypeError, ValueError) as exc:
            self.errors.append(ContentError(state.page.file, label, f"helper called wrongly: {exc}"))
        # The text did not render, so any quotes it shows went unseen.
        self._incomplete = True
        return ""

    def render_page(self, page: Page) -> RenderedPage:
        state = _PageState(page=page)
        body = self._render_text(state, page.body, "body")
        if state.sources and not state.lists_all_sources:
            body = (
                body.rstrip()
                + "\n\n"
                + TEMPLATES.get_template("page_sources.md.j2").render(
                    sources=[self.content.sources[s] for s in state.sources],
                    link=lambda sid: state.link(self.sources_page, f"src-{sid}"),
                )
            )
        elif not state.lists_all_sources:
            self.errors.append(ContentError(page.file, "body", "cites no source: quote an expert or cite a source"))
        # Who reviewed the page and when it is next due, after everything else (the
        # Sources list included), as health sites do.
        body = (
            body.rstrip() + "\n\n" + TEMPLATES.get_template("page_review.md.j2").render(meta=page.meta, date=long_date)
        )
        return RenderedPage(page=page, markdown=body, sources=state.sources)

    def _unused_quotes(self) -> None:
        """A quote no page shows is a problem: we keep only the quotes we use."""
        quotes_file = f"{self.content.root.name}/quotes.yml"
        for quote_id in self.content.quotes:
            if quote_id not in self.used_quotes:
                self.errors.append(
                    ContentError(
                        quotes_file,
                        f"quote '{quote_id}'",
                        f'is not used on any page: show it with {{{{ quote("{quote_id}") }}}} or remove it',
                    )
                )

    def render_all(self) -> dict[str, RenderedPage]:
        rendered = {page.name: self.render_page(page) for page in self.content.pages}
        if not self._incomplete:
            self._unused_quotes()
        if self.errors:
            raise ContentErrors(self.errors)
        return rendered
