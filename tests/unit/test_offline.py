"""The service worker's precache list and the web app manifest, from a small built site."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator import offline


def _site(root: Path) -> Path:
    files = {
        "index.html": "<p>home</p>",
        "risks/index.html": "<p>risks</p>",
        "404.html": "<p>not found</p>",
        "assets/kit/site.mjs": "export {};",
        "assets/kit/site.mjs.br": "compressed",
        "assets/kit/site.mjs.gz": "compressed",
        "assets/javascripts/lunr/min/lunr.de.min.js": "German word splitting",
        "assets/javascripts/bundle.js.map": "{}",
        "pyodide/pyodide.asm.wasm": "x" * 5000,
        "assets/pdf/deck.pdf": "%PDF-1.7",
        "_headers": "/*\n  X-Frame-Options: DENY",
        "sw.js": "old worker",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_every_shipped_file_is_listed_with_the_sha256_of_its_bytes(tmp_path: Path) -> None:
    site = _site(tmp_path)
    listed = dict(offline.precache_list(site))
    assert set(listed) == {"./", "risks/", "404.html", "assets/kit/site.mjs", "pyodide/pyodide.asm.wasm",
                           "assets/pdf/deck.pdf"}  # fmt: skip
    assert listed["risks/"] == hashlib.sha256((site / "risks" / "index.html").read_bytes()).hexdigest()
    assert listed["./"] == hashlib.sha256(b"<p>home</p>").hexdigest()


def test_worker_copies_and_host_files_are_left_out(tmp_path: Path) -> None:
    urls = [url for url, _ in offline.precache_list(_site(tmp_path))]
    for left_out in ("sw.js", "_headers", ".br", ".gz", ".map", "lunr/"):
        assert not any(left_out in url for url in urls), left_out


def test_small_files_come_first_so_a_short_visit_keeps_the_pages(tmp_path: Path) -> None:
    urls = [url for url, _ in offline.precache_list(_site(tmp_path))]
    assert urls[-1] == "pyodide/pyodide.asm.wasm"


def test_a_changed_file_changes_the_worker(tmp_path: Path) -> None:
    site = _site(tmp_path)
    before = offline.service_worker(offline.precache_list(site))
    (site / "risks" / "index.html").write_text("<p>risks, revised</p>", encoding="utf-8")
    after = offline.service_worker(offline.precache_list(site))
    assert before != after
    assert after.startswith("const PRECACHE_FILES = [")
    assert 'self.addEventListener("install"' in after


def test_the_worker_asks_only_for_listed_files_of_its_own_site() -> None:
    """Nothing the worker fetches comes from anywhere but the list, resolved against its own
    folder: it has no URL of its own and never sends a body."""
    worker = offline.TEMPLATE.read_text(encoding="utf-8")
    assert "http://" not in worker and "https://" not in worker
    assert worker.count("fetch(") == 3  # precache a listed file; a request it was sent; a navigation
    assert 'method: "POST"' not in worker and "body:" not in worker


def test_the_manifest_starts_and_stays_in_the_site_folder() -> None:
    manifest = json.loads(
        offline.web_manifest(
            name="A site",
            short_name="Site",
            description='With "quotes"',
            theme_color="#000000",
            background_color="#ffffff",
            icons=[{"src": "icon.png", "sizes": "192x192", "type": "image/png", "purpose": "any"}],
        )
    )
    assert manifest["start_url"] == manifest["scope"] == manifest["id"] == "./"
    assert manifest["display"] == "standalone"
    assert manifest["description"] == 'With "quotes"'
    assert manifest["icons"][0]["src"] == "icon.png"
