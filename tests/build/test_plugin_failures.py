"""Every failure inside the plugin is one line that says what failed, never a traceback, and
never a half-built site: under `python -m generator build` and under `mkdocs build --strict`
alike, an earlier site stays byte for byte as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pyodide_runtime import cache_root
from tests.conftest import ROOT, pinned_pyodide, run_python, tree_digest

pytestmark = pytest.mark.build

PLUGIN_LINE = "      taxonomy: tiny_taxonomy:taxonomy\n"

CARDS = """labels:
  why: Why it matters
  respect: Be kind
cards:
  - id: everyday-closing-time
    title: Ask when they close
    ask: Ask a shop assistant what time they close.
    why: Tests the prediction that people mind simple questions.
    respect: Ask at a quiet moment and thank them.
    level: 1
    area: everyday
"""

FILES = '''"""The tiny topic's generated files."""
from pathlib import Path


def notes(payload: dict, out_dir: Path) -> None:
    (out_dir / "notes").mkdir()
    (out_dir / "notes" / "cards.txt").write_text(f"{len(payload['cards'])} card", encoding="utf-8")


def broken(payload: dict, out_dir: Path) -> None:
    raise OSError("no space left on device")
'''


def _plugin_options(topic: Path, options: str) -> None:
    """Add lines under the tiny topic's `content:` plugin entry in mkdocs.yml."""
    config = topic / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert PLUGIN_LINE in text
    config.write_text(text.replace(PLUGIN_LINE, PLUGIN_LINE + options), encoding="utf-8")


def _pyodide(sha256: str | None = None, wheels: str = "{}") -> str:
    pin = pinned_pyodide()
    return (
        "      pyodide:\n"
        f"        version: {pin['version']}\n"
        f'        sha256: "{sha256 or pin["sha256"]}"\n'
        f"        wheels: {wheels}\n"
    )


def _generate(topic: Path, name: str) -> None:
    (topic / "content" / "cards.yml").write_text(CARDS, encoding="utf-8")
    (topic / "tiny_files.py").write_text(FILES, encoding="utf-8")
    _plugin_options(topic, f"      generate: [tiny_files:{name}]\n")


def _taxonomy(topic: Path, body: str) -> None:
    (topic / "tiny_taxonomy.py").write_text(f"def taxonomy():\n    {body}\n", encoding="utf-8")


# Each case breaks the tiny topic in one way, and names the words its one-line error must hold.
CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "taxonomy raises": (
        lambda topic: _taxonomy(topic, "raise ValueError('the levels sheet is unreadable')"),
        "taxonomy 'tiny_taxonomy:taxonomy' failed: ValueError: the levels sheet is unreadable",
    ),
    "taxonomy gives a level id that is not a number": (
        lambda topic: _taxonomy(
            topic,
            "return {'levels': [{'id': 1, 'name': 'Easy'}, {'id': 'two', 'name': 'Harder'}],"
            " 'areas': [{'id': 'everyday', 'name': 'Everyday'}]}",
        ),
        "taxonomy 'tiny_taxonomy:taxonomy' returned levels or areas it cannot use: level 2: id 'two' is not a whole",
    ),
    "taxonomy gives no areas": (
        lambda topic: _taxonomy(topic, "return {'levels': []}"),
        "taxonomy 'tiny_taxonomy:taxonomy' must return {'levels': [...], 'areas': [...]}",
    ),
    "the site has a _headers of its own": (
        lambda topic: (topic / "docs" / "_headers").write_text("/*\n  X-Frame-Options: DENY\n", encoding="utf-8"),
        "/_headers: plugin 'content' writes this file from the pages' policies; remove it, or set headers_file: false",
    ),
    "a generate callable raises": (
        lambda topic: _generate(topic, "broken"),
        "generate 'tiny_files:broken' failed: OSError: no space left on device",
    ),
    "a wheel cannot be built": (
        lambda topic: _plugin_options(topic, _pyodide(wheels="{no_such_package: []}")),
        "Pyodide runtime: the wheel of 'no_such_package' (mkdocs.yml: pyodide.wheels) failed",
    ),
    "an app icon is not a file of the site": (
        lambda topic: _plugin_options(
            topic, "      app:\n        icons:\n          - {src: icons/app-192.png, sizes: 192x192}\n"
        ),
        "mkdocs.yml: plugin 'content': app.icons[0].src: 'icons/app-192.png' is not a file of the site",
    ),
    "the runtime cannot be fetched": (
        lambda topic: _plugin_options(topic, _pyodide(sha256="0" * 64)),
        "Pyodide runtime: npm is needed once to fetch the Pyodide runtime",
    ),
}


def _run(topic: Path, *args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    # No npm on PATH: a runtime that is not in the cache cannot be fetched, and says so.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(topic), str(ROOT)]),
        "NO_MKDOCS_2_WARNING": "1",
        "CONTENT_SITE_CACHE": str(cache),
        "PATH": str(topic / "no-tools-here"),
    }
    return subprocess.run(
        [sys.executable, *args], cwd=topic, env=env, capture_output=True, text=True, check=False, timeout=300
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_failure_in_the_plugin_is_one_line_and_keeps_the_earlier_site(
    case: str, tiny_topic: Path, tmp_path: Path
) -> None:
    first = run_python("-m", "generator", "build", cwd=tiny_topic)
    assert first.returncode == 0, first.stderr
    site = tiny_topic / "site"
    before = tree_digest(site)
    break_it, words = CASES[case]
    break_it(tiny_topic)
    # The runtime a wheel needs comes from the project's verified cache; the one whose
    # checksum matches nothing must be fetched, into a cache of its own.
    cache = tmp_path / "empty-cache" if case == "the runtime cannot be fetched" else cache_root(ROOT)
    for command in (["-m", "generator", "build"], ["-m", "mkdocs", "build", "--strict"]):
        result = _run(tiny_topic, *command, cache=cache)
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert "Traceback" not in output
        assert words in output, output
        assert tree_digest(site) == before, f"{' '.join(command)} changed the earlier build"
    assert not list(tiny_topic.glob(".site-build-*"))
    assert not (tmp_path / "empty-cache").exists() or not any((tmp_path / "empty-cache").rglob("*.wasm"))


def test_a_generate_callable_adds_its_files_to_the_site_where_strict_checks_links(tiny_topic: Path) -> None:
    _generate(tiny_topic, "notes")
    page = tiny_topic / "content" / "pages" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nThe [card count](notes/cards.txt){ download }.\n", encoding="utf-8")
    result = run_python("-m", "mkdocs", "build", "--strict", cwd=tiny_topic)
    assert result.returncode == 0, result.stderr
    assert (tiny_topic / "site" / "notes" / "cards.txt").read_text(encoding="utf-8") == "1 card"
    assert '<a download href="notes/cards.txt">card count</a>' in (tiny_topic / "site" / "index.html").read_text()

    page.write_text(text + "\nThe [card count](notes/no-such-file.txt).\n", encoding="utf-8")
    result = run_python("-m", "mkdocs", "build", "--strict", cwd=tiny_topic)
    assert result.returncode != 0
    assert "contains a link 'notes/no-such-file.txt', but the target is not found" in result.stderr, result.stderr


def test_a_disabled_plugin_does_nothing(tiny_topic: Path) -> None:
    _plugin_options(tiny_topic, "      enabled: false\n")
    # Not --strict: with the plugin off, the nav names pages that nothing makes.
    result = run_python("-m", "mkdocs", "build", "--no-strict", cwd=tiny_topic)
    assert result.returncode == 0, result.stderr
    site = tiny_topic / "site"
    assert not (site / "sources").exists() and not (site / "index.html").exists()
    assert "not found" in result.stderr
