"""The generator is for any topic: none of this site's words sit in generator/ (its code,
templates, browser scripts, styles and the new-topic scaffold). They belong in content/."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

# The words issue 11 names; the card fields `why` and `respect` are the card format, not words.
TOPIC_WORDS = ["rejection", "exposure therapy", "social anxiety", "therapist", "why it helps"]


def _generator_files() -> list:
    return [
        path
        for path in sorted((ROOT / "generator").rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]


def test_the_generator_has_files_to_check() -> None:
    names = {path.name for path in _generator_files()}
    assert {"plugin.py", "site.mjs", "quiz-worker.mjs", "self_check.md.j2", "mkdocs.yml"} <= names


@pytest.mark.parametrize("word", TOPIC_WORDS)
def test_no_topic_word_in_the_generator(word: str) -> None:
    pattern = re.compile(re.escape(word), re.IGNORECASE)
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _generator_files()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == [], f"{word!r} is this topic's word; move it into content/: {found}"
