"""MkDocs plugin: content folder in, generated pages and a staged Pyodide out.

All content is loaded, validated and rendered in ``on_config``, before MkDocs
cleans or writes the site folder, so broken content never leaves a half-built
site behind.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator import blocks, csp, html_fixes
from generator.config import ContentConfig
from generator.errors import ContentError, ContentErrors
from generator.loader import Content, Taxonomy, load_content
from generator.pyodide_runtime import PyodideRuntimeError, RuntimePin, cache_root, fetch_runtime, fetch_wheels, stage
from generator.render import TEMPLATES, RenderedPage, Renderer
from generator.schema import Area, Level
from generator.wheels import build_wheel

log = logging.getLogger("mkdocs.plugins.content")

CARDS_JSON = "assets/data/cards.json"
THEME_DIR = Path(__file__).parent / "theme"
REQUIRED_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables")


def resolve(dotted: str) -> Callable[..., Any]:
    """Import "package.module:callable", with a message an author can act on."""
    module_name, _, attr = dotted.partition(":")
    try:
        return getattr(importlib.import_module(module_name), attr)  # type: ignore[no-any-return]
    except (ImportError, AttributeError) as exc:
        raise PluginError(f"mkdocs.yml: plugin 'content' names '{dotted}', which cannot be imported: {exc}") from None


# What a level may carry besides id and name (see schema.Level); anything else is left out.
LEVEL_EXTRAS = ("band", "sample", "sample_rating")


def load_taxonomy(dotted: str | None) -> Taxonomy | None:
    if not dotted:
        return None
    data = resolve(dotted)()
    return Taxonomy(
        levels=tuple(
            Level(
                id=int(level["id"]),
                name=str(level["name"]),
                **{key: level[key] for key in LEVEL_EXTRAS if level.get(key) is not None},
            )
            for level in data["levels"]
        ),
        areas=tuple(Area(id=str(area["id"]), name=str(area["name"])) for area in data["areas"]),
    )


def cards_payload(content: Content, taxonomy: Taxonomy | None) -> dict[str, Any]:
    """cards.json: what the card library, the build's PDFs and the browser's deck share.

    "contacts" are the crisis and help contacts, in file order, as plain dicts (see
    contacts.yml): every printed PDF shows them, so no PDF holds a number of its own.
    Levels carry their calibration (band, sample, sample_rating) when the site supplies it;
    cards carry `goal`, and "goal_label" holds the words that mark a goal card.
    """
    return {
        "levels": [level.model_dump(mode="json", exclude_none=True) for level in taxonomy.levels] if taxonomy else [],
        "areas": [area.model_dump() for area in taxonomy.areas] if taxonomy else [],
        "goal_label": content.goal_label,
        "cards": [card.model_dump() for card in content.cards],
        "contacts": [contact.model_dump(mode="json", exclude_none=True) for contact in content.contacts.values()],
    }


class ContentPlugin(BasePlugin[ContentConfig]):
    def __init__(self) -> None:
        self.content: Content | None = None
        self.taxonomy: Taxonomy | None = None
        self.pages: dict[str, RenderedPage] = {}
        self.serving = False
        self.script_hashes: set[str] = set()
        # Under `serve`, the content's problems when it does not build (see on_startup).
        self.broken: str | None = None

    def _project_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def prepare(self, project_dir: Path) -> dict[str, RenderedPage]:
        """Load, validate and render the content folder; raise ContentErrors if broken."""
        self.taxonomy = load_taxonomy(self.config.taxonomy)
        self.content = load_content(project_dir / self.config.content_dir, self.taxonomy)
        missing = [
            ContentError(
                f"{self.config.content_dir}/fragments/{name}.md",
                "(whole file)",
                "is required (mkdocs.yml: required_fragments) but "
                + ("missing" if name not in self.content.fragments else "empty"),
            )
            for name in self.config.required_fragments
            if not self.content.fragments.get(name, "").strip()
        ]
        # A site that shows or prints a deck needs cards: without them the build used to pass
        # check and then crash in the PDF step.
        wants_cards = bool(self.config.after_build) or any("card_library(" in page.body for page in self.content.pages)
        if wants_cards and not self.content.cards:
            cards_file = f"{self.config.content_dir}/cards.yml"
            if not (project_dir / cards_file).exists():
                problem = "is missing, but this site shows a card deck: add cards.yml with at least one card"
            else:
                problem = "has no cards, but this site shows a card deck: add at least one card"
            missing.append(ContentError(cards_file, "(whole file)", problem))
        if missing:
            raise ContentErrors(missing)
        renderer = Renderer(self.content, sources_page=self.config.sources_page, macros=self._macros())
        self.pages = renderer.render_all()
        return self.pages

    def pin(self) -> RuntimePin:
        pyodide = self.config.pyodide
        return RuntimePin(version=pyodide.version, sha256=pyodide.sha256, packages=tuple(pyodide.packages))

    def _pin_build_date(self) -> None:
        """The same sources give the same bytes, whatever the clock says: MkDocs dates the
        sitemap from SOURCE_DATE_EPOCH when it is set, so set it, when the builder has not, to
        the newest review date of the content (a fact of the sources, not of the clock)."""
        if os.environ.get("SOURCE_DATE_EPOCH") or self.content is None or not self.content.pages:
            return
        newest = max(page.meta.last_reviewed for page in self.content.pages)
        moment = dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Under `mkdocs serve` broken content becomes a page that says what is wrong, so the
        # browser shows the problem and recovers on the next good save instead of hanging.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project = self._project_dir(config)
        self.broken = None
        # The theme writes it into <meta name="description" content="…"> unescaped, so quotes in
        # it ended the attribute early (search engines and link previews got half a sentence).
        if config.site_description:
            config.site_description = html_fixes.escape_attribute(config.site_description)
        try:
            self.prepare(project)
        except ContentErrors as exc:
            if not self.serving:
                raise PluginError(exc.report()) from None
            self.broken = exc.report()
            # Printed, not logged: a logged error would count against --strict and abort the
            # rebuild, which is exactly the hang this avoids.
            print(self.broken, file=sys.stderr, flush=True)
        self._pin_build_date()
        # Fetch the runtime now, before MkDocs cleans the site folder, so a failed
        # download cannot leave a half-built site either.
        if self.config.pyodide.version:
            try:
                fetch_runtime(self.pin(), cache_root(project))
                fetch_wheels(self.pin(), cache_root(project))
            except PyodideRuntimeError as exc:
                raise PluginError(f"Pyodide runtime: {exc}") from None
        # The generated Markdown uses admonitions (pull-quotes), attribute lists
        # (anchors) and tables, so make sure a minimal mkdocs.yml still renders them.
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        # Our theme partials (accessibility fixes to mkdocs-material) sit after any
        # custom_dir of the site, so a site can still override them.
        theme_dir = str(THEME_DIR)
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        # Live reload: mkdocs serve rebuilds when anything in the content folder changes.
        content_dir = str(project / self.config.content_dir)
        if content_dir not in config.watch:
            config.watch.append(content_dir)
        return config

    def _macros(self) -> dict[str, Callable[..., str]]:
        macros: dict[str, Callable[..., str]] = {}
        if self.config.questionnaire:
            questionnaire = resolve(self.config.questionnaire)
            macros["quiz_form"] = lambda page: blocks.quiz_form(questionnaire())
            macros["quiz_count"] = lambda page, key: blocks.quiz_count(questionnaire(), key)
        if self.config.cutoffs:
            cutoffs = resolve(self.config.cutoffs)
            macros["cutoffs_table"] = lambda page: blocks.cutoffs_table(cutoffs())
        macros["card_library"] = lambda page: blocks.card_library(self._cards_payload())
        macros["levels_table"] = lambda page, *headings: blocks.levels_table(self._cards_payload()["levels"], headings)
        macros["figure_text"] = lambda page, figure_id: blocks.figure_text(self._figures(), figure_id)
        return macros

    def _figures(self) -> dict[str, str]:
        assert self.content is not None
        return self.content.figures

    def _cards_payload(self) -> dict[str, Any]:
        assert self.content is not None
        return cards_payload(self.content, self.taxonomy)

    def _problem_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Every page of the content folder, each showing the content's problems."""
        assert self.broken is not None
        pages_dir = self._project_dir(config) / self.config.content_dir / "pages"
        body = TEMPLATES.get_template("content_problem.md.j2").render(report=self.broken)
        for path in sorted(pages_dir.rglob("*.md")):
            name = path.relative_to(pages_dir).as_posix()
            existing = files.get_file_from_path(name)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, name, content=body))
        return files

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.broken is not None:
            return self._problem_pages(files, config)
        for name, rendered in self.pages.items():
            # The theme puts the description inside content="…" without escaping it.
            description = html_fixes.escape_attribute(rendered.page.meta.description)
            meta = json.dumps({"title": rendered.page.meta.title, "description": description})
            # JSON is valid YAML, so the front matter survives any punctuation in titles.
            source = f"---\n{meta}\n---\n\n{rendered.markdown}"
            existing = files.get_file_from_path(name)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, name, content=source))
        if self.content is not None and self.content.cards:
            files.append(File.generated(config, CARDS_JSON, content=json.dumps(self._cards_payload())))
        return files

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.script_hashes = set()

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        self.script_hashes |= csp.template_script_hashes(output, page.content or "")
        return html_fixes.repair(output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        self.script_hashes |= csp.template_script_hashes(output_content)
        return html_fixes.repair(output_content)

    def on_post_build(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        pyodide = self.config.pyodide
        serving = self.serving
        if self.broken is not None:
            if self.config.csp:
                csp.apply(site_dir, hashes=self.script_hashes, live_reload=serving)
            return
        if pyodide.version:
            project = self._project_dir(config)
            cache = cache_root(project)
            own = [
                build_wheel(name, pyodide.version_of_wheels, cache / "own-wheels", tuple(requires))
                for name, requires in pyodide.wheels.items()
            ]
            try:
                stage(self.pin(), cache, site_dir / pyodide.target, own, tuple(pyodide.boot))
            except PyodideRuntimeError as exc:
                raise PluginError(f"Pyodide runtime: {exc}") from None
        for dotted in self.config.after_build:
            assert self.content is not None
            resolve(dotted)(self._cards_payload(), site_dir)
        if self.config.csp:
            csp.apply(site_dir, hashes=self.script_hashes, live_reload=serving)
