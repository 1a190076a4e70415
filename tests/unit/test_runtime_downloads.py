"""Downloads say how they are getting on, and fetch wheels for the Python that Pyodide's own
lock names: moving to another Pyodide is its version and checksum in mkdocs.yml, no code."""

from __future__ import annotations

import json
import logging
import sys
import zipfile
from pathlib import Path

import pytest

from generator import pyodide_runtime as runtime


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def _messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records]


def test_a_download_logs_its_lines_as_they_come_and_a_heartbeat_when_quiet(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(runtime, "HEARTBEAT_SECONDS", 0.5)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.generator")
    code = "import time; print('Downloading fpdf2.whl (40 kB)', flush=True); time.sleep(2.5); print('Saved')"
    returncode, tail = runtime.run_with_progress(_python(code), "pip download")
    assert returncode == 0 and tail == ["Downloading fpdf2.whl (40 kB)", "Saved"]
    messages = _messages(caplog)
    assert messages[0] == "generator: pip download: Downloading fpdf2.whl (40 kB)"
    assert messages[-1] == "generator: pip download: Saved"
    assert any("pip download: still downloading (" in message for message in messages[1:-1]), messages
    assert all(record.levelno == logging.INFO for record in caplog.records), "progress is no warning"


def test_a_failed_download_hands_back_its_last_lines(caplog: pytest.LogCaptureFixture) -> None:
    code = "import sys; print('Collecting fpdf2==99'); print('ERROR: No matching distribution'); sys.exit(3)"
    returncode, tail = runtime.run_with_progress(_python(code), "pip download")
    assert returncode == 3 and tail[-1] == "ERROR: No matching distribution"


def test_a_download_that_hangs_is_given_up_on() -> None:
    with pytest.raises(runtime.PyodideRuntimeError, match="gave up after 1 s"):
        runtime.run_with_progress(_python("import time; time.sleep(30)"), "npm pack", timeout=1)


def test_npm_shows_its_fetches_and_sizes_but_not_its_file_list() -> None:
    shown = [
        "npm http fetch GET 200 https://registry.npmjs.org/pyodide/-/pyodide-314.0.7.tgz 188ms (cache miss)",
        "npm notice package size: 6.5 MB",
        "npm warn config something",
    ]
    hidden = ["npm notice 9.6MB pyodide.asm.wasm", "npm notice Tarball Contents", "npm notice"]
    assert all(runtime._npm_line_worth_showing(line) for line in shown)
    assert not any(runtime._npm_line_worth_showing(line) for line in hidden)


def _lock(folder: Path, info: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / "pyodide-lock.json"
    lock.write_text(json.dumps({"info": info, "packages": {}}), encoding="utf-8")
    return lock


def test_the_wheel_target_comes_from_the_lock(tmp_path: Path) -> None:
    newer = _lock(tmp_path / "a", {"abi_version": "2027_1", "arch": "wasm32", "platform": "emscripten_6_0_0",
                                   "python": "3.15.1"})  # fmt: skip
    assert runtime.wheel_target(newer) == runtime.WheelTarget("3.15", "cp315", "pyemscripten_2027_1_wasm32")
    older = _lock(tmp_path / "b", {"arch": "wasm32", "platform": "emscripten_3_1_58", "python": "3.12.1",
                                   "version": "0.26.4"})  # fmt: skip
    assert runtime.wheel_target(older, "0.26.4") == runtime.WheelTarget("3.12", "cp312", "emscripten_3_1_58_wasm32")
    with pytest.raises(runtime.PyodideRuntimeError, match=r"is the lock of Pyodide 0\.26\.4, not of 0\.27\.0"):
        runtime.wheel_target(older, "0.27.0")
    broken = _lock(tmp_path / "c", {"platform": "emscripten_3_1_58", "python": "three"})
    with pytest.raises(runtime.PyodideRuntimeError, match="not a Python version"):
        runtime.wheel_target(broken)


def test_the_pinned_runtimes_lock_names_a_target_pip_understands() -> None:
    from tests.conftest import ROOT, pinned_pyodide

    pin = pinned_pyodide()
    lock = runtime.runtime_dir(runtime.RuntimePin(pin["version"], pin["sha256"]), runtime.cache_root(ROOT))
    target = runtime.wheel_target(lock / "pyodide-lock.json", pin["version"])
    assert target.abi == "cp" + target.python.replace(".", "")
    assert target.platform.endswith("_wasm32") and "emscripten" in target.platform


def test_fetch_wheels_asks_pip_for_the_lock_s_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new Pyodide, with a lock for another Python: the wheels follow it with no code change."""
    pin = runtime.RuntimePin(version="315.0.0", sha256="a" * 64, packages=("fpdf2==2.8.9",))
    cache = tmp_path / "cache"
    folder = runtime.runtime_dir(pin, cache)
    _lock(folder, {"abi_version": "2027_0", "arch": "wasm32", "platform": "emscripten_6_0_0", "python": "3.15.0"})
    for name in runtime.RUNTIME_FILES:
        if name != "pyodide-lock.json":
            (folder / name).write_bytes(b"stand-in")
    runtime._write_checksums(folder, list(runtime.RUNTIME_FILES), {"tarball_sha256": pin.sha256})
    commands: list[list[str]] = []

    def fake_pip(command: list[str], label: str, **kwargs: object) -> tuple[int, list[str]]:
        commands.append(command)
        dest = Path(command[command.index("--dest") + 1])
        with zipfile.ZipFile(dest / "fpdf2-2.8.9-py3-none-any.whl", "w") as wheel:
            wheel.writestr("fpdf/__init__.py", "")
        return 0, []

    monkeypatch.setattr(runtime, "run_with_progress", fake_pip)
    wheels = runtime.fetch_wheels(pin, cache)
    assert [wheel.name for wheel in wheels] == ["fpdf2-2.8.9-py3-none-any.whl"]
    command = " ".join(commands[0])
    assert "--platform pyemscripten_2027_0_wasm32 --python-version 3.15" in command
    assert "--implementation cp --abi cp315" in command and command.endswith("fpdf2==2.8.9")
