"""MkDocs plugin: content folder in, generated pages and a staged Pyodide out.

All content is loaded, validated and rendered in ``on_config``, and every file the
plugin makes (wheels, the runtime's lock, the PDFs) is made in ``on_pre_build``: both
run before MkDocs cleans or writes the site folder, so a failure never leaves a
half-built site behind. Every failure is a ``PluginError`` that says what failed,
which MkDocs prints as one line instead of a traceback.

Everything the plugin adds goes through MkDocs' file list (``on_files``): the pages,
cards.json, the Pyodide runtime and wheels, the PDFs. So pages link them with plain
Markdown links that ``--strict`` checks, and MkDocs copies them like any other file.
Each page gets its Content-Security-Policy as MkDocs writes it (``on_post_page``).

After the build (``on_post_build``), the plugin writes ``_headers`` from the policies the pages
carry, and a precompressed sibling (.br, .gz) beside every file that compression makes smaller;
under ``serve``, the development server sends those siblings (``on_serve``).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from html import escape
from html import unescape as html_unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from pydantic import ValidationError

from generator import blocks, csp, early_links, headers_file, html_fixes, offline, permalinks
from generator import self_check as self_check_module
from generator.compressed_serving import compressed_app
from generator.config import ContentConfig
from generator.data_files import DataFileError, data_files
from generator.errors import ContentError, ContentErrors
from generator.loader import Content, Taxonomy, load_content
from generator.precompress import CACHE_FOLDER, PrecompressError, precompress, summary
from generator.pyodide_runtime import (
    PyodideRuntimeError,
    RuntimePin,
    cache_root,
    fetch_runtime,
    fetch_wheels,
    runtime_dir,
    stage,
    verify_shipped,
)
from generator.render import TEMPLATES, RenderedPage, Renderer
from generator.schema import Area, Level
from generator.wheels import build_wheel

log = get_plugin_logger(__name__)

CARDS_JSON = "assets/data/cards.json"
THEME_DIR = Path(__file__).parent / "theme"
# The browser side of the generator: the page adapter, the engine's worker and their styles.
# They ship with every site, under a folder of their own so a site's docs/ never clashes.
ASSETS_DIR = Path(__file__).parent / "assets"
ASSETS_URI = "assets/kit"
SCRIPT = f"{ASSETS_URI}/site.mjs"
STYLES = f"{ASSETS_URI}/site.css"
REQUIRED_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables")


def _failed(what: str, exc: BaseException) -> PluginError:
    """A PluginError saying what failed and why; the traceback goes to the debug log
    (`mkdocs build --verbose`), for whoever fixes the code rather than the content."""
    log.debug(f"{what} failed", exc_info=exc)
    return PluginError(f"{what} failed: {type(exc).__name__}: {exc}")


def reported[**P, R](event: Callable[P, R]) -> Callable[P, R]:
    """An event whose unexpected failures become a PluginError: MkDocs prints that as one
    line and stops, where any other exception would print a traceback."""

    @functools.wraps(event)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return event(*args, **kwargs)
        except MkDocsException:
            raise
        except Exception as exc:
            raise _failed(f"plugin 'content' ({event.__name__})", exc) from exc

    return run


def resolve(dotted: str) -> Callable[..., Any]:
    """Import "package.module:callable", with a message an author can act on."""
    module_name, _, attr = dotted.partition(":")
    try:
        return getattr(importlib.import_module(module_name), attr)  # type: ignore[no-any-return]
    except (ImportError, AttributeError) as exc:
        raise PluginError(f"mkdocs.yml: plugin 'content' names '{dotted}', which cannot be imported: {exc}") from None
    except Exception as exc:  # the module itself fails while it is imported
        raise _failed(f"mkdocs.yml: plugin 'content': importing '{dotted}'", exc) from exc


def call(dotted: str, role: str, *args: Any) -> Any:
    """Run a callable that mkdocs.yml names (the site's own code), so that its failure says
    which one failed and in which role, not a traceback through the plugin."""
    function = resolve(dotted)
    try:
        return function(*args)
    except MkDocsException:
        raise
    except Exception as exc:
        raise _failed(f"mkdocs.yml: plugin 'content': {role} '{dotted}'", exc) from exc


# What a level may carry besides id and name (see schema.Level); anything else is left out.
LEVEL_EXTRAS = ("band", "sample", "sample_rating")


def _whole_number(value: object) -> int:
    # int() would turn 2.7 into 2 and True into 1: a level id is written as a whole number.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise ValueError(f"id {value!r} is not a whole number")


def _taxonomy_item[T](kind: str, index: int, item: object, make: Callable[[Mapping[str, Any]], T]) -> T | str:
    """The item made into a Level or Area, or what is wrong with it, in words."""
    if not isinstance(item, Mapping):
        return f"{kind} {index} is {type(item).__name__}, not a mapping with an id and a name"
    missing = [key for key in ("id", "name") if key not in item]
    if missing:
        return f"{kind} {index} has no {' and no '.join(repr(key) for key in missing)}"
    try:
        return make(item)
    except ValidationError as exc:
        error = exc.errors()[0]
        return f"{kind} {index}: {'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
    except ValueError as exc:
        return f"{kind} {index}: {exc}"


def load_taxonomy(dotted: str | None) -> Taxonomy | None:
    """The site's levels and areas, from the callable mkdocs.yml names; what is wrong with its
    answer is a PluginError that names the callable and the item."""
    if not dotted:
        return None
    data = call(dotted, "taxonomy")
    where = f"mkdocs.yml: plugin 'content': taxonomy '{dotted}'"
    if not isinstance(data, Mapping) or not all(isinstance(data.get(key), list) for key in ("levels", "areas")):
        raise PluginError(f"{where} must return {{'levels': [...], 'areas': [...]}}, not {data!r:.80}")

    def level(item: Mapping[str, Any]) -> Level:
        extras = {key: item[key] for key in LEVEL_EXTRAS if item.get(key) is not None}
        return Level(id=_whole_number(item["id"]), name=str(item["name"]), **extras)

    def area(item: Mapping[str, Any]) -> Area:
        return Area(id=str(item["id"]), name=str(item["name"]))

    levels = [_taxonomy_item("level", index, item, level) for index, item in enumerate(data["levels"], start=1)]
    areas = [_taxonomy_item("area", index, item, area) for index, item in enumerate(data["areas"], start=1)]
    problems = [item for item in [*levels, *areas] if isinstance(item, str)]
    if problems:
        raise PluginError(f"{where} returned levels or areas it cannot use: " + "; ".join(problems))
    return Taxonomy(
        levels=tuple(item for item in levels if isinstance(item, Level)),
        areas=tuple(item for item in areas if isinstance(item, Area)),
    )


def cards_payload(content: Content, taxonomy: Taxonomy | None) -> dict[str, Any]:
    """cards.json: what the card library, the build's PDFs and the browser's deck share.

    "contacts" are the crisis and help contacts, in file order, as plain dicts (see
    contacts.yml): every printed PDF shows them, so no PDF holds a number of its own.
    Levels carry their calibration (band, sample, sample_rating) when the site supplies it;
    cards carry `goal`, and "goal_label" holds the words that mark a goal card. "labels" are
    the words before a card's why and respect lines (cards.yml's labels), for the site's card
    library and the PDFs alike.
    """
    return {
        "levels": [level.model_dump(mode="json", exclude_none=True) for level in taxonomy.levels] if taxonomy else [],
        "areas": [area.model_dump() for area in taxonomy.areas] if taxonomy else [],
        "goal_label": content.goal_label,
        "labels": content.card_labels,
        "cards": [card.model_dump() for card in content.cards],
        "contacts": [contact.model_dump(mode="json", exclude_none=True) for contact in content.contacts.values()],
    }


class ContentPlugin(BasePlugin[ContentConfig]):
    def __init__(self) -> None:
        self._content: Content | None = None
        self.taxonomy: Taxonomy | None = None
        self.self_check: self_check_module.SelfCheck | None = None
        self.pages: dict[str, RenderedPage] = {}
        self.serving = False
        self._early_links = False
        # Under `serve`, the content's problems when it does not build (see on_startup).
        self.broken: str | None = None
        # This build's own files (wheels, the runtime's lock, PDFs), made in on_pre_build.
        self._work_dir: Path | None = None
        # Every file the plugin adds to the site besides pages: {path in the site: file}.
        self.site_files: dict[str, Path] = {}
        # This build's pages' policies, {URL path a page answers at: policy}, for _headers.
        self.policies: dict[str, str] = {}
        # The content's data files for the page's scripts (mkdocs.yml: data_files), checked in on_config.
        self.data_files: dict[str, Path] = {}

    @property
    def content(self) -> Content:
        """The loaded content folder; there is none before prepare() (on_config) has run."""
        if self._content is None:
            raise RuntimeError("the content folder is not loaded yet: prepare() (on_config) loads it")
        return self._content

    def _project_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def prepare(self, project_dir: Path) -> dict[str, RenderedPage]:
        """Load, validate and render the content folder; raise ContentErrors if broken."""
        content_dir = project_dir / self.config.content_dir
        self.self_check = None
        if self.config.taxonomy:
            self.taxonomy = load_taxonomy(self.config.taxonomy)
        elif self.config.self_check:
            # The ladder of the self-check is the cards' taxonomy: read it before the cards.
            self_check_module.use_definition(content_dir / self.config.self_check)
            self.taxonomy = self_check_module.taxonomy()
        else:
            self.taxonomy = None
        self._content = load_content(content_dir, self.taxonomy)
        content = self._content
        missing = [
            ContentError(
                f"{self.config.content_dir}/fragments/{name}.md",
                "(whole file)",
                "is required (mkdocs.yml: required_fragments) but "
                + ("missing" if name not in content.fragments else "empty"),
            )
            for name in self.config.required_fragments
            if not content.fragments.get(name, "").strip()
        ]
        # A site that shows a deck, or makes files from it (generate: the PDFs print it), needs
        # cards: without them the build used to pass check and then crash in the PDF step.
        wants_cards = bool(self.config.generate) or any("card_library(" in page.body for page in content.pages)
        if wants_cards and not content.cards:
            cards_file = f"{self.config.content_dir}/cards.yml"
            if not (project_dir / cards_file).exists():
                problem = "is missing, but this site shows a card deck: add cards.yml with at least one card"
            else:
                problem = "has no cards, but this site shows a card deck: add at least one card"
            missing.append(ContentError(cards_file, "(whole file)", problem))
        if missing:
            raise ContentErrors(missing)
        if self.config.self_check:
            self.self_check = self_check_module.load(content_dir, self.config.self_check, content.fragments)
        widgets = {}
        if self.self_check is not None:
            check = self.self_check
            widgets["self_check"] = lambda: self_check_module.widget(check)
        renderer = Renderer(content, sources_page=self.config.sources_page, macros=self._macros(), widgets=widgets)
        self.pages = renderer.render_all()
        return self.pages

    def pin(self) -> RuntimePin:
        pyodide = self.config.pyodide
        return RuntimePin(version=pyodide.version, sha256=pyodide.sha256, packages=tuple(pyodide.packages))

    def _pin_build_date(self) -> None:
        """The same sources give the same bytes, whatever the clock says: MkDocs dates the
        sitemap from SOURCE_DATE_EPOCH when it is set, so set it, when the builder has not, to
        the newest review date of the content (a fact of the sources, not of the clock)."""
        if os.environ.get("SOURCE_DATE_EPOCH") or self._content is None or not self._content.pages:
            return
        newest = max(page.meta.last_reviewed for page in self._content.pages)
        moment = dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Under `mkdocs serve` broken content becomes a page that says what is wrong, so the
        # browser shows the problem and recovers on the next good save instead of hanging.
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        self._drop_work_dir()

    @reported
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        project = self._project_dir(config)
        self.broken = None
        # Checked here, before MkDocs cleans the site folder, like every other refusal.
        if self.config.headers_file and (Path(config.docs_dir) / headers_file.NAME).exists():
            raise PluginError(
                f"{config.docs_dir}/{headers_file.NAME}: plugin 'content' writes this file from the pages' "
                "policies; remove it, or set headers_file: false in mkdocs.yml to keep your own"
            )
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
        try:
            self.data_files = data_files(
                project / self.config.content_dir, self.config.data_files, self.config.content_dir
            )
        except DataFileError as exc:
            raise PluginError(str(exc)) from None
        # Fetch the runtime now, before MkDocs cleans the site folder, so a failed
        # download cannot leave a half-built site either.
        if self.config.pyodide.version:
            try:
                fetch_runtime(self.pin(), cache_root(project))
                fetch_wheels(self.pin(), cache_root(project))
            except PyodideRuntimeError as exc:
                raise PluginError(f"Pyodide runtime: {exc}") from exc
        # The generated Markdown uses admonitions (pull-quotes), attribute lists
        # (anchors) and tables, so make sure a minimal mkdocs.yml still renders them.
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        # After them: see permalinks (needs toc, which MkDocs always loads).
        if permalinks.NAME not in config.markdown_extensions:
            config.markdown_extensions.append(permalinks.NAME)
        # Our theme partials (accessibility fixes to mkdocs-material) sit after any
        # custom_dir of the site, so a site can still override them.
        theme_dir = str(THEME_DIR)
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        # After the app's tags, last in <head>: see early_links.
        self._early_links = early_links.needed(config.theme)
        # The generator's own scripts and styles, before the site's own (which may refine them).
        if STYLES not in config.extra_css:
            config.extra_css.insert(0, STYLES)
        if all(str(script) != SCRIPT for script in config.extra_javascript):
            script = ExtraScriptValue(SCRIPT)
            script.type = "module"
            config.extra_javascript.insert(0, script)
        # Live reload: mkdocs serve rebuilds when anything in the content folder changes.
        content_dir = str(project / self.config.content_dir)
        if content_dir not in config.watch:
            config.watch.append(content_dir)
        return config

    def _macros(self) -> dict[str, Callable[..., str]]:
        macros: dict[str, Callable[..., str]] = {}
        if self.self_check is not None:
            check = self.self_check
            macros["quiz_form"] = lambda page: blocks.quiz_form(check.questionnaire(), check.words, check.said())
            macros["quiz_count"] = lambda page, key: blocks.quiz_count(check.questionnaire(), key)
            macros["cutoffs_table"] = lambda page: blocks.cutoffs_table(check.cutoffs())
            macros["paper_check"] = lambda page: self_check_module.paper_links(check, page.name)
        macros["card_library"] = lambda page: blocks.card_library(self._cards_payload())
        macros["levels_table"] = lambda page, *headings: blocks.levels_table(self._cards_payload()["levels"], headings)
        macros["figure_text"] = lambda page, figure_id: blocks.figure_text(self.content.figures, figure_id)
        return macros

    def _cards_payload(self) -> dict[str, Any]:
        return cards_payload(self.content, self.taxonomy)

    def _problem_pages(self, files: Files, config: MkDocsConfig, report: str) -> Files:
        """Every page of the content folder, each showing the content's problems."""
        pages_dir = self._project_dir(config) / self.config.content_dir / "pages"
        body = TEMPLATES.get_template("content_problem.md.j2").render(report=report)
        for path in sorted(pages_dir.rglob("*.md")):
            name = path.relative_to(pages_dir).as_posix()
            existing = files.get_file_from_path(name)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, name, content=body))
        return files

    def _drop_work_dir(self) -> None:
        if self._work_dir is not None:
            shutil.rmtree(self._work_dir, ignore_errors=True)
            self._work_dir = None

    def _wheel(self, name: str, requires: list[str], out_dir: Path) -> Path:
        try:
            return build_wheel(name, self.config.pyodide.version_of_wheels, out_dir, tuple(requires))
        except (ModuleNotFoundError, OSError) as exc:
            raise PluginError(
                f"Pyodide runtime: the wheel of '{name}' (mkdocs.yml: pyodide.wheels) failed: {exc}"
            ) from exc

    def _generate(self, dotted: str, out_dir: Path) -> dict[str, Path]:
        """Run one of mkdocs.yml's `generate` callables into an empty folder of its own; every
        file it leaves there joins the site at the same path."""
        out_dir.mkdir(parents=True)
        call(dotted, "generate", self._cards_payload(), out_dir)
        return {path.relative_to(out_dir).as_posix(): path for path in sorted(out_dir.rglob("*")) if path.is_file()}

    @reported
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Make every file the plugin adds to the site, before MkDocs cleans the site folder."""
        self.site_files = {}
        self.policies = {}
        self._drop_work_dir()
        if self.config.enabled:
            self._check_app_icons(config)
        pyodide = self.config.pyodide
        wanted = pyodide.version or self.config.generate or self.self_check is not None
        if not self.config.enabled or self.broken is not None or not wanted:
            return
        self._work_dir = work = Path(tempfile.mkdtemp(prefix="mkdocs-content-"))
        if pyodide.version:
            runtime = work / "pyodide"
            own = [self._wheel(name, requires, runtime) for name, requires in pyodide.wheels.items()]
            try:
                staged = stage(self.pin(), cache_root(self._project_dir(config)), runtime, own, tuple(pyodide.boot))
            except PyodideRuntimeError as exc:
                raise PluginError(f"Pyodide runtime: {exc}") from exc
            self.site_files |= {f"{pyodide.target.strip('/')}/{name}": path for name, path in staged.items()}
        made_by: dict[str, str] = {}
        if self.self_check is not None:
            # Printed by the plugin itself, not through `generate:`: every topic with a
            # self-check gets its printout (the scaffold too, which generates nothing), and
            # it is made from the checked self-check, which a `generate` callable never sees.
            # The crisis line from every in_line contact and the list of those for everyone,
            # as contacts_line() and contacts_list() show them on the site.
            every = list(self.content.contacts.values())
            listed = [contact for contact in every if contact.ages == "everyone"]
            printed = self_check_module.write_paper(self.self_check, every, listed, config.site_name, work / "paper")
            self.site_files |= printed
            made_by |= dict.fromkeys(printed, "the printed self-check")
        for index, dotted in enumerate(self.config.generate):
            for uri, path in self._generate(dotted, work / f"generated-{index}").items():
                if uri in self.site_files:
                    other = made_by.get(uri, "the Pyodide runtime")
                    raise PluginError(f"mkdocs.yml: plugin 'content': generate '{dotted}' and {other} both make {uri}")
                self.site_files[uri] = path
                made_by[uri] = f"generate '{dotted}'"

    @reported
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        for path in sorted(ASSETS_DIR.iterdir()):
            if path.is_file():
                files.append(File.generated(config, f"{ASSETS_URI}/{path.name}", abs_src_path=str(path)))
        if self.broken is not None:
            return self._problem_pages(files, config, self.broken)
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
        if self.content.cards:
            files.append(File.generated(config, CARDS_JSON, content=json.dumps(self._cards_payload())))
        if self.self_check is not None:
            files.append(File.generated(config, self_check_module.BUNDLE_URI, content=self.self_check.bundle.to_json()))
        for uri, path in self.data_files.items():
            if files.get_file_from_path(uri) is not None:
                raise PluginError(
                    f"mkdocs.yml: plugin 'content': data_files: {uri} is already a file of the site "
                    f"({config.docs_dir}/ or the plugin's own); rename one of the two"
                )
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        if self.config.app.icons:
            files.append(File.generated(config, offline.MANIFEST, content=self._web_manifest(config)))
        for uri, path in self.site_files.items():
            if files.get_file_from_path(uri) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{uri}: plugin 'content' makes this file too (the Pyodide runtime or "
                    "mkdocs.yml's generate); remove one of the two"
                )
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    def _check_app_icons(self, config: MkDocsConfig) -> None:
        """Every icon the manifest names is a file of docs/: checked before MkDocs cleans the site
        folder, so a wrong name fails the build without touching the earlier site."""
        for index, icon in enumerate(self.config.app.icons):
            if not (Path(config.docs_dir) / icon.src).is_file():
                raise PluginError(
                    f"mkdocs.yml: plugin 'content': app.icons[{index}].src: '{icon.src}' is not a file of the site "
                    f"(looked for {config.docs_dir}/{icon.src})"
                )

    def _web_manifest(self, config: MkDocsConfig) -> str:
        app = self.config.app
        icons = [
            {"src": icon.src, "sizes": icon.sizes, "type": icon.type, "purpose": icon.purpose} for icon in app.icons
        ]
        name = app.name or config.site_name
        return offline.web_manifest(
            name=name,
            short_name=app.short_name or name,
            # on_config escaped it for the theme's attribute; the manifest is JSON, not HTML.
            description=html_unescape(config.site_description or ""),
            theme_color=app.theme_color,
            background_color=app.background_color,
            icons=icons,
        )

    @property
    def _offline(self) -> bool:
        # Not under `serve`: a worker serving cached pages would hide every live reload.
        return self.config.offline.enabled and not self.serving and self.broken is None

    def _app_tags(self, root: str) -> tuple[str, str]:
        """What the page's <head> and the end of its <body> get for the app: the manifest link,
        and the notice a waiting new build shows (its presence tells site.mjs the site works
        offline). root: the site's root, relative to the page."""
        head = ""
        if self.config.app.icons:
            head = (
                f'<link rel="manifest" href="{escape(root)}{offline.MANIFEST}">\n'
                f'    <meta name="theme-color" content="{escape(self.config.app.theme_color)}">'
            )
        body = ""
        if self._offline:
            words = self.config.offline
            body = (
                '<div class="offline-update" data-offline-update role="status" hidden>'
                f"<p>{escape(words.update_message)}</p>"
                f'<button type="button" data-offline-reload>{escape(words.update_button)}</button>'
                f'<button type="button" data-offline-later>{escape(words.update_later)}</button>'
                "</div>"
            )
        return head, body

    def _finish_html(self, html: str, root: str, content: str = "") -> str:
        """The theme's HTML repaired, with the app's tags and the page's own Content-Security-Policy."""
        html = html_fixes.repair(html)
        head, body = self._app_tags(root)
        if self._early_links:
            head = f"{head}\n    {early_links.SCRIPT}" if head else early_links.SCRIPT
        if head and "</head>" in html:
            html = html.replace("</head>", f"    {head}\n  </head>", 1)
        if body and "</body>" in html:
            html = html.replace("</body>", f"{body}\n  </body>", 1)
        if not self.config.csp:
            return html
        return csp.with_policy(html, csp.template_script_hashes(html, content), live_reload=self.serving)

    def _record_policy(self, html: str, dest_uri: str, url: str) -> None:
        """The policy the finished page carries, for _headers: under every path a host answers
        with this page ("/about/" and "/about/index.html")."""
        policy = csp.page_policy(html)
        if policy is not None:
            for path in {f"/{url}", f"/{dest_uri}"}:
                self.policies[path] = policy

    @reported
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if not self.config.enabled:
            return output
        depth = page.url.count("/")  # "" and "x.html" are at the root, "x/" one folder down
        html = self._finish_html(output, "../" * depth or "./", page.content or "")
        self._record_policy(html, page.file.dest_uri, page.url)
        return html

    @reported
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # The theme's own pages (404.html); sitemap.xml has no <head> and is left as it is.
        if not self.config.enabled or not template_name.endswith(".html"):
            return output_content
        # A host serves 404.html at any depth, so its links start from the site's own path.
        root = urlsplit(config.site_url or "/").path or "/"
        html = self._finish_html(output_content, root if root.endswith("/") else root + "/")
        self._record_policy(html, template_name, template_name)
        return html

    @reported
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """What we shipped is what we verified: MkDocs copied the runtime, so check the copy.
        Then the service worker's list of every file of the finished site, the files for hosts
        (_headers), and the precompressed siblings (last, so that they cover every file the build
        wrote, sw.js included)."""
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        pyodide = self.config.pyodide
        if self.broken is None and pyodide.version:
            runtime = runtime_dir(self.pin(), cache_root(self._project_dir(config)))
            try:
                verify_shipped(site_dir / pyodide.target, runtime)
            except PyodideRuntimeError as exc:
                raise PluginError(f"Pyodide runtime: {exc}") from exc
        if self._offline:
            offline.write_service_worker(site_dir)
        if self.config.headers_file and self.broken is None:
            headers_file.write(site_dir, self.policies)
        if self.config.precompress:
            try:
                result = precompress(site_dir, cache_root(self._project_dir(config)) / CACHE_FOLDER)
            except PrecompressError as exc:
                raise PluginError(str(exc)) from exc
            log.info(summary(result))

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        """The development server sends the precompressed siblings as a host that honours
        them does, so a local visit transfers what a real host sends."""
        if self.config.enabled and self.config.precompress:
            server.set_app(compressed_app(server.get_app()))
        return server
