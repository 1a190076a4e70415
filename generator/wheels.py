"""Build pure-Python wheels of our own packages for the browser.

The site's Python code is plain importable packages in this repository; the
browser needs them as wheels that Pyodide can install from its lock file.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import zipfile
from pathlib import Path

SKIP_PARTS = {"__pycache__"}
SKIP_SUFFIXES = {".pyc", ".pyo"}


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"package '{name}' is not importable, so its wheel cannot be built")
    return Path(next(iter(spec.submodule_search_locations)))


def build_wheel(name: str, version: str, out_dir: Path, requires: tuple[str, ...] = ()) -> Path:
    """Write ``name-version+hash-py3-none-any.whl`` holding the package's files."""
    source = package_dir(name)
    contents = {
        f"{name}/{p.relative_to(source).as_posix()}": p.read_bytes()
        for p in sorted(source.rglob("*"))
        if p.is_file() and not SKIP_PARTS & set(p.parts) and p.suffix not in SKIP_SUFFIXES
    }
    # A content hash as the local version gives every change a new file name, so no
    # browser can keep a stale wheel whose sha256 no longer matches the lock.
    digest = hashlib.sha256()
    for arcname, data in contents.items():
        digest.update(arcname.encode() + b"\0" + data)
    digest.update("\n".join(requires).encode())
    version = f"{version}+{digest.hexdigest()[:12]}"
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"{name}-*-py3-none-any.whl"):
        old.unlink()
    path = out_dir / f"{name}-{version}-py3-none-any.whl"
    dist_info = f"{name}-{version}.dist-info"
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    metadata += [f"Requires-Dist: {requirement}" for requirement in requires]
    files = {
        **contents,
        f"{dist_info}/METADATA": ("\n".join(metadata) + "\n").encode(),
        f"{dist_info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: content-site-generator\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    record = "".join(f"{name},sha256={_urlsafe_digest(data)},{len(data)}\n" for name, data in files.items())
    files[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()
    # Fixed timestamps and a fixed order, RECORD included (wheel's WheelFile stamps RECORD
    # with the clock), keep the wheel and so its sha256 in the lock byte-for-byte the same
    # on every build of the same sources.
    with zipfile.ZipFile(path, "w") as wheel:
        for arcname, data in files.items():
            wheel.writestr(_zipinfo(arcname), data)
    return path


def _urlsafe_digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _zipinfo(arcname: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info
