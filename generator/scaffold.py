"""`python -m generator new DIR`: a new topic project, ready to build, with example content.

Like `mkdocs new`, the example says it is an example: placeholder experts, sources and
questions on example.org, and a fictional 555-01xx helpline number, so nothing in it can be
mistaken for advice. It builds with `mkdocs build --strict` as it is, and its self-check runs
in the browser from the pinned Pyodide the generator has tested.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

SCAFFOLD = Path(__file__).parent / "scaffold"

# The Pyodide release this generator is tested with (npm package pyodide; sha256 of the tarball
# `npm pack` fetches). A new project starts on it; a project's mkdocs.yml may pin another.
PYODIDE_VERSION = "314.0.7"
PYODIDE_SHA256 = "66b7949e5a0cba2250b586d7e368bf12fb482800748d182c4618254b685ffaa0"
DEFAULT_TITLE = "An example topic"


class NewRefused(Exception):
    """The folder cannot take a new project; the message says why."""


def _yaml_text(value: str) -> str:
    # A double-quoted YAML scalar; JSON's escaping is valid YAML.
    import json

    return json.dumps(value, ensure_ascii=False)


def _fill(text: str, title: str, *, in_yaml: bool) -> str:
    return (
        text.replace("__SITE_TITLE__", _yaml_text(title) if in_yaml else title)
        .replace("__PYODIDE_VERSION__", PYODIDE_VERSION)
        .replace("__PYODIDE_SHA256__", PYODIDE_SHA256)
    )


def create(target: Path, title: str = DEFAULT_TITLE) -> list[Path]:
    """Write the project into target (new, or an empty folder); return the files written."""
    if not title.strip() or "\n" in title:
        raise NewRefused("--title must be one line of text")
    if target.exists() and not target.is_dir():
        raise NewRefused(f"{target} is a file; give a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise NewRefused(f"{target} is not empty; give a new or empty folder, so nothing of yours is overwritten")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and moved into place whole: an interrupted `new` leaves nothing.
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        written = []
        for source in sorted(SCAFFOLD.rglob("*")):
            if source.is_dir() or "__pycache__" in source.parts:
                continue
            relative = source.relative_to(SCAFFOLD)
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text(encoding="utf-8")
            if source.suffix == ".yml":
                text = _fill(text, title.strip(), in_yaml=True)
            elif source.suffix == ".md" and text.startswith("---\n"):
                # The title is YAML in the front matter (it may hold a colon) and prose after it.
                _, front, body = text.split("---\n", 2)
                front, body = _fill(front, title.strip(), in_yaml=True), _fill(body, title.strip(), in_yaml=False)
                text = f"---\n{front}---\n{body}"
            else:
                text = _fill(text, title.strip(), in_yaml=False)
            destination.write_text(text, encoding="utf-8")
            written.append(target / relative)
        (staging / "docs").mkdir()  # MkDocs needs it; put your own images and files here
        staging.chmod(0o755)
        if target.is_dir():
            target.rmdir()
        staging.replace(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
