"""Command line: `python -m generator new|check|build|serve|fetch|export`.

Content authors see a short list of problems, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import ContentErrors
from generator.loader import overdue_reviews
from generator.plugin import ContentPlugin
from generator.pyodide_runtime import PyodideRuntimeError, cache_root, fetch_runtime, fetch_wheels


def _plugin(config_file: Path) -> tuple[ContentPlugin, object]:
    config = load_config(str(config_file))
    plugin = config.plugins.get("content")
    if not isinstance(plugin, ContentPlugin):
        raise MkDocsException(f"{config_file}: the 'content' plugin is not enabled under 'plugins:'")
    return plugin, config


def check(config_file: Path, *, strict: bool = False, today: dt.date | None = None) -> int:
    """Validate the content folder. A page past its next review is a warning, or,
    with --strict, a failure."""
    plugin, _ = _plugin(config_file)
    plugin.prepare(config_file.resolve().parent)
    content = plugin.content
    overdue = overdue_reviews(content, today or dt.date.today())
    if overdue and strict:
        raise ContentErrors(overdue)
    for problem in overdue:
        print(f"Warning: {problem}", file=sys.stderr)
    print(
        f"Content OK: {len(content.pages)} pages, {len(content.quotes)} quotes, "
        f"{len(content.experts)} experts, {len(content.sources)} sources, "
        f"{len(content.contacts)} contacts, {len(content.cards)} cards."
    )
    if plugin.self_check is not None:
        cat = plugin.self_check.cat
        print(
            f"Self-check OK: {len(cat.outcomes.ordered)} outcomes, each with its result text; "
            f"{len(cat.cutoffs)} rule{'' if len(cat.cutoffs) == 1 else 's'}, each reading real questions and "
            "leading to a real outcome; "
            f"{len(cat.question_order)} questions."
        )
    return 0


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM during a build: stop the MkDocs child, clean up, say so in one line.

    A BaseException, like KeyboardInterrupt, so that code catching Exception (the plugin turns
    every Exception into one PluginError line) cannot turn a stop into a build failure."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Interrupted


def _die_with_parent() -> None:
    """On Linux, the MkDocs child gets SIGTERM if we are killed outright (even SIGKILL), so no
    orphan keeps building into a staging folder after we are gone."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _remove_leftovers(target: Path) -> None:
    """Staging folders and swapped-out sites that a killed build left behind."""
    old = target.with_name(target.name + ".old")
    if not target.exists() and old.is_dir():
        old.replace(target)  # killed mid-swap: the earlier site comes back
    # Only this target's own: another build writing beside it (site-a/ and site-b/ in one
    # folder) keeps its staging folder.
    for leftover in [*target.parent.glob(f".{target.name}-build-*"), target.with_name(target.name + ".old")]:
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


def build(config_file: Path, site_dir: Path | None) -> int:
    """Build into a fresh folder and swap it in only if the whole build succeeded."""
    _, config = _plugin(config_file)
    target = (site_dir or Path(config["site_dir"])).resolve()  # type: ignore[index]
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-build-", dir=target.parent))
    old = target.with_name(target.name + ".old")
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    child: subprocess.Popen[bytes] | None = None
    try:
        # No --quiet: with it MkDocs stops counting warnings, so --strict let broken links
        # through (upstream mkdocs#4126). Its INFO lines are the build's progress.
        child = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(staging)],
            # Its own session: Ctrl-C reaches only us, and we stop the child quietly, so the
            # person sees one line instead of MkDocs' traceback.
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        returncode = child.wait()
        if returncode != 0:
            print(f"Build failed; {target} was left as it was.", file=sys.stderr)
            return returncode or 1
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            target.replace(old)
            staging.replace(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.replace(target)
        print(f"Site built in {target}")
        return 0
    except (KeyboardInterrupt, Interrupted):
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if not target.exists() and old.exists():
            old.replace(target)  # interrupted mid-swap: put the earlier site back
        print(f"Build interrupted; {target} was left as it was.", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def serve(config_file: Path, address: str) -> int:
    os.execv(sys.executable, [sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file), "-a", address])


def fetch(config_file: Path) -> int:
    plugin, _ = _plugin(config_file)
    if not plugin.config.pyodide.version:
        print("No Pyodide runtime is configured.")
        return 0
    cache = cache_root(config_file.resolve().parent)
    pin = plugin.pin()
    print(f"Pyodide {pin.version} ready in {fetch_runtime(pin, cache)}")
    fetch_wheels(pin, cache)
    return 0


def export_site(config_file: Path, target: Path | None, parser: argparse.ArgumentParser) -> int:
    from generator.export import ExportRefused, export

    if target is None:
        parser.error("export needs the folder to write: python -m generator export DIR")
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        export(config_file, target)
        return 0
    except ExportRefused as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Interrupted):
        print(f"Export interrupted; nothing was written to {target}.", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def new_project(target: Path | None, title: str | None, parser: argparse.ArgumentParser) -> int:
    from generator.scaffold import DEFAULT_TITLE, NewRefused, create

    if target is None:
        parser.error("new needs the folder to create: python -m generator new DIR [--title TITLE]")
    try:
        written = create(target, title or DEFAULT_TITLE)
    except NewRefused as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    print(f"Created a new topic in {target} ({len(written)} files). Next:")
    print(f"  cd {target}")
    print("  mkdocs build --strict    # or: mkdocs serve, then open http://127.0.0.1:8000/")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument(
        "command",
        choices=["new", "check", "build", "serve", "fetch", "export"],
        help="new DIR: make a new topic project with example content in the new or empty folder DIR; "
        "check: validate the content; build: build the site; serve: preview it with live reload; "
        "fetch: fetch the Pyodide runtime; export DIR: write the site as a plain MkDocs project "
        "(no content plugin) into the new or empty folder DIR",
    )
    parser.add_argument("dir", nargs="?", type=Path, help="new, export: the folder to write")
    parser.add_argument("--title", help="new: the site's name")
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("-d", "--site-dir", type=Path, default=None, help="build: output folder")
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="serve: address and port")
    parser.add_argument(
        "--strict", action="store_true", help="check: fail, not just warn, when a page is past its next review"
    )
    args = parser.parse_args(argv)
    if args.title is not None and args.command != "new":
        parser.error("--title is for new")
    if args.dir is not None and args.command not in ("export", "new"):
        parser.error(f"{args.command} takes no folder argument (did you mean -d?)")
    if args.command in ("check", "fetch"):
        # The plugin's own log lines (download progress, a cache fetched again), as MkDocs
        # would show them; build and serve run MkDocs, which sets up its own.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        plugin_log = logging.getLogger("mkdocs.plugins.generator")
        plugin_log.addHandler(handler)
        plugin_log.setLevel(logging.INFO)
    try:
        if args.command == "check":
            return check(args.config_file, strict=args.strict)
        if args.command == "build":
            return build(args.config_file, args.site_dir)
        if args.command == "serve":
            return serve(args.config_file, args.dev_addr)
        if args.command == "export":
            return export_site(args.config_file, args.dir, parser)
        if args.command == "new":
            return new_project(args.dir, args.title, parser)
        return fetch(args.config_file)
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
    except (MkDocsException, PyodideRuntimeError, OSError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
