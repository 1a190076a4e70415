"""Command line: `python -m generator check|build|serve|fetch`.

Content authors see a short list of problems, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import ContentErrors
from generator.plugin import ContentPlugin
from generator.pyodide_runtime import RuntimeError_, cache_root, fetch_runtime, fetch_wheels


def _plugin(config_file: Path) -> tuple[ContentPlugin, object]:
    config = load_config(str(config_file))
    plugin = config.plugins.get("content")
    if not isinstance(plugin, ContentPlugin):
        raise MkDocsException(f"{config_file}: the 'content' plugin is not enabled under 'plugins:'")
    return plugin, config


def check(config_file: Path) -> int:
    plugin, _ = _plugin(config_file)
    plugin.prepare(config_file.resolve().parent)
    content = plugin.content
    assert content is not None
    print(
        f"Content OK: {len(content.pages)} pages, {len(content.quotes)} quotes, "
        f"{len(content.experts)} experts, {len(content.sources)} sources, "
        f"{len(content.contacts)} contacts, {len(content.cards)} cards."
    )
    return 0


def build(config_file: Path, site_dir: Path | None) -> int:
    """Build into a fresh folder and swap it in only if the whole build succeeded."""
    _, config = _plugin(config_file)
    target = (site_dir or Path(config["site_dir"])).resolve()  # type: ignore[index]
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=target.parent))
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--quiet",
                "-f",
                str(config_file),
                "-d",
                str(staging),
            ],
            check=False,
        )
        if result.returncode != 0:
            print(f"Build failed; {target} was left as it was.", file=sys.stderr)
            return result.returncode or 1
        if target.exists():
            old = target.with_name(target.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            target.replace(old)
            staging.replace(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.replace(target)
        print(f"Site built in {target}")
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("command", choices=["check", "build", "serve", "fetch"])
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("-d", "--site-dir", type=Path, default=None, help="build: output folder")
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="serve: address and port")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return check(args.config_file)
        if args.command == "build":
            return build(args.config_file, args.site_dir)
        if args.command == "serve":
            return serve(args.config_file, args.dev_addr)
        return fetch(args.config_file)
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
    except (MkDocsException, RuntimeError_, OSError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
