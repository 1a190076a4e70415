"""mkdocs.yml's data_files: content files shipped for the page's scripts, each checked first."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.data_files import DataFileError, data_files
from tests.conftest import ROOT


def test_the_sites_report_words_are_shipped_under_assets_data() -> None:
    shipped = data_files(ROOT / "content", ["experiments/report.json"])
    assert shipped == {"assets/data/experiments/report.json": ROOT / "content/experiments/report.json"}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("log/missing.json", "data_files[0]: 'log/missing.json' is not a file (looked for content/log/missing.json)"),
        ("../secret.json", "must be a path inside content/"),
        ("/etc/passwd", "must be a path inside content/"),
        ("log/broken.json", "data_files[0]: 'content/log/broken.json' is not valid JSON"),
    ],
)
def test_a_bad_name_or_file_names_the_field(tmp_path: Path, name: str, words: str) -> None:
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "broken.json").write_text('{"title": ', encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        data_files(tmp_path, [name])
    message = str(caught.value).replace(str(tmp_path), "content")
    assert message.startswith("mkdocs.yml: plugin 'content': data_files[0]"), message
    assert words in message, message


def test_a_file_named_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "words.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"data_files\[1\]: 'words.txt' is named twice"):
        data_files(tmp_path, ["words.txt", "words.txt"])
