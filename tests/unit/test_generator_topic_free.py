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


def test_the_self_checks_status_line_holds_no_words_of_its_own() -> None:
    """Everything the self-check's status line says is the topic's (page.words in
    self-check.json): the script names each word and writes none of them."""
    import json

    from generator import self_check

    script = (ROOT / "generator/assets/site.mjs").read_text(encoding="utf-8")
    words = json.loads((ROOT / "content/self-check/self-check.json").read_text(encoding="utf-8"))["page"]["words"]
    for key in (*self_check.STATUS_WORDS, *self_check.SAVE_STATUS_WORDS):
        assert f'word("{key}"' in script or f'"{key}"' in script, f"site.mjs never says {key}"
        assert words[key] not in script, f"site.mjs writes the words of {key} itself"
    # Nothing else reaches the status line as a literal, either.
    assert re.findall(r"\bsay\(\s*[\"'`][^\"'`]", script) == []
