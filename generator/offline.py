"""The site offline and installable: the service worker's precache list, written from the
built files themselves, and the web app manifest.

The precache list is made in Python from the finished site rather than by Workbox's
workbox-build: the build already walks and hashes what it ships (the runtime is verified file by
file), Workbox would add Node.js to every build for one list, and its runtime library would be
one more third-party script on the page. The worker that reads the list is ours and short
(templates/service-worker.js): precache on install, cache first, wait for the person to reload.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any

SERVICE_WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
TEMPLATE = Path(__file__).parent / "templates" / "service-worker.js"

# Never precached: the worker itself; precompressed copies (a host picks them for the same URL);
# host configuration files; source maps; and the search engine's word splitters for languages
# other than the site's, which the theme ships for every language but a page never loads.
SKIPPED_SUFFIXES = (".br", ".gz", ".map")
SKIPPED_NAMES = frozenset({SERVICE_WORKER, "_headers", "_redirects", ".nojekyll"})
SKIPPED_FOLDERS = ("assets/javascripts/lunr/",)


def _skipped(path: str) -> bool:
    return (
        PurePosixPath(path).name in SKIPPED_NAMES or path.endswith(SKIPPED_SUFFIXES) or path.startswith(SKIPPED_FOLDERS)
    )


def _url(path: str) -> str:
    """The URL a file is asked for by, relative to the site root: a page by its folder."""
    if path == "index.html":
        return "./"
    if path.endswith("/index.html"):
        return path.removesuffix("index.html")
    return path


def precache_list(site_dir: Path) -> list[tuple[str, str]]:
    """Every file a visitor may need, as (url relative to the site root, sha256 of its bytes),
    smallest first: the pages are stored before the runtime, so a short visit still keeps them."""
    entries: list[tuple[int, str, str]] = []
    for file in site_dir.rglob("*"):
        if not file.is_file():
            continue
        path = file.relative_to(site_dir).as_posix()
        if _skipped(path):
            continue
        data = file.read_bytes()
        entries.append((len(data), _url(path), hashlib.sha256(data).hexdigest()))
    return [(url, digest) for _, url, digest in sorted(entries)]


def service_worker(files: list[tuple[str, str]]) -> str:
    """sw.js: the list, then the worker. A new build's list differs, so its worker is new."""
    listing = ",\n".join(f"  {json.dumps(list(item), ensure_ascii=False)}" for item in files)
    return f"const PRECACHE_FILES = [\n{listing},\n];\n\n{TEMPLATE.read_text(encoding='utf-8')}"


def write_service_worker(site_dir: Path) -> Path:
    target = site_dir / SERVICE_WORKER
    target.write_text(service_worker(precache_list(site_dir)), encoding="utf-8")
    return target


def web_manifest(
    *,
    name: str,
    short_name: str,
    description: str,
    theme_color: str,
    background_color: str,
    icons: list[dict[str, str]],
) -> str:
    """The web app manifest. Relative URLs resolve against the manifest's own URL, so the
    installed app starts and stays within the site's folder, whatever sub-path it is served from."""
    manifest: dict[str, Any] = {
        "name": name,
        "short_name": short_name,
        "description": description,
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": theme_color,
        "background_color": background_color,
        "icons": icons,
    }
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
