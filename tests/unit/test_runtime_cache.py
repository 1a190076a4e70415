"""A cached runtime or wheel that changed after it was verified is fetched again, never shipped."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from generator import pyodide_runtime as runtime
from tests.conftest import ROOT, pinned_pyodide

PIN_VERSION = pinned_pyodide()["version"]
CACHE = runtime.cache_root(ROOT)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    source = CACHE / f"pyodide-{PIN_VERSION}"
    if runtime.verify_cache(source) is not None:
        pytest.fail("the project's Pyodide cache is not verified: run scripts/setup.sh")
    copy = tmp_path / "cache"
    shutil.copytree(source, copy / f"pyodide-{PIN_VERSION}")
    return copy


def _pin() -> runtime.RuntimePin:
    pyodide = pinned_pyodide()
    return runtime.RuntimePin(version=pyodide["version"], sha256=pyodide["sha256"])


def _flip(path: Path, offset: int = 1000) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


class Refetched(Exception):
    pass


def _no_npm(*args: object, **kwargs: object) -> tuple[int, list[str]]:
    raise Refetched


@pytest.mark.parametrize(
    "damage",
    ["flip wasm", "truncate stdlib", "edit lock", "drop checksums", "delete mjs"],
)
def test_a_damaged_cache_is_fetched_again(
    cache: Path, damage: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = cache / f"pyodide-{PIN_VERSION}"
    pin = _pin()
    assert runtime.fetch_runtime(pin, cache) == folder  # verified: used as it is
    if damage == "flip wasm":
        _flip(folder / "pyodide.asm.wasm")
    elif damage == "truncate stdlib":
        path = folder / "python_stdlib.zip"
        path.write_bytes(path.read_bytes()[:1000])
    elif damage == "edit lock":
        path = folder / "pyodide-lock.json"
        path.write_text(path.read_text(encoding="utf-8").replace("{", "{ ", 1), encoding="utf-8")
    elif damage == "drop checksums":
        (folder / runtime.CHECKSUMS).unlink()
    else:
        (folder / "pyodide.mjs").unlink()
    assert runtime.verify_cache(folder, list(runtime.RUNTIME_FILES), tarball_sha256=pin.sha256) is not None
    monkeypatch.setattr(runtime, "run_with_progress", _no_npm)
    monkeypatch.setattr(runtime.shutil, "which", lambda name: "/usr/bin/npm")
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.generator")
    with pytest.raises(Refetched):
        runtime.fetch_runtime(pin, cache)
    notes = [record.getMessage() for record in caplog.records]
    assert notes[0].startswith("generator: the cached Pyodide runtime") and "failed its check" in notes[0]
    # Information, not a warning: a warning would fail a --strict build that recovered.
    assert caplog.records[0].levelno == logging.INFO


def test_a_cache_for_another_tarball_is_not_used(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin = _pin()
    other = runtime.RuntimePin(version=pin.version, sha256="0" * 64)
    monkeypatch.setattr(runtime, "run_with_progress", _no_npm)
    monkeypatch.setattr(runtime.shutil, "which", lambda name: "/usr/bin/npm")
    with pytest.raises(Refetched):
        runtime.fetch_runtime(other, cache)


def test_a_truncated_wheel_is_refused_with_what_to_delete(tmp_path: Path) -> None:
    wheels = sorted((CACHE / f"pyodide-{PIN_VERSION}-wheels").glob("*.whl"))
    assert wheels
    broken = tmp_path / wheels[0].name
    broken.write_bytes(wheels[0].read_bytes()[:2000])
    with pytest.raises(runtime.PyodideRuntimeError, match=f"delete {tmp_path}"):
        runtime._check_wheel(broken)
