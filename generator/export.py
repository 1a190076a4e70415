"""`python -m generator export DIR`: the site as a plain MkDocs project that needs no generator.

mkdocs-material reaches end of life in May 2027; this is the way out. The export holds what
the `content` plugin would otherwise produce on every build, baked in:

- `docs/`: every page as the Markdown the plugin renders (helpers, fragments, quotes and
  citations expanded; title and description as front matter), every static file of the
  project's docs folder, every file the plugin generates (cards.json), and every file it
  adds after the build (the Pyodide runtime and wheels, the PDFs);
- `overrides/`: the theme overrides the plugin puts in front of the theme, plus a `main.html`
  that writes the plugin's Content-Security-Policy meta tag into every page;
- `mkdocs.yml`: the site's own, without the `content` plugin and with `custom_dir: overrides`.

Nothing is rendered twice: a real MkDocs build runs with the plugin (and nothing else that
the export keeps), and the export is collected from what that build produced.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from mkdocs.utils.yaml import yaml_load

from generator import csp, permalinks

PLUGIN = "content"
DOCS = "docs"
OVERRIDES = "overrides"
# The site's own main.html, if it has one, is kept under this name and extended by ours.
SITE_MAIN = "main.site.html"
CSP_META = csp.META_POLICY
# The site's mkdocs.yml names folders of the project (content/, generator/, …) that the
# export does not carry; `mkdocs serve` would fail watching them.
DROPPED_KEYS = ("watch",)


class ExportRefused(Exception):
    """The export was not started, for a reason a person can fix (e.g. DIR is not empty)."""


@dataclass
class Collected:
    """What the capture build saw, keyed by the path inside docs/."""

    pages: dict[str, str] = field(default_factory=dict)
    generated: dict[str, bytes] = field(default_factory=dict)
    static: dict[str, Path] = field(default_factory=dict)
    before_post_build: set[str] = field(default_factory=set)
    after_post_build: set[str] = field(default_factory=set)


def _site_files(site_dir: Path) -> set[str]:
    return {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()}


def _front_matter(meta: dict[str, Any]) -> str:
    if not meta:
        return ""
    # JSON is valid YAML (the plugin writes its front matter the same way), so any
    # punctuation in a title or description survives; dates become ISO text.
    return f"---\n{json.dumps(meta, ensure_ascii=False, default=str)}\n---\n\n"


class Capture(BasePlugin):  # type: ignore[type-arg]
    """Registered beside the content plugin for one build; records its results.

    Its events run last (or, for the snapshot before post-build, first), so they see what the
    other plugins made of each page and which files their post-build step added."""

    def __init__(self, collected: Collected, docs_dir: Path) -> None:
        super().__init__()
        self.collected = collected
        self.docs_dir = docs_dir.resolve()

    @event_priority(-100)
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        for file in files:
            if file.is_documentation_page() or not file.inclusion.is_included():
                continue
            if file.generated_by is not None:
                self.collected.generated[file.src_uri] = file.content_bytes
            elif file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(self.docs_dir):
                self.collected.static[file.src_uri] = Path(file.abs_src_path)
            # Anything else came from a theme folder, which the export carries as a theme.
        return env

    @event_priority(-100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.collected.pages[page.file.src_uri] = _front_matter(dict(page.meta)) + markdown
        return markdown

    @event_priority(100)
    def _on_post_build_first(self, *, config: MkDocsConfig) -> None:
        self.collected.before_post_build = _site_files(Path(config.site_dir))

    @event_priority(-100)
    def _on_post_build_last(self, *, config: MkDocsConfig) -> None:
        self.collected.after_post_build = _site_files(Path(config.site_dir))

    on_post_build = CombinedEvent(_on_post_build_first, _on_post_build_last)


def _plugin_entries(plugins: Any) -> list[tuple[str, Any]]:
    """mkdocs.yml's `plugins:` as (name, options) pairs, whichever way it is written."""
    if plugins is None:
        return []
    if isinstance(plugins, dict):
        return list(plugins.items())
    entries = []
    for item in plugins:
        if isinstance(item, dict):
            entries.extend(item.items())
        else:
            entries.append((str(item), None))
    return entries


def _extension_names(extensions: list[Any]) -> set[str]:
    return {next(iter(item)) if isinstance(item, dict) else str(item) for item in extensions or []}


def _capture_build(raw: dict[str, Any], config_file: Path, site_dir: Path) -> tuple[Collected, MkDocsConfig]:
    """A real, strict MkDocs build of the site with the content plugin only: the other
    plugins stay in the exported mkdocs.yml and will run when the export is built."""
    plugins = dict(_plugin_entries(raw.get("plugins")))
    config = load_config(
        str(config_file),
        site_dir=str(site_dir),
        strict=True,
        # No files for hosts: precompressed siblings would be copied into docs/ and go stale,
        # and _headers holds per-page policies where the export has one for every page. No
        # offline copy either: its list holds the sha256 of our pages, and another engine's
        # pages differ, so its worker could never install.
        plugins=[
            {
                PLUGIN: {
                    **(plugins[PLUGIN] or {}),
                    "precompress": False,
                    "headers_file": False,
                    "offline": {"enabled": False},
                }
            }
        ],
    )
    collected = Collected()
    capture = Capture(collected, Path(config.docs_dir))
    config.plugins["export-capture"] = capture
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return collected, config


def _theme_overrides(config: MkDocsConfig) -> list[Path]:
    """The folders in front of the theme's own (the site's custom_dir and the plugin's
    overrides), lowest precedence first, so copying them in order lets the higher win."""
    base = {os.path.realpath(path) for path in Theme(name=config.theme.name).dirs}
    extra = [Path(path) for path in config.theme.dirs if os.path.realpath(path) not in base]
    return list(reversed(extra))


def _policy(site_dir: Path) -> str | None:
    """One policy for every exported page, or None when the plugin writes none. The plugin
    lists only each page's own inline scripts; the export's single template allows the
    inline scripts of every page (a hash admits only the script it was taken from)."""
    hashes: set[str] = set()
    found_any = False
    for page in site_dir.rglob("*.html"):
        found = CSP_META.search(page.read_text(encoding="utf-8"))
        if found:
            found_any = True
            hashes |= set(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", found.group("policy")))
    if not found_any:
        return None
    return csp.policy(hashes)


def _main_html(policy: str, extends: str) -> str:
    # site_meta is the first block in <head>: the policy must come before any script it governs.
    return (
        "{#- Written by `python -m generator export`: the Content-Security-Policy the content plugin\n"
        "    adds to every page. Its hashes are those of the theme's inline scripts; if a theme\n"
        "    update changes them, export again. -#}\n"
        f'{{% extends "{extends}" %}}\n'
        "{% block site_meta %}\n"
        f'  {{% raw %}}<meta {csp.META_MARK} content="{policy}">{{% endraw %}}\n'
        "  {{ super() }}\n"
        "{% endblock %}\n"
    )


def _export_yaml(raw: dict[str, Any], config: MkDocsConfig) -> str:
    exported = {key: value for key, value in raw.items() if key not in DROPPED_KEYS}
    exported["docs_dir"] = DOCS
    exported["site_dir"] = "site"
    # The plugin escapes the description for the theme, which prints it unescaped.
    if config.site_description:
        exported["site_description"] = config.site_description
    theme = raw.get("theme")
    exported["theme"] = {**(theme if isinstance(theme, dict) else {"name": theme}), "custom_dir": OVERRIDES}
    exported["plugins"] = [
        {name: options} if options is not None else name
        for name, options in _plugin_entries(raw.get("plugins"))
        if name != PLUGIN
    ]
    # Extensions the plugin switched on because its Markdown needs them (MkDocs' built-ins
    # are always on and need no entry).
    builtins = set(MkDocsConfig.markdown_extensions.builtins)
    listed = _extension_names(raw.get("markdown_extensions", []))
    # Not permalinks: the exported project must build without this package, and without it
    # the headings' permanent links merely stay as Python-Markdown's toc writes them.
    added = [
        name
        for name in config.markdown_extensions
        if name not in listed and name not in builtins and name != permalinks.NAME
    ]
    exported["markdown_extensions"] = [*raw.get("markdown_extensions", []), *added]
    # The scripts and styles the plugin ships (generator/assets), which it adds to the config.
    exported["extra_css"] = [str(path) for path in config.extra_css]
    exported["extra_javascript"] = [
        {"path": str(script), "type": script.type} if getattr(script, "type", None) else str(script)
        for script in config.extra_javascript
    ]
    try:
        body = yaml.safe_dump(exported, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    except yaml.YAMLError as exc:
        raise MkDocsException(f"mkdocs.yml holds a value that cannot be written back as plain YAML: {exc}") from None
    return (
        "# Exported by `python -m generator export`: a plain MkDocs project, without the content\n"
        "# plugin. Build it with `mkdocs build` (see requirements.txt); do not edit the pages by\n"
        "# hand, export again from the content folder instead.\n" + body
    )


def _readme(source_date_epoch: str | None) -> str:
    epoch = f"SOURCE_DATE_EPOCH={source_date_epoch} " if source_date_epoch else ""
    return (
        "# Exported site\n\n"
        "A plain MkDocs project written by `python -m generator export`. Every page, asset, PDF\n"
        "and the Pyodide runtime are in `docs/`; the theme overrides (including the page's\n"
        "Content-Security-Policy) are in `overrides/`. Nothing here needs the generator.\n\n"
        "```bash\n"
        "pip install -r requirements.txt\n"
        f"{epoch}mkdocs build --strict\n"
        "```\n\n"
        "SOURCE_DATE_EPOCH dates the sitemap as the generator's own build does.\n"
    )


def _requirements() -> str:
    lines = []
    for package in ("mkdocs", "mkdocs-material"):
        try:
            lines.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            lines.append(package)
    return "\n".join(lines) + "\n"


def _refuse_unless_empty(target: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise ExportRefused(f"{target} exists and is not a folder; choose an empty or new folder")
    if target.is_dir() and any(target.iterdir()):
        raise ExportRefused(f"{target} is not empty; choose an empty or new folder (nothing was written)")


def _assemble(staging: Path, collected: Collected, capture_site: Path, config: MkDocsConfig) -> dict[str, int]:
    docs = staging / DOCS
    for name, markdown in collected.pages.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    for name, data in collected.generated.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for name, source in collected.static.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, path)
    # Added by a post-build step (the runtime, the PDFs): the engine copies them as static files.
    added = sorted(collected.after_post_build - collected.before_post_build)
    for name in added:
        path = docs / name
        if path.exists():
            raise MkDocsException(f"a post-build step wrote {name}, which the docs folder already holds")
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(capture_site / name, path)
    overrides = staging / OVERRIDES
    overrides.mkdir()
    for folder in _theme_overrides(config):
        shutil.copytree(folder, overrides, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    policy = _policy(capture_site)
    if policy is not None:
        extends = "base.html"
        if (overrides / "main.html").exists():
            (overrides / "main.html").replace(overrides / SITE_MAIN)
            extends = SITE_MAIN
        (overrides / "main.html").write_text(_main_html(html.unescape(policy), extends), encoding="utf-8")
    return {"pages": len(collected.pages), "files": len(collected.generated) + len(collected.static) + len(added)}


def export(config_file: Path, target: Path) -> Path:
    """Write the plain MkDocs project into `target`, which must be new or empty.

    Everything is written into a staging folder beside `target` and moved into place only
    when complete, so a failure or an interruption leaves no half-written export."""
    target = target.resolve()
    _refuse_unless_empty(target)
    config_file = config_file.resolve()
    with config_file.open("rb") as handle:
        raw = yaml_load(handle)
    if PLUGIN not in dict(_plugin_entries(raw.get("plugins"))):
        raise ExportRefused(f"{config_file}: the '{PLUGIN}' plugin is not enabled under 'plugins:'; nothing to export")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.export-", dir=target.parent))
    # mkdtemp makes the folder private (0700); the export is an ordinary folder like any other.
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    try:
        capture_site = staging / ".capture-site"
        try:
            collected, config = _capture_build(raw, config_file, capture_site)
        except Abort:
            # MkDocs has logged the reason already; its own last line ("Aborted with a
            # BuildError!") says nothing to an author.
            raise MkDocsException(f"the build failed, so nothing was written to {target}") from None
        counts = _assemble(staging, collected, capture_site, config)
        shutil.rmtree(capture_site)
        (staging / "mkdocs.yml").write_text(_export_yaml(raw, config), encoding="utf-8")
        (staging / "requirements.txt").write_text(_requirements(), encoding="utf-8")
        (staging / "README.md").write_text(_readme(os.environ.get("SOURCE_DATE_EPOCH")), encoding="utf-8")
        _refuse_unless_empty(target)
        if target.exists():
            target.rmdir()
        staging.replace(target)
    finally:
        mkdocs_log.removeHandler(handler)
        shutil.rmtree(staging, ignore_errors=True)
    print(f"Exported {counts['pages']} pages and {counts['files']} other files to {target}")
    print(f"Build it with any MkDocs-compatible engine, e.g.: cd {target} && mkdocs build --strict")
    return target
