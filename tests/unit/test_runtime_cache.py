"""A cached runtime or wheel that changed after it was verified is fetched again, never shipped."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator import pyodide_runtime as runtime
from tests.conftest import ROOT

PIN_VERSION = "314.0.7"
CACHE = ROOT / ".cache"


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    source = CACHE / f"pyodide-{PIN_VERSION}"
    if runtime.verify_cache(source) is not None:
        pytest.fail("the project's Pyodide cache is not verified: run scripts/setup.sh")
    copy = tmp_path / "cache"
    shutil.copytree(source, copy / f"pyodide-{PIN_VERSION}")
    return copy


def _pin() -> runtime.RuntimePin:
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p["content"] for p in config["plugins"] if isinstance(p, dict) and "content" in p)
    return runtime.RuntimePin(version=plugin["pyodide"]["version"], sha256=plugin["pyodide"]["sha256"])


def _flip(path: Path, offset: int = 1000) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


class Refetched(Exception):
    pass


def _no_npm(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
    raise Refetched


@pytest.mark.parametrize(
    "damage",
    ["flip wasm", "truncate stdlib", "edit lock", "drop checksums", "delete mjs"],
)
def test_a_damaged_cache_is_fetched_again(
    cache: Path, damage: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
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
    monkeypatch.setattr(runtime.subprocess, "run", _no_npm)
    monkeypatch.setattr(runtime.shutil, "which", lambda name: "/usr/bin/npm")
    with pytest.raises(Refetched):
        runtime.fetch_runtime(pin, cache)
    err = capsys.readouterr().err
    assert err.startswith("Note: the cached Pyodide runtime") and err.count("\n") == 1


def test_a_cache_for_another_tarball_is_not_used(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin = _pin()
    other = runtime.RuntimePin(version=pin.version, sha256="0" * 64)
    monkeypatch.setattr(runtime.subprocess, "run", _no_npm)
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
