"""Precompressed siblings: what gets them, that they decode to the file, the cache, and that a
failure while writing leaves none behind."""

from __future__ import annotations

import gzip
import os
import random
from pathlib import Path

import brotli
import pytest

from generator import precompress as pc

TEXT = ("<p>A page of ordinary, repetitive HTML that compresses well.</p>\n" * 200).encode()


def _site(root: Path) -> Path:
    site = root / "site"
    (site / "about").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "index.html").write_bytes(TEXT)
    (site / "about" / "index.html").write_bytes(TEXT.replace(b"page", b"leaf"))
    (site / "assets" / "app.js").write_bytes(b"export const x = 1;\n" * 300)
    (site / "assets" / "tiny.css").write_bytes(b"p{margin:0}")
    (site / "assets" / "deck.pdf").write_bytes(TEXT)  # compressible bytes, but PDFs are skipped
    (site / "assets" / "photo.png").write_bytes(TEXT)
    # As much as a compressed file: no encoding saves 2% of it.
    (site / "assets" / "noise.json").write_bytes(random.Random(7).randbytes(20_000))
    return site


def test_siblings_decode_to_the_file_and_skip_what_compression_does_not_help(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = pc.precompress(site, tmp_path / "cache")
    assert set(result.siblings) == {"index.html", "about/index.html", "assets/app.js"}
    for name in result.siblings:
        original = (site / name).read_bytes()
        assert brotli.decompress((site / f"{name}.br").read_bytes()) == original
        assert gzip.decompress((site / f"{name}.gz").read_bytes()) == original
        assert (site / f"{name}.br").stat().st_size < (site / f"{name}.gz").stat().st_size < len(original)
    for skipped in ("assets/tiny.css", "assets/deck.pdf", "assets/photo.png", "assets/noise.json"):
        assert not (site / f"{skipped}.br").exists() and not (site / f"{skipped}.gz").exists(), skipped
    assert not list(site.rglob("*.partial"))


def test_the_same_file_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = _site(tmp_path / "a"), _site(tmp_path / "b")
    pc.precompress(first, None)
    pc.precompress(second, None)
    for encoding in (".br", ".gz"):
        assert (first / f"index.html{encoding}").read_bytes() == (second / f"index.html{encoding}").read_bytes()


def test_a_repeat_build_takes_every_result_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = pc.precompress(_site(tmp_path / "a"), cache)
    assert first.from_cache == 0
    again = pc.precompress(_site(tmp_path / "b"), cache)
    assert again.from_cache == len(pc.ENCODINGS) * again.tried == 2 * 4


def test_a_damaged_cache_entry_is_compressed_again_never_shipped(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    pc.precompress(_site(tmp_path / "a"), cache)
    for entry in cache.iterdir():
        entry.write_bytes(b"not what it claims to be")
    site = _site(tmp_path / "b")
    result = pc.precompress(site, cache)
    assert result.from_cache == 0
    assert brotli.decompress((site / "index.html.br").read_bytes()) == TEXT


def test_old_cache_entries_are_pruned_and_used_ones_kept(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    pc.precompress(_site(tmp_path / "a"), cache)
    stale = cache / f"{'0' * 64}.{pc.SETTINGS['br']}"
    stale.write_bytes(b"x")
    long_ago = os.stat(stale).st_mtime - (pc.CACHE_DAYS + 1) * 86400
    os.utime(stale, (long_ago, long_ago))
    pc.precompress(_site(tmp_path / "b"), cache)
    assert not stale.exists()
    assert len(list(cache.iterdir())) == 8


def test_a_stale_sibling_is_replaced_or_removed(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "index.html.br").write_bytes(brotli.compress(b"an older page"))
    (site / "assets" / "noise.json.gz").write_bytes(gzip.compress(b"an older file"))
    pc.precompress(site, None)
    assert brotli.decompress((site / "index.html.br").read_bytes()) == TEXT
    assert not (site / "assets" / "noise.json.gz").exists(), "a sibling of other bytes stayed beside the file"


def test_a_failure_while_writing_leaves_no_sibling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path)
    real = pc._write_atomically
    written: list[Path] = []

    def fail_on_the_third(path: Path, data: bytes) -> None:
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(path)
        real(path, data)

    monkeypatch.setattr(pc, "_write_atomically", fail_on_the_third)
    with pytest.raises(pc.PrecompressError, match=r"No space left on device"):
        pc.precompress(site, None)
    assert len(written) == 2
    assert not [path for path in site.rglob("*") if path.suffix in (".br", ".gz", ".partial")]


def test_siblings_are_told_apart_from_other_files() -> None:
    assert pc.is_sibling("pyodide/pyodide.asm.wasm.br")
    assert pc.is_sibling("index.html.gz")
    assert not pc.is_sibling("index.html")
    assert not pc.is_sibling("assets/pdf/deck.pdf.gz"), "a PDF is never compressed, so this is no sibling of ours"
