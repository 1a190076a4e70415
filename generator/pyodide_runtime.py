"""Fetch, verify and stage a pinned Pyodide runtime, plus the wheels our site loads.

Nothing here is committed: the npm tarball and the extra wheels are fetched into
a cache on first use, checked against the sha256 in ``mkdocs.yml``, and copied
into the built site so that the browser never talks to a CDN.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The core runtime files a module worker needs; everything else in the npm
# package (console pages, source maps, type stubs) stays out of the site.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


class PyodideRuntimeError(Exception):
    """A runtime problem a person can act on (missing tool, hash mismatch)."""


@dataclass(frozen=True)
class RuntimePin:
    version: str
    sha256: str
    # pip requirement lines ("fpdf2==2.8.9") for pure wheels the site loads lazily.
    packages: tuple[str, ...] = ()


def cache_root(project_dir: Path) -> Path:
    override = os.environ.get("CONTENT_SITE_CACHE")
    return Path(override) if override else project_dir / ".cache"


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
    """One plain line on stderr, for problems we recover from by ourselves."""
    print(f"Note: {message}", file=sys.stderr, flush=True)


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
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        result = subprocess.run(
            [npm, "pack", f"pyodide@{pin.version}", "--silent", "--pack-destination", tmp],
            capture_output=True,
            text=True,
            check=False,
        )
        tarballs = list(Path(tmp).glob("pyodide-*.tgz"))
        if result.returncode != 0 or not tarballs:
            raise PyodideRuntimeError(f"npm pack pyodide@{pin.version} failed: {result.stderr.strip()[-400:]}")
        actual = _sha256(tarballs[0])
        if actual != pin.sha256:
            raise PyodideRuntimeError(
                f"pyodide@{pin.version} tarball sha256 is {actual}, expected {pin.sha256}; refusing to use it"
            )
        staging = Path(tmp) / "unpacked"
        staging.mkdir()
        with tarfile.open(tarballs[0]) as archive:
            for name in RUNTIME_FILES:
                member = archive.getmember(f"package/{name}")
                extracted = archive.extractfile(member)
                if extracted is None:
                    raise PyodideRuntimeError(f"pyodide tarball has no file {name}")
                (staging / name).write_bytes(extracted.read())
        _write_checksums(staging, list(RUNTIME_FILES), {"tarball_sha256": pin.sha256})
        if target.exists():
            shutil.rmtree(target)
        staging.replace(target)
    return target


def fetch_wheels(pin: RuntimePin, cache: Path) -> list[Path]:
    """Download the pure wheels Pyodide needs for our optional features."""
    target = wheels_dir(pin, cache)
    if not pin.packages:
        return []
    wanted = "\n".join(pin.packages)
    if target.exists():
        problem = verify_cache(target, requirements=wanted)
        if problem is None:
            return sorted(target.glob("*.whl"))
        note(f"the cached wheels in {target} failed their check ({problem}); fetching them again.")
        shutil.rmtree(target)
    target.mkdir(parents=True)
    # Only pure wheels for Pyodide's platform tag: pip refuses anything that would
    # need compiling, which would not run in the browser anyway.
    command = [
        sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
        "--platform", "pyemscripten_2026_0_wasm32", "--python-version", "3.14",
        "--implementation", "cp", "--abi", "cp314", "--dest", str(target), *pin.packages,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
        raise PyodideRuntimeError(f"pip download of {', '.join(pin.packages)} failed: {result.stderr.strip()[-400:]}")
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


def _copy_if_changed(source: Path, destination: Path) -> None:
    if (
        destination.exists()
        and destination.stat().st_size == source.stat().st_size
        and destination.stat().st_mtime >= source.stat().st_mtime
    ):
        return
    shutil.copy2(source, destination)


BOOT_MANIFEST = "boot.json"


def _verify_staged(out_dir: Path, runtime: Path, spec: Any) -> None:
    """What we ship is what we verified: each runtime file against the cache's checksums
    (taken from the verified tarball), each wheel against the sha256 in the lock we ship."""
    sums = json.loads((runtime / CHECKSUMS).read_text(encoding="utf-8"))["files"]
    for name in RUNTIME_FILES:
        if name != "pyodide-lock.json" and _sha256(out_dir / name) != sums[name]:
            raise PyodideRuntimeError(
                f"{out_dir / name} differs from the verified runtime; delete {out_dir} and build again"
            )
    for package in spec.packages.values():
        if _sha256(out_dir / package.file_name) != package.sha256:
            raise PyodideRuntimeError(
                f"{out_dir / package.file_name} does not match the sha256 in the lock; delete {out_dir} and build again"
            )


def _boot_manifest(out_dir: Path, packages: dict[str, Any], boot: tuple[str, ...]) -> dict[str, Any]:
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
    files = [*RUNTIME_FILES, *(packages[name].file_name for name in wanted)]
    sizes = {name: (out_dir / name).stat().st_size for name in files}
    return {"packages": list(boot), "files": sizes, "bytes": sum(sizes.values())}


def stage(pin: RuntimePin, cache: Path, out_dir: Path, own_wheels: list[Path], boot: tuple[str, ...] = ()) -> Path:
    """Copy the runtime and wheels into ``out_dir``, write a lock that lists only what we
    ship, and a manifest of what the browser loads at start (``boot`` packages)."""
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    runtime = fetch_runtime(pin, cache)
    extra = fetch_wheels(pin, cache)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        if name != "pyodide-lock.json":
            _copy_if_changed(runtime / name, out_dir / name)
    wheels = []
    for wheel in [*extra, *own_wheels]:
        _copy_if_changed(wheel, out_dir / wheel.name)
        wheels.append(out_dir / wheel.name)

    spec = add_wheels_to_spec(PyodideLockSpec.from_json(runtime / "pyodide-lock.json"), wheels, base_path=out_dir)
    shipped = {wheel.name for wheel in wheels}
    # The upstream lock lists ~350 packages whose files we do not ship; keep only ours
    # and drop dependencies on unshipped ones (fpdf2 declares Pillow but runs without it).
    spec.packages = {name: pkg for name, pkg in spec.packages.items() if pkg.file_name in shipped}
    for pkg in spec.packages.values():
        pkg.depends = [dep for dep in pkg.depends if dep in spec.packages]
    spec.to_json(out_dir / "pyodide-lock.json", indent=1)
    _verify_staged(out_dir, runtime, spec)
    manifest = _boot_manifest(out_dir, spec.packages, boot)
    (out_dir / BOOT_MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return out_dir
