"""Content data files the browser reads as they are (mkdocs.yml: ``data_files``).

Some words are read by code in the page rather than printed in it, such as the words a PDF
built in the browser prints. They stay content, written beside the rest of the topic's words,
and the build copies each one named in mkdocs.yml to ``assets/data/`` under the same
relative path (``content/log/report.json`` → ``assets/data/log/report.json``).

Each is checked before MkDocs writes anything, so a missing or broken file fails the build
with a line naming the mkdocs.yml field and the file, never a site whose page cannot load it.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

DATA_URI = "assets/data"


class DataFileError(ValueError):
    """A data file mkdocs.yml names that cannot be shipped; the message names the field."""


def _field(index: int) -> str:
    return f"mkdocs.yml: plugin 'content': data_files[{index}]"


def _checked_json(path: Path, where: str) -> None:
    # The page parses it with JSON.parse: a file that parses here parses there.
    try:
        json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{where}: '{path}' is not UTF-8 text: {exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{where}: '{path}' is not valid JSON: {exc.msg} (line {exc.lineno})") from None


def data_files(content_dir: Path, names: list[str], content_name: str = "content") -> dict[str, Path]:
    """{site path: file} for each name, a path inside the content folder written with "/".

    Raises DataFileError for a name that leaves the content folder, is not a file, is named
    twice, or is a ``.json`` file that does not parse.
    """
    shipped: dict[str, Path] = {}
    for index, name in enumerate(names):
        where = _field(index)
        relative = PurePosixPath(name)
        if not name.strip() or relative.is_absolute() or ".." in relative.parts or "\\" in name:
            raise DataFileError(
                f"{where}: '{name}' must be a path inside {content_name}/, written with '/' (e.g. 'log/words.json')"
            )
        path = content_dir.joinpath(*relative.parts)
        if not path.is_file():
            raise DataFileError(f"{where}: '{name}' is not a file (looked for {content_name}/{relative})")
        uri = f"{DATA_URI}/{relative}"
        if uri in shipped:
            raise DataFileError(f"{where}: '{name}' is named twice")
        if path.suffix.lower() == ".json":
            _checked_json(path, where)
        shipped[uri] = path
    return shipped
