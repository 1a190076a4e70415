"""Reading JSON data files: a topic's self-check folder, or an organisation's extra instruments."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quiz.errors import DataError


def parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{where}: not valid JSON ({exc})") from exc


def folder(path: str) -> Iterator[tuple[str, Any]]:
    """Every *.json in a folder outside the package. A missing folder is an error: an
    organisation that points us at its licensed instrument must not silently lose it."""
    directory = Path(path)
    if not directory.is_dir():
        raise DataError(f"{path}: instrument folder does not exist or is not a folder")
    for entry in sorted(directory.glob("*.json")):
        try:
            text = entry.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"{entry}: cannot read ({exc})") from exc
        yield str(entry), parse(text, str(entry))


def require(raw: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """Fetch a required field of the right type, with a message naming file and field."""
    if key not in raw:
        raise DataError(f"{where}: missing '{key}'")
    value = raw[key]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise DataError(f"{where}: '{key}' has the wrong type ({type(value).__name__})")
    if not isinstance(value, kind):
        raise DataError(f"{where}: '{key}' has the wrong type ({type(value).__name__})")
    if isinstance(value, str) and not value.strip():
        raise DataError(f"{where}: '{key}' must not be empty")
    return value
