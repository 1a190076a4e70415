"""Shared fixtures: paths, and copies of content folders in temporary places."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TINY_TOPIC = FIXTURES / "tiny-topic"
BROKEN = FIXTURES / "broken"
SELF_CHECK = ROOT / "content" / "self-check"

# The engine reads the topic's self-check from its content folder. Name ours for every test,
# and for the commands tests run, wherever their working folder is.
os.environ.setdefault("QUIZ_DEFINITION", str(SELF_CHECK))


def run_python(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python ARGS` the way a person would, with the fixture's own folder importable."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(cwd), str(ROOT)]), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True, check=False
    )


@pytest.fixture
def tiny_topic(tmp_path: Path) -> Path:
    target = tmp_path / "tiny-topic"
    shutil.copytree(TINY_TOPIC, target)
    return target


# A broken-content fixture may list, one per line, files to delete from the topic.
DELETE_LIST = "DELETE"


def overlay(topic: Path, case: str) -> Path:
    """Copy a broken-content fixture's files over a working topic (and delete any it lists)."""
    fixture = BROKEN / case
    shutil.copytree(fixture, topic, dirs_exist_ok=True, ignore=shutil.ignore_patterns(DELETE_LIST))
    delete = fixture / DELETE_LIST
    if delete.exists():
        for name in delete.read_text(encoding="utf-8").split():
            (topic / name).unlink()
    return topic


def pinned_pyodide() -> dict[str, str]:
    """mkdocs.yml's pyodide settings (version, sha256, …): tests follow the pin, so moving to
    another Pyodide is a change to mkdocs.yml alone."""
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plugin = next(p["content"] for p in config["plugins"] if isinstance(p, dict) and "content" in p)
    return plugin["pyodide"]  # type: ignore[no-any-return]


def tree_digest(folder: Path) -> str:
    """One sha256 over every path and file in a folder: equal digests, an untouched tree."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()
