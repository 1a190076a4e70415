"""Fetch, verify and stage a pinned Pyodide runtime, plus the wheels our site loads.

Nothing here is committed: the npm tarball and the extra wheels are fetched into
a cache on first use, checked against the sha256 in ``mkdocs.yml``, and shipped
with the built site so that the browser never talks to a CDN.

Which Python, ABI and platform the wheels are for is read from the runtime's own
lock file, so moving to another Pyodide is its version and tarball checksum in
``mkdocs.yml``, nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)

# The core runtime files a module worker needs; everything else in the npm
# package (console pages, source maps, type stubs) stays out of the site.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


class PyodideRuntimeError(Exception):
    """A runtime problem a person can act on (missing tool, hash mismatch, damaged download)."""


@dataclass(frozen=True)
class RuntimePin:
    version: str
    sha256: str
    # pip requirement lines ("fpdf2==2.8.9") for pure wheels the site loads lazily.
    packages: tuple[str, ...] = ()


def user_cache() -> Path:
    """The generator's cache for this user, where pip and npm keep theirs (XDG_CACHE_HOME)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "content-site-generator"


def cache_root(project_dir: Path | None = None) -> Path:
    """Where fetched runtimes and wheels are kept: one cache per user, shared by every topic on
    this computer, so a new topic reuses the runtime already fetched (every file is checked
    against its sha256 before use). CONTENT_SITE_CACHE names another folder."""
    override = os.environ.get("CONTENT_SITE_CACHE")
    return Path(override) if override else user_cache()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def runtime_dir(pin: RuntimePin, cache: Path) -> Path:
    return cache / f"pyodide-{pin.version}"


def wheels_dir(pin: RuntimePin, cache: Path) -> Path:
    return cache / f"pyodide-{pin.version}-wheels"


# Written beside a cached runtime or wheel folder: the sha256 of every file, taken from the
# download that was verified (the npm tarball against mkdocs.yml's checksum). Every later
# use re-hashes the files against it, so a flipped byte, a truncated file or an edited
# lock is fetched again instead of shipped.
CHECKSUMS = "SHA256SUMS.json"


def note(message: str) -> None:
    """One line for a problem we recover from by ourselves: information, not a warning, since
    a warning would fail a --strict build that went well."""
    log.info(message)


# While a download runs with nothing to show, say every this many seconds that it still runs.
HEARTBEAT_SECONDS = 10.0


def run_with_progress(
    command: list[str], label: str, *, show: Callable[[str], bool] = lambda line: True, timeout: float = 1800
) -> tuple[int, list[str]]:
    """Run a download tool, logging the lines it prints (those ``show`` accepts) as they come,
    and a line with the time so far whenever it is quiet for a while, so a slow link sees the
    download move instead of a silent build. Returns its exit code and its last lines, for
    the message when it fails."""
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True
        )
    except OSError as exc:
        raise PyodideRuntimeError(f"{label}: cannot run {command[0]}: {exc}") from exc
    started = time.monotonic()
    quiet_since = [started]
    done = threading.Event()
    timed_out = threading.Event()

    def heartbeat() -> None:
        while not done.wait(1.0):
            now = time.monotonic()
            if now - started > timeout:
                timed_out.set()
                process.kill()
                return
            if now - quiet_since[0] >= HEARTBEAT_SECONDS:
                log.info(f"{label}: still downloading ({now - started:.0f} s so far)")
                quiet_since[0] = now

    watcher = threading.Thread(target=heartbeat, daemon=True)
    watcher.start()
    tail: list[str] = []
    try:
        for raw in process.stdout or ():
            line = raw.strip()
            if not line:
                continue
            tail = [*tail[-19:], line]
            if show(line):
                log.info(f"{label}: {line}")
                quiet_since[0] = time.monotonic()
        returncode = process.wait()
    finally:
        done.set()
        if process.poll() is None:
            process.kill()
            process.wait()
    if timed_out.is_set():
        raise PyodideRuntimeError(f"{label}: gave up after {timeout:.0f} s without finishing")
    return returncode, tail


@dataclass(frozen=True)
class WheelTarget:
    """What the browser's Python is, as pip needs it to pick wheels: read from Pyodide's lock."""

    python: str  # "3.14", from info.python "3.14.2"
    abi: str  # "cp314"
    platform: str  # "pyemscripten_2026_0_wasm32" (PEP 783), or "emscripten_3_1_58_wasm32" before it


def wheel_target(lock: Path, version: str | None = None) -> WheelTarget:
    """The Python version, ABI and platform tag from a ``pyodide-lock.json``'s info; with
    ``version``, also check that the lock is for that Pyodide when it says which it is for."""
    from pyodide_lock import PyodideLockSpec

    try:
        info = PyodideLockSpec.from_json(lock).info
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PyodideRuntimeError(f"{lock} is not a readable Pyodide lock file ({exc})") from exc
    # "0.0.0" is the spec's default for the field newer locks leave out.
    if version is not None and info.version not in ("0.0.0", version):
        raise PyodideRuntimeError(f"{lock} is the lock of Pyodide {info.version}, not of {version}")
    parts = info.python.split(".")
    if len(parts) < 2 or not all(part.isdigit() for part in parts[:2]):
        raise PyodideRuntimeError(f"{lock}: info.python is {info.python!r}, not a Python version")
    major, minor = parts[:2]
    # Newer locks name an ABI (PEP 783) that outlives one Emscripten; older ones only the platform.
    platform = f"pyemscripten_{info.abi_version}_{info.arch}" if info.abi_version else f"{info.platform}_{info.arch}"
    return WheelTarget(python=f"{major}.{minor}", abi=f"cp{major}{minor}", platform=platform)


def pip_download_command(target: WheelTarget, dest: Path, packages: tuple[str, ...]) -> list[str]:
    """pip fetching pure wheels (or wheels built for ``target``) and nothing it would compile."""
    return [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--progress-bar", "off",
        "--disable-pip-version-check", "--platform", target.platform, "--python-version", target.python,
        "--implementation", "cp", "--abi", target.abi, "--dest", str(dest), *packages,
    ]  # fmt: skip


def _npm_line_worth_showing(line: str) -> bool:
    # npm lists every file of the tarball as a notice; the fetches and the sizes are the progress.
    text = line.removeprefix("npm ").strip()
    if text.startswith("notice"):
        return any(word in text for word in ("package size", "unpacked size"))
    return True


def _write_checksums(folder: Path, names: list[str], extra: dict[str, str] | None = None) -> None:
    sums = {name: _sha256(folder / name) for name in sorted(names)}
    (folder / CHECKSUMS).write_text(json.dumps({**(extra or {}), "files": sums}, indent=1, sort_keys=True))


def verify_cache(folder: Path, expected_names: list[str] | None = None, **extra: str) -> str | None:
    """None when every file in the folder's checksum list is there with its recorded sha256
    (and the list has the expected names and extra fields); else what is wrong, in words."""
    try:
        recorded = json.loads((folder / CHECKSUMS).read_text(encoding="utf-8"))
        sums: dict[str, str] = recorded["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return "its checksum list is missing or unreadable"
    for key, value in extra.items():
        if recorded.get(key) != value:
            return f"it was fetched for a different {key}"
    if expected_names is not None and sorted(sums) != sorted(expected_names):
        return "it does not hold the expected files"
    for name, digest in sums.items():
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        if _sha256(path) != digest:
            return f"{name} does not match its checksum"
    return None


def fetch_runtime(pin: RuntimePin, cache: Path) -> Path:
    """Return the unpacked, verified runtime folder, fetching it with `npm pack` if needed."""
    target = runtime_dir(pin, cache)
    if target.exists():
        problem = verify_cache(target, list(RUNTIME_FILES), tarball_sha256=pin.sha256)
        if problem is None:
            return target
        note(f"the cached Pyodide runtime in {target} failed its check ({problem}); fetching it again.")
    npm = shutil.which("npm")
    if npm is None:
        raise PyodideRuntimeError("npm is needed once to fetch the Pyodide runtime; install Node.js and npm")
    cache.mkdir(parents=True, exist_ok=True)
    label = f"npm pack pyodide@{pin.version}"
    log.info(f"Fetching the Pyodide runtime (pyodide@{pin.version}) into {cache}")
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        # --loglevel http: a line per fetch, so the log shows what is being downloaded.
        returncode, tail = run_with_progress(
            [npm, "pack", f"pyodide@{pin.version}", "--loglevel", "http", "--pack-destination", tmp],
            label,
            show=_npm_line_worth_showing,
        )
        tarballs = list(Path(tmp).glob("pyodide-*.tgz"))
        if returncode != 0 or not tarballs:
            raise PyodideRuntimeError(f"{label} failed: " + " / ".join(tail[-5:])[-400:])
        log.info(f"Fetched {tarballs[0].name} ({tarballs[0].stat().st_size / 1e6:.1f} MB)")
        actual = _sha256(tarballs[0])
        if actual != pin.sha256:
            raise PyodideRuntimeError(
                f"pyodide@{pin.version} tarball sha256 is {actual}, expected {pin.sha256}; refusing to use it"
            )
        staging = Path(tmp) / "unpacked"
        staging.mkdir()
        try:
            with tarfile.open(tarballs[0]) as archive:
                for name in RUNTIME_FILES:
                    member = archive.getmember(f"package/{name}")
                    extracted = archive.extractfile(member)
                    if extracted is None:
                        raise KeyError(name)
                    (staging / name).write_bytes(extracted.read())
        except KeyError as exc:
            raise PyodideRuntimeError(f"the pyodide@{pin.version} tarball has no file {exc}") from exc
        except tarfile.TarError as exc:
            raise PyodideRuntimeError(f"the pyodide@{pin.version} tarball cannot be unpacked: {exc}") from exc
        _write_checksums(staging, list(RUNTIME_FILES), {"tarball_sha256": pin.sha256})
        if target.exists():
            shutil.rmtree(target)
        staging.replace(target)
    return target


def fetch_wheels(pin: RuntimePin, cache: Path) -> list[Path]:
    """Download the pure wheels Pyodide needs for our optional features, for the Python, ABI
    and platform its lock names."""
    target = wheels_dir(pin, cache)
    if not pin.packages:
        return []
    wanted = "\n".join(pin.packages)
    python = wheel_target(fetch_runtime(pin, cache) / "pyodide-lock.json", pin.version)
    if target.exists():
        # No need to record the platform: the folder is per Pyodide version, and so per lock.
        problem = verify_cache(target, requirements=wanted)
        if problem is None:
            return sorted(target.glob("*.whl"))
        note(f"the cached wheels in {target} failed their check ({problem}); fetching them again.")
        shutil.rmtree(target)
    target.mkdir(parents=True)
    label = "pip download"
    log.info(f"Fetching {', '.join(pin.packages)} for Python {python.python} ({python.platform}) into {target}")
    # Only binary wheels: pip refuses anything that would need compiling, which would not run
    # in the browser anyway.
    returncode, tail = run_with_progress(pip_download_command(python, target, pin.packages), label)
    if returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
        raise PyodideRuntimeError(f"pip download of {', '.join(pin.packages)} failed: " + " / ".join(tail[-5:])[-400:])
    wheels = sorted(target.glob("*.whl"))
    for wheel in wheels:
        _check_wheel(wheel)
    _write_checksums(target, [wheel.name for wheel in wheels], {"requirements": wanted})
    return wheels


def _check_wheel(wheel: Path) -> None:
    """A wheel pip saved must open as a whole zip; a truncated one is refused, not shipped."""
    import zipfile

    try:
        with zipfile.ZipFile(wheel) as archive:
            bad = archive.testzip()
    except (OSError, zipfile.BadZipFile) as exc:
        raise PyodideRuntimeError(
            f"{wheel.name} is not a valid wheel ({exc}); delete {wheel.parent} and build again"
        ) from None
    if bad is not None:
        raise PyodideRuntimeError(f"{wheel.name} is damaged ({bad}); delete {wheel.parent} and build again")


BOOT_MANIFEST = "boot.json"
LOCK = "pyodide-lock.json"


def verify_shipped(out_dir: Path, runtime: Path) -> None:
    """What we ship is what we verified: each runtime file in ``out_dir`` against the cache's
    checksums (taken from the verified tarball), each wheel against the sha256 in the lock we
    ship beside it."""
    from pyodide_lock import PyodideLockSpec

    sums = json.loads((runtime / CHECKSUMS).read_text(encoding="utf-8"))["files"]
    for name in RUNTIME_FILES:
        if name != LOCK and _sha256(out_dir / name) != sums[name]:
            raise PyodideRuntimeError(f"{out_dir / name} differs from the verified runtime in {runtime}")
    for package in PyodideLockSpec.from_json(out_dir / LOCK).packages.values():
        if _sha256(out_dir / package.file_name) != package.sha256:
            raise PyodideRuntimeError(f"{out_dir / package.file_name} does not match the sha256 in the lock")


def _boot_manifest(files: dict[str, Path], packages: dict[str, Any], boot: tuple[str, ...]) -> dict[str, Any]:
    """What the browser worker downloads to start, and how many bytes that is.

    The worker reads it to load the right packages and to show real progress (bytes received
    of the total), so a slow link sees the download move instead of a dead end.
    """
    missing = [name for name in boot if name not in packages]
    if missing:
        raise PyodideRuntimeError(f"the packages to load at start ({', '.join(missing)}) are not among the wheels")
    wanted: list[str] = []

    def visit(name: str) -> None:
        if name in wanted:
            return
        wanted.append(name)
        for dependency in packages[name].depends:
            visit(dependency)

    for name in boot:
        visit(name)
    names = [*RUNTIME_FILES, *(packages[name].file_name for name in wanted)]
    sizes = {name: files[name].stat().st_size for name in names}
    return {"packages": list(boot), "files": sizes, "bytes": sum(sizes.values())}


def stage(
    pin: RuntimePin, cache: Path, work_dir: Path, own_wheels: list[Path], boot: tuple[str, ...] = ()
) -> dict[str, Path]:
    """The site's runtime folder, as {file name: the file to ship}: the verified runtime from
    the cache, the wheels, and, written into ``work_dir``, a lock that lists only what we ship
    and a manifest of what the browser loads at start (``boot`` packages)."""
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    runtime = fetch_runtime(pin, cache)
    extra = fetch_wheels(pin, cache)
    work_dir.mkdir(parents=True, exist_ok=True)
    wheels = []
    # The lock names each wheel by its path relative to one folder, so they all go in work_dir.
    for wheel in [*extra, *own_wheels]:
        if wheel.parent.resolve() != work_dir.resolve():
            shutil.copyfile(wheel, work_dir / wheel.name)
        wheels.append(work_dir / wheel.name)
    try:
        spec = add_wheels_to_spec(PyodideLockSpec.from_json(runtime / LOCK), wheels, base_path=work_dir)
    except RuntimeError as exc:  # pyodide-lock's word for a requirement no wheel provides
        raise PyodideRuntimeError(f"the wheels do not fit Pyodide's lock: {exc}") from exc
    shipped = {wheel.name for wheel in wheels}
    # The upstream lock lists ~350 packages whose files we do not ship; keep only ours
    # and drop dependencies on unshipped ones (fpdf2 declares Pillow but runs without it).
    spec.packages = {name: pkg for name, pkg in spec.packages.items() if pkg.file_name in shipped}
    for pkg in spec.packages.values():
        pkg.depends = [dep for dep in pkg.depends if dep in spec.packages]
    spec.to_json(work_dir / LOCK, indent=1)
    files = {name: runtime / name for name in RUNTIME_FILES if name != LOCK}
    files |= {wheel.name: wheel for wheel in wheels}
    files[LOCK] = work_dir / LOCK
    manifest = _boot_manifest(files, spec.packages, boot)
    (work_dir / BOOT_MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    files[BOOT_MANIFEST] = work_dir / BOOT_MANIFEST
    return files
