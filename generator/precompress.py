"""Precompressed siblings of a built site's files: `x.js.br` and `x.js.gz` beside `x.js`.

A host that serves them (nginx's gzip_static and brotli_static, Caddy's `precompressed`,
`python -m generator serve`) sends the smaller file with `Content-Encoding`, so the reader
downloads fewer bytes than a host compressing on the fly would send: brotli at its highest
quality is too slow to run per request, but costs nothing once it is done at build time.

Brotli at quality 11 takes tens of seconds on Pyodide's 10 MB WebAssembly file, so every
result is kept in the generator's per-user cache under the sha256 of what was compressed;
a repeat build only hashes, decompresses and compares. Nothing from the cache is trusted:
each cached result must decompress to the very bytes it stands for, or it is made again.

The siblings are all computed before any is written, and a failure while writing removes
every sibling again, so a site never holds some fresh siblings and some stale ones.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import time
import zlib
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)

# Content-Encoding token → the suffix of its sibling, in the order a server prefers them.
ENCODINGS: dict[str, str] = {"br": ".br", "gzip": ".gz"}
# Text, WebAssembly and zip files (a zip's entries are compressed one by one, so the whole
# still shrinks a little). PDFs, PNGs, JPEGs and WOFF2 fonts are compressed already.
COMPRESSIBLE = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".map", ".xml", ".svg", ".txt", ".webmanifest",
     ".wasm", ".zip", ".whl", ".ttf", ".otf"}
)  # fmt: skip
# Below about one kilobyte a file fits in a packet or two either way, and the encoding's own
# header eats much of what it saves.
MIN_SIZE = 1024
# A sibling must save at least this share of the bytes: a host picks it over the original
# without looking, so it should be worth the client's decompressing and the extra file.
MIN_SAVING = 0.02
BROTLI_QUALITY = 11
GZIP_LEVEL = 9
# Part of every cache entry's name: a change of settings never reuses an older result.
SETTINGS = {"br": f"br-q{BROTLI_QUALITY}", "gzip": f"gz-{GZIP_LEVEL}"}
CACHE_FOLDER = "precompressed"
# Cache entries unused for this long are removed at the end of a build.
CACHE_DAYS = 30


class PrecompressError(Exception):
    """The siblings could not be written; the site holds none of them."""


def compress(data: bytes, encoding: str) -> bytes:
    """The data encoded as a browser decodes Content-Encoding `encoding` (br or gzip)."""
    if encoding == "br":
        return bytes(brotli.compress(data, quality=BROTLI_QUALITY))
    # mtime=0 and no file name in the header: the same input gives the same bytes.
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def decompress(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return bytes(brotli.decompress(data))
    return gzip.decompress(data)


def decodes_to(encoded: bytes, encoding: str, original: bytes) -> bool:
    try:
        return decompress(encoded, encoding) == original
    except (brotli.error, OSError, EOFError, zlib.error):
        return False


def is_sibling(name: str) -> bool:
    """Whether a site path is a precompressed sibling (of a file that is compressed)."""
    stem, dot, suffix = name.rpartition(".")
    return bool(dot) and f".{suffix}" in ENCODINGS.values() and Path(stem).suffix.lower() in COMPRESSIBLE


def candidates(site_dir: Path) -> list[Path]:
    """The site's files worth trying, largest first (so the slowest job starts first)."""
    found = [
        path
        for path in site_dir.rglob("*")
        if path.suffix.lower() in COMPRESSIBLE and path.is_file() and path.stat().st_size >= MIN_SIZE
    ]
    return sorted(found, key=lambda path: (-path.stat().st_size, path.as_posix()))


def worth_keeping(original_size: int, encoded_size: int) -> bool:
    return encoded_size <= original_size * (1 - MIN_SAVING)


@dataclass
class Cache:
    """Compressed results under the sha256 of their input; None keeps nothing."""

    folder: Path | None
    hits: int = 0
    used: set[Path] = field(default_factory=set)

    def _path(self, digest: str, encoding: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{digest}.{SETTINGS[encoding]}"

    def get(self, digest: str, encoding: str, original: bytes) -> bytes | None:
        path = self._path(digest, encoding)
        if path is None or not path.is_file():
            return None
        try:
            encoded = path.read_bytes()
        except OSError:
            return None
        # In use: keep it past the next pruning (a read-only cache is still a cache).
        with contextlib.suppress(OSError):
            os.utime(path)
        if not decodes_to(encoded, encoding, original):
            log.info(f"the cached {encoding} result {path.name} does not decode to its file; compressing again")
            return None
        self.hits += 1
        return encoded

    def put(self, digest: str, encoding: str, encoded: bytes) -> None:
        path = self._path(digest, encoding)
        if path is None:
            return
        # A cache we cannot write costs only time, on the next build: never fail a build for it.
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
            partial.write_bytes(encoded)
            partial.replace(path)
        except OSError as exc:
            log.info(f"could not keep {path.name} in the cache ({exc}); the next build compresses it again")

    def prune(self, now: float | None = None) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        oldest = (now or time.time()) - CACHE_DAYS * 86400
        for path in self.folder.iterdir():
            try:
                if path.stat().st_mtime < oldest:
                    path.unlink()
            except OSError:
                continue


def _encode(original: bytes, digest: str, encoding: str, cache: Cache) -> bytes:
    cached = cache.get(digest, encoding, original)
    if cached is not None:
        return cached
    encoded = compress(original, encoding)
    cache.put(digest, encoding, encoded)
    return encoded


@dataclass(frozen=True)
class Result:
    """What precompress() wrote: {site path: [encodings written]}, and the bytes a client
    gets for all the tried files with each encoding (the original where no sibling pays)."""

    siblings: dict[str, list[str]]
    tried: int
    original_bytes: int
    encoded_bytes: dict[str, int]
    from_cache: int
    seconds: float


def _sibling(path: Path, encoding: str) -> Path:
    return path.with_name(path.name + ENCODINGS[encoding])


def _write_atomically(path: Path, data: bytes) -> None:
    # Never a truncated sibling: a host would send it as the whole file.
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)


def _remove_siblings(paths: Iterable[Path]) -> None:
    for path in paths:
        for encoding in ENCODINGS:
            _sibling(path, encoding).unlink(missing_ok=True)
            _sibling(path, encoding).with_name(f".{_sibling(path, encoding).name}.partial").unlink(missing_ok=True)


def precompress(
    site_dir: Path,
    cache_folder: Path | None,
    *,
    workers: int | None = None,
) -> Result:
    """Write a .br and a .gz sibling for every file of the site that they make smaller.

    A file whose sibling would not save MIN_SAVING gets none, and a stale sibling beside it
    (from a build into a folder that was not cleaned) is removed, so no host ever sends an
    encoding of other bytes than the file's own."""
    started = time.monotonic()
    cache = Cache(cache_folder)
    files = candidates(site_dir)
    originals: dict[Path, tuple[bytes, str]] = {}
    for path in files:
        data = path.read_bytes()
        originals[path] = (data, hashlib.sha256(data).hexdigest())
    # Two cores here, and brotli and zlib let go of the GIL while they work: threads suffice.
    count = workers or max(1, min(2, os.cpu_count() or 1))
    executor = ThreadPoolExecutor(max_workers=count, thread_name_prefix="precompress")
    jobs: dict[tuple[Path, str], Future[bytes]] = {}
    try:
        for path in files:
            data, digest = originals[path]
            for encoding in ENCODINGS:
                jobs[path, encoding] = executor.submit(_encode, data, digest, encoding, cache)
        encoded = {key: job.result() for key, job in jobs.items()}
    except BaseException:
        # Ctrl-C or a failure: drop what has not started; nothing has been written yet.
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown()

    siblings: dict[str, list[str]] = {}
    totals = dict.fromkeys(ENCODINGS, 0)
    original_total = 0
    try:
        for path in files:
            data, _ = originals[path]
            name = path.relative_to(site_dir).as_posix()
            original_total += len(data)
            for encoding in ENCODINGS:
                result = encoded[path, encoding]
                target = _sibling(path, encoding)
                if worth_keeping(len(data), len(result)):
                    _write_atomically(target, result)
                    siblings.setdefault(name, []).append(encoding)
                    totals[encoding] += len(result)
                else:
                    totals[encoding] += len(data)
                    if target.exists() and not decodes_to(target.read_bytes(), encoding, data):
                        target.unlink()
    except BaseException as exc:
        _remove_siblings(files)
        if isinstance(exc, OSError):
            raise PrecompressError(f"writing the precompressed files into {site_dir} failed: {exc}") from exc
        raise
    cache.prune()
    result = Result(
        siblings=siblings,
        tried=len(files),
        original_bytes=original_total,
        encoded_bytes=totals,
        from_cache=cache.hits,
        seconds=time.monotonic() - started,
    )
    return result


def summary(result: Result) -> str:
    mb = 1e6
    return (
        f"Precompressed {len(result.siblings)} files: {result.original_bytes / mb:.1f} MB → "
        f"{result.encoded_bytes['br'] / mb:.1f} MB brotli, {result.encoded_bytes['gzip'] / mb:.1f} MB gzip "
        f"in {result.seconds:.1f} s ({result.from_cache} of {len(ENCODINGS) * result.tried} from the cache)"
    )
