"""Broken content fails clearly: file and field named, non-zero exit, no traceback,
and an earlier build left exactly as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.errors import ContentErrors
from generator.loader import Taxonomy, load_content
from generator.plugin import load_taxonomy
from tests.conftest import BROKEN, overlay, run_python

# case → (file, field, message) fragments the author must see.
EXPECTED = {
    "invalid-yaml": ("content/experts.yml", "line 3, column", "invalid YAML"),
    "missing-field": ("content/quotes.yml", "quote 'baker-patience': source", "is required but missing"),
    "unknown-expert": ("content/quotes.yml", "quote 'baker-patience': expert", "unknown expert id 'nobody'"),
    "unknown-source": ("content/quotes.yml", "quote 'baker-patience': source", "unknown source id 'no-such-book'"),
    "duplicate-id": ("content/sources.yml", "source 'bread-guide': id", "duplicate id 'bread-guide'"),
    "page-unknown-id": ("content/pages/index.md", 'cite("salt-study")', "unknown source id 'salt-study'"),
    "empty-quote": ("content/quotes.yml", "quote 'baker-patience': text", "must not be empty"),
    "card-missing-level": ("content/cards.yml", "card 'everyday-closing-time': level", "is required but missing"),
    "card-missing-area": ("content/cards.yml", "card 'everyday-closing-time': area", "is required but missing"),
    "card-duplicate-id": ("content/cards.yml", "card 'everyday-closing-time': id", "duplicate id"),
    "card-duplicate-title": ("content/cards.yml", "card 'kitchen-closing-time': title", "duplicate title"),
    "card-unknown-area": ("content/cards.yml", "card 'everyday-closing-time': area", "unknown area 'space-travel'"),
}


def test_every_broken_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_loader_names_file_and_field(case: str, tiny_topic: Path) -> None:
    overlay(tiny_topic, case)
    file, field, message = EXPECTED[case]
    with pytest.raises(ContentErrors) as caught:
        from generator.render import Renderer

        taxonomy = load_taxonomy_from(tiny_topic)
        content = load_content(tiny_topic / "content", taxonomy)
        Renderer(content, sources_page="sources.md").render_all()
    matching = [e for e in caught.value.errors if e.file == file and field in e.field and message in e.message]
    assert matching, f"no error like {file}: {field}: {message} in:\n{caught.value.report()}"


def load_taxonomy_from(topic: Path) -> Taxonomy | None:
    import sys

    sys.path.insert(0, str(topic))
    try:
        return load_taxonomy("tiny_taxonomy:taxonomy")
    finally:
        sys.path.remove(str(topic))
        sys.modules.pop("tiny_taxonomy", None)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_check_command_fails_clearly(case: str, tiny_topic: Path) -> None:
    overlay(tiny_topic, case)
    file, field, message = EXPECTED[case]
    result = run_python("-m", "generator", "check", cwd=tiny_topic)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert file in result.stderr and field in result.stderr and message in result.stderr, result.stderr


@pytest.mark.build
@pytest.mark.parametrize("case", ["invalid-yaml", "unknown-expert", "page-unknown-id", "card-unknown-area"])
def test_failed_build_leaves_earlier_output_untouched(case: str, tiny_topic: Path) -> None:
    first = run_python("-m", "generator", "build", cwd=tiny_topic)
    assert first.returncode == 0, first.stderr
    site = tiny_topic / "site"
    before = _tree_digest(site)
    assert (site / "index.html").exists()

    overlay(tiny_topic, case)
    file, field, _ = EXPECTED[case]
    for command in (["-m", "generator", "build"], ["-m", "mkdocs", "build", "--strict"]):
        result = run_python(*command, cwd=tiny_topic)
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert "Traceback" not in output
        assert file in output and field in output
        assert _tree_digest(site) == before, f"{' '.join(command)} changed the earlier build"


def test_valid_tiny_topic_checks_clean(tiny_topic: Path) -> None:
    result = run_python("-m", "generator", "check", cwd=tiny_topic)
    assert result.returncode == 0, result.stderr
    assert "Content OK: 2 pages, 1 quotes, 1 experts, 1 sources, 0 cards." in result.stdout
