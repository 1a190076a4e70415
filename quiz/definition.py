"""Where a self-check's definition comes from: a topic's folder, or the same data as JSON.

A topic keeps its self-check in its content folder (``content/self-check/``):

- ``self-check.json``: the intro, the outcomes in order of caution, the widget's words, and
  optionally the area and fear-rating sections of a deck;
- ``instruments/*.json``: the questions, their scales and their rules;
- ``ladder.json``, optional: the levels, areas and start rule of a deck.

All JSON: the engine is standard library only (it runs in the browser's Python, where only
its own wheel is installed), and JSON is what the standard library reads.

The engine never reads files in the browser: the site build bundles the folder into one JSON
text (:meth:`Bundle.to_json`), which the page's worker hands to :func:`use`. Which definition
is used, when a caller does not pass one: the last :func:`use`, then the folder named in
``$QUIZ_DEFINITION``, then ``content/self-check`` under the current folder (run from a topic,
as ``mkdocs`` is).
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quiz import datafiles
from quiz.errors import DataError

ENV_VAR = "QUIZ_DEFINITION"
DEFAULT_FOLDER = Path("content") / "self-check"
MAIN_NAME = "self-check.json"
LADDER_NAME = "ladder.json"
BUNDLE_VERSION = 1


@dataclass(frozen=True)
class Bundle:
    """Every file of one self-check, read but not yet checked: (where, data) pairs, so each
    error can still name the file an author must open."""

    main: tuple[str, Any]
    instruments: tuple[tuple[str, Any], ...]
    ladder: tuple[str, Any] | None

    def to_json(self) -> str:
        data = {
            "version": BUNDLE_VERSION,
            "main": list(self.main),
            "instruments": [list(pair) for pair in self.instruments],
            "ladder": list(self.ladder) if self.ladder else None,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def key(self) -> str:
        """A stable text that names this content, for caches."""
        return self.to_json()


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read ({exc})") from exc
    return datafiles.parse(text, str(path))


def from_folder(path: str | os.PathLike[str]) -> Bundle:
    folder = Path(path)
    if not folder.is_dir():
        raise DataError(f"{folder}: the self-check folder does not exist or is not a folder")
    main = folder / MAIN_NAME
    if not main.is_file():
        raise DataError(f"{folder}: no {MAIN_NAME} (the self-check's outcomes and words)")
    ladder = folder / LADDER_NAME if (folder / LADDER_NAME).is_file() else None
    instruments_dir = folder / "instruments"
    files = sorted(p for p in instruments_dir.glob("*.json") if p.is_file()) if instruments_dir.is_dir() else []
    if not files:
        raise DataError(f"{instruments_dir}: a self-check needs at least one instrument file (*.json)")
    return Bundle(
        main=(str(main), _read(main)),
        instruments=tuple((str(p), _read(p)) for p in files),
        ladder=(str(ladder), _read(ladder)) if ladder else None,
    )


def from_json(text: str) -> Bundle:
    """The bundle the site build wrote, read back (in the browser)."""
    raw = datafiles.parse(text, "self-check bundle")
    if not isinstance(raw, dict) or raw.get("version") != BUNDLE_VERSION:
        raise DataError(f"self-check bundle: expected version {BUNDLE_VERSION}; rebuild the site")
    try:
        main = (str(raw["main"][0]), raw["main"][1])
        instruments = tuple((str(where), data) for where, data in raw["instruments"])
        ladder = (str(raw["ladder"][0]), raw["ladder"][1]) if raw["ladder"] else None
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise DataError(f"self-check bundle: wrong shape ({exc!r}); rebuild the site") from exc
    return Bundle(main, instruments, ladder)


_chosen: Bundle | None = None
_folders: dict[str, Bundle] = {}


def use(source: "Bundle | str | os.PathLike[str] | None") -> None:
    """Make this the definition used when a caller passes none: a Bundle, a folder, or None
    to go back to $QUIZ_DEFINITION / ./content/self-check."""
    global _chosen
    _folders.clear()
    _chosen = from_folder(source) if isinstance(source, str | os.PathLike) else source


def current() -> Bundle:
    if _chosen is not None:
        return _chosen
    named = os.environ.get(ENV_VAR)
    folder = Path(named) if named else DEFAULT_FOLDER
    key = str(folder.resolve())
    if key not in _folders:
        if not named and not folder.is_dir():
            raise DataError(
                f"no self-check definition: run from a topic folder that has {DEFAULT_FOLDER}/,"
                f" set {ENV_VAR} to a self-check folder, or pass --definition DIR"
            )
        _folders[key] = from_folder(folder)
    return _folders[key]
